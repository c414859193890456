/* gen_admin.c - administrative layout of the generated country (import stage): communes
 * (additively weighted nearest centre, so towns make big communes), départements (nearest
 * prefecture), INSEE codes, bureau numbers, and the IRIS codes. */
#include "gen_int.h"

#include "cm_buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_P_CENTRE_COUNTRY 0.7 /* countryside bureau seeds that start a commune */
#define GEN_P_CENTRE_TOWN 0.04   /* town bureau seeds that start a suburb commune */
#define GEN_FULL_COUNTRY 80000.0 /* past this many bureaux, communes grow instead of multiply */
#define GEN_TOWN_CAPTURE 0.6     /* a town's main commune reaches 0.6 sigma further */

/* Candidate centres: every town, then a share of the bureau seeds. */
static long
centres_make(const struct gen_world *w, struct gen_commune **out)
{
    struct gen_commune *c = cm_xcalloc((size_t)(w->n_towns + w->n), sizeof *c);
    double scale = fmin(1.0, GEN_FULL_COUNTRY / (double)w->n); /* INSEE codes: <= 999 a dep */
    long k = 0;

    for (long t = 0; t < w->n_towns; t++) {
        c[k].x = w->towns[t].x, c[k].y = w->towns[t].y;
        c[k].w = GEN_TOWN_CAPTURE * w->towns[t].sigma;
        c[k++].town = (int)t;
    }
    for (long i = 0; i < w->n; i++) {
        double p = scale * (w->b_town[i] < 0 ? GEN_P_CENTRE_COUNTRY : GEN_P_CENTRE_TOWN);
        if (gen_hash_unif(w->seed, GEN_S_COMMUNES, (uint64_t)i, 0) < p) {
            c[k].x = w->bx[i], c[k].y = w->by[i], c[k].w = 0;
            c[k++].town = -1;
        }
    }
    *out = c;
    return k;
}

static int
nearest_dep(double x, double y)
{
    int best = 0;
    double bd = HUGE_VAL;

    for (int d = 0; d < GEN_NDEP; d++) {
        double dd = hypot(gen_deps[d].x - x, gen_deps[d].y - y);
        if (dd < bd)
            bd = dd, best = d;
    }
    return best;
}

/* Nearest-centre communes are nearly always in one piece; detached bureaux join a
 * neighbouring commune so that every commune is contiguous, as real ones mostly are. */
static void
communes_connect(struct gen_world *w)
{
    double *cx = cm_xcalloc((size_t)w->n_com, sizeof *cx);
    double *cy = cm_xcalloc((size_t)w->n_com, sizeof *cy);
    long *root = cm_xcalloc((size_t)w->n_com, sizeof *root);

    for (long j = 0; j < w->n_com; j++)
        cx[j] = w->com[j].x, cy[j] = w->com[j].y, w->com[j].n_bv = 0;
    gen_group_roots(w->bx, w->by, w->n, w->b_com, cx, cy, w->n_com, root);
    gen_contiguous(&w->badj, w->n, w->b_com, root, w->n_com, NULL);
    for (long i = 0; i < w->n; i++)
        w->com[w->b_com[i]].n_bv++;
    free(cx), free(cy), free(root);
}

/* Bureaux join the centre minimising distance - weight; centres left empty are dropped. */
static void
communes_assign(struct gen_world *w)
{
    struct gen_commune *c;
    long k = centres_make(w, &c), nk = 0;
    double *cx = cm_xcalloc((size_t)k, sizeof *cx), *cy = cm_xcalloc((size_t)k, sizeof *cy);
    double *cw = cm_xcalloc((size_t)k, sizeof *cw);
    long *remap = cm_xcalloc((size_t)k, sizeof *remap);
    struct gen_grid *g;

    for (long j = 0; j < k; j++)
        cx[j] = c[j].x, cy[j] = c[j].y, cw[j] = c[j].w;
    g = gen_grid_new(cx, cy, cw, k);
    for (long i = 0; i < w->n; i++) {
        w->b_com[i] = (int)gen_grid_nearest(g, w->bx[i], w->by[i]);
        c[w->b_com[i]].n_bv++;
    }
    for (long j = 0; j < k; j++) {
        remap[j] = c[j].n_bv > 0 ? nk : -1;
        if (c[j].n_bv > 0)
            c[nk++] = c[j];
    }
    for (long i = 0; i < w->n; i++)
        w->b_com[i] = (int)remap[w->b_com[i]];
    w->com = cm_xreallocarray(c, (size_t)nk, sizeof *c);
    w->n_com = nk;
    gen_grid_free(g);
    free(cx), free(cy), free(cw), free(remap);
    communes_connect(w);
}

static const struct gen_commune *sort_com;

static int
cmp_com(const void *a, const void *b)
{
    const struct gen_commune *p = &sort_com[*(const long *)a], *q = &sort_com[*(const long *)b];
    int r = p->dep != q->dep ? (p->dep > q->dep) - (p->dep < q->dep) : strcmp(p->name, q->name);
    return r ? r : (*(const long *)a > *(const long *)b) - (*(const long *)a < *(const long *)b);
}

/* Départements: communes go to the nearest prefecture, then detached pieces join a
 * neighbouring département, whole communes at a time. */
