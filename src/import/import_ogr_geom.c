/* import_ogr_geom.c - polygon arena: OGR -> arrays, GEOS validity and repair, gathering
 * (import stage). Coordinates are copied once out of OGR and never go back to it: the
 * reprojection and the blob encoding work on the same arrays. */
#include "import_ogr_geom.h"

#include "cm_buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
import_arena_init(struct import_arena *a)
{
    memset(a, 0, sizeof *a);
}

void
import_arena_cleanup(struct import_arena *a)
{
    free(a->xy);
    free(a->ring_npts);
    free(a->poly_nrings);
    memset(a, 0, sizeof *a);
}

void
import_arena_truncate(struct import_arena *a, const struct import_slice *s)
{
    a->n_polys = s->poly0;
    a->n_rings = s->ring0;
    a->n_pts = s->pt0;
}

struct store_mpoly
import_slice_mpoly(const struct import_arena *a, const struct import_slice *s)
{
    struct store_mpoly m = {(int)s->n_polys, a->poly_nrings + s->poly0, a->ring_npts + s->ring0,
                            a->xy + 2 * s->pt0};
    return m;
}

static void
slice_begin(const struct import_arena *a, struct import_slice *s)
{
    s->poly0 = a->n_polys, s->ring0 = a->n_rings, s->pt0 = a->n_pts;
    s->n_polys = s->n_rings = s->n_pts = 0;
}

static void
slice_end(const struct import_arena *a, struct import_slice *s)
{
    s->n_polys = a->n_polys - s->poly0;
    s->n_rings = a->n_rings - s->ring0;
    s->n_pts = a->n_pts - s->pt0;
}

/* Room for n more points (+1 for closing a ring) and one more ring and polygon. */
static void
reserve(struct import_arena *a, size_t n)
{
    if (a->n_pts + n + 1 > a->cap_pts) {
        a->cap_pts = cm_grow(a->cap_pts, a->n_pts + n + 1);
        a->xy = cm_xreallocarray(a->xy, a->cap_pts, 2 * sizeof *a->xy);
    }
    if (a->n_rings + 1 > a->cap_rings) {
        a->cap_rings = cm_grow(a->cap_rings, a->n_rings + 1);
        a->ring_npts = cm_xreallocarray(a->ring_npts, a->cap_rings, sizeof *a->ring_npts);
    }
    if (a->n_polys + 1 > a->cap_polys) {
        a->cap_polys = cm_grow(a->cap_polys, a->n_polys + 1);
        a->poly_nrings = cm_xreallocarray(a->poly_nrings, a->cap_polys, sizeof *a->poly_nrings);
    }
}

/* Append the ring of n points now at the arena's end: close it, keep it if it has 4 points.
 * Returns 1 when kept. */
static int
ring_commit(struct import_arena *a, size_t n)
{
    double *p = a->xy + 2 * a->n_pts;

    if (n > 0 && (p[0] != p[2 * (n - 1)] || p[1] != p[2 * (n - 1) + 1])) {
        p[2 * n] = p[0], p[2 * n + 1] = p[1];
        n++;
    }
    if (n < 4)
        return 0;
    a->ring_npts[a->n_rings++] = (int)n;
    a->n_pts += n;
    return 1;
}

/* One OGR polygon; returns 1 if a ring was dropped. */
static int
read_polygon(struct import_arena *a, OGRGeometryH poly)
{
    int nr = OGR_G_GetGeometryCount(poly), kept = 0, dropped = 0;

    for (int i = 0; i < nr; i++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(poly, i);
        size_t n = (size_t)OGR_G_GetPointCount(ring);
        reserve(a, n);
        OGR_G_GetPoints(ring, a->xy + 2 * a->n_pts, 16, a->xy + 2 * a->n_pts + 1, 16, NULL, 0);
        if (ring_commit(a, n))
            kept++;
        else if (i == 0)
            return 1; /* shell collapsed: the polygon is gone, holes with it */
        else
            dropped = 1;
    }
    if (kept > 0) {
        reserve(a, 0);
        a->poly_nrings[a->n_polys++] = kept;
    }
    return dropped;
}

enum import_geom_status
import_geom_read(struct import_arena *a, OGRGeometryH g, struct import_slice *s)
{
    OGRGeometryH lin = NULL;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int dropped = 0;

    slice_begin(a, s);
    if (t == wkbCurvePolygon || t == wkbMultiSurface) {
        lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        g = lin;
        t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
    }
    if (t == wkbPolygon) {
        dropped = read_polygon(a, g);
    } else if (t == wkbMultiPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            dropped |= read_polygon(a, OGR_G_GetGeometryRef(g, i));
    } else {
        OGR_G_DestroyGeometry(lin);
        return IMPORT_GEOM_NOT_POLYGON;
    }
    OGR_G_DestroyGeometry(lin);
    slice_end(a, s);
    if (s->n_polys == 0)
        return IMPORT_GEOM_EMPTY;
    return dropped ? IMPORT_GEOM_REPAIRED : IMPORT_GEOM_OK;
}

