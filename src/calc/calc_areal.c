/* calc_areal.c - sociodemographic layers by areal weighting (calc layer): IRIS values carried
 * onto bureaux in proportion to the area of intersection, measured in EPSG:3035 (equal-area).
 * GEOS with an STRtree over the bureaux: each IRIS meets only the bureaux its envelope
 * touches, so the cost grows with the number of intersecting pairs, not with n x m. */
#define GEOS_USE_ONLY_R_API
#include "calc_int.h"

#include "cm_buf.h"
#include "cm_log.h"

#include <ctype.h>
#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weights divide by the covered area of an IRIS, sum over b of area(i n b), not by area(i):
 * contour sets digitised by different sources leave slivers (Paris: IRIS 92-100% covered by
 * the bureaux) and a count must be carried whole (totals preserved). An IRIS covered less
 * than this is reported: it lies partly outside the imported bureaux. */
#define AREAL_LOW_COVER 0.9
#define AREAL_EPSG 3035

struct pair {
    uint32_t iris, bureau;
    double area; /* m2 of the intersection */
};

struct areas {
    GEOSContextHandle_t gh;
    GEOSWKBReader *rd;
    size_t n, cap;
    char (*codes)[STORE_CODE_LEN];
    GEOSGeometry **geom;
};

struct areal {
    struct areas bu, ir;
    double *iris_area, *iris_norm; /* area(i); covered area, divisor of the weights */
    struct pair *pairs;
    size_t n_pairs, cap_pairs, n_failed, n_low;
};

static void
geos_msg(const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cm_log(CM_LOG_DEBUG, "geos", "%s", buf);
}

static int
area_add(void *ctx, const char *code, const unsigned char *wkb, size_t len, struct cm_err *err)
{
    struct areas *a = ctx;
    GEOSGeometry *g = GEOSWKBReader_read_r(a->gh, a->rd, wkb, len);

    (void)err;
    if (g == NULL) {
        cm_log(CM_LOG_WARN, "calc", "area %s: unreadable geometry, skipped", code);
        return CM_OK;
    }
    if (a->n == a->cap) {
        a->cap = cm_grow(a->cap, a->n + 1);
        a->codes = cm_xreallocarray(a->codes, a->cap, sizeof *a->codes);
        a->geom = cm_xreallocarray(a->geom, a->cap, sizeof *a->geom);
    }
    memset(a->codes[a->n], 0, STORE_CODE_LEN);
    strncpy(a->codes[a->n], code, STORE_CODE_LEN - 1);
    a->geom[a->n++] = g;
    return CM_OK;
}

static void
areas_free(struct areas *a)
{
    for (size_t i = 0; i < a->n; i++)
        GEOSGeom_destroy_r(a->gh, a->geom[i]);
    free(a->codes);
    free(a->geom);
}

static void
pair_add(struct areal *ar, size_t i, size_t b, double area)
{
    if (ar->n_pairs == ar->cap_pairs) {
        ar->cap_pairs = cm_grow(ar->cap_pairs, ar->n_pairs + 1);
        ar->pairs = cm_xreallocarray(ar->pairs, ar->cap_pairs, sizeof *ar->pairs);
    }
    ar->pairs[ar->n_pairs++] = (struct pair){(uint32_t)i, (uint32_t)b, area};
}

