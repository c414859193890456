/* gen_voronoi.c - Voronoi cells of the seeds with GEOS, clipped to the extent (import stage,
 * generator). GEOS returns cells in its own order: each cell is given back to its seed as the
 * seed nearest to an interior point (the mean of its vertices; cells are convex). */
#include "gen_int.h"

#include "cm_buf.h"

#include <geos_c.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
geos_msg(const char *msg, void *userdata)
{
    char *buf = userdata;

    if (buf[0] == '\0')
        snprintf(buf, 256, "%s", msg);
}

/* Rings of the clipped cells in GEOS order, with the owner seed of each. */
struct ring_set {
    long n, len, cap;
    long *off;  /* n + 1 */
    long *owner;
    double *xy;
};

static void
ring_add(struct ring_set *rs, const double *xy, long npts, long owner)
{
    if (rs->len + npts > rs->cap) {
        rs->cap = (long)cm_grow((size_t)rs->cap, (size_t)(rs->len + npts));
        rs->xy = cm_xreallocarray(rs->xy, (size_t)rs->cap, 2 * sizeof *rs->xy);
    }
    memcpy(rs->xy + 2 * rs->len, xy, (size_t)npts * 2 * sizeof *xy);
    rs->len += npts;
    rs->owner[rs->n] = owner;
    rs->off[++rs->n] = rs->len;
}

/* Clip one cell, find its seed, append it. */
static int
take_cell(GEOSContextHandle_t h, const GEOSGeometry *cell, const struct gen_grid *grid,
          struct ring_set *rs, double **buf, unsigned *bufcap, struct cm_err *err)
{
    GEOSGeometry *c = GEOSClipByRect_r(h, cell, GEN_XMIN, GEN_YMIN, GEN_XMAX, GEN_YMAX);
    const GEOSCoordSequence *cs;
    unsigned npts = 0;
    double mx = 0, my = 0;
    int rc = CM_OK;

    if (c == NULL || GEOSGeomTypeId_r(h, c) != GEOS_POLYGON
        || (cs = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, c))) == NULL
        || !GEOSCoordSeq_getSize_r(h, cs, &npts) || npts < 4) {
        rc = cm_err_set(err, CM_EIO, "Voronoi: a clipped cell is not a simple polygon");
        goto out;
    }
    if (npts > *bufcap) {
        *bufcap = npts;
        *buf = cm_xreallocarray(*buf, npts, 2 * sizeof **buf);
    }
    GEOSCoordSeq_copyToBuffer_r(h, cs, *buf, 0, 0);
    for (unsigned k = 0; k + 1 < npts; k++)
        mx += (*buf)[2 * k], my += (*buf)[2 * k + 1];
    ring_add(rs, *buf, npts, gen_grid_nearest(grid, mx / (npts - 1), my / (npts - 1)));
out:
    GEOSGeom_destroy_r(h, c);
    return rc;
}

/* Reorder the rings by owner seed; every seed must own exactly one cell. */
static int
rings_by_seed(const struct ring_set *rs, long n, struct gen_cells *out, struct cm_err *err)
{
    long *where = cm_xcalloc((size_t)n, sizeof *where), pos = 0;
    int rc = CM_OK;

    for (long i = 0; i < n; i++)
        where[i] = -1;
    for (long k = 0; k < rs->n; k++) {
        if (where[rs->owner[k]] >= 0) {
            rc = cm_err_set(err, CM_EIO, "Voronoi: seed %ld owns two cells", rs->owner[k]);
            goto out;
        }
        where[rs->owner[k]] = k;
    }
    out->n = n;
    out->off = cm_xcalloc((size_t)n + 1, sizeof *out->off);
    out->xy = cm_xcalloc((size_t)rs->len, 2 * sizeof *out->xy);
    for (long i = 0; i < n; i++) {
        long k = where[i], len = rs->off[k + 1] - rs->off[k];
        memcpy(out->xy + 2 * pos, rs->xy + 2 * rs->off[k], (size_t)len * 2 * sizeof *out->xy);
        pos += len;
        out->off[i + 1] = pos;
    }
out:
    free(where);
    return rc;
}

