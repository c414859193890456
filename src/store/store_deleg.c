/* store_deleg.c - delegation rows and their audit rows (store stage). A re-delegation keeps
 * its parent, so revoking one delegation revokes the chain below it in the same statement. */
#include "store_deleg.h"
#include "store_int.h"

#include "cm_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const right_names[] = {"events", "results", "members", "print"};

int
store_rights_parse(const char *list, unsigned *out, struct cm_err *err)
{
    const char *p = list ? list : "";
    unsigned bits = 0;

    while (*p) {
        size_t n = strcspn(p, ","), i;
        for (i = 0; i < 4; i++)
            if (strlen(right_names[i]) == n && strncmp(p, right_names[i], n) == 0)
                break;
        if (i == 4)
            return cm_err_set(err, CM_EINPUT, "rights: unknown right '%.*s' (events, results,"
                              " members, print)", (int)n, p);
        bits |= 1u << i;
        p += n + (p[n] == ',');
    }
    if (bits == 0)
        return cm_err_set(err, CM_EINPUT, "rights: give at least one of events, results,"
                          " members, print");
    *out = bits;
    return CM_OK;
}

void
store_rights_format(unsigned rights, char *out, size_t n)
{
    size_t len = 0;

    out[0] = '\0';
    for (unsigned i = 0; i < 4; i++)
        if (rights & (1u << i))
            len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? "," : "",
                                    right_names[i]);
}

int
store_deleg_add(struct store *st, const struct store_deleg *d, int64_t *id_out,
                struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO delegation(grantor_id, grantee_id, section, rights, expires_at, created_at,"
        " parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0))";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, d->grantor_id);
    sqlite3_bind_int64(stmt, 2, d->grantee_id);
    sqlite3_bind_text(stmt, 3, d->section, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 4, (int)d->rights);
    sqlite3_bind_int64(stmt, 5, d->expires_at);
    sqlite3_bind_int64(stmt, 6, d->created_at);
    sqlite3_bind_int64(stmt, 7, d->parent_id);
    rc = store_step_done(st, stmt, "delegation", err);
    if (rc == CM_OK && id_out)
        *id_out = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(stmt);
    return rc;
}

#define DELEG_COLS                                                                                \
    "d.id, d.grantor_id, d.grantee_id, d.section, s.federation, d.rights, d.expires_at,"         \
    " d.created_at, ifnull(d.revoked_at, 0), ifnull(d.parent_id, 0),"                            \
    " trim(ifnull(u.first_name, '') || ' ' || ifnull(u.last_name, ''))"                          \
    " FROM delegation d JOIN section s ON s.code = d.section JOIN user u ON u.id = d.grantee_id"

static void
deleg_row(sqlite3_stmt *stmt, struct store_deleg *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(stmt, 0);
    d->grantor_id = sqlite3_column_int64(stmt, 1);
    d->grantee_id = sqlite3_column_int64(stmt, 2);
    snprintf(d->section, sizeof d->section, "%s", (const char *)sqlite3_column_text(stmt, 3));
    snprintf(d->federation, sizeof d->federation, "%s",
             (const char *)sqlite3_column_text(stmt, 4));
    d->rights = (unsigned)sqlite3_column_int(stmt, 5);
    d->expires_at = sqlite3_column_int64(stmt, 6);
    d->created_at = sqlite3_column_int64(stmt, 7);
    d->revoked_at = sqlite3_column_int64(stmt, 8);
    d->parent_id = sqlite3_column_int64(stmt, 9);
    snprintf(d->grantee_name, sizeof d->grantee_name, "%s",
             (const char *)sqlite3_column_text(stmt, 10));
}

/* Run a prepared delegation query into an owned array. */
static int
deleg_collect(struct store *st, sqlite3_stmt *stmt, struct store_deleg **out, size_t *n_out,
              struct cm_err *err)
{
    struct store_deleg *a = NULL;
    size_t n = 0, cap = 0;
    int s;

    while ((s = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            a = cm_xreallocarray(a, cap, sizeof *a);
        }
        deleg_row(stmt, &a[n++]);
    }
    if (s != SQLITE_DONE) {
        free(a);
        return cm_err_set(err, CM_EDB, "delegations: %s", sqlite3_errmsg(st->db));
    }
    *out = a;
    *n_out = n;
    return CM_OK;
}