static void
deps_assign(struct gen_world *w)
{
    int *dep = cm_xcalloc((size_t)w->n_com, sizeof *dep);
    double *x = cm_xcalloc((size_t)w->n_com, sizeof *x);
    double *y = cm_xcalloc((size_t)w->n_com, sizeof *y);
    double px[GEN_NDEP], py[GEN_NDEP];
    long root[GEN_NDEP];
    struct gen_adj cadj;

    for (long j = 0; j < w->n_com; j++) {
        dep[j] = nearest_dep(w->com[j].x, w->com[j].y);
        x[j] = w->com[j].x, y[j] = w->com[j].y;
    }
    for (int d = 0; d < GEN_NDEP; d++)
        px[d] = gen_deps[d].x, py[d] = gen_deps[d].y;
    gen_adj_quotient(&w->badj, w->n, w->b_com, w->n_com, &cadj);
    gen_group_roots(x, y, w->n_com, dep, px, py, GEN_NDEP, root);
    gen_contiguous(&cadj, w->n_com, dep, root, GEN_NDEP, NULL);
    for (long j = 0; j < w->n_com; j++)
        w->com[j].dep = dep[j];
    gen_adj_free(&cadj);
    free(dep), free(x), free(y);
}

/* Names, départements, then INSEE codes numbered by name within each département, as INSEE
 * does. More than 999 communes in one département cannot be coded: CM_EUSAGE. */
static int
communes_code(struct gen_world *w, struct cm_err *err)
{
    long *ord = cm_xcalloc((size_t)w->n_com, sizeof *ord), num = 0;
    int rc = CM_OK;

    deps_assign(w);
    for (long j = 0; j < w->n_com; j++) {
        struct gen_commune *c = &w->com[j];
        int t = c->town;
        if (t >= 0 && w->towns[t].dep >= 0)
            snprintf(c->name, sizeof c->name, "%s", gen_deps[w->towns[t].dep].capital);
        else
            gen_commune_name(w->seed, j, c->name, sizeof c->name);
        ord[j] = j;
    }
    sort_com = w->com;
    qsort(ord, (size_t)w->n_com, sizeof *ord, cmp_com);
    for (long k = 0; k < w->n_com; k++) {
        struct gen_commune *c = &w->com[ord[k]];
        num = k > 0 && w->com[ord[k - 1]].dep == c->dep ? num + 1 : 1;
        if (num > 999) {
            rc = cm_err_set(err, CM_EUSAGE, "too many communes in département %s for INSEE codes"
                            " (use fewer bureaux)", gen_deps[c->dep].code);
            break;
        }
        snprintf(c->code, sizeof c->code, "%.2s%03u", gen_deps[c->dep].code, (unsigned)num % 1000u);
    }
    free(ord);
    return rc;
}

/* Sort key for numbering members of a group by distance to the group's centre. */
struct member {
    long group, idx;
    double d;
};

static int
cmp_member(const void *a, const void *b)
{
    const struct member *p = a, *q = b;
    if (p->group != q->group)
        return (p->group > q->group) - (p->group < q->group);
    if (p->d != q->d)
        return (p->d > q->d) - (p->d < q->d);
    return (p->idx > q->idx) - (p->idx < q->idx);
}

/* num_out[i] = rank (from 1) of point i in its group, by distance to the group centre. */
static void
number_in_group(long n, const double *x, const double *y, const int *group,
                const struct gen_commune *com, int *num_out)
{
    struct member *m = cm_xcalloc((size_t)n, sizeof *m);

    for (long i = 0; i < n; i++) {
        m[i].group = group[i], m[i].idx = i;
        m[i].d = hypot(x[i] - com[group[i]].x, y[i] - com[group[i]].y);
    }
    qsort(m, (size_t)n, sizeof *m, cmp_member);
    for (long k = 0; k < n; k++)
        num_out[m[k].idx] = k > 0 && m[k - 1].group == m[k].group ? num_out[m[k - 1].idx] + 1 : 1;
    free(m);
}

/* IRIS: commune of the nearest bureau seed; "0000" when alone in its commune (as INSEE does
 * for communes not split into IRIS), else numbered from the commune centre. */
static void
iris_code(struct gen_world *w)
{
    struct gen_grid *g = gen_grid_new(w->bx, w->by, NULL, w->n);
    int *num = cm_xcalloc((size_t)w->m, sizeof *num);
    long *count = cm_xcalloc((size_t)w->n_com, sizeof *count);

    for (long i = 0; i < w->m; i++) {
        w->i_com[i] = w->b_com[gen_grid_nearest(g, w->ix[i], w->iy[i])];
        count[w->i_com[i]]++;
    }
    number_in_group(w->m, w->ix, w->iy, w->i_com, w->com, num);
    for (long i = 0; i < w->m; i++) {
        const struct gen_commune *c = &w->com[w->i_com[i]];
        int k = count[w->i_com[i]] == 1 ? 0 : num[i];
        snprintf(w->i_code[i], sizeof w->i_code[i], "%s%04d", c->code, k);
        if (k == 0)
            snprintf(w->i_name[i], sizeof w->i_name[i], "%.47s", c->name);
        else
            gen_quarter_name(k - 1, w->i_name[i], sizeof w->i_name[i]);
    }
    gen_grid_free(g);
    free(num), free(count);
}

int
gen_admin_make(struct gen_world *w, struct cm_err *err)
{
    int rc;

    w->b_com = cm_xcalloc((size_t)w->n, sizeof *w->b_com);
    w->b_num = cm_xcalloc((size_t)w->n, sizeof *w->b_num);
    w->i_com = cm_xcalloc((size_t)w->m, sizeof *w->i_com);
    w->i_code = cm_xcalloc((size_t)w->m, sizeof *w->i_code);
    w->i_name = cm_xcalloc((size_t)w->m, sizeof *w->i_name);
    communes_assign(w);
    if ((rc = communes_code(w, err)) != CM_OK)
        return rc;
    number_in_group(w->n, w->bx, w->by, w->b_com, w->com, w->b_num);
    iris_code(w);
    gen_circos_make(w);
    return CM_OK;
}
