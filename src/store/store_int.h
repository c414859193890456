/* store_int.h - private to src/store/: the connection and small SQL helpers. */
#ifndef STORE_INT_H
#define STORE_INT_H

#include "store.h"

#include <sqlite3.h>

struct store {
    sqlite3 *db;        /* owned */
    void *splite_cache; /* owned: SpatiaLite per-connection cache */
    int in_tx;          /* a transaction is open */
};

/* Run SQL without results; the error names what. */
int store_exec(struct store *st, const char *sql, const char *what, struct cm_err *err);
/* Prepare one statement; *stmt_out owned by caller (sqlite3_finalize). */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt_out,
                  struct cm_err *err);
/* Step a statement that returns no row; the error names what. */
int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what, struct cm_err *err);
/* Run SQL returning a single integer (first column of the first row; 0 if no row). */
int store_query_int64(struct store *st, const char *sql, int64_t *out, struct cm_err *err);
/* Copy of a text column (owned, free), or NULL. */
char *store_col_dup(sqlite3_stmt *stmt, int i);
/* Bind text, or NULL when s is NULL. */
void store_bind_text_or_null(sqlite3_stmt *stmt, int i, const char *s);
/* Apply the schema migrations up to the latest version (inside one transaction). */
int store_migrate(struct store *st, struct cm_err *err);

#endif
