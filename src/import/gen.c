/* gen.c - `coopmap gen` driver (import stage): builds the world step by step (towns, seeds,
 * Voronoi cells, communes, constituencies, IRIS) and writes every file of the data set. */
#include "gen_int.h"

#include "cm_buf.h"
#include "cm_log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const gen_files[] = {
    "bureaux.shp", "bureaux.shx", "bureaux.dbf", "bureaux.prj", "bureaux.cpg", "iris.shp",
    "iris.shx", "iris.dbf", "iris.prj", "iris.cpg", "census.csv", "pres2027-t1.csv",
    "pres2027-t2.csv", "leg2028-t1.csv", "leg2028-t2.csv", NULL};

static int
mkdir_p(const char *dir, struct cm_err *err)
{
    char *p = cm_xstrdup(dir);
    int rc = CM_OK;

    for (char *s = p + 1;; s++) {
        char c = *s;
        if (c != '/' && c != '\0')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            rc = cm_err_set(err, CM_EIO, "create %s: %s", p, strerror(errno));
            break;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return rc;
}

static int
cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 0 (large cell: countryside) .. 1 (small cell: dense town), relative to the median cell. */
static double *
urbanity(const struct gen_cells *c)
{
    double *u = cm_xcalloc((size_t)c->n, sizeof *u), *a = cm_xcalloc((size_t)c->n, sizeof *a);
    double med;

    for (long i = 0; i < c->n; i++)
        a[i] = u[i] = gen_cell_area(c, i);
    qsort(a, (size_t)c->n, sizeof *a, cmp_dbl);
    med = a[c->n / 2];
    for (long i = 0; i < c->n; i++) {
        double v = 0.5 - 0.4 * log10(u[i] / med);
        u[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    free(a);
    return u;
}

static const struct gen_world *sort_w;

static int
cmp_bureau(const void *a, const void *b)
{
    long i = *(const long *)a, j = *(const long *)b;
    int r = strcmp(sort_w->com[sort_w->b_com[i]].code, sort_w->com[sort_w->b_com[j]].code);
    return r ? r : (sort_w->b_num[i] > sort_w->b_num[j]) - (sort_w->b_num[i] < sort_w->b_num[j]);
}

static int
cmp_iris(const void *a, const void *b)
{
    return strcmp(sort_w->i_code[*(const long *)a], sort_w->i_code[*(const long *)b]);
}

static long *
order_by(const struct gen_world *w, long n, int (*cmp)(const void *, const void *))
{
    long *o = cm_xcalloc((size_t)n, sizeof *o);

    for (long i = 0; i < n; i++)
        o[i] = i;
    sort_w = w;
    qsort(o, (size_t)n, sizeof *o, cmp);
    return o;
}

static int
world_build(struct gen_world *w, struct cm_err *err)
{
    int rc;

    gen_towns_make(w);
    gen_seeds_make(w, GEN_S_BUREAUX, w->n, &w->bx, &w->by, &w->b_town);
    gen_seeds_make(w, GEN_S_IRIS, w->m, &w->ix, &w->iy, NULL);
    if ((rc = gen_adj_make(w->bx, w->by, w->n, &w->badj, err)) != CM_OK
        || (rc = gen_voronoi(w->bx, w->by, w->n, "bureaux cells", w->quiet, &w->bcells, err))
               != CM_OK
        || (rc = gen_voronoi(w->ix, w->iy, w->m, "IRIS cells", w->quiet, &w->icells, err))
               != CM_OK)
        return rc;
    w->urb = urbanity(&w->bcells);
    w->i_urb = urbanity(&w->icells);
    if ((rc = gen_admin_make(w, err)) != CM_OK)
        return rc;
    w->b_order = order_by(w, w->n, cmp_bureau);
    w->i_order = order_by(w, w->m, cmp_iris);
    return CM_OK;
}

static void
world_cleanup(struct gen_world *w)
{
    free(w->towns), free(w->bx), free(w->by), free(w->ix), free(w->iy);
    gen_cells_free(&w->bcells), gen_cells_free(&w->icells);
    gen_adj_free(&w->badj);
    free(w->com), free(w->b_com), free(w->b_num), free(w->b_circo), free(w->b_town);
    free(w->circo), free(w->i_com), free(w->i_code), free(w->i_name);
    free(w->urb), free(w->i_urb), free(w->b_order), free(w->i_order);
}

static void
report_fill(const struct gen_world *w, struct gen_report *rep, double t0)
{
    int deps[GEN_NDEP] = {0};
    int k = 0;

    rep->n_bureaux = w->n, rep->n_iris = w->m, rep->n_communes = w->n_com;
    rep->n_circos = w->n_circo, rep->n_deps = 0, rep->max_bureaux_commune = 0;
    for (long j = 0; j < w->n_com; j++) {
        rep->n_deps += !deps[w->com[j].dep];
        deps[w->com[j].dep] = 1;
        if (w->com[j].n_bv > rep->max_bureaux_commune)
            rep->max_bureaux_commune = w->com[j].n_bv;
    }
    for (; gen_files[k]; k++)
        snprintf(rep->files[k], sizeof rep->files[k], "%s", gen_files[k]);
    rep->files[k][0] = '\0';
    rep->seconds = cm_now() - t0;
}

int
gen_run(const struct gen_opts *o, struct gen_report *rep, struct cm_err *err)
{
    struct gen_world w = {0};
    double t0 = cm_now();
    int rc;

    memset(rep, 0, sizeof *rep);
    w.n = o->n_bureaux;
    w.m = o->n_iris > 0 ? o->n_iris : lround(0.7 * (double)o->n_bureaux);
    if (w.m < 1)
        w.m = 1;
    if (o->out == NULL || o->out[0] == '\0')
        return cm_err_set(err, CM_EUSAGE, "gen: --out DIR is required");
    if (w.n < 1 || w.n > GEN_MAX_BUREAUX || w.m > GEN_MAX_BUREAUX)
        return cm_err_set(err, CM_EUSAGE, "gen: --bureaux and --iris must be within 1..%ld",
                          GEN_MAX_BUREAUX);
    w.seed = o->seed, w.quiet = o->quiet;
    for (int k = 0; k < GEN_NFIELD; k++)
        gen_field_init(&w.field[k], w.seed, k);
    if ((rc = mkdir_p(o->out, err)) != CM_OK || (rc = world_build(&w, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "gen", "world built in %.2f s", cm_now() - t0);
    if ((rc = gen_shp_write(&w, o->out, err)) != CM_OK
        || (rc = gen_census_write(&w, o->out, err)) != CM_OK
        || (rc = gen_vote_write(&w, o->out, rep, err)) != CM_OK)
        goto out;
    report_fill(&w, rep, t0);
out:
    world_cleanup(&w);
    return rc;
}