/* Area of IRIS i within bureau b; repairs invalid inputs once before giving up (NAN). */
static double
inter_area(GEOSContextHandle_t gh, const GEOSPreparedGeometry *pi, GEOSGeometry *gi,
           GEOSGeometry *gb)
{
    GEOSGeometry *x, *vi = NULL, *vb = NULL;
    double a = NAN;

    if (GEOSPreparedContains_r(gh, pi, gb) == 1)
        return GEOSArea_r(gh, gb, &a) ? a : NAN;
    if (GEOSPreparedIntersects_r(gh, pi, gb) != 1)
        return 0;
    if ((x = GEOSIntersection_r(gh, gi, gb)) == NULL) {
        vi = GEOSMakeValid_r(gh, gi);
        vb = GEOSMakeValid_r(gh, gb);
        x = vi && vb ? GEOSIntersection_r(gh, vi, vb) : NULL;
    }
    if (x == NULL || !GEOSArea_r(gh, x, &a))
        a = NAN;
    if (x)
        GEOSGeom_destroy_r(gh, x);
    if (vi)
        GEOSGeom_destroy_r(gh, vi);
    if (vb)
        GEOSGeom_destroy_r(gh, vb);
    return a;
}

struct hits {
    size_t *v, n, cap;
};

static void
hit_cb(void *item, void *ud)
{
    struct hits *h = ud;

    if (h->n == h->cap) {
        h->cap = cm_grow(h->cap, h->n + 1);
        h->v = cm_xreallocarray(h->v, h->cap, sizeof *h->v);
    }
    h->v[h->n++] = (size_t)(uintptr_t)item - 1;
}

static void
intersect_all(struct areal *ar)
{
    GEOSContextHandle_t gh = ar->bu.gh;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(gh, 10);
    struct hits h = {0};

    for (size_t b = 0; b < ar->bu.n; b++)
        GEOSSTRtree_insert_r(gh, tree, ar->bu.geom[b], (void *)(uintptr_t)(b + 1));
    ar->iris_area = cm_xcalloc(ar->ir.n + 1, sizeof *ar->iris_area);
    ar->iris_norm = cm_xcalloc(ar->ir.n + 1, sizeof *ar->iris_norm);
    for (size_t i = 0; i < ar->ir.n; i++) {
        GEOSGeometry *gi = ar->ir.geom[i];
        const GEOSPreparedGeometry *pi = GEOSPrepare_r(gh, gi);
        double covered = 0;
        GEOSArea_r(gh, gi, &ar->iris_area[i]);
        h.n = 0;
        GEOSSTRtree_query_r(gh, tree, gi, hit_cb, &h);
        for (size_t k = 0; k < h.n; k++) {
            double a = inter_area(gh, pi, gi, ar->bu.geom[h.v[k]]);
            if (isnan(a)) {
                ar->n_failed++;
                cm_log(CM_LOG_WARN, "calc", "IRIS %s x bureau %s: intersection failed, skipped",
                       ar->ir.codes[i], ar->bu.codes[h.v[k]]);
            } else if (a > 0) {
                pair_add(ar, i, h.v[k], a);
                covered += a;
            }
        }
        GEOSPreparedGeom_destroy_r(gh, pi);
        ar->iris_norm[i] = covered;
        if (covered > 0 && covered < AREAL_LOW_COVER * ar->iris_area[i])
            ar->n_low++;
    }
    free(h.v);
    GEOSSTRtree_destroy_r(gh, tree);
}

int
calc_census_is_rate(const char *var)
{
    static const char *const marks[] = {"RATE", "TAUX", "MED", "_TP", "PCT", "SHARE", "RATIO",
                                        "MEAN", "MOY", "AVG", "PART_"};
    char up[128];
    size_t i;

    for (i = 0; var[i] && i + 1 < sizeof up; i++)
        up[i] = (char)(var[i] >= 'a' && var[i] <= 'z' ? var[i] - 32 : var[i]);
    up[i] = '\0';
    if (strncmp(up, "DISP_", 5) == 0 || strncmp(up, "DEC_", 4) == 0)
        return 1; /* FILOSOFI: medians, deciles, rates, shares */
    for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (strstr(up, marks[i]))
            return 1;
    }
    return 0;
}

