/* store_org.c - federations, sections and section territories (store layer). */
#include "store_org.h"

#include "cm_buf.h"
#include "store_layers_int.h"
#include "store_org_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
store_org_step_one(struct store *st, sqlite3_stmt *stmt, const char *what, struct cm_err *err)
{
    int rc = store_step_done(st, stmt, what, err);

    if (rc == CM_OK && sqlite3_changes(st->db) == 0)
        return cm_err_set(err, CM_ENOTFOUND, "%s: no such row", what);
    return rc;
}

int
store_federation_ensure(struct store *st, const char *code, const char *name,
                        struct cm_err *err)
{
    static const char sql[] = "INSERT INTO federation(code, name) VALUES (?1, ?2)"
                              " ON CONFLICT(code) DO UPDATE SET name = ifnull(?2, name)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (code == NULL || strlen(code) < 2 || strlen(code) > 3)
        return cm_err_set(err, CM_EINPUT, "federation code '%s' is not a département code",
                          code ? code : "");
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 2, name);
    rc = store_step_done(st, stmt, "federation", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_federation_exists(struct store *st, const char *code, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "SELECT 1 FROM federation WHERE code = ?", &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    rc = rc == SQLITE_ROW ? 1
         : rc == SQLITE_DONE
             ? 0
             : cm_err_set(err, CM_EDB, "federation %s: %s", code, sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_section_add(struct store *st, const char *code, const char *name, const char *federation,
                  int64_t *id_out, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO section(code, name, federation) VALUES (?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_federation_exists(st, federation, err)) <= 0)
        return rc < 0 ? rc
                      : cm_err_set(err, CM_EINPUT, "section %s: unknown federation %s", code,
                                   federation);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, federation, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_CONSTRAINT)
        rc = cm_err_set(err, CM_EINPUT, "section %s: the code is taken or invalid", code);
    else if (rc != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "section %s: %s", code, sqlite3_errmsg(st->db));
    else
        rc = CM_OK;
    if (rc == CM_OK && id_out)
        *id_out = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(stmt);
    return rc;
}

#define SECTION_COLS                                                                           \
    "SELECT s.id, s.code, s.name, s.federation,"                                               \
    " (SELECT ifnull(group_concat(code, ','), '') FROM (SELECT code FROM section_area"         \
    "   WHERE section_id = s.id AND kind = 'commune' ORDER BY code)),"                          \
    " (SELECT ifnull(group_concat(code, ','), '') FROM (SELECT code FROM section_area"         \
    "   WHERE section_id = s.id AND kind = 'bureau' ORDER BY code)),"                           \
    " (SELECT count(*) FROM user u WHERE u.section_id = s.id AND u.disabled IS NULL)"          \
    " FROM section s "

static void
section_from_row(sqlite3_stmt *stmt, struct store_section *s)
{
    s->id = sqlite3_column_int64(stmt, 0);
    s->code = store_col_dup(stmt, 1);
    s->name = store_col_dup(stmt, 2);
    s->federation = store_col_dup(stmt, 3);
    s->communes = store_col_dup(stmt, 4);
    s->bureaux = store_col_dup(stmt, 5);
    s->n_members = sqlite3_column_int64(stmt, 6);
}

int
store_section_get(struct store *st, const char *code, int64_t id, struct store_section *out,
                  struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    rc = store_prepare(st, id ? SECTION_COLS "WHERE s.id = ?" : SECTION_COLS "WHERE s.code = ?",
                       &stmt, err);
    if (rc != CM_OK)
        return rc;
    if (id)
        sqlite3_bind_int64(stmt, 1, id);
    else
        sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        section_from_row(stmt, out);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no section %s", id ? "with this id" : code);
    } else {
        rc = cm_err_set(err, CM_EDB, "section: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_section_list(struct store *st, const char *federation, struct store_section **out,
                   size_t *n_out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    struct store_section *a = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *out = NULL;
    *n_out = 0;
    rc = store_prepare(st, SECTION_COLS "WHERE ?1 IS NULL OR s.federation = ?1 ORDER BY s.code",
                       &stmt, err);
    if (rc != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, federation);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            a = cm_xreallocarray(a, cap, sizeof *a);
        }
        section_from_row(stmt, &a[n++]);
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "sections: %s", sqlite3_errmsg(st->db));
        store_section_list_free(a, n);
    } else {
        rc = CM_OK;
        *out = a;
        *n_out = n;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_section_set_territory(struct store *st, int64_t section_id, const char *const *kinds,
                            const char *const *codes, size_t n, struct cm_err *err)
{
    static const char ins[] = "INSERT OR IGNORE INTO section_area(section_id, kind, code)"
                              " VALUES (?, ?, ?)";
    sqlite3_stmt *del = NULL, *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "DELETE FROM section_area WHERE section_id = ?", &del, err)))
        goto out;
    sqlite3_bind_int64(del, 1, section_id);
    if ((rc = store_step_done(st, del, "territory", err)) != CM_OK)
        goto out;
    if ((rc = store_prepare(st, ins, &stmt, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(stmt, 1, section_id);
        sqlite3_bind_text(stmt, 2, kinds[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, codes[i], -1, SQLITE_STATIC);
        if ((rc = store_step_done(st, stmt, "territory", err)) != CM_OK)
            goto out;
    }
out:
    sqlite3_finalize(del);
    sqlite3_finalize(stmt);
    return rc;
}

static void
code_fill(sqlite3_stmt *stmt, void *elem)
{
    const char *code = (const char *)sqlite3_column_text(stmt, 0);

    snprintf(elem, STORE_CODE_LEN, "%s", code ? code : "");
}

int
store_bureaux_with_prefix(struct store *st, const char *prefix, char (**out)[STORE_CODE_LEN],
                          size_t *n_out, struct cm_err *err)
{
    /* a range on the unique index: LIKE would read '_' as a wildcard */
    static const char sql[] = "SELECT code FROM bureau WHERE code >= ?1 AND code < ?1 || '~'"
                              " ORDER BY code";
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC);
    rc = store_collect(st, stmt, sizeof **out, code_fill, &arr, n_out, "bureaux by prefix", err);
    *out = arr;
    if (rc != CM_OK) {
        free(*out);
        *out = NULL, *n_out = 0;
    }
    return rc;
}

int
store_section_bbox(struct store *st, int64_t section_id, double bbox_out[4], struct cm_err *err)
{
    static const char sql[] =
        "SELECT MbrMinX(e), MbrMinY(e), MbrMaxX(e), MbrMaxY(e) FROM (SELECT Extent(b.geom) e"
        " FROM bureau b WHERE b.commune IN (SELECT code FROM section_area WHERE section_id = ?1"
        " AND kind = 'commune') OR b.code IN (SELECT code FROM section_area"
        " WHERE section_id = ?1 AND kind = 'bureau'))";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, section_id);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
        for (int i = 0; i < 4; i++)
            bbox_out[i] = sqlite3_column_double(stmt, i);
        rc = CM_OK;
    } else {
        rc = rc == SQLITE_ROW ? cm_err_set(err, CM_ENOTFOUND, "the section has no contour")
                              : cm_err_set(err, CM_EDB, "section extent: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_section_cleanup(struct store_section *s)
{
    if (s == NULL)
        return;
    free(s->code);
    free(s->name);
    free(s->federation);
    free(s->communes);
    free(s->bureaux);
    memset(s, 0, sizeof *s);
}

void
store_section_list_free(struct store_section *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_section_cleanup(&a[i]);
    free(a);
}
