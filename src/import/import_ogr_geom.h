/* import_ogr_geom.h - polygon coordinates of the features being imported (import stage):
 * read from OGR into one growing arena, reprojected in place, checked and repaired with GEOS,
 * gathered per code. Slices of the arena are handed to the store as struct store_mpoly. */
#ifndef IMPORT_OGR_GEOM_H
#define IMPORT_OGR_GEOM_H

#include "store_contours.h"

#include <geos_c.h>
#include <ogr_api.h>
#include <stddef.h>

/* All coordinates of the import; the arrays are owned and grow by doubling. */
struct import_arena {
    double *xy;
    int *ring_npts, *poly_nrings;
    size_t n_pts, n_rings, n_polys, cap_pts, cap_rings, cap_polys;
};

/* One geometry's place in the arena: its polygons, rings and points are contiguous. */
struct import_slice {
    size_t poly0, ring0, pt0;
    size_t n_polys, n_rings, n_pts;
};

/* Outcome of reading or checking a geometry. */
enum import_geom_status {
    IMPORT_GEOM_OK,
    IMPORT_GEOM_REPAIRED,   /* degenerate rings dropped or MakeValid applied */
    IMPORT_GEOM_NOT_POLYGON,
    IMPORT_GEOM_EMPTY,      /* nothing polygonal left */
};

void import_arena_init(struct import_arena *a);
void import_arena_cleanup(struct import_arena *a);
/* Drop everything from slice s on (used to replace the last slice). */
void import_arena_truncate(struct import_arena *a, const struct import_slice *s);
/* The slice as a store MultiPolygon (pointers into the arena: valid until it grows). */
struct store_mpoly import_slice_mpoly(const struct import_arena *a, const struct import_slice *s);

/* Append the polygons of g (Polygon, MultiPolygon, curves linearised) as a new slice *s.
 * Rings are closed, rings of fewer than 4 points dropped (IMPORT_GEOM_REPAIRED). */
enum import_geom_status import_geom_read(struct import_arena *a, OGRGeometryH g,
                                         struct import_slice *s);

/* Check the last slice *s with GEOS; an invalid one is replaced by its MakeValid polygonal
 * part (IMPORT_GEOM_REPAIRED) or, when nothing is left, removed (IMPORT_GEOM_EMPTY). */
enum import_geom_status import_geom_check(GEOSContextHandle_t gc, struct import_arena *a,
                                          struct import_slice *s);

/* Gather slices parts[0..n-1] into one valid MultiPolygon appended as *out (adjacent or
 * overlapping parts are merged); IMPORT_GEOM_EMPTY when nothing polygonal is left. */
enum import_geom_status import_geom_gather(GEOSContextHandle_t gc, struct import_arena *a,
                                           const struct import_slice *parts, size_t n,
                                           struct import_slice *out);

#endif
