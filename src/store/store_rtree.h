/* store_rtree.h - bulk build of a SpatiaLite spatial index (R*Tree) for bulk loads. */
#ifndef STORE_RTREE_H
#define STORE_RTREE_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct store_box {
    int64_t rowid;
    double mbr[4]; /* minx, miny, maxx, maxy */
};

/* Rebuild the spatial index idx_<table>_geom from the boxes it holds for rows still in table
 * (entries of deleted rows are dropped) plus add[0..n_add-1] (rows not yet indexed), packed
 * Sort-Tile-Recursive. Inside the caller's transaction. */
int store_rtree_rebuild(struct store *st, const char *table, const struct store_box *add,
                        size_t n_add, struct cm_err *err);

#endif
