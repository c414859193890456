/* calc_areal.c - sociodemographic layers by areal weighting (calc layer): IRIS values carried
 * onto bureaux in proportion to the area of intersection, measured in EPSG:3035 (equal-area).
 * GEOS with an STRtree over the bureaux: each IRIS meets only the bureaux its envelope
 * touches, so the cost grows with the number of intersecting pairs, not with n x m.
 * Contours are projected first and intersected in EPSG:3035: intersecting in lon/lat and
 * projecting the result moves the slivers along shared streets by a few percent. */
#include "calc_geom.h"

#include "cm_buf.h"
#include "cm_log.h"
#include "cm_progress.h"

#include <ctype.h>
#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Weights divide by the covered area of an IRIS, sum over b of area(i n b), not by area(i):
 * contour sets digitised by different sources leave slivers (Paris: IRIS 92-100% covered by
 * the bureaux) and a count must be carried whole (totals preserved). An IRIS covered less
 * than this is reported: it lies partly outside the imported bureaux. */
#define AREAL_LOW_COVER 0.9
#define AREAL_MAX_THREADS 8

struct pair {
    uint32_t iris, bureau;
    double area; /* m2 of the intersection */
};

struct areal {
    struct calc_geoms bu, ir;
    GEOSContextHandle_t gh;
    double *iris_area, *iris_norm; /* area(i); covered area, divisor of the weights */
    struct pair *pairs;
    size_t n_pairs, cap_pairs, n_failed, n_low;
    size_t n_orphans; /* most census IRIS of one variable without a contour */
};

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

/* One worker: IRIS [lo, hi) against the shared, already built tree; own GEOS context. */
struct worker {
    struct areal *ar;
    GEOSSTRtree *tree;
    size_t lo, hi;
    struct pair *pairs;
    size_t n_pairs, cap_pairs, n_failed, n_low;
};

static void
worker_pair(struct worker *w, size_t i, size_t b, double area)
{
    if (w->n_pairs == w->cap_pairs) {
        w->cap_pairs = cm_grow(w->cap_pairs, w->n_pairs + 1);
        w->pairs = cm_xreallocarray(w->pairs, w->cap_pairs, sizeof *w->pairs);
    }
    w->pairs[w->n_pairs++] = (struct pair){(uint32_t)i, (uint32_t)b, area};
}

static void *
worker_run(void *arg)
{
    struct worker *w = arg;
    struct areal *ar = w->ar;
    GEOSContextHandle_t gh = GEOS_init_r();
    struct hits h = {0};

    GEOSContext_setNoticeHandler_r(gh, calc_geos_msg);
    GEOSContext_setErrorHandler_r(gh, calc_geos_msg);
    for (size_t i = w->lo; i < w->hi; i++) {
        GEOSGeometry *gi = ar->ir.geom[i];
        const GEOSPreparedGeometry *pi = GEOSPrepare_r(gh, gi);
        double covered = 0;
        GEOSArea_r(gh, gi, &ar->iris_area[i]);
        h.n = 0;
        GEOSSTRtree_query_r(gh, w->tree, gi, hit_cb, &h);
        for (size_t k = 0; k < h.n; k++) {
            double a = inter_area(gh, pi, gi, ar->bu.geom[h.v[k]]);
            if (isnan(a)) {
                w->n_failed++;
                cm_log(CM_LOG_WARN, "calc", "IRIS %s x bureau %s: intersection failed, skipped",
                       ar->ir.codes[i], ar->bu.codes[h.v[k]]);
            } else if (a > 0) {
                worker_pair(w, i, h.v[k], a);
                covered += a;
            }
        }
        GEOSPreparedGeom_destroy_r(gh, pi);
        ar->iris_norm[i] = covered;
        if (covered > 0 && covered < AREAL_LOW_COVER * ar->iris_area[i])
            w->n_low++;
    }
    free(h.v);
    GEOS_finish_r(gh);
    return NULL;
}

/* All IRIS x bureau intersections. Workers take contiguous IRIS ranges and their pairs are
 * concatenated in range order: the same pairs in the same order (so the same sums, the same
 * versions) whatever the number of threads. The tree is built before the threads start and
 * only read by them. */
