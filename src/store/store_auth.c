/* store_auth.c - users and roles (store layer): row access only, inside the caller's
 * transaction for writes. Sessions, links, failed logins and audit: store_auth_rows.c. */
#include "store_auth.h"

#include "cm_buf.h"
#include "store_org_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vis_names[] = {"officers", "section", "hidden"};
static const char *const role_names[] = {"officer", "secretary", "fed_staff", "admin"};

const char *
store_vis_name(int vis)
{
    return vis >= 0 && vis < 3 ? vis_names[vis] : "officers";
}

int
store_vis_parse(const char *s)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, vis_names[i]) == 0)
            return i;
    return -1;
}

const char *
store_role_name(int kind)
{
    return kind >= 0 && kind < 4 ? role_names[kind] : "?";
}

int
store_role_parse(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, role_names[i]) == 0)
            return i;
    return -1;
}

int
store_user_add(struct store *st, const struct store_user *u, int64_t now, int64_t *id_out,
               struct cm_err *err)
{
    static const char sql[] = "INSERT INTO user(email, first_name, last_name, phone, member_no,"
                              " section_id, visibility, created_at) VALUES (?,?,?,?,?,?,?,?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, u->email, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 2, u->first_name);
    store_bind_text_or_null(stmt, 3, u->last_name);
    store_bind_text_or_null(stmt, 4, u->phone);
    store_bind_text_or_null(stmt, 5, u->member_no);
    if (u->section_id)
        sqlite3_bind_int64(stmt, 6, u->section_id);
    sqlite3_bind_text(stmt, 7, store_vis_name(u->visibility), -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 8, now);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_CONSTRAINT) /* message without the address: it may reach a log */
        rc = cm_err_set(err, CM_EINPUT, "user: the e-mail or member number %s is taken",
                        u->member_no ? u->member_no : "");
    else if (rc != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "user: %s", sqlite3_errmsg(st->db));
    else
        rc = CM_OK;
    if (rc == CM_OK && id_out)
        *id_out = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(stmt);
    return rc;
}

#define USER_COLS                                                                              \
    "SELECT u.id, u.email, u.first_name, u.last_name, u.phone, u.member_no, u.section_id,"     \
    " s.code, s.federation, u.visibility, u.disabled, u.pw_hash IS NOT NULL"                   \
    " FROM user u LEFT JOIN section s ON s.id = u.section_id "

static void
user_from_row(sqlite3_stmt *stmt, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(stmt, 0);
    u->email = store_col_dup(stmt, 1);
    u->first_name = store_col_dup(stmt, 2);
    u->last_name = store_col_dup(stmt, 3);
    u->phone = store_col_dup(stmt, 4);
    u->member_no = store_col_dup(stmt, 5);
    u->section_id = sqlite3_column_int64(stmt, 6);
    u->section_code = store_col_dup(stmt, 7);
    u->federation = store_col_dup(stmt, 8);
    u->visibility = store_vis_parse((const char *)sqlite3_column_text(stmt, 9));
    u->disabled = store_col_dup(stmt, 10);
    u->has_password = sqlite3_column_int(stmt, 11);
}

static int
user_load_roles(struct store *st, struct store_user *u, struct cm_err *err)
{
    static const char sql[] = "SELECT role, scope, source FROM user_role WHERE user_id = ?"
                              " ORDER BY role, scope";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, u->id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_role *r;
        if (u->n_roles == cap) {
            cap = cm_grow(cap, u->n_roles + 1);
            u->roles = cm_xreallocarray(u->roles, cap, sizeof *u->roles);
        }
        r = &u->roles[u->n_roles++];
        r->kind = store_role_parse((const char *)sqlite3_column_text(stmt, 0));
        snprintf(r->scope, sizeof r->scope, "%s", (const char *)sqlite3_column_text(stmt, 1));
        r->from_import = strcmp((const char *)sqlite3_column_text(stmt, 2), "import") == 0;
    }
    rc = rc == SQLITE_DONE ? CM_OK : cm_err_set(err, CM_EDB, "roles: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_user_get(struct store *st, int64_t id, const char *email, struct store_user *out,
               struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = store_prepare(st, id ? USER_COLS "WHERE u.id = ?" : USER_COLS "WHERE u.email = ?", &stmt,
                       err);
    if (rc != CM_OK)
        return rc;
    if (id)
        sqlite3_bind_int64(stmt, 1, id);
    else
        sqlite3_bind_text(stmt, 1, email ? email : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        user_from_row(stmt, out);
        rc = user_load_roles(st, out, err);
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such user");
    } else {
        rc = cm_err_set(err, CM_EDB, "user: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    if (rc != CM_OK)
        store_user_cleanup(out);
    return rc;
}

/* LIKE pattern %s% with the wildcards of s escaped by '\'. */
static char *
like_pattern(const char *s)
{
    struct cm_buf b;

    cm_buf_init(&b);
    cm_buf_puts(&b, "%");
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            cm_buf_puts(&b, "\\");
        cm_buf_append(&b, s, 1);
    }
    cm_buf_puts(&b, "%");
    return cm_buf_take(&b);
}

int
store_user_list(struct store *st, int64_t section_id, const char *search,
                struct store_user **out, size_t *n_out, struct cm_err *err)
{
    static const char sql[] =
        USER_COLS "WHERE (?1 = 0 OR u.section_id = ?1) AND (?2 IS NULL"
                  " OR u.first_name LIKE ?2 ESCAPE '\\' OR u.last_name LIKE ?2 ESCAPE '\\'"
                  " OR u.email LIKE ?2 ESCAPE '\\' OR u.member_no LIKE ?2 ESCAPE '\\')"
                  " ORDER BY u.last_name, u.first_name, u.id";
    sqlite3_stmt *stmt = NULL;
    struct store_user *a = NULL;
    size_t n = 0, cap = 0;
    char *pat = search && *search ? like_pattern(search) : NULL;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        goto out;
    sqlite3_bind_int64(stmt, 1, section_id);
    store_bind_text_or_null(stmt, 2, pat);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            a = cm_xreallocarray(a, cap, sizeof *a);
        }
        user_from_row(stmt, &a[n++]);
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "users: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    rc = CM_OK;
    for (size_t i = 0; i < n && rc == CM_OK; i++)
        rc = user_load_roles(st, &a[i], err);
out:
    sqlite3_finalize(stmt);
    free(pat);
    if (rc != CM_OK) {
        store_user_list_free(a, n);
        return rc;
    }
    *out = a;
    *n_out = n;
    return CM_OK;
}

