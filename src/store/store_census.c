/* store_census.c - census values per IRIS, variable and year (NULL = statistical secret). */
#include "store_census.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdlib.h>

struct store_census {
    struct store *st; /* borrowed */
    long year;
    const char *source; /* borrowed */
    sqlite3_stmt *del, *ins; /* owned */
};

int
store_census_open(struct store *st, long year, const char *source, struct store_census **out,
                  struct cm_err *err)
{
    struct store_census *w = cm_xcalloc(1, sizeof *w);
    int rc;

    *out = NULL;
    w->st = st, w->year = year, w->source = source;
    if ((rc = store_prepare(st, "DELETE FROM census WHERE variable = ? AND year = ? AND source = ?", &w->del,
                            err)) != CM_OK
        || (rc = store_prepare(st,
                               "INSERT OR REPLACE INTO census(iris, variable, year, value, source)"
                               " VALUES (?, ?, ?, ?, ?)",
                               &w->ins, err)) != CM_OK) {
        store_census_close(w);
        return rc;
    }
    *out = w;
    return CM_OK;
}

void
store_census_close(struct store_census *w)
{
    if (w == NULL)
        return;
    sqlite3_finalize(w->del);
    sqlite3_finalize(w->ins);
    free(w);
}

int
store_census_clear(struct store_census *w, const char *variable, struct cm_err *err)
{
    sqlite3_bind_text(w->del, 1, variable, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w->del, 2, w->year);
    sqlite3_bind_text(w->del, 3, w->source, -1, SQLITE_STATIC);
    return store_step_done(w->st, w->del, "census replace", err);
}

int
store_census_put(struct store_census *w, const char *iris, const char *variable, int has_value,
                 double value, struct cm_err *err)
{
    sqlite3_stmt *s = w->ins;

    sqlite3_bind_text(s, 1, iris, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, variable, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, w->year);
    if (has_value)
        sqlite3_bind_double(s, 4, value);
    else
        sqlite3_bind_null(s, 4);
    sqlite3_bind_text(s, 5, w->source, -1, SQLITE_STATIC);
    return store_step_done(w->st, s, "census value", err);
}
