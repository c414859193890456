/* import_l93.h - direct inverse of Lambert-93 (EPSG:2154, RGF93 v1) to lon/lat degrees
 * (import stage). Contours mostly arrive in Lambert-93: this skips the per-point PROJ
 * pipeline; tests/unit/test_import_l93.c checks it against PROJ to 1e-9 degree. */
#ifndef IMPORT_L93_H
#define IMPORT_L93_H

#include <stddef.h>

/* Convert n interleaved (easting, northing) metre pairs in place to (lon, lat) degrees.
 * RGF93 v1 and WGS 84 coincide at this precision (PROJ uses a null transformation). */
void import_l93_inverse(double *xy, size_t n);

#endif
