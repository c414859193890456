/* http_api.c - JSON API over the store: one bureau's figures, the bureau under a point,
 * search (stage http). Errors return to the dispatcher, which maps them to statuses. */
#include "http_int.h"

#include "calc.h"
#include "http_layers.h"
#include "map_names.h"
#include "store_http.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define API_SEARCH_MAX 20
#define API_RANK_DEFAULT 50
#define API_RANK_MAX 1000

static json_t *
bbox_json(const double bbox[4])
{
    return json_pack("[f,f,f,f]", bbox[0], bbox[1], bbox[2], bbox[3]);
}

static json_t *
round_json(const struct store_round_result *r)
{
    json_t *votes = json_array();
    json_t *o =
        json_pack("{s:s,s:s?,s:s?,s:s?,s:i,s:I,s:I,s:I,s:I}", "election", r->election, "kind",
                  r->kind, "date", r->date, "label", r->label, "round", r->round, "inscrits",
                  (json_int_t)r->inscrits, "votants", (json_int_t)r->votants, "abstentions",
                  (json_int_t)r->abstentions, "exprimes", (json_int_t)r->exprimes);

    json_object_set_new(o, "blancs", r->blancs < 0 ? json_null() : json_integer(r->blancs));
    json_object_set_new(o, "nuls", r->nuls < 0 ? json_null() : json_integer(r->nuls));
    for (size_t i = 0; i < r->n_votes; i++)
        json_array_append_new(votes,
                              json_pack("{s:s,s:s?,s:I}", "name", r->votes[i].name, "nuance",
                                        r->votes[i].nuance, "voix", (json_int_t)r->votes[i].voix));
    json_object_set_new(o, "votes", votes);
    return o;
}

static json_t *
bureau_json(const struct store_bureau *b)
{
    json_t *rounds = json_array();
    json_t *o = json_pack("{s:s,s:s,s:s?,s:s?,s:s?}", "code", b->code, "commune", b->commune,
                          "commune_name", b->commune_name, "label", b->label, "circo", b->circo);

    json_object_set_new(o, "bbox", b->has_geom ? bbox_json(b->bbox) : json_null());
    /* the outline drawn over the tiles when the bureau is selected */
    json_object_set_new(o, "geometry", b->geojson ? json_loads(b->geojson, 0, NULL) : json_null());
    for (size_t i = 0; i < b->n_rounds; i++)
        json_array_append_new(rounds, round_json(&b->rounds[i]));
    json_object_set_new(o, "rounds", rounds);
    return o;
}

/* GET /api/bureaux/{code}: contour extent, results of each round, layer values. */
int
http_api_bureau(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct store *st;
    struct store_bureau *b = NULL;
    json_t *o;
    int rc;

    if ((rc = http_store(rq, &st, err)) != CM_OK ||
        (rc = store_bureau_load(st, rest, &b, err)) != CM_OK)
        return rc;
    o = bureau_json(b);
    json_object_set_new(o, "layers", http_layers_values_json(rq->layers, b->code));
    store_bureau_free(b);
    return http_send_json(rq, MHD_HTTP_OK, o);
}

static int
arg_double(struct http_req *rq, const char *name, double lo, double hi, double *out,
           struct cm_err *err)
{
    const char *s = http_arg(rq, name);
    char *end;

    if (s == NULL)
        return cm_err_set(err, CM_EINPUT, "missing parameter %s", name);
    errno = 0;
    *out = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(*out) || *out < lo || *out > hi)
        return cm_err_set(err, CM_EINPUT, "parameter %s: not a number in [%g, %g]", name, lo, hi);
    return CM_OK;
}

/* GET /api/bureaux/at?lon=&lat=: the bureau under a click, through the spatial index. */
int
http_api_bureau_at(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct store *st;
    double lon, lat;
    char code[11];
    int rc;

    (void)rest;
    if ((rc = arg_double(rq, "lon", -180, 180, &lon, err)) != CM_OK ||
        (rc = arg_double(rq, "lat", -90, 90, &lat, err)) != CM_OK ||
        (rc = http_store(rq, &st, err)) != CM_OK ||
        (rc = store_bureau_at(st, lon, lat, code, err)) != CM_OK)
        return rc;
    return http_api_bureau(rq, code, err);
}

