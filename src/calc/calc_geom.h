/* calc_geom.h - polygons from the store as GEOS geometries in EPSG:3035 (calc layer, private):
 * WKB blobs gathered first, then parsed and projected by worker threads. */
#ifndef CALC_GEOM_H
#define CALC_GEOM_H

#define GEOS_USE_ONLY_R_API
#include "calc_int.h"

#include <geos_c.h>

struct calc_geoms {
    size_t n, cap;
    char (*codes)[STORE_CODE_LEN];
    size_t *off, *len;       /* WKB of area i: buf[off[i]], len[i] bytes */
    unsigned char *buf;
    size_t buf_len, buf_cap;
    GEOSGeometry **geom;     /* after calc_geoms_build: EPSG:3035, NULL if unreadable */
};

/* store_geoms_each callback: append one area's code and WKB (EPSG:4326) to a calc_geoms. */
int calc_geoms_add(void *ctx, const char *code, const unsigned char *wkb, size_t len,
                   struct cm_err *err);
/* Parse and project every WKB with n_threads threads; geometries belong to any context. */
void calc_geoms_build(struct calc_geoms *g, int n_threads);
/* Drop areas whose geometry could not be read (logged), keeping the code order. */
void calc_geoms_compact(struct calc_geoms *g);
void calc_geoms_free(struct calc_geoms *g, GEOSContextHandle_t gh);
/* GEOS messages go to the debug log. */
void calc_geos_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
