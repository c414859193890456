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

static void
bloc_fill(sqlite3_stmt *stmt, void *elem)
{
    struct store_bloc_row *r = elem;

    r->kind = store_col_dup(stmt, 0);
    r->key = store_col_dup(stmt, 1);
    r->label = store_col_dup(stmt, 2);
    r->bloc = store_col_dup(stmt, 3);
    r->years = store_col_dup(stmt, 4);
}

int
store_blocs_load(struct store *st, struct store_bloc_row **rows_out, size_t *n_out,
                 struct cm_err *err)
{
    static const char sql[] =
        "SELECT kind, key, label, bloc, years FROM bloc_map ORDER BY bloc, kind, key";
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *rows_out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    rc = store_collect(st, stmt, sizeof **rows_out, bloc_fill, &arr, n_out,
                       "load blocs", err);
    *rows_out = arr;
    if (rc != CM_OK) {
        store_blocs_free(*rows_out, *n_out);
        *rows_out = NULL, *n_out = 0;
    }
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