static GEOSGeometry *
geos_ring(GEOSContextHandle_t gc, const double *xy, int n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(gc, xy, (unsigned)n, 0, 0);

    return cs ? GEOSGeom_createLinearRing_r(gc, cs) : NULL;
}

/* The slices as one GEOS MultiPolygon (owned by the caller), or NULL. */
static GEOSGeometry *
to_geos(GEOSContextHandle_t gc, const struct import_arena *a, const struct import_slice *sl,
        size_t n)
{
    size_t np = 0, k = 0;
    GEOSGeometry **polys, *mp;

    for (size_t i = 0; i < n; i++)
        np += sl[i].n_polys;
    polys = cm_xcalloc(np ? np : 1, sizeof *polys);
    for (size_t i = 0; i < n; i++) {
        size_t r = sl[i].ring0, pt = sl[i].pt0;
        for (size_t p = sl[i].poly0; p < sl[i].poly0 + sl[i].n_polys; p++) {
            int nr = a->poly_nrings[p];
            GEOSGeometry *shell, **holes = cm_xcalloc((size_t)nr, sizeof *holes);
            shell = geos_ring(gc, a->xy + 2 * pt, a->ring_npts[r]);
            pt += (size_t)a->ring_npts[r++];
            for (int h = 1; h < nr; h++) {
                holes[h - 1] = geos_ring(gc, a->xy + 2 * pt, a->ring_npts[r]);
                pt += (size_t)a->ring_npts[r++];
            }
            polys[k++] = GEOSGeom_createPolygon_r(gc, shell, holes, (unsigned)(nr - 1));
            free(holes);
        }
    }
    mp = GEOSGeom_createCollection_r(gc, GEOS_MULTIPOLYGON, polys, (unsigned)np);
    free(polys);
    return mp;
}

static void
append_ring(GEOSContextHandle_t gc, struct import_arena *a, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(gc, ring);
    unsigned int n = 0;

    if (cs == NULL || !GEOSCoordSeq_getSize_r(gc, cs, &n) || n < 4)
        return;
    reserve(a, n);
    GEOSCoordSeq_copyToBuffer_r(gc, cs, a->xy + 2 * a->n_pts, 0, 0);
    a->ring_npts[a->n_rings++] = (int)n;
    a->n_pts += n;
}

/* Append the polygonal parts of g (any nesting of collections); lines and points are dropped. */
static void
append_polygonal(GEOSContextHandle_t gc, struct import_arena *a, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(gc, g);

    if (t == GEOS_POLYGON && !GEOSisEmpty_r(gc, g)) {
        size_t r0 = a->n_rings;
        int nh = GEOSGetNumInteriorRings_r(gc, g);
        append_ring(gc, a, GEOSGetExteriorRing_r(gc, g));
        if (a->n_rings == r0)
            return;
        for (int h = 0; h < nh; h++)
            append_ring(gc, a, GEOSGetInteriorRingN_r(gc, g, h));
        reserve(a, 0);
        a->poly_nrings[a->n_polys++] = (int)(a->n_rings - r0);
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(gc, g); i++)
            append_polygonal(gc, a, GEOSGetGeometryN_r(gc, g, i));
    }
}

/* MakeValid with the "structure" method: overlapping and adjacent shells are merged, holes
 * subtracted, collapsed parts dropped (the "linework" method would XOR overlaps). */