/* Rank of a variable as the population weight of rates: lower is better, -1 not usable. */
static int
pop_rank(const char *v)
{
    size_t n = strlen(v);

    if ((v[0] == 'P' || v[0] == 'C') && n >= 4 && v[1] >= '0' && v[1] <= '9' && v[2] >= '0'
        && v[2] <= '9' && v[3] == '_') {
        if (strcmp(v + 4, "POP") == 0)
            return 0;
        if (strcmp(v + 4, "POP15P") == 0)
            return 2;
    }
    if (strcasecmp(v, "pop") == 0 || strcasecmp(v, "population") == 0)
        return 1;
    return -1;
}

/* values[i] of one variable for every contour IRIS (merge of two sorted code lists). */
static int
iris_values(struct store *st, const struct areal *ar, const struct store_census_var *v,
            double *out, struct cm_err *err)
{
    char(*codes)[10] = NULL;
    double *val = NULL;
    size_t n = 0, k = 0;
    int rc;

    if ((rc = store_census_values(st, v->name, v->year, &codes, &val, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < ar->ir.n; i++) {
        int c = 1;
        while (k < n && (c = strcmp(codes[k], ar->ir.codes[i])) < 0)
            k++;
        out[i] = k < n && c == 0 ? val[k] : NAN;
    }
    free(codes);
    free(val);
    return CM_OK;
}

/* x_b: counts carried by area share; rates as means weighted by pop x area share (or by area
 * when pop is NULL). NAN where no IRIS with data meets the bureau. */
static void
carry(const struct areal *ar, const double *x, const double *pop, int rate, double *out)
{
    double *den = cm_xcalloc(ar->bu.n + 1, sizeof *den);

    for (size_t b = 0; b < ar->bu.n; b++)
        out[b] = NAN;
    for (size_t k = 0; k < ar->n_pairs; k++) {
        const struct pair *p = &ar->pairs[k];
        double w = p->area / ar->iris_norm[p->iris], xi = x[p->iris];
        if (isnan(xi))
            continue;
        if (rate) {
            w = pop ? w * pop[p->iris] : p->area;
            if (isnan(w) || w <= 0)
                continue;
            den[p->bureau] += w;
        }
        out[p->bureau] = (isnan(out[p->bureau]) ? 0 : out[p->bureau]) + w * xi;
    }
    for (size_t b = 0; rate && b < ar->bu.n; b++)
        out[b] = den[b] > 0 ? out[b] / den[b] : NAN;
    free(den);
}

static int
socio_layer(struct store *st, struct areal *ar, const struct store_census_var *v,
            const struct store_census_var *pv, const double *pop, const char *contours,
            double *x, double *out, struct calc_report *rep, struct cm_err *err)
{
    int rate = calc_census_is_rate(v->name), rc;
    size_t k;
    char name[160], title[200], years[32], f[700], stamp[1024];
    struct calc_out o = {name, "socio", title, rate ? "estimate (weighted mean)" : "count",
                         NULL, f, v->source, years, 0, stamp};

    if ((rc = iris_values(st, ar, v, x, err)) != CM_OK)
        return rc;
    carry(ar, x, pop, rate, out);
    memcpy(name, "socio_", 6);
    k = 6;
    for (const char *c = v->name; *c && k + 1 < sizeof name; c++)
        name[k++] = (char)tolower((unsigned char)*c);
    name[k] = '\0';
    snprintf(title, sizeof title, "%s (census %d)%s", v->name, v->year,
             rate ? ", estimate" : "");
    if (rate && pv && pv->year != v->year)
        snprintf(years, sizeof years, "%d (weights %d)", v->year, pv->year);
    else
        snprintf(years, sizeof years, "%d", v->year);
    if (!rate)
        snprintf(f, sizeof f, "x_b = sum over IRIS i of x_i x area(i n b) / area(i), areas in"
                 " EPSG:3035, area(i) being the part of IRIS i covered by bureaux (totals preserved);"
                 " secret IRIS cells skipped");
    else
        snprintf(f, sizeof f, "estimate: mean of the IRIS values weighted by %s%s x area(i n b)"
                 " / area(i), areas in EPSG:3035; secret IRIS cells skipped",
                 pv ? pv->name : "area", pv ? "" : " (no population variable)");
    snprintf(stamp, sizeof stamp, "%s;%s:%d:%s;pop=%s:%d", contours, v->name, v->year,
             v->source ? v->source : "", pv ? pv->name : "", pv ? pv->year : 0);
    return calc_put(st, &o, ar->bu.n, (const char(*)[STORE_CODE_LEN])ar->bu.codes, out,
                    &rep->n_layers, err);
}

static int
socio_vars(struct store *st, struct areal *ar, struct store_census_var *vars, size_t nv,
           struct calc_report *rep, struct cm_err *err)
{
    const struct store_census_var *pv = NULL;
    double *x = cm_xcalloc(ar->ir.n + 1, sizeof *x), *pop = NULL;
    double *out = cm_xcalloc(ar->bu.n + 1, sizeof *out);
    char *sb = NULL, *si = NULL, *contours = NULL;
    int best = 99, rc;

    for (size_t i = 0; i < nv; i++) {
        int r = pop_rank(vars[i].name);
        if (r >= 0 && r < best)
            best = r, pv = &vars[i];
    }
    if (pv) {
        pop = cm_xcalloc(ar->ir.n + 1, sizeof *pop);
        if ((rc = iris_values(st, ar, pv, pop, err)) != CM_OK)
            goto out;
    }
    if ((rc = store_contours_stamp(st, "bureau", &sb, err)) != CM_OK
        || (rc = store_contours_stamp(st, "iris", &si, err)) != CM_OK)
        goto out;
    contours = cm_xcalloc(1, strlen(sb) + strlen(si) + 16);
    sprintf(contours, "b=%s;i=%s", sb, si);
    for (size_t i = 0; i < nv && rc == CM_OK; i++)
        rc = socio_layer(st, ar, &vars[i], pv, pop, contours, x, out, rep, err);
out:
    free(x), free(out), free(pop), free(sb), free(si), free(contours);
    return rc;
}

int
calc_socio(struct store *st, struct calc_report *rep, struct cm_err *err)
{
    struct store_census_var *vars = NULL;
    struct areal ar = {0};
    size_t nv = 0;
    int rc;

    if ((rc = store_census_vars(st, &vars, &nv, err)) != CM_OK || nv == 0)
        return rc;
    ar.bu.gh = ar.ir.gh = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(ar.bu.gh, geos_msg);
    GEOSContext_setErrorHandler_r(ar.bu.gh, geos_msg);
    ar.bu.rd = ar.ir.rd = GEOSWKBReader_create_r(ar.bu.gh);
    if ((rc = store_geoms_each(st, "bureau", AREAL_EPSG, area_add, &ar.bu, err)) != CM_OK
        || (rc = store_geoms_each(st, "iris", AREAL_EPSG, area_add, &ar.ir, err)) != CM_OK)
        goto out;
    if (ar.bu.n == 0 || ar.ir.n == 0) {
        cm_log(CM_LOG_WARN, "calc", "socio layers skipped: the store has %zu bureau and %zu IRIS"
               " contours (import both)", ar.bu.n, ar.ir.n);
        goto out;
    }
    intersect_all(&ar);
    rep->n_iris = ar.ir.n;
    rep->n_pairs = ar.n_pairs;
    rep->n_geom_failed = ar.n_failed;
    rep->n_iris_low = ar.n_low;
    rep->n_socio_bureaux = ar.bu.n;
    rc = socio_vars(st, &ar, vars, nv, rep, err);
out:
    areas_free(&ar.bu);
    areas_free(&ar.ir);
    free(ar.pairs), free(ar.iris_area), free(ar.iris_norm);
    GEOSWKBReader_destroy_r(ar.bu.gh, ar.bu.rd);
    GEOS_finish_r(ar.bu.gh);
    store_census_vars_free(vars, nv);
    return rc;
}
