/* http_layers.h - the layers the server shows, loaded once at start (stage http, private to
 * src/http/): the bureau geometry cache and every computed layer joined to it by src/map, so
 * the screen shows the classes and colours of `coopmap tiles` and `coopmap print`. */
#ifndef HTTP_LAYERS_H
#define HTTP_LAYERS_H

#include "cm_err.h"
#include "map_layer.h"
#include "store.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stddef.h>

#define HTTP_TILE_MINZOOM 8
#define HTTP_TILE_MAXZOOM 18

/* The bureau outlines, shared by successive layer sets while the contour sets stand. */
struct http_outlines {
    atomic_int refs;
    char *key;                  /* owned: store_outlines_fingerprint when loaded */
    struct render_geoms *geoms; /* owned */
};

/* One layer joined to the outlines, shared by successive sets while its version stands. */
struct http_layer {
    atomic_int refs;
    struct map_layer ml;
};

struct http_layers {
    struct http_outlines *outlines; /* one reference; NULL when the store has no outline */
    struct render_geoms *geoms;     /* borrowed from outlines; NULL with it */
    double bounds[4];               /* lon/lat extent of the bureaux (west, south, east, north) */
    size_t n;
    struct http_layer **v; /* owned array, one reference to each layer */
    size_t n_loaded;       /* layers read from the store for this set (the others shared) */
    char *api_json;        /* owned (free): the /api/layers body, dumped once; a json_t shared
                            * by threads would race on its reference count */
    atomic_int refs;       /* the server's current set holds one; each request in flight one */
};

/* Outlines and every computed layer of st; *out owned (http_layers_release). Outlines and
 * layers of prev (may be NULL) that did not change since are shared, not read again. A store
 * without outlines or layers gives an empty set, not an error. */
int http_layers_load(struct store *st, const struct http_layers *prev, struct http_layers **out,
                     struct cm_err *err);
/* Drop one reference; the last frees the set. NULL is a no-op. */
void http_layers_release(struct http_layers *ls);
/* The layer called name, or NULL (borrowed). */
const struct map_layer *http_layers_find(const struct http_layers *ls, const char *name);
/* {layer: value or null} of one bureau (new reference). */
json_t *http_layers_values_json(const struct http_layers *ls, const char *code);

#endif
