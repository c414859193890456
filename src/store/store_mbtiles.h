/* store_mbtiles.h - MBTiles 1.3 writer (SQLite file of PNG tiles) for `coopmap tiles`
 * (store layer: the only place that speaks SQL). The file is written under a temporary name
 * and renamed on a committed close, so a failed run never leaves a half file. */
#ifndef STORE_MBTILES_H
#define STORE_MBTILES_H

#include "cm_err.h"

#include <stddef.h>

struct store_mbtiles;

/* Create a fresh MBTiles at path (replacing it on commit); *out owned (store_mbtiles_close). */
int store_mbtiles_open(const char *path, struct store_mbtiles **out, struct cm_err *err);
/* Set one metadata row (name, format, bounds, minzoom, maxzoom, ...). */
int store_mbtiles_meta(struct store_mbtiles *m, const char *name, const char *value,
                       struct cm_err *err);
/* Store XYZ tile z/x/y (flipped to the TMS row MBTiles uses). Safe from many threads. */
int store_mbtiles_put(struct store_mbtiles *m, int z, long x, long y, const void *data,
                      size_t len, struct cm_err *err);
/* Commit and move into place (commit != 0), or discard; frees m. NULL is a no-op. */
int store_mbtiles_close(struct store_mbtiles *m, int commit, struct cm_err *err);

#endif
