/* gen_circo.c - constituencies of the generated country (import stage): within each
 * département, k-means of its bureaux with k proportional to its bureaux (539 metropolitan
 * constituencies for the whole country); small communes stay in one constituency. */
#include "gen_int.h"

#include "cm_buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GEN_NCIRCO_FRANCE 539.0
#define GEN_SPLIT_COMMUNE 30 /* communes with this many bureaux may span constituencies */
#define GEN_KMEANS_ITER 8
#define GEN_CIRCO_MIN_BV 20.0 /* small data sets: fewer, larger constituencies */

struct dep_work {
    long n, k;
    const long *b;    /* bureaux of the département */
    double *ax, *ay;  /* anchors: commune centre or bureau seed */
    double *cx, *cy;  /* centres */
    int *lab;
};

static int
closest(const struct dep_work *d, double x, double y)
{
    int best = 0;
    double bd = HUGE_VAL;

    for (int c = 0; c < d->k; c++) {
        double dd = (d->cx[c] - x) * (d->cx[c] - x) + (d->cy[c] - y) * (d->cy[c] - y);
        if (dd < bd)
            bd = dd, best = c;
    }
    return best;
}

/* Farthest-point start from the anchor nearest the prefecture: deterministic, well spread. */
static void
kmeans_init(struct dep_work *d, const struct gen_dep *dep)
{
    double *mind = cm_xcalloc((size_t)d->n, sizeof *mind);

    for (long i = 0; i < d->n; i++)
        mind[i] = hypot(d->ax[i] - dep->x, d->ay[i] - dep->y);
    for (long c = 0; c < d->k; c++) {
        long pick = 0;
        for (long i = 1; i < d->n; i++) {
            if (c == 0 ? mind[i] < mind[pick] : mind[i] > mind[pick])
                pick = i;
        }
        d->cx[c] = d->ax[pick], d->cy[c] = d->ay[pick];
        for (long i = 0; i < d->n; i++) {
            double dd = hypot(d->ax[i] - d->cx[c], d->ay[i] - d->cy[c]);
            mind[i] = c == 0 ? dd : fmin(mind[i], dd);
        }
    }
    free(mind);
}

static void
kmeans(struct dep_work *d)
{
    double *sx = cm_xcalloc((size_t)d->k, sizeof *sx), *sy = cm_xcalloc((size_t)d->k, sizeof *sy);
    long *cnt = cm_xcalloc((size_t)d->k, sizeof *cnt);

    for (int it = 0; it <= GEN_KMEANS_ITER; it++) {
        memset(sx, 0, (size_t)d->k * sizeof *sx), memset(sy, 0, (size_t)d->k * sizeof *sy);
        memset(cnt, 0, (size_t)d->k * sizeof *cnt);
        for (long i = 0; i < d->n; i++) {
            d->lab[i] = closest(d, d->ax[i], d->ay[i]);
            sx[d->lab[i]] += d->ax[i], sy[d->lab[i]] += d->ay[i], cnt[d->lab[i]]++;
        }
        for (long c = 0; c < d->k && it < GEN_KMEANS_ITER; c++) {
            if (cnt[c] > 0)
                d->cx[c] = sx[c] / (double)cnt[c], d->cy[c] = sy[c] / (double)cnt[c];
        }
    }
    free(sx), free(sy), free(cnt);
}

/* Number the non-empty clusters by distance from the prefecture and append them. */
static void
circos_add(struct gen_world *w, int dep, struct dep_work *d)
{
    long *glob = cm_xcalloc((size_t)d->k, sizeof *glob);
    long *used = cm_xcalloc((size_t)d->k, sizeof *used);
    int num = 0;

    for (long i = 0; i < d->n; i++)
        used[d->lab[i]] = 1;
    for (;;) {
        long best = -1;
        double bd = HUGE_VAL;
        for (long c = 0; c < d->k; c++) {
            double dd = hypot(d->cx[c] - gen_deps[dep].x, d->cy[c] - gen_deps[dep].y);
            if (used[c] == 1 && dd < bd)
                bd = dd, best = c;
        }
        if (best < 0)
            break;
        used[best] = 2;
        glob[best] = w->n_circo;
        w->circo[w->n_circo++] = (struct gen_circo){dep, ++num, d->cx[best], d->cy[best]};
    }
    for (long i = 0; i < d->n; i++)
        w->b_circo[d->b[i]] = (int)glob[d->lab[i]];
    free(glob), free(used);
}

