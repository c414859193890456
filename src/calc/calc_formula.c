/* calc_formula.c - the pure formulas of the layers (calc layer): potential, Pedersen,
 * categories, version hash. No store access: unit-tested directly. */
#include "calc_int.h"

#include <math.h>

const char *const calc_blocs[CALC_N_BLOCS] = {"far_left", "left",      "ecologist", "centre",
                                              "right",    "far_right", "other"};
const char *const calc_category_labels[5] = {"none", "low", "mobilise", "growth", "stronghold"};

double
calc_po(int64_t r, int64_t v, int64_t e, int64_t c)
{
    if (r <= 0 || e <= 0)
        return NAN;
    return ((double)(r - v) / (double)r) * ((double)c / (double)e);
}

double
calc_pedersen(const double *a, const double *b, size_t k)
{
    double s = 0;

    for (size_t i = 0; i < k; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            return NAN;
        s += fabs(a[i] - b[i]);
    }
    return s / 2;
}

double
calc_category(double d)
{
    if (isnan(d))
        return NAN;
    d = round(d * 1e9) / 1e9;
    if (d >= 6)
        return 4;
    if (d >= 2)
        return 3;
    if (d >= -1)
        return 2;
    if (d >= -5)
        return 1;
    return 0;
}

uint64_t
calc_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;

    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 1099511628211ULL;
    }
    return h;
}
