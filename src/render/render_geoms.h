/* render_geoms.h - geometry cache of the renderer (render layer: no SQL, no store).
 * Built once from plain lon/lat arrays, projected to EPSG:3857 once, simplified once per zoom
 * level on first use and kept (vertices snapped to a half-pixel grid, so neighbours keep one
 * common border; rings stay closed with >= 4 points; rings under 0.02 px^2 dropped, larger
 * sub-pixel ones kept as quads), with a grid index so a tile visits only the areas it meets.
 * Once built, a render_geoms is safe to read from many threads at once. */
#ifndef RENDER_GEOMS_H
#define RENDER_GEOMS_H

#include "cm_err.h"
#include "render_tile.h"

#include <stddef.h>
#include <stdint.h>

/* Input arrays, all borrowed: area i owns rings [area_ring0[i], area_ring0[i+1]), ring r owns
 * points [ring_pt0[r], ring_pt0[r+1]) of lonlat (lon, lat pairs in degrees, closed or not). */
struct render_geoms_src {
    size_t n_areas;
    const char (*codes)[11];        /* NUL-terminated codes, e.g. 75056_1907 */
    const size_t *area_ring0;       /* n_areas + 1 entries */
    const size_t *ring_pt0;         /* n_rings + 1 entries */
    const unsigned char *ring_hole; /* n_rings: 1 for an interior ring; NULL: all exterior */
    const double *lonlat;           /* 2 * n_points */
};

struct render_geoms;

/* Build the cache from src (copied); *out owned (render_geoms_free). Bad offsets: CM_EINPUT. */
int render_geoms_new(const struct render_geoms_src *src, struct render_geoms **out,
                     struct cm_err *err);
/* Free the cache; NULL is a no-op. */
void render_geoms_free(struct render_geoms *g);
/* Number of areas (same order as the input). */
size_t render_geoms_count(const struct render_geoms *g);
/* Code of area i (borrowed). */
const char *render_geoms_code(const struct render_geoms *g, size_t i);
/* Index of the area with this code, or -1. */
long render_geoms_find(const struct render_geoms *g, const char *code);
/* Extent of all areas in EPSG:3857 (all zero when empty). */
struct render_bbox render_geoms_extent(const struct render_geoms *g);
/* Bounding box of area i in EPSG:3857. */
struct render_bbox render_geoms_area_bbox(const struct render_geoms *g, size_t i);
/* Label anchor of area i in EPSG:3857 (centroid of its largest ring). */
void render_geoms_label_point(const struct render_geoms *g, size_t i, double *x, double *y);
/* Build the simplified levels z0..z1 now (otherwise built on first use). */
void render_geoms_prepare(const struct render_geoms *g, int z0, int z1);
/* Areas whose bounding box meets b, each once, in an order fixed for a given b;
 * *ids_out owned (free), NULL when none. */
size_t render_geoms_query(const struct render_geoms *g, const struct render_bbox *b,
                          uint32_t **ids_out);
/* 1 if any area's bounding box meets b (no allocation). */
int render_geoms_any(const struct render_geoms *g, const struct render_bbox *b);
/* Rings of area i kept at simplification level z. */
size_t render_geoms_ring_count(const struct render_geoms *g, int z, size_t i);
/* Points of ring k of area i at level z: *xy borrowed, closed (first == last), *n >= 4. */
void render_geoms_ring(const struct render_geoms *g, int z, size_t i, size_t k, const double **xy,
                       size_t *n);
/* Total points kept at level z (for logs and tests). */
size_t render_geoms_level_points(const struct render_geoms *g, int z);

#endif
