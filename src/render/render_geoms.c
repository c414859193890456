/* render_geoms.c - geometry cache: projection once, simplification once per zoom, grid index
 * (render layer). Levels are built lazily under a per-level mutex and published with an
 * atomic flag, so concurrent tile threads never redo or race on the same work. */
#include "render_int.h"

#include "cm_buf.h"
#include "cm_hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A ring below this many square pixels covers under 2% of one pixel: not worth a path. */
#define MIN_RING_PX2 0.02
/* Vertices snap to a grid of this many pixels of their zoom level. */
#define SIMPLIFY_PX 0.5

/* Signed area (shoelace) of n points, taken relative to the first to keep precision. */
static double
ring_area(const double *xy, size_t n)
{
    double a = 0.0, x0 = xy[0], y0 = xy[1];

    for (size_t i = 1; i + 1 < n; i++)
        a += (xy[2 * i] - x0) * (xy[2 * i + 3] - y0) - (xy[2 * i + 2] - x0) * (xy[2 * i + 1] - y0);
    return a / 2.0;
}

/* Simplification by snapping to a grid of tol metres (anchored at the projection's origin)
 * and dropping repeated points; tol = 0 only drops repeated points. Two neighbours that share
 * a border share its vertices, so they snap to the same chain: unlike distance-based
 * simplification (which depends on where each ring starts), no slivers open between them.
 * Returns the count of points kept in out. */
static size_t
ring_simplify(const double *in, size_t n, double tol, double *out)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        double x = in[2 * i], y = in[2 * i + 1];
        if (tol > 0) {
            x = round(x / tol) * tol;
            y = round(y / tol) * tol;
        }
        if (k > 0 && x == out[2 * k - 2] && y == out[2 * k - 1])
            continue;
        out[2 * k] = x;
        out[2 * k + 1] = y;
        k++;
    }
    while (k > 1 && out[2 * k - 2] == out[0] && out[2 * k - 1] == out[1])
        k--; /* the ring closes on its first point; closure is added by the caller */
    return k;
}

/* A ring too small to survive simplification but too big to ignore keeps 4 of its vertices
 * (a quad of about its size): dropping it would open holes in dense cities at low zoom. */
static size_t
ring_quad(const double *in, size_t n, double *out)
{
    size_t k = n < 4 ? n : 4;

    for (size_t j = 0; j < k; j++) {
        size_t i = j * n / k;
        out[2 * j] = in[2 * i];
        out[2 * j + 1] = in[2 * i + 1];
    }
    return k;
}

static void
reverse_points(double *xy, size_t n)
{
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        double tx = xy[2 * i], ty = xy[2 * i + 1];
        xy[2 * i] = xy[2 * j];
        xy[2 * i + 1] = xy[2 * j + 1];
        xy[2 * j] = tx;
        xy[2 * j + 1] = ty;
    }
}

/* Simplify every ring of in into out (closed rings). hole (per ring of in, or NULL) asks for
 * orientation fixing: exteriors positive, holes negative, so one non-zero fill of many areas
 * still shows holes. */
static void
level_build(struct geoms_level *out, const struct geoms_level *in, size_t n_areas, double tol,
            const unsigned char *hole)
{
    double min_area = MIN_RING_PX2 * (tol / SIMPLIFY_PX) * (tol / SIMPLIFY_PX);
    size_t cap = in->n_pts + in->n_rings;

    out->xy = cm_xcalloc(cap ? 2 * cap : 2, sizeof *out->xy);
    out->ring_pt0 = cm_xcalloc(in->n_rings + 1, sizeof *out->ring_pt0);
    out->area_ring0 = cm_xcalloc(n_areas + 1, sizeof *out->area_ring0);
    out->n_pts = out->n_rings = 0;
    for (size_t a = 0; a < n_areas; a++) {
        out->area_ring0[a] = (uint32_t)out->n_rings;
        for (uint32_t r = in->area_ring0[a]; r < in->area_ring0[a + 1]; r++) {
            const double *src = in->xy + 2 * (size_t)in->ring_pt0[r];
            size_t n = in->ring_pt0[r + 1] - in->ring_pt0[r], k;
            double *dst = out->xy + 2 * out->n_pts, area;

            if (n >= 2 && src[0] == src[2 * n - 2] && src[1] == src[2 * n - 1])
                n--; /* drop the closing point; it is re-added below */
            if (n < 3)
                continue;
            k = ring_simplify(src, n, tol, dst);
            if (k < 3) {
                if (fabs(ring_area(src, n)) < min_area)
                    continue;
                k = ring_quad(src, n, dst);
                if (k < 3)
                    continue;
            }
            area = ring_area(dst, k);
            if (hole && (hole[r] ? area > 0 : area < 0))
                reverse_points(dst, k);
            dst[2 * k] = dst[0];
            dst[2 * k + 1] = dst[1];
            out->ring_pt0[out->n_rings++] = (uint32_t)out->n_pts;
            out->n_pts += k + 1;
        }
    }
    out->area_ring0[n_areas] = (uint32_t)out->n_rings;
    out->ring_pt0[out->n_rings] = (uint32_t)out->n_pts;
    out->xy = cm_xreallocarray(out->xy, out->n_pts ? 2 * out->n_pts : 2, sizeof *out->xy);
}

