/* render_int.h - private to src/render/: the geometry cache's layout, shared by the drawing
 * code so that its inner loops read arrays directly. */
#ifndef RENDER_INT_H
#define RENDER_INT_H

#include "render_geoms.h"

#include <pthread.h>
#include <stdatomic.h>

/* One simplification level: closed rings of 3857 points, indexed per area. */
struct geoms_level {
    pthread_mutex_t lock; /* serialises the one-time build */
    atomic_int ready;     /* set (release) once the arrays below are final */
    double *xy;           /* owned: 2 per point */
    uint32_t *ring_pt0;   /* owned: n_rings + 1 */
    uint32_t *area_ring0; /* owned: n_areas + 1 */
    size_t n_pts, n_rings;
};

/* Uniform grid over the extent; cell c lists the areas whose bbox meets it (CSR layout). */
struct geoms_grid {
    double x0, y0, cell;
    long nx, ny;
    uint32_t *start; /* owned: nx * ny + 1 */
    uint32_t *ids;   /* owned */
};

struct render_geoms {
    size_t n_areas;
    char (*codes)[11];        /* owned */
    size_t *by_code;          /* owned: cm_slot_find slots over codes */
    size_t n_slots;
    struct render_bbox *bbox; /* owned: per area */
    double *label_xy;         /* owned: 2 per area */
    struct render_bbox extent;
    struct geoms_level full; /* exact projection, duplicates removed, oriented */
    struct geoms_level *levels; /* owned: RENDER_ZMAX + 1, built lazily (so mutable via const) */
    struct geoms_grid grid;
};

/* The level for zoom z, built on first use (thread-safe). */
const struct geoms_level *render_geoms_level(const struct render_geoms *g, int z);

#endif
