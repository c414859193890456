/* store.c - open/close, pragmas, transactions and SQL helpers of the SpatiaLite store. */
#include "store_int.h"

#include "cm_buf.h"
#include "cm_log.h"

#include <spatialite.h>
#include <stdlib.h>
#include <unistd.h>

/* Long enough for an import holding the write lock to finish a batch, short enough to report. */
#define STORE_BUSY_MS 30000

int
store_exec(struct store *st, const char *sql, const char *what, struct cm_err *err)
{
    char *msg = NULL;
    int rc;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return CM_OK;
    rc = cm_err_set(err, CM_EDB, "%s: %s", what, msg ? msg : sqlite3_errmsg(st->db));
    sqlite3_free(msg);
    return rc;
}

int
store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt_out, struct cm_err *err)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt_out, NULL) != SQLITE_OK)
        return cm_err_set(err, CM_EDB, "prepare: %s", sqlite3_errmsg(st->db));
    return CM_OK;
}

int
store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what, struct cm_err *err)
{
    int rc = sqlite3_step(stmt);

    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return cm_err_set(err, CM_EDB, "%s: %s", what, sqlite3_errmsg(st->db));
    return CM_OK;
}

int
store_query_int64(struct store *st, const char *sql, int64_t *out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(stmt, 0);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        *out = 0;
        rc = CM_OK;
    } else {
        rc = cm_err_set(err, CM_EDB, "query: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

char *
store_col_dup(sqlite3_stmt *stmt, int i)
{
    const unsigned char *s = sqlite3_column_text(stmt, i);

    return s ? cm_xstrdup((const char *)s) : NULL;
}

void
store_bind_text_or_null(sqlite3_stmt *stmt, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, i);
}

static int
store_pragmas(struct store *st, int readonly, struct cm_err *err)
{
    int rc;

    sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
    if ((rc = store_exec(st, "PRAGMA foreign_keys=ON", "foreign keys", err)) != CM_OK)
        return rc;
    if (readonly)
        return CM_OK;
    if ((rc = store_exec(st, "PRAGMA journal_mode=WAL", "WAL", err)) != CM_OK)
        return rc;
    return store_exec(st, "PRAGMA synchronous=NORMAL", "synchronous", err);
}

int
store_open(const char *path, int flags, struct store **st_out, struct cm_err *err)
{
    struct store *st = cm_xcalloc(1, sizeof *st);
    int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
                                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc;

    *st_out = NULL;
    if ((flags & STORE_READONLY) && access(path, F_OK) != 0) {
        rc = cm_err_set(err, CM_EINPUT, "store %s does not exist (import data first, or give --db)",
                        path);
        goto out;
    }
    if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = cm_err_set(err, CM_EDB, "open %s: %s", path,
                        st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto out;
    }
    st->splite_cache = spatialite_alloc_connection();
    spatialite_init_ex(st->db, st->splite_cache, 0);
    if ((rc = store_pragmas(st, flags & STORE_READONLY, err)) != CM_OK)
        goto out;
    if (!(flags & STORE_READONLY) && (rc = store_migrate(st, err)) != CM_OK)
        goto out;
    if ((flags & STORE_READONLY) && store_schema_version(st) == 0) {
        rc = cm_err_set(err, CM_EDB, "open %s: not a coopmap store (run an import first)", path);
        goto out;
    }
    *st_out = st;
    return CM_OK;
out:
    store_close(st);
    return rc;
}

void
store_close(struct store *st)
{
    if (st == NULL)
        return;
    if (st->in_tx)
        store_rollback(st);
    if (st->db)
        sqlite3_close_v2(st->db);
    if (st->splite_cache)
        spatialite_cleanup_ex(st->splite_cache);
    free(st);
}

int
store_begin(struct store *st, struct cm_err *err)
{
    int rc = store_exec(st, "BEGIN IMMEDIATE", "begin", err);

    if (rc == CM_OK)
        st->in_tx = 1;
    return rc;
}

int
store_commit(struct store *st, struct cm_err *err)
{
    int rc = store_exec(st, "COMMIT", "commit", err);

    if (rc == CM_OK)
        st->in_tx = 0;
    return rc;
}

void
store_rollback(struct store *st)
{
    if (!st->in_tx)
        return;
    if (sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        cm_log(CM_LOG_WARN, "store", "rollback: %s", sqlite3_errmsg(st->db));
    st->in_tx = 0;
}

int
store_in_transaction(const struct store *st)
{
    return st->in_tx;
}

int
store_schema_version(struct store *st)
{
    int64_t v = 0;

    if (store_query_int64(st, "PRAGMA user_version", &v, NULL) != CM_OK)
        return -1;
    return (int)v;
}