static void
level_free(struct geoms_level *l)
{
    free(l->xy);
    free(l->ring_pt0);
    free(l->area_ring0);
    l->xy = NULL;
    l->ring_pt0 = l->area_ring0 = NULL;
}

const struct geoms_level *
render_geoms_level(const struct render_geoms *g, int z)
{
    struct geoms_level *l;

    z = z < 0 ? 0 : z > RENDER_ZMAX ? RENDER_ZMAX : z;
    l = &g->levels[z];
    if (atomic_load_explicit(&l->ready, memory_order_acquire))
        return l;
    pthread_mutex_lock(&l->lock);
    if (!atomic_load_explicit(&l->ready, memory_order_relaxed)) {
        level_build(l, &g->full, g->n_areas, SIMPLIFY_PX * render_resolution(z), NULL);
        atomic_store_explicit(&l->ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&l->lock);
    return l;
}

void
render_geoms_prepare(const struct render_geoms *g, int z0, int z1)
{
    for (int z = z0; z <= z1; z++)
        (void)render_geoms_level(g, z);
}

/* Check the offsets of src before reading through them. */
static int
src_check(const struct render_geoms_src *src, struct cm_err *err)
{
    size_t n_rings, n_pts;

    if (src->n_areas >= UINT32_MAX)
        return cm_err_set(err, CM_EINPUT, "geometry: too many areas (%zu)", src->n_areas);
    if (src->n_areas && (src->area_ring0 == NULL || src->ring_pt0 == NULL || src->codes == NULL))
        return cm_err_set(err, CM_EINPUT, "geometry: missing arrays");
    if (src->n_areas == 0)
        return CM_OK;
    for (size_t i = 0; i < src->n_areas; i++) {
        if (src->area_ring0[i] > src->area_ring0[i + 1])
            return cm_err_set(err, CM_EINPUT, "geometry: area %s: bad ring offsets",
                              src->codes[i]);
    }
    n_rings = src->area_ring0[src->n_areas];
    for (size_t r = 0; r < n_rings; r++) {
        if (src->ring_pt0[r] > src->ring_pt0[r + 1])
            return cm_err_set(err, CM_EINPUT, "geometry: ring %zu: bad point offsets", r);
    }
    n_pts = src->ring_pt0[n_rings];
    if (n_pts + n_rings >= UINT32_MAX || (n_pts && src->lonlat == NULL))
        return cm_err_set(err, CM_EINPUT, "geometry: %zu points: too many or missing", n_pts);
    for (size_t i = 0; i < src->n_areas; i++)
        for (size_t p = src->ring_pt0[src->area_ring0[i]]; p < src->ring_pt0[src->area_ring0[i + 1]];
             p++)
            if (!isfinite(src->lonlat[2 * p]) || !isfinite(src->lonlat[2 * p + 1]))
                return cm_err_set(err, CM_EINPUT, "geometry: area %s: coordinate is not a number",
                                  src->codes[i]);
    return CM_OK;
}

/* Projected copy of the input with the same structure, as a level to simplify from. */
static void
src_project(const struct render_geoms_src *src, struct geoms_level *raw)
{
    size_t n_rings = src->n_areas ? src->area_ring0[src->n_areas] : 0;
    size_t n_pts = n_rings ? src->ring_pt0[n_rings] : 0, r0 = n_rings ? src->ring_pt0[0] : 0;

    raw->n_rings = n_rings;
    raw->n_pts = n_pts - r0;
    raw->xy = cm_xcalloc(raw->n_pts ? 2 * raw->n_pts : 2, sizeof *raw->xy);
    raw->ring_pt0 = cm_xcalloc(n_rings + 1, sizeof *raw->ring_pt0);
    raw->area_ring0 = cm_xcalloc(src->n_areas + 1, sizeof *raw->area_ring0);
    for (size_t i = 0; i <= src->n_areas; i++)
        raw->area_ring0[i] = (uint32_t)(src->area_ring0[i] - src->area_ring0[0]);
    for (size_t r = 0; r <= n_rings; r++)
        raw->ring_pt0[r] = (uint32_t)(src->ring_pt0[r] - r0);
    for (size_t p = 0; p < raw->n_pts; p++)
        render_lonlat_to_3857(src->lonlat[2 * (p + r0)], src->lonlat[2 * (p + r0) + 1],
                              &raw->xy[2 * p], &raw->xy[2 * p + 1]);
}

/* Per-area bounding boxes, label points and the overall extent, from the full level. */
static void
areas_measure(struct render_geoms *g)
{
    const struct geoms_level *l = &g->full;
    int first = 1;

    for (size_t a = 0; a < g->n_areas; a++) {
        struct render_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        double best = -1.0;
        for (uint32_t r = l->area_ring0[a]; r < l->area_ring0[a + 1]; r++) {
            const double *xy = l->xy + 2 * (size_t)l->ring_pt0[r];
            size_t n = l->ring_pt0[r + 1] - l->ring_pt0[r];
            double area = ring_area(xy, n), cx = 0.0, cy = 0.0;
            for (size_t i = 0; i < n; i++) {
                b.minx = fmin(b.minx, xy[2 * i]);
                b.maxx = fmax(b.maxx, xy[2 * i]);
                b.miny = fmin(b.miny, xy[2 * i + 1]);
                b.maxy = fmax(b.maxy, xy[2 * i + 1]);
            }
            if (fabs(area) <= best)
                continue;
            best = fabs(area);
            /* centroid of a closed ring, relative to its first point */
            for (size_t i = 0; i + 1 < n; i++) {
                double x0 = xy[2 * i] - xy[0], y0 = xy[2 * i + 1] - xy[1];
                double x1 = xy[2 * i + 2] - xy[0], y1 = xy[2 * i + 3] - xy[1];
                double c = x0 * y1 - x1 * y0;
                cx += (x0 + x1) * c;
                cy += (y0 + y1) * c;
            }
            g->label_xy[2 * a] = area != 0.0 ? xy[0] + cx / (6.0 * area) : xy[0];
            g->label_xy[2 * a + 1] = area != 0.0 ? xy[1] + cy / (6.0 * area) : xy[1];
        }
        if (best < 0.0)
            b = (struct render_bbox){0, 0, 0, 0}; /* no ring: an empty box nothing meets */
        else if (first) {
            g->extent = b;
            first = 0;
        } else {
            g->extent.minx = fmin(g->extent.minx, b.minx);
            g->extent.miny = fmin(g->extent.miny, b.miny);
            g->extent.maxx = fmax(g->extent.maxx, b.maxx);
            g->extent.maxy = fmax(g->extent.maxy, b.maxy);
        }
        g->bbox[a] = b;
    }
}

static long
grid_col(const struct geoms_grid *gr, double x)
{
    long c = (long)floor((x - gr->x0) / gr->cell);
    return c < 0 ? 0 : c >= gr->nx ? gr->nx - 1 : c;
}

static long
grid_row(const struct geoms_grid *gr, double y)
{
    long c = (long)floor((y - gr->y0) / gr->cell);
    return c < 0 ? 0 : c >= gr->ny ? gr->ny - 1 : c;
}

/* About one cell per area, at most 2048 x 2048: a tile meets few cells and few areas each. */
static void
grid_build(struct render_geoms *g)
{
    struct geoms_grid *gr = &g->grid;
    double w = g->extent.maxx - g->extent.minx, h = g->extent.maxy - g->extent.miny;
    size_t n_cells, total = 0;
    uint32_t *fill = NULL;

    gr->x0 = g->extent.minx;
    gr->y0 = g->extent.miny;
    gr->cell = sqrt(fmax(w * h, 1.0) / (double)(g->n_areas ? g->n_areas : 1));
    gr->cell = fmax(gr->cell, fmax(w, h) / 2048.0);
    gr->cell = fmax(gr->cell, 1.0);
    gr->nx = (long)(w / gr->cell) + 1;
    gr->ny = (long)(h / gr->cell) + 1;
    n_cells = (size_t)gr->nx * (size_t)gr->ny;
    gr->start = cm_xcalloc(n_cells + 1, sizeof *gr->start);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t a = 0; a < g->n_areas; a++) {
            const struct render_bbox *b = &g->bbox[a];
            if (b->maxx <= b->minx && b->maxy <= b->miny)
                continue;
            for (long r = grid_row(gr, b->miny); r <= grid_row(gr, b->maxy); r++)
                for (long c = grid_col(gr, b->minx); c <= grid_col(gr, b->maxx); c++) {
                    size_t cell = (size_t)r * (size_t)gr->nx + (size_t)c;
                    if (pass == 0)
                        gr->start[cell + 1]++;
                    else
                        gr->ids[fill[cell]++] = (uint32_t)a;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < n_cells; c++)
                gr->start[c + 1] += gr->start[c];
            total = gr->start[n_cells];
            gr->ids = cm_xcalloc(total ? total : 1, sizeof *gr->ids);
            fill = cm_xcalloc(n_cells, sizeof *fill);
            memcpy(fill, gr->start, n_cells * sizeof *fill);
        }
    }
    free(fill);
}