static GEOSGeometry *
make_valid(GEOSContextHandle_t gc, const GEOSGeometry *g)
{
    GEOSMakeValidParams *p = GEOSMakeValidParams_create_r(gc);
    GEOSGeometry *v;

    GEOSMakeValidParams_setMethod_r(gc, p, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(gc, p, 0);
    v = GEOSMakeValidWithParams_r(gc, g, p);
    GEOSMakeValidParams_destroy_r(gc, p);
    return v;
}

/* Orientation of c against a->b, 0 when too close to call in double precision. */
static int
orient(const double *a, const double *b, const double *c)
{
    double ux = b[0] - a[0], uy = b[1] - a[1], vx = c[0] - a[0], vy = c[1] - a[1];
    double cross = ux * vy - uy * vx;
    double eps = 1e-12 * (fabs(ux) + fabs(uy)) * (fabs(vx) + fabs(vy));

    return cross > eps ? 1 : cross < -eps ? -1 : 0;
}

#define FAST_RING_MAX 64

/* 1 when the closed ring certainly has no repeated point, no spike, no self-intersection or
 * self-touching: then a one-ring polygon is valid and GEOS need not look (most contours).
 * 0 means "not sure": GEOS decides. */
static int
ring_surely_simple(const double *xy, int n)
{
    int m = n - 1; /* segments */

    if (m < 3 || m > FAST_RING_MAX)
        return 0;
    for (int i = 0; i < m; i++) {
        const double *a = xy + 2 * i, *b = a + 2, *c = i + 2 <= m ? b + 2 : xy + 2;
        if ((a[0] == b[0] && a[1] == b[1]) || orient(a, b, c) == 0)
            return 0; /* repeated point, or collinear turn (maybe a spike) */
    }
    for (int i = 0; i < m; i++) {
        const double *p1 = xy + 2 * i, *p2 = p1 + 2;
        for (int j = i + 2; j < m; j++) {
            const double *p3 = xy + 2 * j, *p4 = p3 + 2;
            if (i == 0 && j == m - 1)
                continue; /* adjacent through the closing point */
            if (fmax(p1[0], p2[0]) < fmin(p3[0], p4[0]) || fmax(p3[0], p4[0]) < fmin(p1[0], p2[0])
                || fmax(p1[1], p2[1]) < fmin(p3[1], p4[1])
                || fmax(p3[1], p4[1]) < fmin(p1[1], p2[1]))
                continue;
            int d1 = orient(p3, p4, p1), d2 = orient(p3, p4, p2);
            int d3 = orient(p1, p2, p3), d4 = orient(p1, p2, p4);
            if (d1 == 0 || d2 == 0 || d3 == 0 || d4 == 0 || (d1 != d2 && d3 != d4))
                return 0;
        }
    }
    return 1;
}

/* Validate slices; when invalid, append the repaired version as *out. Returns the status. */
static enum import_geom_status
check_slices(GEOSContextHandle_t gc, struct import_arena *a, const struct import_slice *sl,
             size_t n, struct import_slice *out)
{
    GEOSGeometry *g, *v = NULL;
    char valid;

    if (n == 1 && sl->n_polys == 1 && sl->n_rings == 1
        && ring_surely_simple(a->xy + 2 * sl->pt0, a->ring_npts[sl->ring0]))
        return IMPORT_GEOM_OK;
    g = to_geos(gc, a, sl, n);
    valid = g ? GEOSisValid_r(gc, g) : 0;

    if (valid == 1) {
        GEOSGeom_destroy_r(gc, g);
        return IMPORT_GEOM_OK;
    }
    if (g != NULL)
        v = make_valid(gc, g);
    slice_begin(a, out);
    if (v != NULL)
        append_polygonal(gc, a, v);
    slice_end(a, out);
    GEOSGeom_destroy_r(gc, g);
    GEOSGeom_destroy_r(gc, v);
    return out->n_polys ? IMPORT_GEOM_REPAIRED : IMPORT_GEOM_EMPTY;
}

enum import_geom_status
import_geom_check(GEOSContextHandle_t gc, struct import_arena *a, struct import_slice *s)
{
    struct import_slice fixed;
    enum import_geom_status st = check_slices(gc, a, s, 1, &fixed);
    size_t np = fixed.n_pts;

    if (st == IMPORT_GEOM_OK)
        return st;
    /* move the repaired copy down over the original, which is the arena's last slice */
    memmove(a->xy + 2 * s->pt0, a->xy + 2 * fixed.pt0, 2 * np * sizeof *a->xy);
    memmove(a->ring_npts + s->ring0, a->ring_npts + fixed.ring0,
            fixed.n_rings * sizeof *a->ring_npts);
    memmove(a->poly_nrings + s->poly0, a->poly_nrings + fixed.poly0,
            fixed.n_polys * sizeof *a->poly_nrings);
    s->n_polys = fixed.n_polys, s->n_rings = fixed.n_rings, s->n_pts = np;
    a->n_polys = s->poly0 + s->n_polys;
    a->n_rings = s->ring0 + s->n_rings;
    a->n_pts = s->pt0 + s->n_pts;
    return st;
}

enum import_geom_status
import_geom_gather(GEOSContextHandle_t gc, struct import_arena *a, const struct import_slice *parts,
                   size_t n, struct import_slice *out)
{
    enum import_geom_status st = check_slices(gc, a, parts, n, out);

    if (st != IMPORT_GEOM_OK)
        return st;
    /* the parts together are already a valid MultiPolygon: copy them side by side */
    slice_begin(a, out);
    for (size_t i = 0; i < n; i++) {
        const struct import_slice *p = &parts[i];
        size_t r = p->ring0, pt = p->pt0;
        for (size_t k = p->poly0; k < p->poly0 + p->n_polys; k++) {
            int nr = a->poly_nrings[k];
            for (int j = 0; j < nr; j++, r++) {
                size_t np = (size_t)a->ring_npts[r];
                reserve(a, np);
                memcpy(a->xy + 2 * a->n_pts, a->xy + 2 * pt, 2 * np * sizeof *a->xy);
                a->ring_npts[a->n_rings++] = (int)np;
                a->n_pts += np;
                pt += np;
            }
            reserve(a, 0);
            a->poly_nrings[a->n_polys++] = nr;
        }
    }
    slice_end(a, out);
    return IMPORT_GEOM_OK;
}
