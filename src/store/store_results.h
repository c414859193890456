/* store_results.h - writing one election round (results, candidates, votes) and checking its
 * joins with the bureau contours. Every call runs inside the caller's store_begin transaction;
 * statements are prepared once per round and reused for every row. */
#ifndef STORE_RESULTS_H
#define STORE_RESULTS_H

#include "store.h"

#include <stdint.h>

struct store_round_spec {
    const char *election;   /* election id */
    const char *kind;       /* NULL: keep the stored kind (kind_guess for a new election) */
    const char *kind_guess; /* never NULL */
    const char *date, *label; /* NULL: keep what is stored */
    int round;
    const char *source, *sha256, *layout;
    int merge; /* 1: keep the stored round (made when absent), its other bureaux and its
                * candidates; a bureau written replaces that bureau's result only */
};

struct store_result_row {
    const char *bureau, *commune, *circo; /* borrowed; circo may be NULL */
    int64_t inscrits, votants, abstentions, exprimes;
    int64_t blancs, nuls;                 /* < 0: not given (NULL) */
    int nuls_derived;
    long line;
};

struct store_results;

/* Upsert the election, delete the round if it exists (cascading to its results, candidates,
 * votes), insert it afresh and prepare the row statements; *out owned (store_results_close).
 * With spec->merge the round is kept: see struct store_round_spec. */
int store_results_open(struct store *st, const struct store_round_spec *spec,
                       struct store_results **out, struct cm_err *err);
/* Finalize the statements; NULL is a no-op. Does not end the transaction. */
void store_results_close(struct store_results *w);
/* Add a candidate (or nuance column) of the round; panel < 0 stores NULL. */
int store_results_candidate_add(struct store_results *w, const char *circo, long panel,
                                const char *name, const char *nuance, int64_t *id_out,
                                struct cm_err *err);
/* Add one bureau's result; *id_out is its row id for the votes. */
int store_results_row_add(struct store_results *w, const struct store_result_row *row,
                          int64_t *id_out, struct cm_err *err);
/* Add the votes of one candidate in one result. */
int store_results_vote_add(struct store_results *w, int64_t result_id, int64_t candidate_id,
                           int64_t voix, struct cm_err *err);

/* Called once per unmatched code; what is "results without contour" or
 * "contour without results". */
typedef void (*store_results_unmatched_fn)(void *ctx, const char *what, const char *code);
/* Joins of the round with the bureau table: results whose bureau has no contour, and contours
 * of the round's communes without a result. *n_contours_out: bureau rows in the store. */
int store_results_joins(struct store_results *w, store_results_unmatched_fn fn, void *ctx,
                        int64_t *n_contours_out, struct cm_err *err);

#endif
