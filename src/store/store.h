/* store.h - the SpatiaLite store: the only module that speaks SQL (layer 2, after base).
 * Ownership: struct store is opened by store_open and released by store_close.
 * Every write happens between store_begin (BEGIN IMMEDIATE) and store_commit/store_rollback. */
#ifndef STORE_H
#define STORE_H

#include "cm_err.h"

#include <stdint.h>

struct store;

enum store_flags {
    STORE_READONLY = 1, /* open an existing file read-only; no migration */
};

/* Open (creating if needed) the store at path and migrate its schema; *st_out owned by caller. */
int store_open(const char *path, int flags, struct store **st_out, struct cm_err *err);
/* Close a store; NULL is a no-op. A transaction still open is rolled back. */
void store_close(struct store *st);
/* BEGIN IMMEDIATE: take the write lock now, waiting up to the busy timeout. */
int store_begin(struct store *st, struct cm_err *err);
/* COMMIT the open transaction. */
int store_commit(struct store *st, struct cm_err *err);
/* ROLLBACK the open transaction if any; never fails the caller. */
void store_rollback(struct store *st);
/* 1 while a transaction opened with store_begin is open, else 0. */
int store_in_transaction(const struct store *st);
/* Schema version of the open store (PRAGMA user_version). */
int store_schema_version(struct store *st);
/* Latest schema version this binary knows. */
int store_schema_latest(void);

#endif
