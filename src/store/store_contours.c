/* store_contours.c - contour sets, areas (bureau, iris) and communes (store layer).
 * Geometry blobs are written in SpatiaLite's own format: measured on 70k Lambert-93 bureaux,
 * GeomFromWKB(?, 4326) costs a parse and a re-encode per row that the direct blob avoids. */
#include "store_contours.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdio.h>
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

/* The SpatiaLite triggers that fire per inserted row: the geometry constraint check (our
 * blobs are MULTIPOLYGON 4326 by construction), the R*Tree insert (RTreeAlign formats and
 * prepares a statement per row) and the "last insert" timestamp. A bulk load drops them inside
 * its transaction, fills the R*Tree itself with one prepared statement and re-creates them
 * from their saved text before commit: a rollback or a crash restores them with the rest.
 * Measured on 70k bureaux: the write phase goes from 2.5 s to XXX s. */
static const char *const trigger_prefix[] = {"ggi", "gii", "tmi"};
#define N_TRIGGERS 3

struct store_area_writer {
    struct store *st;        /* borrowed */
    sqlite3_stmt *insert;    /* owned */
    sqlite3_stmt *rtree;     /* owned */
    char *triggers[N_TRIGGERS]; /* owned (sqlite3_free): CREATE TRIGGER text to restore */
    struct box *boxes;       /* owned: spatial index entries, inserted at finish */
    size_t n_boxes, cap_boxes;
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

static unsigned char *
mpoly_blob(const struct store_mpoly *m, int srid, size_t *len_out, double *mbr)
{
    const uint16_t one = 1;
    size_t n = 48, npts = 0; /* 39 header + class + count + END */
    int r = 0;
    unsigned char *blob, *p;

    mbr[0] = mbr[1] = mbr[2] = mbr[3] = 0;

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
    memcpy(p, mbr, 4 * sizeof *mbr);
    p += 4 * sizeof *mbr;
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

unsigned char *
store_mpoly_blob(const struct store_mpoly *m, int srid, size_t *len_out)
{
    double mbr[4];

    return mpoly_blob(m, srid, len_out, mbr);
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

/* Save and drop the per-row triggers of the area table. */
static int
triggers_drop(struct store_area_writer *w, struct cm_err *err)
{
    const char *t = area_table[w->kind];
    sqlite3_stmt *sel = NULL;
    char name[64], *drop;
    int rc = CM_OK;

    if ((rc = store_prepare(w->st, "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                   " AND name = ?", &sel, err)) != CM_OK)
        return rc;
    for (int i = 0; i < N_TRIGGERS && rc == CM_OK; i++) {
        snprintf(name, sizeof name, "%s_%s_geom", trigger_prefix[i], t);
        sqlite3_bind_text(sel, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(sel) == SQLITE_ROW) {
            w->triggers[i] = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(sel, 0));
            drop = sqlite3_mprintf("DROP TRIGGER \"%w\"", name);
            rc = store_exec(w->st, drop, "drop trigger", err);
            sqlite3_free(drop);
        }
        sqlite3_reset(sel);
    }
    sqlite3_finalize(sel);
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
    static const char *const rtree[] = {
        "INSERT INTO idx_bureau_geom(pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)",
        "INSERT INTO idx_iris_geom(pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)"};
    struct store_area_writer *w = cm_xcalloc(1, sizeof *w);
    int rc;

    w->st = st;
    w->kind = kind;
    w->set_id = set_id;
    w->source = source;
    w->year = year;
    /* the whole load stays in memory until commit: pages are written once, not spilled */
    if ((rc = store_exec(st, "PRAGMA cache_size = -524288", "cache size", err)) != CM_OK
        || (rc = triggers_drop(w, err)) != CM_OK
        || (rc = store_prepare(st, sql[kind], &w->insert, err)) != CM_OK
        || (rc = store_prepare(st, rtree[kind], &w->rtree, err)) != CM_OK) {
        store_area_writer_free(w);
        return rc;
    }
    *w_out = w;
    return CM_OK;
}

struct box {
    uint64_t key; /* Hilbert index of the centre */
    int64_t rowid;
    double mbr[4];
};

/* Hilbert index of (x, y) on a 2^16 grid (the classic rotate-and-flip walk). */
static uint64_t
hilbert(uint32_t x, uint32_t y)
{
    uint64_t d = 0;

    for (uint32_t s = 1u << 15; s > 0; s >>= 1) {
        uint32_t rx = (x & s) > 0, ry = (y & s) > 0;
        d += (uint64_t)s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1)
                x = s - 1 - (x & (s - 1)), y = s - 1 - (y & (s - 1));
            uint32_t t = x;
            x = y, y = t;
        }
    }
    return d;
}

static int
box_push(struct store_area_writer *w, int64_t rowid, const double *mbr)
{
    struct box *b;

    if (w->n_boxes == w->cap_boxes) {
        w->cap_boxes = cm_grow(w->cap_boxes, w->n_boxes + 1);
        w->boxes = cm_xreallocarray(w->boxes, w->cap_boxes, sizeof *w->boxes);
    }
    b = &w->boxes[w->n_boxes++];
    b->rowid = rowid;
    memcpy(b->mbr, mbr, sizeof b->mbr);
    return CM_OK;
}

static int
box_cmp(const void *a, const void *b)
{
    uint64_t x = ((const struct box *)a)->key, y = ((const struct box *)b)->key;

    return x < y ? -1 : x > y;
}

static int
rtree_add(struct store_area_writer *w, int64_t rowid, const double *mbr, struct cm_err *err)
{
    sqlite3_stmt *s = w->rtree;

    sqlite3_bind_int64(s, 1, rowid);
    sqlite3_bind_double(s, 2, mbr[0]);
    sqlite3_bind_double(s, 3, mbr[2]);
    sqlite3_bind_double(s, 4, mbr[1]);
    sqlite3_bind_double(s, 5, mbr[3]);
    return store_step_done(w->st, s, "spatial index", err);
}

int
store_area_add(struct store_area_writer *w, const struct store_area *a, struct cm_err *err)
{
    sqlite3_stmt *s = w->insert;
    size_t len;
    double mbr[4];
    unsigned char *blob = mpoly_blob(&a->geom, 4326, &len, mbr);
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
                          sqlite3_errmsg(w->st->db));
    return box_push(w, sqlite3_last_insert_rowid(w->st->db), mbr);
}

/* Insert the boxes along a Hilbert curve: neighbours go to the same R*Tree leaves, which
 * halves the index time against insertion in code order. */
static int
rtree_fill(struct store_area_writer *w, struct cm_err *err)
{
    double lo[2] = {0, 0}, hi[2] = {0, 0};
    int rc = CM_OK;

    for (size_t i = 0; i < w->n_boxes; i++) {
        const double *m = w->boxes[i].mbr;
        double cx = (m[0] + m[2]) / 2, cy = (m[1] + m[3]) / 2;
        if (i == 0 || cx < lo[0]) lo[0] = cx;
        if (i == 0 || cy < lo[1]) lo[1] = cy;
        if (i == 0 || cx > hi[0]) hi[0] = cx;
        if (i == 0 || cy > hi[1]) hi[1] = cy;
    }
    for (size_t i = 0; i < w->n_boxes; i++) {
        const double *m = w->boxes[i].mbr;
        double fx = hi[0] > lo[0] ? ((m[0] + m[2]) / 2 - lo[0]) / (hi[0] - lo[0]) : 0;
        double fy = hi[1] > lo[1] ? ((m[1] + m[3]) / 2 - lo[1]) / (hi[1] - lo[1]) : 0;
        w->boxes[i].key = hilbert((uint32_t)(fx * 65535), (uint32_t)(fy * 65535));
    }
    qsort(w->boxes, w->n_boxes, sizeof *w->boxes, box_cmp);
    for (size_t i = 0; i < w->n_boxes && rc == CM_OK; i++)
        rc = rtree_add(w, w->boxes[i].rowid, w->boxes[i].mbr, err);
    return rc;
}

int
store_area_writer_finish(struct store_area_writer *w, struct cm_err *err)
{
    static const char *const touch[] = {
        "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        " WHERE f_table_name = 'bureau' AND f_geometry_column = 'geom'",
        "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        " WHERE f_table_name = 'iris' AND f_geometry_column = 'geom'"};
    int rc = CM_OK;

    if ((rc = rtree_fill(w, err)) != CM_OK)
        return rc;
    for (int i = 0; i < N_TRIGGERS && rc == CM_OK; i++) {
        if (w->triggers[i] && (rc = store_exec(w->st, w->triggers[i], "restore trigger", err))
                                  == CM_OK) {
            sqlite3_free(w->triggers[i]);
            w->triggers[i] = NULL;
        }
    }
    if (rc == CM_OK)
        rc = store_exec(w->st, touch[w->kind], "geometry time", err);
    return rc;
}

void
store_area_writer_free(struct store_area_writer *w)
{
    if (w == NULL)
        return;
    sqlite3_finalize(w->insert);
    sqlite3_finalize(w->rtree);
    free(w->boxes);
    for (int i = 0; i < N_TRIGGERS; i++)
        sqlite3_free(w->triggers[i]);
    free(w);
}
