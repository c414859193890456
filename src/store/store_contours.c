/* store_contours.c - contour sets, areas (bureau, iris) and communes (store layer).
 * Geometry blobs are written in SpatiaLite's own format: measured on 70k Lambert-93 bureaux,
 * GeomFromWKB(?, 4326) costs a parse and a re-encode per row that the direct blob avoids. */
#include "store_contours.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* SpatiaLite BLOB-Geometry markers (see gaiageo's gg_const.h). */
#define SPL_START 0x00
#define SPL_MBR_END 0x7C
#define SPL_ENTITY 0x69
#define SPL_END 0xFE
#define SPL_MULTIPOLYGON 6
#define SPL_POLYGON 3

static const char *const area_table[] = {"bureau", "iris"};

struct store_area_writer {
    struct store *st;        /* borrowed */
    sqlite3_stmt *insert;    /* owned */
    const char *source;      /* borrowed */
    enum store_area_kind kind;
    int64_t set_id;
    long year;
};

static unsigned char *
put_i32(unsigned char *p, int32_t v)
{
    memcpy(p, &v, 4);
    return p + 4;
}

unsigned char *
store_mpoly_blob(const struct store_mpoly *m, int srid, size_t *len_out)
{
    const uint16_t one = 1;
    size_t n = 44, npts = 0;
    int r = 0;
    double mbr[4] = {0, 0, 0, 0};
    unsigned char *blob, *p;

    for (int i = 0; i < m->n_polys; i++) {
        n += 9;
        for (int k = 0; k < m->poly_nrings[i]; k++, r++) {
            n += 4 + 16 * (size_t)m->ring_npts[r];
            npts += (size_t)m->ring_npts[r];
        }
    }
    for (size_t k = 0; k < npts; k++) {
        double x = m->xy[2 * k], y = m->xy[2 * k + 1];
        if (k == 0 || x < mbr[0]) mbr[0] = x;
        if (k == 0 || y < mbr[1]) mbr[1] = y;
        if (k == 0 || x > mbr[2]) mbr[2] = x;
        if (k == 0 || y > mbr[3]) mbr[3] = y;
    }
    p = blob = cm_xmalloc(n);
    *p++ = SPL_START;
    *p++ = *(const unsigned char *)&one; /* 1: little-endian host, 0: big-endian */
    p = put_i32(p, srid);
    memcpy(p, mbr, sizeof mbr);
    p += sizeof mbr;
    *p++ = SPL_MBR_END;
    p = put_i32(p, SPL_MULTIPOLYGON);
    p = put_i32(p, m->n_polys);
    r = 0;
    npts = 0;
    for (int i = 0; i < m->n_polys; i++) {
        *p++ = SPL_ENTITY;
        p = put_i32(p, SPL_POLYGON);
        p = put_i32(p, m->poly_nrings[i]);
        for (int k = 0; k < m->poly_nrings[i]; k++, r++) {
            p = put_i32(p, m->ring_npts[r]);
            memcpy(p, m->xy + 2 * npts, 16 * (size_t)m->ring_npts[r]);
            p += 16 * (size_t)m->ring_npts[r];
            npts += (size_t)m->ring_npts[r];
        }
    }
    *p++ = SPL_END;
    *len_out = n;
    return blob;
}

