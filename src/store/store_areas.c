/* store_areas.c - outlines as plain arrays, geometry blobs parsed here (store layer).
 * SpatiaLite's own blob is read directly: through ST_AsBinary each row was decoded into a
 * gaia geometry and encoded again as WKB, half of the 0.12 s the 70,000 outlines of
 * `coopmap gen` took to load. Blobs this reader does not know (SpatiaLite's compressed
 * geometries, written by other tools) still go through ST_AsBinary, one by one. */
#include "store_areas.h"

#include "store_int.h"

#include "cm_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Growable output arrays while reading. */
struct areas_acc {
    struct store_areas *a;
    size_t cap_areas, cap_rings, cap_points;
};

/* A bounded little/big-endian WKB reader. */
struct wkb {
    const unsigned char *p, *end;
    int swap;
};

static int
wkb_u32(struct wkb *w, uint32_t *v)
{
    unsigned char b[4];

    if (w->end - w->p < 4)
        return -1;
    memcpy(b, w->p, 4);
    w->p += 4;
    *v = w->swap ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
                 : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
    return 0;
}

static double
wkb_dbl(const unsigned char *p, int swap)
{
    unsigned char b[8];
    double d;

    for (int i = 0; i < 8; i++)
        b[i] = swap ? p[7 - i] : p[i];
    memcpy(&d, b, 8);
    return d;
}

/* Header of one geometry: byte order and type; *dims = coordinates per point (2..4). */
static int
wkb_header(struct wkb *w, uint32_t *type, int *dims)
{
    uint32_t t;

    if (w->p >= w->end || *w->p > 1)
        return -1;
    w->swap = *w->p++ == 0; /* 0 = big endian; hosts here are little endian */
    if (wkb_u32(w, &t) != 0)
        return -1;
    *dims = 2 + (t / 1000 == 1 || t / 1000 == 2) + 2 * (t / 1000 == 3);
    *type = t % 1000;
    return 0;
}

static void
acc_ring(struct areas_acc *acc, int hole)
{
    struct store_areas *a = acc->a;

    if (a->n_rings + 2 > acc->cap_rings) {
        acc->cap_rings = cm_grow(acc->cap_rings, a->n_rings + 2);
        a->ring_pt0 = cm_xreallocarray(a->ring_pt0, acc->cap_rings, sizeof *a->ring_pt0);
        a->ring_hole = cm_xreallocarray(a->ring_hole, acc->cap_rings, 1);
    }
    a->ring_pt0[a->n_rings] = a->n_points;
    a->ring_hole[a->n_rings++] = (unsigned char)hole;
}

static int
wkb_polygon(struct wkb *w, int dims, struct areas_acc *acc)
{
    struct store_areas *a = acc->a;
    uint32_t n_rings, n;

    if (wkb_u32(w, &n_rings) != 0)
        return -1;
    for (uint32_t r = 0; r < n_rings; r++) {
        if (wkb_u32(w, &n) != 0 || (size_t)(w->end - w->p) / (8 * (size_t)dims) < n)
            return -1;
        acc_ring(acc, r > 0);
        if (a->n_points + n > acc->cap_points) {
            acc->cap_points = cm_grow(acc->cap_points, a->n_points + n);
            a->lonlat = cm_xreallocarray(a->lonlat, 2 * acc->cap_points, sizeof *a->lonlat);
        }
        for (uint32_t i = 0; i < n; i++, w->p += 8 * dims) {
            a->lonlat[2 * a->n_points] = wkb_dbl(w->p, w->swap);
            a->lonlat[2 * a->n_points + 1] = wkb_dbl(w->p + 8, w->swap);
            a->n_points++;
        }
    }
    return 0;
}

/* SpatiaLite BLOB-Geometry (gaiageo's gg_const.h): start 0x00, byte order, SRID, MBR,
 * 0x7C, class, body, 0xFE; a collection's members start with 0x69 and their class. */
#define SPL_HEADER 43
#define SPL_MBR_END 0x7C
#define SPL_ENTITY 0x69
#define SPL_END 0xFE

/* Coordinates per point of an uncompressed (Multi)Polygon class; 0 for any other class. */
static int
spl_dims(uint32_t class, uint32_t base)
{
    static const int dims[4] = {2, 3, 3, 4}; /* XY, XYZ (1000), XYM (2000), XYZM (3000) */

    return class % 1000 == base && class / 1000 < 4 ? dims[class / 1000] : 0;
}

/* Append the rings of a SpatiaLite Polygon or MultiPolygon blob; 1 when the blob is of a kind
 * this reader leaves to SpatiaLite, -1 when it is damaged. */
static int
spl_parse(const unsigned char *blob, size_t len, struct areas_acc *acc)
{
    struct wkb w = {blob + SPL_HEADER, blob + len - 1, 0};
    uint32_t class, n;
    int dims;

    if (len < SPL_HEADER + 1 || blob[0] != 0x00 || blob[1] > 1 || blob[38] != SPL_MBR_END
        || blob[len - 1] != SPL_END)
        return -1;
    w.swap = blob[1] == 0;
    w.p = blob + 39;
    if (wkb_u32(&w, &class) != 0)
        return -1;
    if ((dims = spl_dims(class, 3)) != 0)
        return wkb_polygon(&w, dims, acc) == 0 && w.p == w.end ? 0 : -1;
    if (spl_dims(class, 6) == 0)
        return 1;
    if (wkb_u32(&w, &n) != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (w.p >= w.end || *w.p++ != SPL_ENTITY || wkb_u32(&w, &class) != 0)
            return -1;
        if ((dims = spl_dims(class, 3)) == 0)
            return 1; /* a compressed member: the caller drops the rings read so far */
        if (wkb_polygon(&w, dims, acc) != 0)
            return -1;
    }
    return w.p == w.end ? 0 : -1;
}

