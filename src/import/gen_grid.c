/* gen_grid.c - nearest-point queries on a uniform grid (import stage, generator): finds the
 * Voronoi owner of a point, with optional additive weights (commune capture radii). */
#include "gen_int.h"

#include "cm_buf.h"

#include <math.h>
#include <stdlib.h>

struct gen_grid {
    const double *x, *y, *w; /* borrowed */
    double x0, y0, cs, wmax;
    long nx, ny;
    long *start; /* owned: nx * ny + 1 */
    long *idx;   /* owned: point indices by cell */
};

static long
cell_of(const struct gen_grid *g, double v, double v0, long nmax)
{
    long c = (long)floor((v - v0) / g->cs);
    return c < 0 ? 0 : c >= nmax ? nmax - 1 : c;
}

struct gen_grid *
gen_grid_new(const double *x, const double *y, const double *w, long n)
{
    struct gen_grid *g = cm_xcalloc(1, sizeof *g);
    double x1 = x[0], y1 = y[0];
    long nc;

    g->x = x, g->y = y, g->w = w;
    g->x0 = x[0], g->y0 = y[0];
    for (long i = 0; i < n; i++) {
        g->x0 = fmin(g->x0, x[i]), x1 = fmax(x1, x[i]);
        g->y0 = fmin(g->y0, y[i]), y1 = fmax(y1, y[i]);
        if (w && w[i] > g->wmax)
            g->wmax = w[i];
    }
    g->cs = fmax(sqrt((x1 - g->x0 + 1) * (y1 - g->y0 + 1) / (double)n) * 1.5, 1.0);
    g->nx = (long)((x1 - g->x0) / g->cs) + 1;
    g->ny = (long)((y1 - g->y0) / g->cs) + 1;
    nc = g->nx * g->ny;
    g->start = cm_xcalloc((size_t)nc + 1, sizeof *g->start);
    g->idx = cm_xcalloc((size_t)n, sizeof *g->idx);
    for (long i = 0; i < n; i++)
        g->start[cell_of(g, y[i], g->y0, g->ny) * g->nx + cell_of(g, x[i], g->x0, g->nx) + 1]++;
    for (long c = 0; c < nc; c++)
        g->start[c + 1] += g->start[c];
    {
        long *fill = cm_xcalloc((size_t)nc, sizeof *fill);
        for (long i = 0; i < n; i++) {
            long c = cell_of(g, y[i], g->y0, g->ny) * g->nx + cell_of(g, x[i], g->x0, g->nx);
            g->idx[g->start[c] + fill[c]++] = i;
        }
        free(fill);
    }
    return g;
}

static void
visit(const struct gen_grid *g, long cx, long cy, double x, double y, long *best, double *bd)
{
    long c;

    if (cx < 0 || cy < 0 || cx >= g->nx || cy >= g->ny)
        return;
    c = cy * g->nx + cx;
    for (long k = g->start[c]; k < g->start[c + 1]; k++) {
        long i = g->idx[k];
        double dx = g->x[i] - x, dy = g->y[i] - y;
        double d = sqrt(dx * dx + dy * dy) - (g->w ? g->w[i] : 0); /* hypot is 5x slower */
        if (*best < 0 || d < *bd || (d == *bd && i < *best))
            *best = i, *bd = d;
    }
}

long
gen_grid_nearest(const struct gen_grid *g, double x, double y)
{
    long cx = cell_of(g, x, g->x0, g->nx), cy = cell_of(g, y, g->y0, g->ny), best = -1;
    double bd = 0, qx = fmin(fmax(x, g->x0), g->x0 + (double)g->nx * g->cs);
    double qy = fmin(fmax(y, g->y0), g->y0 + (double)g->ny * g->cs);
    double off = hypot(x - qx, y - qy); /* the query may lie outside the grid */
    long rmax = (g->nx > g->ny ? g->nx : g->ny) + 1;

    for (long r = 0; r <= rmax; r++) {
        if (r == 0) {
            visit(g, cx, cy, x, y, &best, &bd);
        } else {
            for (long i = cx - r; i <= cx + r; i++) {
                visit(g, i, cy - r, x, y, &best, &bd);
                visit(g, i, cy + r, x, y, &best, &bd);
            }
            for (long j = cy - r + 1; j <= cy + r - 1; j++) {
                visit(g, cx - r, j, x, y, &best, &bd);
                visit(g, cx + r, j, x, y, &best, &bd);
            }
        }
        /* every point in ring r + 1 or beyond is at least r cells away */
        if (best >= 0 && (double)r * g->cs - off - g->wmax > bd)
            break;
    }
    return best;
}

void
gen_grid_free(struct gen_grid *g)
{
    if (g == NULL)
        return;
    free(g->start);
    free(g->idx);
    free(g);
}