int
store_user_update(struct store *st, const struct store_user *u, struct cm_err *err)
{
    static const char sql[] = "UPDATE user SET first_name = ?, last_name = ?, phone = ?,"
                              " member_no = ?, section_id = ? WHERE id = ?";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, u->first_name);
    store_bind_text_or_null(stmt, 2, u->last_name);
    store_bind_text_or_null(stmt, 3, u->phone);
    store_bind_text_or_null(stmt, 4, u->member_no);
    if (u->section_id)
        sqlite3_bind_int64(stmt, 5, u->section_id);
    sqlite3_bind_int64(stmt, 6, u->id);
    rc = store_org_step_one(st, stmt, "update user", err);
    sqlite3_finalize(stmt);
    return rc;
}

/* UPDATE user SET <col> = text WHERE id: the shared shape of the small setters. */
static int
user_set_text(struct store *st, const char *sql, int64_t id, const char *v, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, v);
    sqlite3_bind_int64(stmt, 2, id);
    rc = store_org_step_one(st, stmt, "user", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_user_set_disabled(struct store *st, int64_t id, const char *by, struct cm_err *err)
{
    int rc = user_set_text(st, "UPDATE user SET disabled = ? WHERE id = ?", id, by, err);

    if (rc == CM_OK && by)
        rc = store_session_delete_user(st, id, err);
    return rc;
}

int
store_user_set_password(struct store *st, int64_t id, const char *hash, struct cm_err *err)
{
    return user_set_text(st, "UPDATE user SET pw_hash = ? WHERE id = ?", id, hash, err);
}

int
store_user_set_visibility(struct store *st, int64_t id, int vis, struct cm_err *err)
{
    if (vis < 0 || vis > STORE_VIS_HIDDEN)
        return cm_err_set(err, CM_EINPUT, "unknown visibility %d", vis);
    return user_set_text(st, "UPDATE user SET visibility = ? WHERE id = ?", id,
                         store_vis_name(vis), err);
}

int
store_user_password(struct store *st, int64_t id, char **hash_out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *hash_out = NULL;
    if ((rc = store_prepare(st, "SELECT pw_hash FROM user WHERE id = ?", &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *hash_out = store_col_dup(stmt, 0);
    rc = rc == SQLITE_ROW    ? CM_OK
         : rc == SQLITE_DONE ? cm_err_set(err, CM_ENOTFOUND, "no such user")
                             : cm_err_set(err, CM_EDB, "user: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
store_user_members_absent(struct store *st, const char *const *keep, size_t n, int64_t **ids_out,
                          size_t *n_out, struct cm_err *err)
{
    static const char sql[] = "SELECT id, lower(email) FROM user"
                              " WHERE member_no IS NOT NULL AND disabled IS NULL ORDER BY id";
    sqlite3_stmt *stmt = NULL;
    int64_t *ids = NULL;
    size_t k = 0, cap = 0;
    int rc;

    *ids_out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *email = (const char *)sqlite3_column_text(stmt, 1);
        if (n && bsearch(&email, keep, n, sizeof *keep, cmp_str))
            continue;
        if (k == cap) {
            cap = cm_grow(cap, k + 1);
            ids = cm_xreallocarray(ids, cap, sizeof *ids);
        }
        ids[k++] = sqlite3_column_int64(stmt, 0);
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "members: %s", sqlite3_errmsg(st->db));
        free(ids);
    } else {
        rc = CM_OK;
        *ids_out = ids;
        *n_out = k;
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_user_cleanup(struct store_user *u)
{
    if (u == NULL)
        return;
    free(u->email);
    free(u->first_name);
    free(u->last_name);
    free(u->phone);
    free(u->member_no);
    free(u->section_code);
    free(u->federation);
    free(u->disabled);
    free(u->roles);
    free(u->grants);
    memset(u, 0, sizeof *u);
}

void
store_user_list_free(struct store_user *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_user_cleanup(&a[i]);
    free(a);
}

int
store_role_add(struct store *st, int64_t user_id, int kind, const char *scope,
               const char *source, struct cm_err *err)
{
    static const char sql[] = "INSERT OR IGNORE INTO user_role(user_id, role, scope, source)"
                              " VALUES (?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (kind < 0 || kind > STORE_ROLE_ADMIN)
        return cm_err_set(err, CM_EINPUT, "unknown role %d", kind);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, user_id);
    sqlite3_bind_text(stmt, 2, store_role_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, kind == STORE_ROLE_ADMIN ? "" : scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, source, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "role", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_role_clear(struct store *st, int64_t user_id, const char *source, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    rc = store_prepare(st, "DELETE FROM user_role WHERE user_id = ? AND source = ?", &stmt, err);
    if (rc != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, user_id);
    sqlite3_bind_text(stmt, 2, source, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "roles", err);
    sqlite3_finalize(stmt);
    return rc;
}