/* Append the rings of a Polygon or MultiPolygon WKB blob. */
static int
wkb_parse(const unsigned char *blob, size_t len, struct areas_acc *acc)
{
    struct wkb w = {blob, blob + len, 0};
    uint32_t type, n;
    int dims;

    if (wkb_header(&w, &type, &dims) != 0)
        return -1;
    if (type == 3)
        return wkb_polygon(&w, dims, acc);
    if (type != 6 || wkb_u32(&w, &n) != 0)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (wkb_header(&w, &type, &dims) != 0 || type != 3 || wkb_polygon(&w, dims, acc) != 0)
            return -1;
    }
    return 0;
}

static void
acc_area(struct areas_acc *acc, const char *code)
{
    struct store_areas *a = acc->a;

    if (a->n_areas + 2 > acc->cap_areas) {
        acc->cap_areas = cm_grow(acc->cap_areas, a->n_areas + 2);
        a->codes = cm_xreallocarray(a->codes, acc->cap_areas, sizeof *a->codes);
        a->area_ring0 = cm_xreallocarray(a->area_ring0, acc->cap_areas, sizeof *a->area_ring0);
    }
    size_t len = strnlen(code, sizeof a->codes[0] - 1); /* snprintf was 2 % of a print */
    memcpy(a->codes[a->n_areas], code, len);
    a->codes[a->n_areas][len] = '\0';
    a->area_ring0[a->n_areas++] = a->n_rings;
}

/* Append one area's rings from its stored blob; -1 when it is not a valid (Multi)Polygon.
 * *as_wkb (prepared on first use, finalized by the caller) converts blobs spl_parse leaves. */
static int
area_rings(struct store *st, const unsigned char *blob, size_t len, sqlite3_stmt **as_wkb,
           struct areas_acc *acc)
{
    size_t n_rings = acc->a->n_rings, n_points = acc->a->n_points;
    int r = blob ? spl_parse(blob, len, acc) : -1;

    if (r != 1)
        return r;
    acc->a->n_rings = n_rings, acc->a->n_points = n_points;
    if (*as_wkb == NULL && store_prepare(st, "SELECT ST_AsBinary(?)", as_wkb, NULL) != CM_OK)
        return -1;
    r = -1;
    if (sqlite3_bind_blob(*as_wkb, 1, blob, (int)len, SQLITE_STATIC) == SQLITE_OK
        && sqlite3_step(*as_wkb) == SQLITE_ROW && sqlite3_column_blob(*as_wkb, 0) != NULL)
        r = wkb_parse(sqlite3_column_blob(*as_wkb, 0),
                      (size_t)sqlite3_column_bytes(*as_wkb, 0), acc);
    sqlite3_reset(*as_wkb);
    return r;
}

int
store_areas_load(struct store *st, const char *kind, struct store_areas *out,
                 struct cm_err *err)
{
    static const char sql_bureau[] = "SELECT code, geom FROM bureau"
                                     " WHERE geom IS NOT NULL ORDER BY code";
    static const char sql_iris[] = "SELECT code, geom FROM iris"
                                   " WHERE geom IS NOT NULL ORDER BY code";
    struct areas_acc acc = {out, 0, 0, 0};
    sqlite3_stmt *stmt = NULL, *as_wkb = NULL;
    int rc, step;

    memset(out, 0, sizeof *out);
    if (strcmp(kind, "bureau") != 0 && strcmp(kind, "iris") != 0)
        return cm_err_set(err, CM_EINPUT, "areas: unknown kind '%s' (bureau or iris)", kind);
    rc = store_prepare(st, kind[0] == 'b' ? sql_bureau : sql_iris, &stmt, err);
    while (rc == CM_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(stmt, 0);
        const unsigned char *blob = sqlite3_column_blob(stmt, 1);
        size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
        acc_area(&acc, code ? code : "");
        if (area_rings(st, blob, len, &as_wkb, &acc) != 0)
            rc = cm_err_set(err, CM_EINPUT, "%s %s: geometry is not a valid (Multi)Polygon",
                            kind, code ? code : "?");
    }
    if (rc == CM_OK && step != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "read %s outlines: %s", kind, sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    sqlite3_finalize(as_wkb);
    if (rc != CM_OK) {
        store_areas_cleanup(out);
        return rc;
    }
    acc_area(&acc, ""); /* sentinel: area_ring0[n_areas] */
    out->n_areas--;
    acc_ring(&acc, 0); /* sentinel: ring_pt0[n_rings] */
    out->n_rings--;
    return CM_OK;
}

void
store_areas_cleanup(struct store_areas *a)
{
    free(a->codes);
    free(a->area_ring0);
    free(a->ring_pt0);
    free(a->ring_hole);
    free(a->lonlat);
    memset(a, 0, sizeof *a);
}
