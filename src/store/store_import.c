/* store_import.c - the import log table. */
#include "store_import.h"

#include "store_int.h"

#include <stddef.h>

int
store_import_log_add(struct store *st, const struct store_import_log *log, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO import_log(kind, source, sha256, rows_read, imported,"
                              " repaired, rejected, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, log->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, log->source, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 3, log->sha256);
    sqlite3_bind_int64(stmt, 4, log->rows_read);
    sqlite3_bind_int64(stmt, 5, log->imported);
    sqlite3_bind_int64(stmt, 6, log->repaired);
    sqlite3_bind_int64(stmt, 7, log->rejected);
    store_bind_text_or_null(stmt, 8, log->message);
    rc = store_step_done(st, stmt, "import log", err);
    sqlite3_finalize(stmt);
    return rc;
}
