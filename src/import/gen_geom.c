/* gen_geom.c - generator geometry (import stage): towns, seed points with town/countryside
 * densities inside France, and Voronoi cells from GEOS clipped to the Lambert-93 extent. */
#include "gen_int.h"

#include "cm_buf.h"

#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_EXTRA_TOWNS 400
#define GEN_P_TOWN 0.55

static int
in_ring(const double *r, int n, double x, double y)
{
    int in = 0;

    for (int i = 0, j = n - 1; i < n; j = i++) {
        double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

int
gen_in_france(double x, double y)
{
    return in_ring(gen_france, gen_france_n, x, y) || in_ring(gen_corsica, gen_corsica_n, x, y);
}

static void
random_in_france(struct gen_rng *r, double *x, double *y)
{
    do {
        *x = GEN_XMIN + (GEN_XMAX - GEN_XMIN) * gen_rng_unif(r);
        *y = GEN_YMIN + (GEN_YMAX - GEN_YMIN) * gen_rng_unif(r);
    } while (!gen_in_france(*x, *y));
}

/* Prefectures sized by their real town, then smaller towns with a Pareto size law: a few big
 * agglomerations, many market towns. Spread (sigma) grows with the square root of size. */
void
gen_towns_make(struct gen_world *w)
{
    struct gen_rng r;

    gen_rng_init(&r, w->seed, GEN_S_TOWNS);
    w->n_towns = GEN_NDEP + GEN_EXTRA_TOWNS;
    w->towns = cm_xcalloc((size_t)w->n_towns, sizeof *w->towns);
    for (long i = 0; i < w->n_towns; i++) {
        struct gen_town *t = &w->towns[i];
        if (i < GEN_NDEP) {
            t->x = gen_deps[i].x, t->y = gen_deps[i].y, t->weight = gen_deps[i].pop_k;
            t->dep = (int)i;
        } else {
            random_in_france(&r, &t->x, &t->y);
            t->weight = fmin(8.0 * pow(1.0 - gen_rng_unif(&r), -1.0 / 1.3), 200.0);
            t->dep = -1;
        }
        t->sigma = fmax(450.0 * sqrt(t->weight), 1500.0);
    }
}

static long
pick_town(const double *cum, long n, double u)
{
    long lo = 0, hi = n - 1;

    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* One point: around a town (Gaussian) or in the countryside, thinned by a smooth density. */
static int
draw_point(const struct gen_world *w, struct gen_rng *r, const double *cum, double *x, double *y)
{
    if (gen_rng_unif(r) < GEN_P_TOWN) {
        long t = pick_town(cum, w->n_towns, gen_rng_unif(r) * cum[w->n_towns - 1]);
        for (int tries = 0; tries < 20; tries++) {
            *x = w->towns[t].x + w->towns[t].sigma * gen_rng_normal(r);
            *y = w->towns[t].y + w->towns[t].sigma * gen_rng_normal(r);
            if (gen_in_france(*x, *y))
                return (int)t;
        }
    }
    for (;;) {
        random_in_france(r, x, y);
        double dens = 0.3 + 0.7 / (1.0 + exp(-1.5 * gen_field_at(&w->field[7], *x, *y)));
        if (gen_rng_unif(r) < dens)
            return -1;
    }
}

static int
seen_add(uint64_t *set, uint64_t mask, uint64_t key)
{
    uint64_t h = (key * 0x9e3779b97f4a7c15ULL) >> 20;

    for (;; h++) {
        uint64_t *s = &set[h & mask];
        if (*s == key)
            return 0;
        if (*s == 0) {
            *s = key;
            return 1;
        }
    }
}

void
gen_seeds_make(const struct gen_world *w, int stream, long n, double **x_out, double **y_out,
               int **town_out)
{
    double *x = cm_xcalloc((size_t)n, sizeof *x), *y = cm_xcalloc((size_t)n, sizeof *y);
    double *cum = cm_xcalloc((size_t)w->n_towns, sizeof *cum);
    int *town = cm_xcalloc((size_t)n, sizeof *town);
    uint64_t mask = 1;
    uint64_t *set;
    struct gen_rng r;

    while (mask < 2 * (uint64_t)n)
        mask <<= 1;
    set = cm_xcalloc(mask, sizeof *set);
    mask--;
    for (long t = 0; t < w->n_towns; t++)
        cum[t] = (t ? cum[t - 1] : 0) + w->towns[t].weight;
    gen_rng_init(&r, w->seed, stream);
    for (long i = 0; i < n;) {
        double px, py;
        int t = draw_point(w, &r, cum, &px, &py);
        /* whole metres: distinct seeds, and 0 never appears as a key in the set */
        px = nearbyint(px), py = nearbyint(py);
        if (!seen_add(set, mask, ((uint64_t)px << 32) | (uint64_t)py))
            continue;
        x[i] = px, y[i] = py, town[i] = t;
        i++;
    }
    free(set);
    free(cum);
    *x_out = x, *y_out = y;
    if (town_out)
        *town_out = town;
    else
        free(town);
}
