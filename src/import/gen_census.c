/* gen_census.c - census.csv of the generated country (import stage): an INSEE-like IRIS table
 * with weighted (decimal) counts, income and poverty from FILOSOFI, and empty cells where
 * the statistical secret applies. Values follow the same smooth fields as the votes. */
#include "gen_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Weighted counts print like INSEE's: up to 6 decimals, trailing zeros dropped. */
static void
put_count(FILE *f, double v)
{
    char b[64];
    int n = snprintf(b, sizeof b, "%.6f", v);

    while (n > 0 && b[n - 1] == '0')
        n--;
    if (n > 0 && b[n - 1] == '.')
        n--;
    fprintf(f, ";%.*s", n, b);
}

static double
clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void
census_row(const struct gen_world *w, FILE *f, long i, double base)
{
    const struct gen_field *fl = w->field;
    double x = w->ix[i], y = w->iy[i], u = w->i_urb[i] - 0.5;
    double z[6];
    double pop, p15, cs5, cs6, chom, med, tp60;

    for (int k = 0; k < 6; k++)
        z[k] = gen_hash_normal(w->seed, GEN_S_CENSUS, (uint64_t)i, (uint64_t)k);
    pop = base * exp(0.35 * z[0]) * (1.0 + 1.1 * u);
    p15 = pop * clamp(0.83 + 0.02 * z[1], 0.7, 0.95);
    /* employees follow the moderate left's field, workers the far right's, unemployment the
     * radical left's: the census explains the votes, as it does on real maps */
    cs5 = 0.15 + 0.02 * gen_field_at(&fl[2], x, y) + 0.03 * u + 0.015 * z[2];
    cs6 = 0.11 + 0.035 * gen_field_at(&fl[5], x, y) - 0.05 * u + 0.015 * z[3];
    chom = 0.09 + 0.025 * gen_field_at(&fl[1], x, y) + 0.03 * u + 0.015 * z[4];
    cs5 = p15 * clamp(cs5, 0.03, 0.35), cs6 = p15 * clamp(cs6, 0.01, 0.4);
    chom = pop * 0.64 * clamp(chom, 0.02, 0.35);
    med = 22000 * exp(0.12 * gen_field_at(&fl[6], x, y) + (0.08 + 0.12 * (u + 0.5)) * z[5]);
    tp60 = clamp(14 - 40 * log(med / 22000), 1.5, 55);
    fprintf(f, "%s", w->i_code[i]);
    put_count(f, pop), put_count(f, p15), put_count(f, cs5), put_count(f, cs6), put_count(f, chom);
    /* FILOSOFI withholds small or rare IRIS: a secret is an empty cell, never 0 */
    if (pop < 250 || gen_hash_unif(w->seed, GEN_S_CENSUS, (uint64_t)i, 10) < 0.04)
        fputs(";;\n", f);
    else if (gen_hash_unif(w->seed, GEN_S_CENSUS, (uint64_t)i, 11) < 0.03)
        fprintf(f, ";%.0f;\n", med);
    else
        fprintf(f, ";%.0f;%.1f\n", med, tp60);
}

int
gen_census_write(const struct gen_world *w, const char *dir, struct cm_err *err)
{
    char path[1024];
    FILE *f;
    /* population ~ 1.45 registered voters, ~700 voters a bureau */
    double base = 1015.0 * (double)w->n / (double)w->m;

    snprintf(path, sizeof path, "%s/census.csv", dir);
    if ((f = fopen(path, "w")) == NULL)
        return cm_err_set(err, CM_EIO, "%s: %s", path, strerror(errno));
    fputs("IRIS;P_POP;C_POP15P;C_POP15P_CS5;C_POP15P_CS6;P_CHOM1564;DISP_MED;DISP_TP60\n", f);
    for (long k = 0; k < w->m; k++)
        census_row(w, f, w->i_order[k], base);
    if (ferror(f) | fclose(f))
        return cm_err_set(err, CM_EIO, "%s: write failed: %s", path, strerror(errno));
    return CM_OK;
}
