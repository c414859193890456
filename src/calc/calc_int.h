/* calc_int.h - pure formulas and helpers shared inside src/calc/ (and by its unit tests). */
#ifndef CALC_INT_H
#define CALC_INT_H

#include "calc.h"
#include "calc_blocs.h"
#include "store_layers.h"

#include <stddef.h>
#include <stdint.h>

#define CALC_DOORS_PER_VOTER 1.4 /* 46.0 M registered / 33.2 M dwellings */
/* PO = (A/R) x (C/E) with A = R - V; NAN when R = 0 or E = 0. */
double calc_po(int64_t r, int64_t v, int64_t e, int64_t c);
/* Pedersen index 1/2 sum |a_k - b_k| over k shares; NAN if any share is NAN. */
double calc_pedersen(const double *a, const double *b, size_t k);
/* Category index (0 none .. 4 stronghold) of a deviation in points; NAN gives NAN.
 * The deviation is rounded to 1e-9 point so that exact boundaries are not lost to floating
 * point error: >= 6 stronghold, [2, 6) growth, [-1, 2) mobilise, [-5, -1) low, < -5 none. */
double calc_category(double d_points);

/* EPSG:3035 (ETRS89-LAEA Europe, GRS80; WGS84 taken as ETRS89, as PROJ's null transform
 * does) from lon/lat degrees: x easting, y northing, metres. */
void calc_laea3035(double lon, double lat, double *x, double *y);

/* 53-bit FNV-1a hash (a JSON-safe positive integer) used for layer versions. */
uint64_t calc_hash(uint64_t h, const void *p, size_t n);
#define CALC_HASH_INIT 1469598103934665603ULL

/* One layer to write: metadata plus values over codes. */
struct calc_out {
    const char *name, *grp, *title, *unit, *labels;
    char *formula, *refs, *years; /* borrowed */
    int categorical;
    const char *stamp; /* identity of the inputs (rounds, census, contours, params) */
};
/* Write one layer with its version (hash of stamp, metadata and values). */
int calc_put(struct store *st, const struct calc_out *o, size_t n,
             const char (*codes)[STORE_CODE_LEN], const double *value, size_t *count,
             struct cm_err *err);

/* Sociodemographic layers by areal weighting; fills rep->n_iris, n_pairs, n_geom_failed. */
int calc_socio(struct store *st, struct calc_report *rep, struct cm_err *err);
/* Whether a census variable is a rate/median (population-weighted mean) rather than a count. */
int calc_census_is_rate(const char *var);

#endif
