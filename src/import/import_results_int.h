/* import_results_int.h - private to the results importer: layouts, column maps, rows. */
#ifndef IMPORT_RESULTS_INT_H
#define IMPORT_RESULTS_INT_H

#include "import_csv.h"

#include <stdint.h>

enum res_layout { RES_NATIVE2024, RES_LEGACY, RES_LARGE, RES_LONG, RES_CITY, RES_NLAYOUTS };

/* One candidate (or nuance) source in a record: column indices (-1 absent) or fixed text. */
struct res_cand {
    int panel, nuance, nom, prenom, voix;
    char *name;        /* owned: fixed name (large and city columns), else NULL */
    char *nuance_text; /* owned: fixed nuance (large nuance columns), else NULL */
};

struct res_map {
    enum res_layout layout;
    int dep, com, bv, circo, inscrits, votants, abst, blancs, nuls, exprimes;
    struct res_cand *cands; /* owned */
    int n_cands;
    int repeat_width;       /* legacy: width of the unnamed repeating blocks, else 0 */
    int cands_per_circo;    /* candidates are keyed by constituency */
    int nuance_columns;     /* large: columns are nuances */
};

extern const char *const res_layout_names[RES_NLAYOUTS];

/* Map the header of c (the current record) for layout (RES_NLAYOUTS: detect). nuance_columns
 * tells how to read a large file's columns. CM_EINPUT names the file and what is missing. */
int res_map_header(const struct import_csv *c, int layout, int nuance_columns, int have_dep,
                   int have_commune, struct res_map *m, struct cm_err *err);
/* Free what the map owns. */
void res_map_cleanup(struct res_map *m);

#endif
