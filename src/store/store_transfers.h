/* store_transfers.h - SQL of the round-2 transfer rates per bloc and of the current
 * remobilisation setup (store layer). Calls that write run inside the caller's transaction. */
#ifndef STORE_TRANSFERS_H
#define STORE_TRANSFERS_H

#include "store.h"

#include <stddef.h>

struct store_transfer {
    char *bloc; /* owned */
    double rate; /* 0..1 */
    char *note; /* owned; may be NULL */
};

/* Replace the whole transfer table with rows. */
int store_transfers_replace(struct store *st, const struct store_transfer *rows, size_t n,
                            struct cm_err *err);
/* Load the table ordered by bloc; *rows_out owned (store_transfers_free); n 0 when empty. */
int store_transfers_load(struct store *st, struct store_transfer **rows_out, size_t *n_out,
                         struct cm_err *err);
void store_transfers_free(struct store_transfer *rows, size_t n);

struct store_remob_setup {
    char *r1, *ref, *camp, *updated_at; /* owned; ELECTION:ROUND, ELECTION:ROUND, bloc list */
};

/* Record the current setup (replacing the previous one). */
int store_remob_setup_put(struct store *st, const char *r1, const char *ref, const char *camp,
                          struct cm_err *err);
/* The current setup; CM_ENOTFOUND when remobilisation was never computed. */
int store_remob_setup_get(struct store *st, struct store_remob_setup *out, struct cm_err *err);
void store_remob_setup_cleanup(struct store_remob_setup *s);


/* Remobilisation loads (store_transfers_round.c). An area is the bureau's constituency: the
 * result's, else its contour's, else its commune. */
enum store_remob_filter {
    STORE_REMOB_ALL,   /* every bureau of the round */
    STORE_REMOB_AREAS, /* bureaux in the areas last given to store_remob_filter_set */
    STORE_REMOB_CODES, /* bureaux whose codes were last given to store_remob_filter_set */
};
/* Replace the connection's temporary filter of areas (areas = 1) or of codes (areas = 0). */
int store_remob_filter_set(struct store *st, int areas, const char *const *keys, size_t n,
                           struct cm_err *err);
/* Load a round's results, candidates and votes for the filtered bureaux, sorted by code, with
 * circo[i] set to the bureau's area; cleaned up with store_round_data_cleanup. */
struct store_round_data;
int store_remob_round_load(struct store *st, int64_t round_id, enum store_remob_filter f,
                           struct store_round_data *out, struct cm_err *err);

#endif
