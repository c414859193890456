/* store_areas.c - outlines as plain arrays, WKB parsed here (store layer).
 * One sequential scan with ST_AsBinary: about a second for 70,000 bureaux. */
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
    snprintf(a->codes[a->n_areas], sizeof a->codes[0], "%s", code);
    a->area_ring0[a->n_areas++] = a->n_rings;
}

int
store_areas_load(struct store *st, const char *kind, struct store_areas *out,
                 struct cm_err *err)
{
    static const char sql_bureau[] = "SELECT code, ST_AsBinary(geom) FROM bureau"
                                     " WHERE geom IS NOT NULL ORDER BY code";
    static const char sql_iris[] = "SELECT code, ST_AsBinary(geom) FROM iris"
                                   " WHERE geom IS NOT NULL ORDER BY code";
    struct areas_acc acc = {out, 0, 0, 0};
    sqlite3_stmt *stmt = NULL;
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
        if (blob == NULL || wkb_parse(blob, len, &acc) != 0)
            rc = cm_err_set(err, CM_EINPUT, "%s %s: geometry is not a valid (Multi)Polygon",
                            kind, code ? code : "?");
    }
    if (rc == CM_OK && step != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "read %s outlines: %s", kind, sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
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
