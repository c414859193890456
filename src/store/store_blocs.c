/* store_blocs.c - SQL of the bloc mapping table (store layer). */
#include "store_blocs.h"

#include "cm_buf.h"
#include "store_layers_int.h"

#include <stdlib.h>

int
store_blocs_replace(struct store *st, const struct store_bloc_row *rows, size_t n,
                    struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO bloc_map (kind, key, label, bloc, years) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (kind, key) DO UPDATE SET label = excluded.label, bloc = excluded.bloc,"
        " years = excluded.years";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_exec(st, "DELETE FROM bloc_map", "clear blocs", err)) != CM_OK)
        return rc;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        store_bind_text_or_null(stmt, 1, rows[i].kind);
        store_bind_text_or_null(stmt, 2, rows[i].key);
        store_bind_text_or_null(stmt, 3, rows[i].label);
        store_bind_text_or_null(stmt, 4, rows[i].bloc);
        store_bind_text_or_null(stmt, 5, rows[i].years);
        rc = store_step_done(st, stmt, "insert bloc", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_blocs_load(struct store *st, struct store_bloc_row **rows_out, size_t *n_out,
                 struct cm_err *err)
{
    static const char sql[] =
        "SELECT kind, key, label, bloc, years FROM bloc_map ORDER BY bloc, kind, key";
    sqlite3_stmt *stmt = NULL;
    struct store_bloc_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *rows_out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            rows = cm_xreallocarray(rows, cap, sizeof *rows);
        }
        rows[n].kind = store_col_dup(stmt, 0);
        rows[n].key = store_col_dup(stmt, 1);
        rows[n].label = store_col_dup(stmt, 2);
        rows[n].bloc = store_col_dup(stmt, 3);
        rows[n].years = store_col_dup(stmt, 4);
        n++;
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "load blocs: %s", sqlite3_errmsg(st->db));
        store_blocs_free(rows, n);
    } else {
        rc = CM_OK;
        *rows_out = rows;
        *n_out = n;
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_blocs_free(struct store_bloc_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].kind), free(rows[i].key), free(rows[i].label);
        free(rows[i].bloc), free(rows[i].years);
    }
    free(rows);
}
