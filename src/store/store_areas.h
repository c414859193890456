/* store_areas.h - every bureau (or IRIS) outline as plain lon/lat arrays for the renderer
 * (store layer). Geometry blobs are parsed here, so callers see no SpatiaLite type. */
#ifndef STORE_AREAS_H
#define STORE_AREAS_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

/* All areas, sorted by code. Area i owns rings [area_ring0[i], area_ring0[i+1]); ring r owns
 * points [ring_pt0[r], ring_pt0[r+1]) of lonlat (closed rings, as stored). */
struct store_areas {
    size_t n_areas, n_rings, n_points;
    char (*codes)[11];        /* owned */
    size_t *area_ring0;       /* owned: n_areas + 1 */
    size_t *ring_pt0;         /* owned: n_rings + 1 */
    unsigned char *ring_hole; /* owned: n_rings; 1 for an interior ring */
    double *lonlat;           /* owned: 2 * n_points */
};

/* Load the outlines of kind "bureau" or "iris" into *out (cleanup with store_areas_cleanup).
 * A geometry that is not a (Multi)Polygon is CM_EINPUT naming the code. */
int store_areas_load(struct store *st, const char *kind, struct store_areas *out,
                     struct cm_err *err);
/* Release the arrays of a; safe on a zeroed struct. */
void store_areas_cleanup(struct store_areas *a);

#endif
