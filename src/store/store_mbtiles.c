/* store_mbtiles.c - MBTiles writer (store layer). One connection, one transaction, a mutex
 * around inserts so tile threads can hand over their PNGs directly. */
#include "store_mbtiles.h"

#include "cm_buf.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct store_mbtiles {
    sqlite3 *db;          /* owned */
    sqlite3_stmt *put;    /* owned */
    sqlite3_stmt *meta;   /* owned */
    pthread_mutex_t lock; /* serialises put and meta */
    char *path, *tmp;     /* owned: final and temporary file names */
};

static const char schema[] =
    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;"
    "CREATE TABLE metadata (name TEXT, value TEXT);"
    "CREATE UNIQUE INDEX name ON metadata (name);"
    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
    "  tile_data BLOB);"
    "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
    "BEGIN;";

static int
db_fail(struct store_mbtiles *m, const char *what, struct cm_err *err)
{
    return cm_err_set(err, CM_EDB, "%s: %s: %s", m->tmp, what, sqlite3_errmsg(m->db));
}

int
store_mbtiles_open(const char *path, struct store_mbtiles **out, struct cm_err *err)
{
    struct store_mbtiles *m = cm_xcalloc(1, sizeof *m);
    struct cm_buf tmp;
    int rc = CM_OK;

    *out = NULL;
    cm_buf_init(&tmp);
    cm_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    m->tmp = cm_buf_take(&tmp);
    m->path = cm_xstrdup(path);
    pthread_mutex_init(&m->lock, NULL);
    unlink(m->tmp);
    if (sqlite3_open_v2(m->tmp, &m->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        rc = cm_err_set(err, CM_EIO, "%s: cannot create: %s", m->tmp,
                        m->db ? sqlite3_errmsg(m->db) : "out of memory");
        goto out;
    }
    if (sqlite3_exec(m->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(m, "schema", err);
        goto out;
    }
    if (sqlite3_prepare_v2(m->db,
                           "INSERT OR REPLACE INTO tiles VALUES (?1, ?2, ?3, ?4)", -1, &m->put,
                           NULL) != SQLITE_OK
        || sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO metadata VALUES (?1, ?2)", -1,
                              &m->meta, NULL) != SQLITE_OK) {
        rc = db_fail(m, "prepare", err);
        goto out;
    }
    *out = m;
    return CM_OK;
out:
    store_mbtiles_close(m, 0, NULL);
    return rc;
}

int
store_mbtiles_meta(struct store_mbtiles *m, const char *name, const char *value,
                   struct cm_err *err)
{
    int rc = CM_OK;

    pthread_mutex_lock(&m->lock);
    sqlite3_bind_text(m->meta, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->meta, 2, value, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->meta) != SQLITE_DONE)
        rc = db_fail(m, "metadata", err);
    sqlite3_reset(m->meta);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

int
store_mbtiles_put(struct store_mbtiles *m, int z, long x, long y, const void *data,
                  size_t len, struct cm_err *err)
{
    int rc = CM_OK;

    pthread_mutex_lock(&m->lock);
    sqlite3_bind_int(m->put, 1, z);
    sqlite3_bind_int64(m->put, 2, x);
    sqlite3_bind_int64(m->put, 3, ((1L << z) - 1) - y); /* MBTiles rows count from the south */
    sqlite3_bind_blob(m->put, 4, data, (int)len, SQLITE_STATIC);
    if (sqlite3_step(m->put) != SQLITE_DONE)
        rc = db_fail(m, "insert tile", err);
    sqlite3_reset(m->put);
    sqlite3_clear_bindings(m->put);
    pthread_mutex_unlock(&m->lock);
    return rc;
}

int
store_mbtiles_close(struct store_mbtiles *m, int commit, struct cm_err *err)
{
    int rc = CM_OK;

    if (m == NULL)
        return CM_OK;
    sqlite3_finalize(m->put);
    sqlite3_finalize(m->meta);
    if (commit && sqlite3_exec(m->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_fail(m, "commit", err);
    if (m->db && sqlite3_close(m->db) != SQLITE_OK && commit && rc == CM_OK)
        rc = cm_err_set(err, CM_EDB, "%s: close failed", m->tmp);
    if (commit && rc == CM_OK && rename(m->tmp, m->path) != 0)
        rc = cm_err_set(err, CM_EIO, "rename %s to %s failed", m->tmp, m->path);
    if (!commit || rc != CM_OK)
        unlink(m->tmp);
    pthread_mutex_destroy(&m->lock);
    free(m->tmp);
    free(m->path);
    free(m);
    return rc;
}