static GEOSGeometry *
multipoint(GEOSContextHandle_t h, const double *x, const double *y, long n)
{
    GEOSGeometry **pts = cm_xcalloc((size_t)n, sizeof *pts), *mp;

    for (long i = 0; i < n; i++)
        pts[i] = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
    mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)n);
    free(pts);
    return mp;
}

static void
whole_extent(struct gen_cells *out)
{
    static const double r[] = {GEN_XMIN, GEN_YMIN, GEN_XMIN, GEN_YMAX, GEN_XMAX, GEN_YMAX,
                               GEN_XMAX, GEN_YMIN, GEN_XMIN, GEN_YMIN};
    out->n = 1;
    out->off = cm_xcalloc(2, sizeof *out->off);
    out->off[1] = 5;
    out->xy = cm_xcalloc(10, sizeof *out->xy);
    memcpy(out->xy, r, sizeof r);
}

int
gen_voronoi(const double *x, const double *y, long n, const char *label, int quiet,
            struct gen_cells *out, struct cm_err *err)
{
    char msg[256] = "";
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry *mp = NULL, *env = NULL, *vor = NULL;
    struct gen_grid *grid = NULL;
    struct ring_set rs = {0};
    struct cm_progress pg;
    double *buf = NULL;
    unsigned bufcap = 0;
    int rc = CM_OK, ng;

    memset(out, 0, sizeof *out);
    if (n == 1) {
        whole_extent(out);
        goto out;
    }
    GEOSContext_setErrorMessageHandler_r(h, geos_msg, msg);
    mp = multipoint(h, x, y, n);
    env = GEOSGeom_createRectangle_r(h, GEN_XMIN, GEN_YMIN, GEN_XMAX, GEN_YMAX);
    cm_progress_start(&pg, label, n, quiet);
    cm_progress_update(&pg, 0);
    if (mp == NULL || env == NULL || (vor = GEOSVoronoiDiagram_r(h, mp, env, 0.0, 0)) == NULL
        || (ng = GEOSGetNumGeometries_r(h, vor)) != n) {
        rc = cm_err_set(err, CM_EIO, "Voronoi of %ld seeds failed: %s", n,
                        msg[0] ? msg : "wrong cell count");
        goto out;
    }
    grid = gen_grid_new(x, y, NULL, n);
    rs.off = cm_xcalloc((size_t)n + 1, sizeof *rs.off);
    rs.owner = cm_xcalloc((size_t)n, sizeof *rs.owner);
    for (int k = 0; k < ng && rc == CM_OK; k++) {
        rc = take_cell(h, GEOSGetGeometryN_r(h, vor, k), grid, &rs, &buf, &bufcap, err);
        if ((k & 1023) == 0)
            cm_progress_update(&pg, k);
    }
    cm_progress_end(&pg);
    if (rc == CM_OK)
        rc = rings_by_seed(&rs, n, out, err);
out:
    free(buf);
    free(rs.off), free(rs.owner), free(rs.xy);
    gen_grid_free(grid);
    GEOSGeom_destroy_r(h, vor);
    GEOSGeom_destroy_r(h, env);
    GEOSGeom_destroy_r(h, mp);
    GEOS_finish_r(h);
    return rc;
}

double
gen_cell_area(const struct gen_cells *c, long i)
{
    const double *p = c->xy + 2 * c->off[i];
    long n = c->off[i + 1] - c->off[i];
    double s = 0;

    for (long k = 0; k + 1 < n; k++)
        s += (p[2 * k] - p[0]) * (p[2 * k + 3] - p[1])
             - (p[2 * k + 2] - p[0]) * (p[2 * k + 1] - p[1]);
    return fabs(s) / 2;
}

void
gen_cells_free(struct gen_cells *c)
{
    free(c->off);
    free(c->xy);
    memset(c, 0, sizeof *c);
}
