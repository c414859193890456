/* gen_adj.c - seed neighbours (cells sharing an edge = Delaunay edges, from GEOS) and group
 * contiguity (import stage, generator): detached pieces of a group join a neighbour. */
#include "gen_int.h"

#include "cm_buf.h"

#include <geos_c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seeds are whole metres in the extent: (x, y) packs into one key. */
struct seed_map {
    uint64_t *key; /* owned; 0 is empty */
    long *idx;     /* owned */
    uint64_t mask;
};

static uint64_t
pack(double x, double y)
{
    return ((uint64_t)x << 32) | (uint64_t)y;
}

static void
map_init(struct seed_map *m, const double *x, const double *y, long n)
{
    m->mask = 1;
    while (m->mask < 2 * (uint64_t)n)
        m->mask <<= 1;
    m->key = cm_xcalloc(m->mask, sizeof *m->key);
    m->idx = cm_xcalloc(m->mask, sizeof *m->idx);
    m->mask--;
    for (long i = 0; i < n; i++) {
        uint64_t k = pack(x[i], y[i]), h = k * 0x9e3779b97f4a7c15ULL >> 20;
        while (m->key[h & m->mask] != 0)
            h++;
        m->key[h & m->mask] = k, m->idx[h & m->mask] = i;
    }
}

static long
map_find(const struct seed_map *m, double x, double y)
{
    uint64_t k = pack(x, y), h = k * 0x9e3779b97f4a7c15ULL >> 20;

    for (; m->key[h & m->mask] != 0; h++) {
        if (m->key[h & m->mask] == k)
            return m->idx[h & m->mask];
    }
    return -1;
}

/* Edge endpoints as seed indices; CM_EIO if GEOS fails or moves a vertex. */
static int
delaunay_edges(GEOSContextHandle_t h, const GEOSGeometry *edges, const struct seed_map *m,
               long *ends, struct cm_err *err)
{
    int ne = GEOSGetNumGeometries_r(h, edges);

    for (int e = 0; e < ne; e++) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, GEOSGetGeometryN_r(h, edges, e));
        double xy[4];
        unsigned npts = 0;
        if (cs == NULL || !GEOSCoordSeq_getSize_r(h, cs, &npts) || npts != 2)
            return cm_err_set(err, CM_EIO, "Delaunay: edge %d is not a segment", e);
        GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0);
        ends[2 * e] = map_find(m, xy[0], xy[1]), ends[2 * e + 1] = map_find(m, xy[2], xy[3]);
        if (ends[2 * e] < 0 || ends[2 * e + 1] < 0)
            return cm_err_set(err, CM_EIO, "Delaunay: edge %d does not join two seeds", e);
    }
    return CM_OK;
}

/* Compressed lists from edge endpoints: neighbours of i are nb[start[i] .. start[i + 1]). */
static void
adj_build(struct gen_adj *a, long n, const long *ends, long ne)
{
    long *fill = cm_xcalloc((size_t)n, sizeof *fill);

    a->start = cm_xcalloc((size_t)n + 1, sizeof *a->start);
    a->nb = cm_xcalloc((size_t)(2 * ne) + 1, sizeof *a->nb);
    for (long e = 0; e < 2 * ne; e++)
        a->start[ends[e] + 1]++;
    for (long i = 0; i < n; i++)
        a->start[i + 1] += a->start[i];
    for (long e = 0; e < ne; e++) {
        long p = ends[2 * e], q = ends[2 * e + 1];
        a->nb[a->start[p] + fill[p]++] = q;
        a->nb[a->start[q] + fill[q]++] = p;
    }
    free(fill);
}