static void
dep_circos(struct gen_world *w, int dep, const long *b, long n)
{
    struct dep_work d = {.n = n, .b = b};

    d.k = lround((double)n / fmax((double)w->n / GEN_NCIRCO_FRANCE, GEN_CIRCO_MIN_BV));
    d.k = d.k < 1 ? 1 : d.k > n ? n : d.k;
    d.ax = cm_xcalloc((size_t)n, sizeof *d.ax), d.ay = cm_xcalloc((size_t)n, sizeof *d.ay);
    d.cx = cm_xcalloc((size_t)d.k, sizeof *d.cx), d.cy = cm_xcalloc((size_t)d.k, sizeof *d.cy);
    d.lab = cm_xcalloc((size_t)n, sizeof *d.lab);
    for (long i = 0; i < n; i++) {
        const struct gen_commune *c = &w->com[w->b_com[b[i]]];
        int whole = c->n_bv < GEN_SPLIT_COMMUNE;
        d.ax[i] = whole ? c->x : w->bx[b[i]], d.ay[i] = whole ? c->y : w->by[b[i]];
    }
    kmeans_init(&d, &gen_deps[dep]);
    kmeans(&d);
    circos_add(w, dep, &d);
    free(d.ax), free(d.ay), free(d.cx), free(d.cy), free(d.lab);
}

/* k-means clusters of anchors can leave a detached bureau; it joins a neighbouring
 * constituency of the same département. */
static void
circos_connect(struct gen_world *w)
{
    double *cx = cm_xcalloc((size_t)w->n_circo, sizeof *cx);
    double *cy = cm_xcalloc((size_t)w->n_circo, sizeof *cy);
    long *root = cm_xcalloc((size_t)w->n_circo, sizeof *root);
    int *dep = cm_xcalloc((size_t)w->n, sizeof *dep);

    for (long k = 0; k < w->n_circo; k++)
        cx[k] = w->circo[k].x, cy[k] = w->circo[k].y;
    for (long i = 0; i < w->n; i++)
        dep[i] = w->com[w->b_com[i]].dep;
    gen_group_roots(w->bx, w->by, w->n, w->b_circo, cx, cy, w->n_circo, root);
    gen_contiguous(&w->badj, w->n, w->b_circo, root, w->n_circo, dep);
    free(cx), free(cy), free(root), free(dep);
}

void
gen_circos_make(struct gen_world *w)
{
    long start[GEN_NDEP + 1] = {0}, fill[GEN_NDEP] = {0};
    long *by_dep = cm_xcalloc((size_t)w->n, sizeof *by_dep);

    w->b_circo = cm_xcalloc((size_t)w->n, sizeof *w->b_circo);
    w->circo = cm_xcalloc((size_t)w->n, sizeof *w->circo);
    for (long i = 0; i < w->n; i++)
        start[w->com[w->b_com[i]].dep + 1]++;
    for (int d = 0; d < GEN_NDEP; d++)
        start[d + 1] += start[d];
    for (long i = 0; i < w->n; i++) {
        int d = w->com[w->b_com[i]].dep;
        by_dep[start[d] + fill[d]++] = i;
    }
    for (int d = 0; d < GEN_NDEP; d++) {
        if (start[d + 1] > start[d])
            dep_circos(w, d, by_dep + start[d], start[d + 1] - start[d]);
    }
    free(by_dep);
    circos_connect(w);
}