/* by_code: an open-addressing hash of the codes, at most half full (slot = area index + 1,
 * 0 = empty; a repeated code keeps its first area). Every layer join and print looks up each
 * bureau once: 70,000 binary searches took 0.02 s of a 0.6 s print. */
static void
codes_index(struct render_geoms *g)
{
    size_t cap = 16;

    while (cap < 2 * g->n_areas)
        cap *= 2;
    g->by_code = cm_xcalloc(cap, sizeof *g->by_code);
    g->n_slots = cap;
    for (size_t i = 0; i < g->n_areas; i++) {
        size_t *slot = cm_slot_find(g->by_code, cap, g->codes[0], sizeof g->codes[0], g->codes[i]);
        if (*slot == 0)
            *slot = i + 1;
    }
}

int
render_geoms_new(const struct render_geoms_src *src, struct render_geoms **out,
                 struct cm_err *err)
{
    struct geoms_level raw = {0};
    struct render_geoms *g;
    int rc;

    *out = NULL;
    if ((rc = src_check(src, err)) != CM_OK)
        return rc;
    g = cm_xcalloc(1, sizeof *g);
    g->n_areas = src->n_areas;
    g->codes = cm_xcalloc(g->n_areas ? g->n_areas : 1, sizeof *g->codes);
    g->bbox = cm_xcalloc(g->n_areas ? g->n_areas : 1, sizeof *g->bbox);
    g->label_xy = cm_xcalloc(g->n_areas ? 2 * g->n_areas : 2, sizeof *g->label_xy);
    g->levels = cm_xcalloc(RENDER_ZMAX + 1, sizeof *g->levels);
    for (int z = 0; z <= RENDER_ZMAX; z++)
        pthread_mutex_init(&g->levels[z].lock, NULL);
    for (size_t i = 0; i < g->n_areas; i++) {
        memcpy(g->codes[i], src->codes[i], sizeof g->codes[i]);
        g->codes[i][10] = '\0';
    }
    src_project(src, &raw);
    level_build(&g->full, &raw, g->n_areas, 0.0,
                src->ring_hole ? src->ring_hole + src->area_ring0[0] : NULL);
    level_free(&raw);
    areas_measure(g);
    grid_build(g);
    codes_index(g);
    *out = g;
    return CM_OK;
}