int
store_contours_clear(struct store *st, enum store_area_kind kind, const char *const *communes,
                     size_t n, int64_t *reuse_id_out, struct cm_err *err)
{
    static const char *const del_area[] = {"DELETE FROM bureau WHERE commune = ?",
                                           "DELETE FROM iris WHERE commune = ?"};
    static const char *const empty_sets[] = {
        "SELECT id FROM contour_set s WHERE kind = 'bureau'"
        " AND NOT EXISTS (SELECT 1 FROM bureau WHERE set_id = s.id) ORDER BY id",
        "SELECT id FROM contour_set s WHERE kind = 'iris'"
        " AND NOT EXISTS (SELECT 1 FROM iris WHERE set_id = s.id) ORDER BY id"};
    sqlite3_stmt *del = NULL, *sel = NULL, *drop = NULL;
    int rc, step;

    *reuse_id_out = 0;
    if ((rc = store_prepare(st, del_area[kind], &del, err)) != CM_OK
        || (rc = store_prepare(st, empty_sets[kind], &sel, err)) != CM_OK
        || (rc = store_prepare(st, "DELETE FROM contour_set WHERE id = ?", &drop, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(del, 1, communes[i], -1, SQLITE_STATIC);
        if ((rc = store_step_done(st, del, "delete old areas", err)) != CM_OK)
            goto out;
    }
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(sel, 0);
        if (*reuse_id_out == 0)
            *reuse_id_out = id;
        sqlite3_bind_int64(drop, 1, id);
        if ((rc = store_step_done(st, drop, "delete empty contour set", err)) != CM_OK)
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "empty contour sets: %s", sqlite3_errmsg(st->db));
out:
    sqlite3_finalize(del);
    sqlite3_finalize(sel);
    sqlite3_finalize(drop);
    return rc;
}

int
store_contour_set_add(struct store *st, const struct store_contour_set *set, int64_t id,
                      int64_t *id_out, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO contour_set(id, kind, source, sha256, year, communes,"
                              " n_features, n_areas) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    if (id > 0)
        sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, set->kind == STORE_BUREAU ? "bureau" : "iris", -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, set->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, set->sha256, -1, SQLITE_STATIC);
    if (set->year > 0)
        sqlite3_bind_int64(stmt, 5, set->year);
    sqlite3_bind_text(stmt, 6, set->communes, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 7, set->n_features);
    sqlite3_bind_int64(stmt, 8, set->n_areas);
    if ((rc = store_step_done(st, stmt, "insert contour set", err)) == CM_OK)
        *id_out = sqlite3_last_insert_rowid(st->db);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_commune_add(struct store *st, const char *code, const char *dep, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO commune(code, dep) VALUES (?, ?)"
                              " ON CONFLICT(code) DO UPDATE SET dep = coalesce(dep, excluded.dep)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 2, dep);
    rc = store_step_done(st, stmt, "insert commune", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_area_writer_new(struct store *st, enum store_area_kind kind, int64_t set_id,
                      const char *source, long year, struct store_area_writer **w_out,
                      struct cm_err *err)
{
    static const char *const sql[] = {
        "INSERT INTO bureau(code, commune, label, circo, set_id, source, year, geom)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO iris(code, commune, label, typ, set_id, source, year, geom)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
    struct store_area_writer *w = cm_xcalloc(1, sizeof *w);
    int rc;

    if ((rc = store_prepare(st, sql[kind], &w->insert, err)) != CM_OK) {
        free(w);
        return rc;
    }
    w->st = st;
    w->kind = kind;
    w->set_id = set_id;
    w->source = source;
    w->year = year;
    *w_out = w;
    return CM_OK;
}

int
store_area_add(struct store_area_writer *w, const struct store_area *a, struct cm_err *err)
{
    sqlite3_stmt *s = w->insert;
    size_t len;
    unsigned char *blob = store_mpoly_blob(&a->geom, 4326, &len);
    int rc;

    sqlite3_bind_text(s, 1, a->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->commune, -1, SQLITE_STATIC);
    store_bind_text_or_null(s, 3, a->label);
    store_bind_text_or_null(s, 4, a->extra);
    sqlite3_bind_int64(s, 5, w->set_id);
    sqlite3_bind_text(s, 6, w->source, -1, SQLITE_STATIC);
    if (w->year > 0)
        sqlite3_bind_int64(s, 7, w->year);
    else
        sqlite3_bind_null(s, 7);
    sqlite3_bind_blob(s, 8, blob, (int)len, free);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return cm_err_set(err, CM_EDB, "insert %s %s: %s", area_table[w->kind], a->code,
                          sqlite3_errmsg(sqlite3_db_handle(s)));
    return CM_OK;
}

void
store_area_writer_free(struct store_area_writer *w)
{
    if (w == NULL)
        return;
    sqlite3_finalize(w->insert);
    free(w);
}
