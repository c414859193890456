/* calc_elec.h - an election round loaded for the layers (calc layer, private to src/calc/). */
#ifndef CALC_ELEC_H
#define CALC_ELEC_H

#include "calc_int.h"
#include "cm_buf.h"

struct calc_elec {
    struct store_round r;
    struct store_round_data d;
    int *cand_bloc;       /* per candidate: bloc index */
    int *cand_key;        /* per candidate: index into keys */
    char **keys;          /* layer keys: surnames (presidential) or nuances */
    size_t n_keys;
    double *bloc_votes;   /* d.n x CALC_N_BLOCS */
    double *key_votes;    /* d.n x n_keys */
    unsigned bloc_present;/* blocs with at least one candidate */
};

/* Split "ELECTION:ROUND" (round 1 when omitted); *election_out owned. */
int calc_ref_parse(const char *s, char **election_out, int *round_out, struct cm_err *err);
/* Whether the round belongs to a presidential election (kind starts with "pres"). */
int calc_elec_presidential(const struct store_round *r);
/* Find ELECTION:ROUND and load it (calc_elec_fill). */
int calc_elec_load(struct store *st, const char *election, int round,
                   const struct store_bloc_row *blocs, size_t nb, struct calc_elec *e,
                   struct cm_buf *notes, struct cm_err *err);
/* Load the results of e->r (already found) and tally votes by bloc and key; unmapped
 * candidates are counted as "other" and listed in notes (may be NULL). */
int calc_elec_fill(struct store *st, const struct store_bloc_row *blocs, size_t nb,
                   struct calc_elec *e, struct cm_buf *notes, struct cm_err *err);
/* Votes of the blocs in camp (bit mask) in row i. */
double calc_elec_camp(const struct calc_elec *e, size_t i, unsigned camp);
/* "pres2017 round 1 (label)" into out. */
void calc_elec_refs(const struct calc_elec *e, char *out, size_t n);
/* Append the identity of the round's data (id, sha256, import time) to b. */
void calc_elec_stamp(const struct calc_elec *e, struct cm_buf *b);
void calc_elec_cleanup(struct calc_elec *e);

#endif
