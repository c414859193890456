/* map_layer.h - a layer ready to draw (map stage, between render and http): the store's bureau
 * outlines as a render geometry cache, a computed layer's values aligned with it, and the
 * style its kind calls for. Shared by `coopmap tiles`, `coopmap print` and the server, so the
 * same layer gets the same classes and colours on screen and on paper. */
#ifndef MAP_LAYER_H
#define MAP_LAYER_H

#include "calc.h"
#include "render_geoms.h"
#include "render_style.h"
#include "store.h"

struct map_layer {
    struct calc_layer *layer; /* owned: name, title, formula, references, years, version */
    double *values;           /* owned: one per area of the geometry cache, NAN = no data */
    struct render_style style;
    size_t n_unmatched;       /* layer values whose bureau has no outline */
    unsigned char *pending;   /* owned, one per area: 1 = remobilisation layer, in the layer
                               * but no round-1 result yet (drawn hatched); NULL otherwise */
    size_t n_pending;
};

/* Source line printed on every map (data attribution). */
#define MAP_SOURCES "Sources : Ministère de l'Intérieur, INSEE, Ville de Paris"

/* Build the geometry cache of every bureau outline in the store; *g_out owned
 * (render_geoms_free). CM_ENOTFOUND when the store has no outline. */
int map_geoms_load(struct store *st, struct render_geoms **g_out, struct cm_err *err);

/* Load computed layer name and join it to g; out is filled (map_layer_cleanup even on error).
 * Classes: the layer's categories, else 5 quantiles over all bureaux. CM_ENOTFOUND if the
 * layer was never computed. */
int map_layer_load(struct store *st, const char *name, const struct render_geoms *g,
                   struct map_layer *out, struct cm_err *err);

/* Release what map_layer_load allocated; safe on a zeroed struct. */
void map_layer_cleanup(struct map_layer *l);

#endif
