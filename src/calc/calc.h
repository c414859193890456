/* calc.h - targeting layers (calc layer): results, potential of our abstainers, volatility,
 * categories and sociodemographics per bureau, computed from the store and written back to it.
 * The renderer and the server read computed layers through calc_layer_load. */
#ifndef CALC_H
#define CALC_H

#include "cm_err.h"
#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct calc_layer {            /* one computed layer loaded for display; owned by caller */
    char *name, *title, *formula, *refs, *years, *unit;  /* owned; refs = reference elections */
    int64_t version;           /* changes whenever the layer's inputs or parameters change */
    int categorical;           /* 1: value is a class index 0..n_breaks (categories layer) */
    size_t n;                  /* number of bureaux */
    char (*codes)[11];         /* owned, INSEE_BBBB, sorted ascending (bsearch-able) */
    double *value;             /* owned, NAN = no data */
    size_t n_labels;           /* categorical: class labels ("stronghold", ...) */
    char **labels;             /* owned */
};
/* Load the current values of a computed layer; CM_ENOTFOUND if never computed. */
int calc_layer_load(struct store *st, const char *name, struct calc_layer **out, struct cm_err *err);
void calc_layer_free(struct calc_layer *l);
/* List computed layer names (owned array of owned strings). */
int calc_layer_names(struct store *st, char ***names_out, size_t *n_out, struct cm_err *err);

/* Value of bureau code in a loaded layer (bsearch); NAN when absent or no data. */
double calc_layer_value(const struct calc_layer *l, const char *code);

/* Options of `coopmap compute`; strings borrowed, NULL = default. */
struct calc_opts {
    const char *ref;        /* ELECTION:ROUND; default latest presidential round 1 */
    const char *from, *to;  /* volatility rounds; default previous round 1 -> ref */
    const char *camp;       /* comma list of blocs */
    const char *only;       /* comma list of groups: results,potential,volatility,category,socio */
    const char *blocs_file; /* loaded when the store has no bloc mapping yet (NULL: none) */
    const char *cat_area;   /* categories compared within: commune (default), circo or all */
};

struct calc_report {
    size_t n_layers;          /* layers written */
    size_t n_bureaux;         /* bureaux of the reference round */
    size_t n_socio_bureaux;   /* bureaux with a contour, for the socio layers */
    size_t n_iris, n_pairs;   /* IRIS read, IRIS x bureau intersections */
    size_t n_geom_failed;     /* intersections GEOS could not compute, skipped */
    size_t n_iris_low;        /* IRIS less than 90% covered by bureaux: carried whole */
    size_t n_census_orphans;  /* census IRIS codes without a contour (most of one variable) */
    double t_election, t_socio; /* seconds */
    char *ref;                /* owned: "pres2017:1" */
    char *volatility;         /* owned: "pres2012:1 -> pres2017:1" or NULL when skipped */
    char *notes;              /* owned: unmapped candidates, skipped groups; may be NULL */
};

/* Compute and store the layers; one transaction. CM_EINPUT for a refused --ref or camp. */
int calc_compute(struct store *st, const struct calc_opts *opts, struct calc_report *rep,
                 struct cm_err *err);
void calc_report_cleanup(struct calc_report *rep);

/* One bureau of a ranking, with the figures a section secretary needs. */
struct calc_rank_row {
    char code[11];
    const char *label, *commune, *circo; /* borrowed from the ranking; may be NULL */
    double score;                        /* the ranked layer's value; NAN = no data */
    double registered, voters, doors;    /* registered, expected voters L, doors; NAN if absent */
    const char *category;                /* class label or NULL */
};

struct calc_rank {
    struct calc_layer *layer; /* owned: the ranked layer */
    size_t n;
    struct calc_rank_row *rows; /* owned; by score descending, no data last, then code */
    void *priv;                 /* owned: bureau labels behind the borrowed strings */
};

/* Rank the bureaux of a layer, keeping those in area (NULL: all; commune 75056,
 * arrondissement 75119, constituency 75-01, département 75) and the first limit (0: all).
 * CM_ENOTFOUND if the layer was never computed; CM_EUSAGE for a malformed area. */
int calc_rank_build(struct store *st, const char *layer, const char *area, long limit,
                    struct calc_rank *out, struct cm_err *err);
/* calc_rank_build's ranking with codes and scores only (no label, commune, registered,
 * voters, doors, category): for a map without its table. */
int calc_rank_scores(struct store *st, const char *layer, const char *area, long limit,
                     struct calc_rank *out, struct cm_err *err);
void calc_rank_cleanup(struct calc_rank *r);
/* Column name of a ranking's score: the layer's name, or "<name>_value" when that is one of
 * the other columns (the category layer); into buf of size n. */
void calc_rank_score_field(const struct calc_rank *r, char *buf, size_t n);
/* Write a ranking with bureau contours through OGR: driver "GeoJSON", "CSV" (geometry as
 * WKT) or "GPKG"; path may be /vsistdout/ for GeoJSON and CSV. */
int calc_rank_write_ogr(struct store *st, const struct calc_rank *r, const char *driver,
                        const char *path, struct cm_err *err);

#endif