int
store_deleg_get(struct store *st, int64_t id, struct store_deleg *out, struct cm_err *err)
{
    static const char sql[] = "SELECT " DELEG_COLS " WHERE d.id = ?1";
    sqlite3_stmt *stmt = NULL;
    struct store_deleg *a = NULL;
    size_t n = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    rc = deleg_collect(st, stmt, &a, &n, err);
    sqlite3_finalize(stmt);
    if (rc == CM_OK && n == 0)
        rc = cm_err_set(err, CM_ENOTFOUND, "delegation %lld: no such delegation", (long long)id);
    if (rc == CM_OK)
        *out = a[0];
    free(a);
    return rc;
}

int
store_deleg_list(struct store *st, const char *section, const char *federation,
                 struct store_deleg **out, size_t *n_out, struct cm_err *err)
{
    static const char sql[] = "SELECT " DELEG_COLS " WHERE (?1 IS NULL OR d.section = ?1)"
                              " AND (?2 IS NULL OR s.federation = ?2) ORDER BY d.id DESC";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, section);
    store_bind_text_or_null(stmt, 2, federation);
    rc = deleg_collect(st, stmt, out, n_out, err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_deleg_revoke(struct store *st, int64_t id, int64_t now, size_t *n_out,
                   struct cm_err *err)
{
    static const char sql[] =
        "WITH RECURSIVE chain(id) AS (SELECT id FROM delegation WHERE id = ?1"
        " UNION SELECT d.id FROM delegation d JOIN chain c ON d.parent_id = c.id)"
        " UPDATE delegation SET revoked_at = ?2"
        " WHERE id IN (SELECT id FROM chain) AND revoked_at IS NULL";
    sqlite3_stmt *stmt = NULL;
    int64_t exists = 0;
    char q[96];
    int rc;

    snprintf(q, sizeof q, "SELECT count(*) FROM delegation WHERE id = %lld", (long long)id);
    if ((rc = store_query_int64(st, q, &exists, err)) != CM_OK)
        return rc;
    if (exists == 0)
        return cm_err_set(err, CM_ENOTFOUND, "delegation %lld: no such delegation", (long long)id);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, now);
    rc = store_step_done(st, stmt, "delegation revoke", err);
    if (rc == CM_OK && n_out)
        *n_out = (size_t)sqlite3_changes(st->db);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_deleg_grants_load(struct store *st, struct store_user *u, int64_t now,
                        struct cm_err *err)
{
    static const char sql[] = "SELECT " DELEG_COLS " WHERE d.grantee_id = ?1"
                              " AND d.revoked_at IS NULL AND d.expires_at > ?2 ORDER BY d.id";
    sqlite3_stmt *stmt = NULL;
    struct store_deleg *a = NULL;
    size_t n = 0;
    int rc;

    free(u->grants);
    u->grants = NULL;
    u->n_grants = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, u->id);
    sqlite3_bind_int64(stmt, 2, now);
    rc = deleg_collect(st, stmt, &a, &n, err);
    sqlite3_finalize(stmt);
    if (rc != CM_OK || n == 0) {
        free(a);
        return rc;
    }
    u->grants = cm_xcalloc(n, sizeof *u->grants);
    for (size_t i = 0; i < n; i++) {
        struct store_grant *g = &u->grants[i];
        g->deleg_id = a[i].id;
        memcpy(g->section, a[i].section, sizeof g->section);
        memcpy(g->federation, a[i].federation, sizeof g->federation);
        g->rights = a[i].rights;
        g->expires_at = a[i].expires_at;
    }
    u->n_grants = n;
    free(a);
    return CM_OK;
}

int
store_deleg_count_held(struct store *st, int64_t user_id, int64_t *n_out, struct cm_err *err)
{
    char q[96];

    snprintf(q, sizeof q, "SELECT count(*) FROM delegation WHERE grantee_id = %lld",
             (long long)user_id);
    return store_query_int64(st, q, n_out, err);
}

int
store_deleg_audit_add(struct store *st, const struct store_deleg_audit *a, struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO audit(at, actor_id, subject_id, federation, action, via, section,"
        " delegation_id, detail) VALUES (?1, nullif(?2, 0), NULL, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, a->at);
    sqlite3_bind_int64(stmt, 2, a->actor_id);
    store_bind_text_or_null(stmt, 3, a->federation);
    sqlite3_bind_text(stmt, 4, a->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, a->via, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 6, a->section);
    sqlite3_bind_int64(stmt, 7, a->deleg_id);
    store_bind_text_or_null(stmt, 8, a->detail);
    rc = store_step_done(st, stmt, "audit", err);
    sqlite3_finalize(stmt);
    return rc;
}
