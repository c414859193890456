/* store_info.h - a summary of what the store holds, for `coopmap info`. */
#ifndef STORE_INFO_H
#define STORE_INFO_H

#include "store.h"

struct store_info_count {
    const char *table; /* static string */
    int64_t n;
};

struct store_info_round {
    char *election, *kind, *date, *label, *source, *layout, *imported_at; /* owned */
    int round;
    int64_t n_results, inscrits, votants, exprimes, n_candidates;
};

struct store_info_set {
    char *kind, *source, *communes, *imported_at; /* owned */
    int64_t id, year, n_features, n_areas;
};

struct store_info_census {
    int64_t year, n_iris, n_vars, n_values, n_secret;
};

struct store_info {
    int schema_version;
    struct store_info_count counts[10];
    int n_counts;
    struct store_info_round *rounds; /* owned */
    int n_rounds;
    struct store_info_set *sets;     /* owned */
    int n_sets;
    struct store_info_census *census; /* owned */
    int n_census;
};

/* Fill *info from the store; release with store_info_cleanup even on error. */
int store_info_load(struct store *st, struct store_info *info, struct cm_err *err);
/* Free what store_info_load allocated. */
void store_info_cleanup(struct store_info *info);

#endif