void
render_geoms_free(struct render_geoms *g)
{
    if (g == NULL)
        return;
    for (int z = 0; z <= RENDER_ZMAX; z++) {
        level_free(&g->levels[z]);
        pthread_mutex_destroy(&g->levels[z].lock);
    }
    level_free(&g->full);
    free(g->levels);
    free(g->grid.start);
    free(g->grid.ids);
    free(g->codes);
    free(g->by_code);
    free(g->bbox);
    free(g->label_xy);
    free(g);
}

size_t
render_geoms_count(const struct render_geoms *g)
{
    return g->n_areas;
}

const char *
render_geoms_code(const struct render_geoms *g, size_t i)
{
    return g->codes[i];
}

long
render_geoms_find(const struct render_geoms *g, const char *code)
{
    size_t *slot = cm_slot_find(g->by_code, g->n_slots, g->codes[0], sizeof g->codes[0], code);

    return (long)*slot - 1;
}

struct render_bbox
render_geoms_extent(const struct render_geoms *g)
{
    return g->extent;
}

struct render_bbox
render_geoms_area_bbox(const struct render_geoms *g, size_t i)
{
    return g->bbox[i];
}

void
render_geoms_label_point(const struct render_geoms *g, size_t i, double *x, double *y)
{
    *x = g->label_xy[2 * i];
    *y = g->label_xy[2 * i + 1];
}