/* GET /api/search?q=: communes by code or name, bureaux by code or number, each with its box
 * and a point inside it. */
int
http_api_search(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const char *q = http_arg(rq, "q");
    struct store_hit *hits = NULL;
    struct store *st;
    size_t n = 0;
    json_t *arr;
    int rc;

    (void)rest;
    if (q == NULL || q[0] == '\0' || strlen(q) > 64)
        return cm_err_set(err, CM_EINPUT, "parameter q: 1 to 64 characters");
    if ((rc = http_store(rq, &st, err)) != CM_OK ||
        (rc = store_search(st, q, API_SEARCH_MAX, &hits, &n, err)) != CM_OK)
        return rc;
    arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *h = json_pack("{s:s,s:s,s:s?}", "kind", hits[i].kind, "code", hits[i].code, "label",
                              hits[i].label);
        json_object_set_new(h, "bbox", bbox_json(hits[i].bbox));
        /* where "near me" starts from when the member types a commune */
        json_object_set_new(h, "point", hits[i].has_point ? json_pack("[f,f]", hits[i].point[0],
                                                                      hits[i].point[1])
                                                          : json_null());
        json_array_append_new(arr, h);
    }
    store_hits_free(hits, n);
    return http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "results", arr));
}

/* GET /api/layers: every layer with its legend, formula, sources and TileJSON fields. */
int
http_api_layers(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const struct http_layers *ls = rq->layers;

    (void)rest;
    (void)err;
    return http_send_json_text(rq, MHD_HTTP_OK, ls->api_json, strlen(ls->api_json));
}

static json_t *
num_json(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* GET /api/rank?layer=&area=&limit=: bureaux by decreasing value, ranked by calc (area: a
 * commune, arrondissement, constituency or département code); bureaux without data left out. */
int
http_api_rank(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const char *name = http_arg(rq, "layer"), *area = http_arg(rq, "area"),
               *lim = http_arg(rq, "limit");
    struct calc_rank rk = {0};
    struct store *st;
    long limit = API_RANK_DEFAULT;
    json_t *rows;
    char *end;
    int rc;

    (void)rest;
    if (name == NULL || !http_layers_find(rq->layers, name))
        return cm_err_set(err, CM_ENOTFOUND, "unknown layer %.64s", name ? name : "");
    if (lim && ((limit = strtol(lim, &end, 10)) < 1 || limit > API_RANK_MAX || *end))
        return cm_err_set(err, CM_EINPUT, "parameter limit: 1 to %d", API_RANK_MAX);
    if (area && area[0] == '\0')
        area = NULL;
    if ((rc = http_store(rq, &st, err)) != CM_OK ||
        (rc = calc_rank_build(st, name, area, limit, &rk, err)) != CM_OK)
        return rc; /* a malformed area is CM_EUSAGE: 400 */
    rows = json_array();
    for (size_t i = 0; i < rk.n; i++) {
        const struct calc_rank_row *r = &rk.rows[i];
        if (isnan(r->score))
            continue; /* no data: not a target */
        json_t *o = json_pack("{s:I,s:s,s:s?,s:s?,s:o,s:o,s:o,s:o,s:s?}", "rank",
                              (json_int_t)json_array_size(rows) + 1, "code", r->code, "label",
                              r->label, "commune", r->commune, "value", num_json(r->score),
                              "registered", num_json(r->registered), "voters", num_json(r->voters),
                              "doors", num_json(r->doors), "category", map_category_label(r->category));
        json_array_append_new(rows, o);
    }
    json_t *o = json_pack("{s:s,s:I,s:s,s:o}", "layer", rk.layer->name, "version",
                          (json_int_t)rk.layer->version, "area", area ? area : "", "rows", rows);
    calc_rank_cleanup(&rk);
    return http_send_json(rq, MHD_HTTP_OK, o);
}
