/* http_layers.c - layers loaded once at server start: geometry cache, values and styles from
 * src/map, and the /api/layers body with legend, formula and TileJSON fields (stage http).
 * Read-only once built, so every worker reads it without a lock. */
#include "http_layers.h"

#include "cm_buf.h"
#include "cm_log.h"
#include "http_int.h"
#include "map_names.h"
#include "render_tile.h"
#include "store_http.h"
#include "store_layers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* MAP_SOURCES without its "Sources : " lead, which the page prints itself. */
static const char *
sources_line(void)
{
    static const char lead[] = "Sources : ";
    const char *s = MAP_SOURCES;

    return strncmp(s, lead, sizeof lead - 1) == 0 ? s + sizeof lead - 1 : s;
}

static json_t *
layer_json(const struct http_layers *ls, const struct map_layer *l)
{
    const struct calc_layer *c = l->layer;
    const double *b = ls->bounds;
    struct cm_buf legend, tiles;
    json_t *o;
    char title[256];

    map_layer_title(c->name, c->title, title, sizeof title);
    cm_buf_init(&legend);
    cm_buf_init(&tiles);
    render_style_legend_json(&l->style, &legend);
    cm_buf_printf(&tiles, "/tiles/%s/%lld/{z}/{x}/{y}.png", c->name, (long long)c->version);
    o = json_pack("{s:s,s:s,s:s,s:I,s:s?,s:b,s:s?,s:s?,s:s?,s:o?,s:{s:f,s:i,s:s},s:s,s:s,"
                  "s:[s],s:i,s:i,s:[f,f,f,f],s:[f,f,i]}",
                  "tilejson", "2.2.0", "name", c->name, "title", title,
                  "version", (json_int_t)c->version, "unit", c->unit, "categorical", c->categorical,
                  "formula", c->formula, "refs", c->refs, "years", c->years, "legend",
                  json_loads(legend.data, 0, NULL), "display", "mult", l->style.label_mult,
                  "decimals", l->style.label_decimals, "unit", l->style.label_unit, "attribution",
                  sources_line(), "scheme", "xyz", "tiles", tiles.data, "minzoom",
                  HTTP_TILE_MINZOOM, "maxzoom", HTTP_TILE_MAXZOOM, "bounds", b[0], b[1], b[2], b[3],
                  "center", (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 12);
    cm_buf_cleanup(&legend);
    cm_buf_cleanup(&tiles);
    return o;
}

static void
outlines_release(struct http_outlines *o)
{
    if (o == NULL || atomic_fetch_sub(&o->refs, 1) != 1)
        return;
    render_geoms_free(o->geoms);
    free(o->key);
    free(o);
}

static void
layer_release(struct http_layer *l)
{
    if (l == NULL || atomic_fetch_sub(&l->refs, 1) != 1)
        return;
    map_layer_cleanup(&l->ml);
    free(l);
}

/* prev's outlines when their contour sets still stand, else the store's (NULL: none). */
static int
outlines_get(struct store *st, const struct http_layers *prev, struct http_outlines **out,
             struct cm_err *err)
{
    struct http_outlines *o;
    char *key = NULL;
    int rc;

    *out = NULL;
    if ((rc = store_outlines_fingerprint(st, &key, err)) != CM_OK)
        return rc;
    if (prev && prev->outlines && key && strcmp(key, prev->outlines->key) == 0) {
        free(key);
        *out = prev->outlines;
        atomic_fetch_add(&(*out)->refs, 1);
        return CM_OK;
    }
    o = cm_xcalloc(1, sizeof *o);
    atomic_init(&o->refs, 1);
    o->key = key ? key : cm_xstrdup("");
    if ((rc = map_geoms_load(st, &o->geoms, err)) != CM_OK) {
        outlines_release(o);
        return rc;
    }
    *out = o;
    return CM_OK;
}

/* prev's layer m when it is joined to the same outlines and still at version v. */
static struct http_layer *
layer_shared(const struct http_layers *prev, const struct http_layers *ls, const char *name,
             int64_t v)
{
    for (size_t i = 0; prev && prev->outlines == ls->outlines && i < prev->n; i++) {
        struct http_layer *l = prev->v[i];
        if (strcmp(l->ml.layer->name, name) == 0 && l->ml.layer->version == v) {
            atomic_fetch_add(&l->refs, 1);
            return l;
        }
    }
    return NULL;
}

static int
layers_read(struct store *st, const struct http_layers *prev, struct http_layers *ls,
            struct cm_err *err)
{
    struct render_bbox e;
    struct store_layer *meta = NULL;
    size_t n_meta = 0;
    int rc;

    if ((rc = outlines_get(st, prev, &ls->outlines, err)) == CM_ENOTFOUND) {
        cm_log(CM_LOG_WARN, "http", "%s: no layer to show", err ? err->msg : "no outline");
        cm_err_clear(err);
        return CM_OK;
    }
    if (rc != CM_OK || (rc = store_layers_list(st, &meta, &n_meta, err)) != CM_OK)
        return rc;
    ls->geoms = ls->outlines->geoms;
    e = render_geoms_extent(ls->geoms);
    render_3857_to_lonlat(e.minx, e.miny, &ls->bounds[0], &ls->bounds[1]);
    render_3857_to_lonlat(e.maxx, e.maxy, &ls->bounds[2], &ls->bounds[3]);
    ls->v = cm_xcalloc(n_meta ? n_meta : 1, sizeof *ls->v);
    for (size_t i = 0; i < n_meta && rc == CM_OK; i++) {
        struct http_layer *l = layer_shared(prev, ls, meta[i].name, meta[i].version);
        if (l == NULL) {
            l = cm_xcalloc(1, sizeof *l);
            atomic_init(&l->refs, 1);
            rc = map_layer_load(st, meta[i].name, ls->geoms, &l->ml, err);
            ls->n_loaded++;
        }
        ls->v[ls->n++] = l; /* released with the set, even on error */
    }
    for (size_t i = 0; i < n_meta; i++)
        store_layer_cleanup(&meta[i]);
    free(meta);
    return rc;
}

int
http_layers_load(struct store *st, const struct http_layers *prev, struct http_layers **out,
                 struct cm_err *err)
{
    struct http_layers *ls = cm_xcalloc(1, sizeof *ls);
    json_t *arr;
    int rc;

    *out = NULL;
    atomic_init(&ls->refs, 1);
    if ((rc = layers_read(st, prev, ls, err)) != CM_OK) {
        http_layers_release(ls);
        return rc;
    }
    arr = json_array();
    for (size_t i = 0; i < ls->n; i++)
        json_array_append_new(arr, layer_json(ls, &ls->v[i]->ml));
    json_t *api = json_pack("{s:s,s:o}", "sources", sources_line(), "layers", arr);
    ls->api_json = json_dumps(api, HTTP_JSON_FLAGS);
    json_decref(api);
    if (ls->api_json == NULL) {
        http_layers_release(ls);
        return cm_err_set(err, CM_ENOMEM, "layers JSON");
    }
    cm_log(CM_LOG_INFO, "http", "%zu layers over %zu bureaux (%zu read, %s outlines)", ls->n,
           ls->geoms ? render_geoms_count(ls->geoms) : 0, ls->n_loaded,
           prev && ls->outlines && ls->outlines == prev->outlines ? "same" : "new");
    *out = ls;
    return CM_OK;
}

void
http_layers_release(struct http_layers *ls)
{
    if (ls == NULL || atomic_fetch_sub(&ls->refs, 1) != 1)
        return;
    for (size_t i = 0; i < ls->n; i++)
        layer_release(ls->v[i]);
    free(ls->v);
    outlines_release(ls->outlines);
    free(ls->api_json);
    free(ls);
}

const struct map_layer *
http_layers_find(const struct http_layers *ls, const char *name)
{
    for (size_t i = 0; ls && i < ls->n; i++) {
        if (strcmp(ls->v[i]->ml.layer->name, name) == 0)
            return &ls->v[i]->ml;
    }
    return NULL;
}

json_t *
http_layers_values_json(const struct http_layers *ls, const char *code)
{
    json_t *o = json_object();

    for (size_t i = 0; ls && i < ls->n; i++) {
        const struct calc_layer *c = ls->v[i]->ml.layer;
        double v = calc_layer_value(c, code);
        json_object_set_new(o, c->name, isnan(v) ? json_null() : json_real(v));
    }
    return o;
}
