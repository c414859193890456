/* store_contours.h - contour sets, bureau and IRIS areas, commune rows (store layer).
 * Geometries arrive as plain coordinate arrays in EPSG:4326 (lon, lat) and are written as
 * SpatiaLite blobs directly: no WKT/WKB parse per row. Every call runs inside the caller's
 * store_begin ... store_commit transaction. */
#ifndef STORE_CONTOURS_H
#define STORE_CONTOURS_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

enum store_area_kind { STORE_BUREAU, STORE_IRIS };

/* A MultiPolygon as arrays (all borrowed): polygon p has poly_nrings[p] rings (shell first),
 * ring r has ring_npts[r] points, the points are xy[2k] = lon, xy[2k + 1] = lat. */
struct store_mpoly {
    int n_polys;
    const int *poly_nrings;
    const int *ring_npts;
    const double *xy;
};

struct store_contour_set {
    enum store_area_kind kind;
    const char *source, *sha256; /* borrowed */
    long year;                   /* 0: unknown (NULL) */
    const char *communes;        /* borrowed: sorted comma list */
    long n_features, n_areas;
};

/* One area row: bureau (extra = circonscription) or IRIS (extra = TYP_IRIS). Borrowed. */
struct store_area {
    const char *code, *commune, *label, *extra; /* label, extra may be NULL */
    struct store_mpoly geom;
};

struct store_area_writer;

/* The contour set of (kind, source): the existing one (a re-import of the same file keeps
 * its id) or a new row whose counts store_contour_set_close fills in. */
int store_contour_set_open(struct store *st, enum store_area_kind kind, const char *source,
                           int64_t *id_out, struct cm_err *err);

/* Record set's metadata on row id, then delete every contour set of that kind left without
 * areas. */
int store_contour_set_close(struct store *st, const struct store_contour_set *set, int64_t id,
                            struct cm_err *err);

/* Insert commune rows codes[i] with département deps[i] and name names[i] (arrays and
 * entries may be NULL); an existing row keeps its values and gains those it lacked. */
int store_communes_add(struct store *st, const char *const *codes, const char *const *deps,
                       const char *const *names, size_t n, struct cm_err *err);

/* Bulk writer of the areas of set set_id; *w_out owned (store_area_writer_free). Rows that
 * existed before it was created are "old": store_area_clear_commune and
 * store_area_writer_finish delete them. Until store_area_writer_finish, the table's per-row
 * SpatiaLite triggers are suspended and the writer keeps the spatial index itself.
 * source is borrowed and must outlive w. */
int store_area_writer_new(struct store *st, enum store_area_kind kind, int64_t set_id,
                          const char *source, long year, struct store_area_writer **w_out,
                          struct cm_err *err);
/* Delete the old areas of a commune (call before adding its first new area). */
int store_area_clear_commune(struct store_area_writer *w, const char *commune,
                             struct cm_err *err);
/* Insert one area; *rowid_out (may be NULL) gets its row id. A duplicate code is CM_EDB. */
int store_area_add(struct store_area_writer *w, const struct store_area *a, int64_t *rowid_out,
                   struct cm_err *err);
/* Replace the geometry of row rowid (added by this writer). */
int store_area_set_geom(struct store_area_writer *w, int64_t rowid, const struct store_mpoly *m,
                        struct cm_err *err);
/* End of the load: delete the old areas still in this set (a re-import replaces all of it),
 * restore the triggers. Must succeed before the caller commits. */
int store_area_writer_finish(struct store_area_writer *w, struct cm_err *err);
/* Finalize the statements; NULL is a no-op. */
void store_area_writer_free(struct store_area_writer *w);

#endif
