/* store_auth_rows.c - sessions, one-time links, failed logins and the audit trail (store
 * layer): rows keyed by hashes computed in store_auth_session.c; writes in the caller's
 * transaction. */
#include "store_auth.h"

#include "cm_buf.h"
#include "store_org_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prepare sql, bind ?1 as a hash blob and ?2..?4 as integers (when given), step it. */
static int
exec_hash(struct store *st, const char *sql, const uint8_t *hash, int n_int, const int64_t *ints,
          const char *what, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, STORE_AUTH_HASH_LEN, SQLITE_STATIC);
    for (int i = 0; i < n_int; i++)
        sqlite3_bind_int64(stmt, 2 + i, ints[i]);
    rc = store_step_done(st, stmt, what, err);
    sqlite3_finalize(stmt);
    return rc;
}

/* Prepare sql, bind ?1 .. ?n as integers, step it. */
static int
exec_ints(struct store *st, const char *sql, int n, const int64_t *ints, const char *what,
          struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    for (int i = 0; i < n; i++)
        sqlite3_bind_int64(stmt, 1 + i, ints[i]);
    rc = store_step_done(st, stmt, what, err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_session_add(struct store *st, const uint8_t *hash, int64_t user_id, int64_t now,
                  int64_t expires_at, struct cm_err *err)
{
    const int64_t v[] = {user_id, now, expires_at};

    return exec_hash(st,
                     "INSERT INTO session(token_hash, user_id, created_at, last_seen, expires_at)"
                     " VALUES (?1, ?2, ?3, ?3, ?4)",
                     hash, 3, v, "session", err);
}

int
store_session_get(struct store *st, const uint8_t *hash, struct store_session *out,
                  struct cm_err *err)
{
    static const char sql[] = "SELECT id, user_id, created_at, last_seen, expires_at"
                              " FROM session WHERE token_hash = ?";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, STORE_AUTH_HASH_LEN, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(stmt, 0);
        out->user_id = sqlite3_column_int64(stmt, 1);
        out->created_at = sqlite3_column_int64(stmt, 2);
        out->last_seen = sqlite3_column_int64(stmt, 3);
        out->expires_at = sqlite3_column_int64(stmt, 4);
        rc = CM_OK;
    } else {
        rc = rc == SQLITE_DONE ? cm_err_set(err, CM_ENOTFOUND, "no such session")
                               : cm_err_set(err, CM_EDB, "session: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_session_touch(struct store *st, int64_t id, int64_t now, struct cm_err *err)
{
    const int64_t v[] = {now, id};

    return exec_ints(st, "UPDATE session SET last_seen = ?1 WHERE id = ?2", 2, v, "session",
                     err);
}

int
store_session_delete(struct store *st, int64_t id, struct cm_err *err)
{
    return exec_ints(st, "DELETE FROM session WHERE id = ?", 1, &id, "session", err);
}

int
store_session_delete_user(struct store *st, int64_t user_id, struct cm_err *err)
{
    return exec_ints(st, "DELETE FROM session WHERE user_id = ?", 1, &user_id, "sessions", err);
}

int
store_token_add(struct store *st, const uint8_t *hash, int64_t user_id, const char *kind,
                int64_t now, int64_t expires_at, struct cm_err *err)
{
    static const char void_sql[] = "UPDATE user_token SET used_at = ?3"
                                   " WHERE user_id = ?1 AND kind = ?2 AND used_at IS NULL";
    static const char sql[] = "INSERT INTO user_token(token_hash, user_id, kind, created_at,"
                              " expires_at) VALUES (?, ?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, void_sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, user_id);
    sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, now);
    rc = store_step_done(st, stmt, "link", err);
    sqlite3_finalize(stmt);
    if (rc != CM_OK || (rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, STORE_AUTH_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, now);
    sqlite3_bind_int64(stmt, 5, expires_at);
    rc = store_step_done(st, stmt, "link", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_token_consume(struct store *st, const uint8_t *hash, int64_t now, int64_t *user_id_out,
                    struct cm_err *err)
{
    static const char sql[] = "UPDATE user_token SET used_at = ?2 WHERE token_hash = ?1"
                              " AND used_at IS NULL AND expires_at > ?2 RETURNING user_id";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, STORE_AUTH_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, now);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *user_id_out = sqlite3_column_int64(stmt, 0);
        rc = sqlite3_step(stmt) == SQLITE_DONE
                 ? CM_OK
                 : cm_err_set(err, CM_EDB, "link: %s", sqlite3_errmsg(st->db));
    } else {
        rc = rc == SQLITE_DONE ? cm_err_set(err, CM_ENOTFOUND, "the link is unknown, used or expired")
                               : cm_err_set(err, CM_EDB, "link: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_login_fail_add(struct store *st, const uint8_t *key, int64_t now, struct cm_err *err)
{
    return exec_hash(st, "INSERT INTO login_attempt(key, at) VALUES (?1, ?2)", key, 1, &now,
                     "login attempt", err);
}

int
store_login_fail_count(struct store *st, const uint8_t *key, int64_t since, int64_t *n_out,
                       struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    rc = store_prepare(st, "SELECT count(*) FROM login_attempt WHERE key = ? AND at >= ?", &stmt,
                       err);
    if (rc != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, key, STORE_AUTH_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, since);
    rc = sqlite3_step(stmt);
    *n_out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    rc = rc == SQLITE_ROW ? CM_OK
                          : cm_err_set(err, CM_EDB, "login attempts: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_login_fail_clear(struct store *st, const uint8_t *key, int64_t before, struct cm_err *err)
{
    return exec_hash(st, "DELETE FROM login_attempt WHERE key = ?1 OR at < ?2", key, 1, &before,
                     "login attempts", err);
}

int
store_audit_add(struct store *st, const struct store_audit *a, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO audit(at, actor_id, subject_id, federation, action,"
                              " via) VALUES (?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, a->at);
    if (a->actor_id)
        sqlite3_bind_int64(stmt, 2, a->actor_id);
    if (a->subject_id)
        sqlite3_bind_int64(stmt, 3, a->subject_id);
    store_bind_text_or_null(stmt, 4, a->federation[0] ? a->federation : NULL);
    sqlite3_bind_text(stmt, 5, a->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 6, a->via, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "audit", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_audit_list(struct store *st, const char *federation, long limit, struct store_audit **out,
                 size_t *n_out, struct cm_err *err)
{
    static const char sql[] = "SELECT id, at, ifnull(actor_id, 0), ifnull(subject_id, 0),"
                              " ifnull(federation, ''), action, via FROM audit"
                              " WHERE ?1 IS NULL OR federation = ?1 ORDER BY id DESC LIMIT ?2";
    sqlite3_stmt *stmt = NULL;
    struct store_audit *a = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, federation);
    sqlite3_bind_int64(stmt, 2, limit);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_audit *r;
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            a = cm_xreallocarray(a, cap, sizeof *a);
        }
        r = &a[n++];
        r->id = sqlite3_column_int64(stmt, 0);
        r->at = sqlite3_column_int64(stmt, 1);
        r->actor_id = sqlite3_column_int64(stmt, 2);
        r->subject_id = sqlite3_column_int64(stmt, 3);
        snprintf(r->federation, sizeof r->federation, "%s", sqlite3_column_text(stmt, 4));
        snprintf(r->action, sizeof r->action, "%s", sqlite3_column_text(stmt, 5));
        snprintf(r->via, sizeof r->via, "%s", sqlite3_column_text(stmt, 6));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
        free(a);
        return cm_err_set(err, CM_EDB, "audit: %s", sqlite3_errmsg(st->db));
    }
    *out = a;
    *n_out = n;
    return CM_OK;
}
