/* map_layer.c - join computed layers to bureau outlines and pick their style (map stage). */
#include "map_layer.h"

#include "cm_buf.h"
#include "cm_log.h"
#include "map_names.h"
#include "store_areas.h"
#include "store_entry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
map_geoms_load(struct store *st, struct render_geoms **g_out, struct cm_err *err)
{
    struct store_areas a = {0};
    int rc;

    *g_out = NULL;
    if ((rc = store_areas_load(st, "bureau", &a, err)) != CM_OK)
        return rc;
    if (a.n_areas == 0) {
        store_areas_cleanup(&a);
        return cm_err_set(err, CM_ENOTFOUND, "no bureau outline in the store (import bureaux)");
    }
    struct render_geoms_src src = {a.n_areas, (const char(*)[11])a.codes, a.area_ring0,
                                   a.ring_pt0, a.ring_hole, a.lonlat};
    rc = render_geoms_new(&src, g_out, err);
    cm_log(CM_LOG_INFO, "map", "%zu bureaux, %zu rings, %zu points", a.n_areas, a.n_rings,
           a.n_points);
    store_areas_cleanup(&a);
    return rc;
}

/* Ratios read as percentages; counts as whole numbers. */
static void
style_labels(struct render_style *s, const char *unit)
{
    if (unit && strcmp(unit, "ratio") == 0) {
        s->label_mult = 100.0;
        s->label_decimals = 1;
        snprintf(s->label_unit, sizeof s->label_unit, " %%");
    } else {
        s->label_mult = 1.0;
        s->label_decimals = 0;
        s->label_unit[0] = '\0';
    }
}

/* Turnout and census figures are neutral (blue-green); shares and potentials, warm. */
static enum render_ramp
style_ramp(const char *name)
{
    if (strcmp(name, "turnout") == 0 || strcmp(name, "registered") == 0
        || strncmp(name, "socio_", 6) == 0)
        return RENDER_RAMP_YLGNBU;
    return RENDER_RAMP_YLORRD;
}

static int
style_pick(struct map_layer *l, size_t n, struct cm_err *err)
{
    const struct calc_layer *c = l->layer;
    int rc;

    render_style_init(&l->style);
    if (c->categorical && c->n_labels > 0) {
        const char *fr[RENDER_MAX_CLASSES];
        int nl = c->n_labels > RENDER_MAX_CLASSES ? RENDER_MAX_CLASSES : (int)c->n_labels;
        for (int i = 0; i < nl; i++)
            fr[i] = map_category_label(c->labels[i]);
        return render_style_categories(&l->style, fr, nl, RENDER_RAMP_RDYLBU, err);
    }
    style_labels(&l->style, c->unit);
    rc = render_style_quantiles(&l->style, l->values, n, 5, style_ramp(c->name), err);
    if (rc == CM_OK)
        render_style_relabel(&l->style);
    return rc;
}

static int
cmp_code(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remobilisation layers: the bureaux of the layer without a round-1 result are "not entered
 * yet" (hatched), which differs from "no data" (entered, but no finalist of our camp). */
static int
pending_mark(struct store *st, const struct render_geoms *g, struct map_layer *out,
             struct cm_err *err)
{
    char **r1 = NULL;
    size_t n1 = 0;
    int rc;

    if (strncmp(out->layer->name, "remob_", 6) != 0)
        return CM_OK;
    if ((rc = store_entry_r1_bureaux(st, &r1, &n1, err)) != CM_OK || n1 == 0)
        goto out;
    out->pending = cm_xcalloc(render_geoms_count(g) + 1, 1);
    for (size_t i = 0; i < out->layer->n; i++) {
        const char *code = out->layer->codes[i];
        long a;
        if (bsearch(&code, r1, n1, sizeof *r1, cmp_code) || (a = render_geoms_find(g, code)) < 0)
            continue;
        out->pending[a] = 1;
        out->n_pending++;
    }
out:
    store_entry_codes_free(r1, n1);
    return rc;
}

int
map_layer_load(struct store *st, const char *name, const struct render_geoms *g,
               struct map_layer *out, struct cm_err *err)
{
    size_t n = render_geoms_count(g);
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = calc_layer_load(st, name, &out->layer, err)) != CM_OK)
        return rc;
    out->values = cm_xcalloc(n ? n : 1, sizeof *out->values);
    for (size_t i = 0; i < n; i++)
        out->values[i] = NAN;
    for (size_t i = 0; i < out->layer->n; i++) {
        long a = render_geoms_find(g, out->layer->codes[i]);
        if (a < 0)
            out->n_unmatched++;
        else
            out->values[a] = out->layer->value[i];
    }
    if (out->n_unmatched)
        cm_log(CM_LOG_INFO, "map", "layer %s: %zu bureaux without outline", name,
               out->n_unmatched);
    if ((rc = style_pick(out, n, err)) != CM_OK || (rc = pending_mark(st, g, out, err)) != CM_OK)
        return rc;
    if (out->n_pending)
        out->style.hatch = out->pending;
    return CM_OK;
}

void
map_layer_cleanup(struct map_layer *l)
{
    calc_layer_free(l->layer);
    free(l->values);
    free(l->pending);
    memset(l, 0, sizeof *l);
}