size_t
render_geoms_query(const struct render_geoms *g, const struct render_bbox *b, uint32_t **ids_out)
{
    const struct geoms_grid *gr = &g->grid;
    size_t n = 0, cap = 0;
    uint32_t *ids = NULL;
    long c0, c1, r0, r1;

    *ids_out = NULL;
    if (g->n_areas == 0 || !render_bbox_intersects(b, &g->extent))
        return 0;
    c0 = grid_col(gr, b->minx), c1 = grid_col(gr, b->maxx);
    r0 = grid_row(gr, b->miny), r1 = grid_row(gr, b->maxy);
    for (long r = r0; r <= r1; r++)
        for (long c = c0; c <= c1; c++) {
            size_t cell = (size_t)r * (size_t)gr->nx + (size_t)c;
            for (uint32_t k = gr->start[cell]; k < gr->start[cell + 1]; k++) {
                uint32_t a = gr->ids[k];
                const struct render_bbox *ab = &g->bbox[a];
                /* report an area once: in the first cell of the query that it occupies */
                long ac = grid_col(gr, ab->minx), ar = grid_row(gr, ab->miny);
                if ((ac > c0 ? ac : c0) != c || (ar > r0 ? ar : r0) != r)
                    continue;
                if (!render_bbox_intersects(ab, b))
                    continue;
                if (n == cap) {
                    cap = cm_grow(cap, n + 1);
                    ids = cm_xreallocarray(ids, cap, sizeof *ids);
                }
                ids[n++] = a;
            }
        }
    *ids_out = ids; /* grid order: fixed for a given box, so tiles stay byte-identical */
    return n;
}

int
render_geoms_any(const struct render_geoms *g, const struct render_bbox *b)
{
    const struct geoms_grid *gr = &g->grid;

    if (g->n_areas == 0 || !render_bbox_intersects(b, &g->extent))
        return 0;
    for (long r = grid_row(gr, b->miny); r <= grid_row(gr, b->maxy); r++)
        for (long c = grid_col(gr, b->minx); c <= grid_col(gr, b->maxx); c++) {
            size_t cell = (size_t)r * (size_t)gr->nx + (size_t)c;
            for (uint32_t k = gr->start[cell]; k < gr->start[cell + 1]; k++)
                if (render_bbox_intersects(&g->bbox[gr->ids[k]], b))
                    return 1;
        }
    return 0;
}

size_t
render_geoms_ring_count(const struct render_geoms *g, int z, size_t i)
{
    const struct geoms_level *l = render_geoms_level(g, z);

    return l->area_ring0[i + 1] - l->area_ring0[i];
}

void
render_geoms_ring(const struct render_geoms *g, int z, size_t i, size_t k, const double **xy,
                  size_t *n)
{
    const struct geoms_level *l = render_geoms_level(g, z);
    uint32_t r = l->area_ring0[i] + (uint32_t)k;

    *xy = l->xy + 2 * (size_t)l->ring_pt0[r];
    *n = l->ring_pt0[r + 1] - l->ring_pt0[r];
}

size_t
render_geoms_level_points(const struct render_geoms *g, int z)
{
    return render_geoms_level(g, z)->n_pts;
}
