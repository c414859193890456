/* store_layers.h - SQL behind the targeting layers (store layer): election rounds and their
 * votes, census values, geometries as WKB, bureau labels, and the computed layers themselves.
 * Ownership: every *_load/_find fills caller structs whose strings and arrays are owned and
 * released by the matching *_cleanup; arrays of codes are sorted ascending. */
#ifndef STORE_LAYERS_H
#define STORE_LAYERS_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_CODE_LEN 11 /* INSEE_BBBB + NUL */

struct store_round {
    int64_t id;
    char *election, *kind, *date, *label, *sha256, *imported_at;
    int round;
};

/* The round ELECTION:ROUND; CM_ENOTFOUND names it when absent. */
int store_round_find(struct store *st, const char *election, int round, struct store_round *out,
                     struct cm_err *err);
/* Latest round `round` (by election date, then id) whose election kind starts with kind_prefix
 * (NULL: any kind), other than election `except` (NULL: none) and dated no later than
 * before_date (NULL: no bound). CM_ENOTFOUND when none. */
int store_round_latest(struct store *st, const char *kind_prefix, int round, const char *except,
                       const char *before_date, struct store_round *out, struct cm_err *err);
void store_round_cleanup(struct store_round *r);

struct store_cand {
    char *name, *nuance, *circo; /* owned; nuance may be NULL */
};

struct store_round_data {
    size_t n;                         /* result rows, sorted by bureau code */
    char (*codes)[STORE_CODE_LEN];
    char **circo;                     /* per row; NULL when unknown */
    int64_t *inscrits, *votants, *exprimes;
    size_t n_cand;
    struct store_cand *cand;
    size_t *off;                      /* n + 1: votes of row i are [off[i], off[i + 1]) */
    uint32_t *vote_cand;              /* index into cand */
    int64_t *voix;
};

/* Load all results, candidates and votes of one round. */
int store_round_data_load(struct store *st, int64_t round_id, struct store_round_data *out,
                          struct cm_err *err);
void store_round_data_cleanup(struct store_round_data *d);

struct store_census_var {
    char *name, *source; /* owned */
    int year;            /* latest year of the variable */
};

/* Census variables with their latest year, ordered by name. */
int store_census_vars(struct store *st, struct store_census_var **vars_out, size_t *n_out,
                      struct cm_err *err);
void store_census_vars_free(struct store_census_var *vars, size_t n);
/* Values of one variable and year, sorted by IRIS code (10 bytes each); NAN = secret. */
int store_census_values(struct store *st, const char *var, int year, char (**iris_out)[10],
                        double **value_out, size_t *n_out, struct cm_err *err);

/* Called per area with its code and WKB geometry (borrowed, valid during the call). */
typedef int (*store_geom_fn)(void *ctx, const char *code, const unsigned char *wkb, size_t len,
                             struct cm_err *err);
/* Every area of table "bureau" or "iris", ordered by code, geometry transformed to srid. */
int store_geoms_each(struct store *st, const char *table, int srid, store_geom_fn fn, void *ctx,
                     struct cm_err *err);
/* Identity of the contour sets of a kind ("bureau"/"iris"), for layer versions: owned text. */
int store_contours_stamp(struct store *st, const char *kind, char **stamp_out,
                         struct cm_err *err);

struct store_bureau_info {
    char code[STORE_CODE_LEN];
    char *label, *commune, *circo; /* owned; may be NULL */
};

/* All bureaux with a contour, sorted by code. */
int store_bureaux_load(struct store *st, struct store_bureau_info **out, size_t *n_out,
                       struct cm_err *err);
void store_bureaux_free(struct store_bureau_info *b, size_t n);

struct store_layer {
    char *name, *grp, *title, *formula, *refs, *years, *unit, *labels; /* owned */
    char *computed_at;                                                 /* owned */
    int categorical;
    int64_t version, n_bureaux;
};

/* Replace layer meta->name with n values (NAN = no data); inside a transaction. */
int store_layer_put(struct store *st, const struct store_layer *meta, size_t n,
                    const char (*codes)[STORE_CODE_LEN], const double *value,
                    struct cm_err *err);
/* Delete every layer of a group (a recompute drops layers it no longer produces). */
int store_layers_delete_group(struct store *st, const char *grp, struct cm_err *err);
/* Load one layer: meta, codes sorted, values (NAN for NULL). CM_ENOTFOUND if absent. */
int store_layer_load(struct store *st, const char *name, struct store_layer *meta,
                     char (**codes_out)[STORE_CODE_LEN], double **value_out, size_t *n_out,
                     struct cm_err *err);
/* Metadata of every layer ordered by group then name. */
int store_layers_list(struct store *st, struct store_layer **out, size_t *n_out,
                      struct cm_err *err);
void store_layer_cleanup(struct store_layer *m);



/* Constituency of each bureau as the results give it (latest round that names one), for
 * bureaux without one in their contour; sorted by code, circo owned. */
int store_result_circos(struct store *st, struct store_bureau_info **out, size_t *n_out,
                        struct cm_err *err);
#endif