int
gen_adj_make(const double *x, const double *y, long n, struct gen_adj *out, struct cm_err *err)
{
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSGeometry **pts = cm_xcalloc((size_t)n, sizeof *pts), *mp = NULL, *edges = NULL;
    struct seed_map m = {0};
    long *ends = NULL, ne = 0;
    int rc = CM_OK;

    memset(out, 0, sizeof *out);
    for (long i = 0; i < n; i++)
        pts[i] = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
    mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)n);
    if (n > 1) {
        if (mp == NULL || (edges = GEOSDelaunayTriangulation_r(h, mp, 0.0, 1)) == NULL) {
            rc = cm_err_set(err, CM_EIO, "Delaunay triangulation of %ld seeds failed", n);
            goto out;
        }
        ne = GEOSGetNumGeometries_r(h, edges);
        ends = cm_xcalloc((size_t)(2 * ne) + 1, sizeof *ends);
        map_init(&m, x, y, n);
        if ((rc = delaunay_edges(h, edges, &m, ends, err)) != CM_OK)
            goto out;
    }
    adj_build(out, n, ends, ne);
out:
    free(pts), free(ends), free(m.key), free(m.idx);
    GEOSGeom_destroy_r(h, edges);
    GEOSGeom_destroy_r(h, mp);
    GEOS_finish_r(h);
    return rc;
}

void
gen_adj_free(struct gen_adj *a)
{
    free(a->start);
    free(a->nb);
    memset(a, 0, sizeof *a);
}

/* Grow each group from its root inside the group; what is not reached is detached. */
static void
reach(const struct gen_adj *a, long n, const int *label, const long *root, long nlab,
      char *settled)
{
    long *queue = cm_xcalloc((size_t)n, sizeof *queue), qh = 0, qt = 0;

    for (long l = 0; l < nlab; l++) {
        if (root[l] >= 0 && !settled[root[l]])
            settled[root[l]] = 1, queue[qt++] = root[l];
    }
    while (qh < qt) {
        long i = queue[qh++];
        for (long k = a->start[i]; k < a->start[i + 1]; k++) {
            long j = a->nb[k];
            if (!settled[j] && label[j] == label[i])
                settled[j] = 1, queue[qt++] = j;
        }
    }
    free(queue);
}

long
gen_contiguous(const struct gen_adj *a, long n, int *label, const long *root, long nlab,
               const int *zone)
{
    char *settled = cm_xcalloc((size_t)n, 1);
    long moved = 0;
    int changed = 1;

    reach(a, n, label, root, nlab, settled);
    while (changed) {
        changed = 0;
        for (long i = 0; i < n; i++) {
            for (long k = a->start[i]; !settled[i] && k < a->start[i + 1]; k++) {
                long j = a->nb[k];
                if (settled[j] && (zone == NULL || zone[j] == zone[i])) {
                    moved += label[i] != label[j];
                    label[i] = label[j], settled[i] = 1, changed = 1;
                }
            }
        }
    }
    free(settled);
    return moved;
}

void
gen_group_roots(const double *x, const double *y, long n, const int *label, const double *cx,
                const double *cy, long nlab, long *root)
{
    double *best = cm_xcalloc((size_t)nlab, sizeof *best);

    for (long l = 0; l < nlab; l++)
        root[l] = -1;
    for (long i = 0; i < n; i++) {
        long l = label[i];
        double d = (x[i] - cx[l]) * (x[i] - cx[l]) + (y[i] - cy[l]) * (y[i] - cy[l]);
        if (root[l] < 0 || d < best[l])
            root[l] = i, best[l] = d;
    }
    free(best);
}

void
gen_adj_quotient(const struct gen_adj *a, long n, const int *label, long nlab,
                 struct gen_adj *out)
{
    long *ends = cm_xcalloc((size_t)a->start[n] + 1, sizeof *ends), ne = 0;

    for (long i = 0; i < n; i++) {
        for (long k = a->start[i]; k < a->start[i + 1]; k++) {
            long j = a->nb[k];
            if (i < j && label[i] != label[j])
                ends[2 * ne] = label[i], ends[2 * ne + 1] = label[j], ne++;
        }
    }
    adj_build(out, nlab, ends, ne);
    free(ends);
}