static void
intersect_all(struct areal *ar, int n_threads)
{
    GEOSContextHandle_t gh = ar->gh;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(gh, 10);
    struct worker w[AREAL_MAX_THREADS];
    pthread_t tid[AREAL_MAX_THREADS];
    struct hits h = {0};
    int started[AREAL_MAX_THREADS] = {0};

    for (size_t b = 0; b < ar->bu.n; b++)
        GEOSSTRtree_insert_r(gh, tree, ar->bu.geom[b], (void *)(uintptr_t)(b + 1));
    GEOSSTRtree_query_r(gh, tree, ar->bu.geom[0], hit_cb, &h); /* builds the tree */
    free(h.v);
    ar->iris_area = cm_xcalloc(ar->ir.n + 1, sizeof *ar->iris_area);
    ar->iris_norm = cm_xcalloc(ar->ir.n + 1, sizeof *ar->iris_norm);
    for (int t = 0; t < n_threads; t++) {
        w[t] = (struct worker){ar, tree, ar->ir.n * (size_t)t / (size_t)n_threads,
                               ar->ir.n * (size_t)(t + 1) / (size_t)n_threads, NULL, 0, 0, 0, 0};
        started[t] = t > 0 && pthread_create(&tid[t], NULL, worker_run, &w[t]) == 0;
    }
    for (int t = 0; t < n_threads; t++) {
        if (t == 0 || !started[t])
            worker_run(&w[t]); /* the calling thread works too; or a thread failed to start */
    }
    for (int t = 0; t < n_threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        for (size_t k = 0; k < w[t].n_pairs; k++) {
            if (ar->n_pairs == ar->cap_pairs) {
                ar->cap_pairs = cm_grow(ar->cap_pairs, ar->n_pairs + w[t].n_pairs);
                ar->pairs = cm_xreallocarray(ar->pairs, ar->cap_pairs, sizeof *ar->pairs);
            }
            ar->pairs[ar->n_pairs++] = w[t].pairs[k];
        }
        ar->n_failed += w[t].n_failed;
        ar->n_low += w[t].n_low;
        free(w[t].pairs);
    }
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

/* Rank of a variable as the population weight of rates: lower is better, -1 not usable.
 * INSEE names: P16_POP (population), C11_POP15P (population 15+), or undated P_POP. */
static int
pop_rank(const char *v)
{
    const char *rest = NULL;

    if ((v[0] == 'P' || v[0] == 'C') && v[1] == '_')
        rest = v + 2;
    else if ((v[0] == 'P' || v[0] == 'C') && isdigit((unsigned char)v[1])
             && isdigit((unsigned char)v[2]) && v[3] == '_')
        rest = v + 4;
    if (rest && strcmp(rest, "POP") == 0)
        return 0;
    if (strcasecmp(v, "pop") == 0 || strcasecmp(v, "population") == 0)
        return 1;
    if (rest && strcmp(rest, "POP15P") == 0)
        return 2;
    return -1;
}

/* values[i] of one variable for every contour IRIS (merge of two sorted code lists). */
/* values[i] of one variable for every contour IRIS (merge of two sorted code lists); counts
 * the census IRIS that have no contour (their values cannot be carried). */
static int
iris_values(struct store *st, struct areal *ar, const struct store_census_var *v,
            double *out, struct cm_err *err)
{
    char(*codes)[10] = NULL;
    double *val = NULL;
    size_t n = 0, k = 0, used = 0;
    int rc;

    if ((rc = store_census_values(st, v->name, v->year, &codes, &val, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < ar->ir.n; i++) {
        int c = 1;
        while (k < n && (c = strcmp(codes[k], ar->ir.codes[i])) < 0)
            k++;
        out[i] = k < n && c == 0 ? val[k] : NAN;
        used += k < n && c == 0;
    }
    if (n - used > ar->n_orphans)
        ar->n_orphans = n - used;
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
        snprintf(f, sizeof f, "x_b = somme sur les IRIS i de x_i x aire(i n b) / aire(i), aires en"
                 " EPSG:3035, aire(i) étant la part de l'IRIS i couverte par des bureaux (totaux"
                 " conservés) ; cases IRIS secrètes ignorées");
    else
        snprintf(f, sizeof f, "estimation : moyenne des valeurs des IRIS pondérée par %s%s x"
                 " aire(i n b) / aire(i), aires en EPSG:3035 ; cases IRIS secrètes ignorées",
                 pv ? pv->name : "l'aire", pv ? "" : " (pas de variable de population)");
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
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > AREAL_MAX_THREADS ? AREAL_MAX_THREADS : (int)cores;
    double t_read;
    int rc;

    if ((rc = store_census_vars(st, &vars, &nv, err)) != CM_OK || nv == 0)
        return rc;
    ar.gh = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(ar.gh, calc_geos_msg);
    GEOSContext_setErrorHandler_r(ar.gh, calc_geos_msg);
    t_read = cm_now();
    if ((rc = store_geoms_each(st, "bureau", 4326, calc_geoms_add, &ar.bu, err)) != CM_OK
        || (rc = store_geoms_each(st, "iris", 4326, calc_geoms_add, &ar.ir, err)) != CM_OK)
        goto out;
    calc_geoms_build(&ar.bu, threads);
    calc_geoms_build(&ar.ir, threads);
    calc_geoms_compact(&ar.bu);
    calc_geoms_compact(&ar.ir);
    if (ar.bu.n == 0 || ar.ir.n == 0) {
        cm_log(CM_LOG_WARN, "calc", "socio layers skipped: the store has %zu bureau and %zu IRIS"
               " contours (import both)", ar.bu.n, ar.ir.n);
        goto out;
    }
    double t0 = cm_now();
    cm_log(CM_LOG_INFO, "calc", "areal: %zu bureaux, %zu IRIS read in %.3f s (cpu %.3f s)",
           ar.bu.n, ar.ir.n, t0 - t_read, (double)clock() / CLOCKS_PER_SEC);
    intersect_all(&ar, threads);
    cm_log(CM_LOG_INFO, "calc", "areal: intersections in %.3f s (cpu total %.3f s)",
           cm_now() - t0, (double)clock() / CLOCKS_PER_SEC);
    rep->n_iris = ar.ir.n;
    rep->n_pairs = ar.n_pairs;
    rep->n_geom_failed = ar.n_failed;
    rep->n_iris_low = ar.n_low;
    rep->n_socio_bureaux = ar.bu.n;
    rc = socio_vars(st, &ar, vars, nv, rep, err);
    rep->n_census_orphans = ar.n_orphans;
out:
    calc_geoms_free(&ar.bu, ar.gh);
    calc_geoms_free(&ar.ir, ar.gh);
    free(ar.pairs), free(ar.iris_area), free(ar.iris_norm);
    if (ar.gh)
        GEOS_finish_r(ar.gh);
    store_census_vars_free(vars, nv);
    return rc;
}
