/* store_transfers.c - SQL of the transfer rates and of the remobilisation setup (store layer). */
#include "store_transfers.h"

#include "cm_buf.h"
#include "store_layers_int.h"

#include <stdlib.h>
#include <string.h>

int
store_transfers_replace(struct store *st, const struct store_transfer *rows, size_t n,
                        struct cm_err *err)
{
    static const char sql[] = "INSERT INTO transfer_rate (bloc, rate, note) VALUES (?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_exec(st, "DELETE FROM transfer_rate", "clear transfer rates", err)) != CM_OK
        || (rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        store_bind_text_or_null(stmt, 1, rows[i].bloc);
        sqlite3_bind_double(stmt, 2, rows[i].rate);
        store_bind_text_or_null(stmt, 3, rows[i].note);
        rc = store_step_done(st, stmt, "insert transfer rate", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void
transfer_fill(sqlite3_stmt *stmt, void *elem)
{
    struct store_transfer *t = elem;

    t->bloc = store_col_dup(stmt, 0);
    t->rate = sqlite3_column_double(stmt, 1);
    t->note = store_col_dup(stmt, 2);
}

int
store_transfers_load(struct store *st, struct store_transfer **rows_out, size_t *n_out,
                     struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *rows_out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, "SELECT bloc, rate, note FROM transfer_rate ORDER BY bloc",
                            &stmt, err)) != CM_OK)
        return rc;
    rc = store_collect(st, stmt, sizeof **rows_out, transfer_fill, &arr, n_out,
                       "load transfer rates", err);
    *rows_out = arr;
    if (rc != CM_OK) {
        store_transfers_free(*rows_out, *n_out);
        *rows_out = NULL, *n_out = 0;
    }
    return rc;
}

void
store_transfers_free(struct store_transfer *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].bloc), free(rows[i].note);
    free(rows);
}

int
store_remob_setup_put(struct store *st, const char *r1, const char *ref, const char *camp,
                      struct cm_err *err)
{
    static const char sql[] = "INSERT OR REPLACE INTO remob_setup (id, r1, ref, camp)"
                              " VALUES (1, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, r1, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, camp, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "write remobilisation setup", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_remob_setup_get(struct store *st, struct store_remob_setup *out, struct cm_err *err)
{
    static const char sql[] = "SELECT r1, ref, camp, updated_at FROM remob_setup WHERE id = 1";
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        out->r1 = store_col_dup(stmt, 0);
        out->ref = store_col_dup(stmt, 1);
        out->camp = store_col_dup(stmt, 2);
        out->updated_at = store_col_dup(stmt, 3);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no remobilisation computed yet: coopmap remob --r1"
                        " ELECTION:1 --ref ELECTION:ROUND");
    } else {
        rc = cm_err_set(err, CM_EDB, "read remobilisation setup: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_remob_setup_cleanup(struct store_remob_setup *s)
{
    free(s->r1), free(s->ref), free(s->camp), free(s->updated_at);
    memset(s, 0, sizeof *s);
}
