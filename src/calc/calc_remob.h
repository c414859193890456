/* calc_remob.h - remobilisation between the two rounds (calc layer, DESIGN.md layer 5):
 * turnout gap against a reference round, reserve of the eliminated candidates' votes weighted
 * by round-2 transfer rates per bloc, expected voters to win and doors. */
#ifndef CALC_REMOB_H
#define CALC_REMOB_H

#include "calc_blocs.h"
#include "cm_err.h"
#include "store.h"
#include "store_transfers.h"

#include <stddef.h>
#include <stdint.h>

/* Options of a full remobilisation compute; strings borrowed, NULL = default. */
struct calc_remob_opts {
    const char *r1;             /* ELECTION:ROUND, round 1 of the current election (required) */
    const char *ref;            /* ELECTION:ROUND; default latest presidential round 1 before r1 */
    const char *camp;           /* comma list of blocs; default far_left,left,ecologist */
    const char *blocs_file;     /* loaded when the store has no bloc mapping (NULL: none) */
    const char *transfers_file; /* loaded when the store has no transfer rates (NULL: none) */
};

struct calc_remob_report {
    char *r1, *ref;          /* owned: "leg2017:1", "pres2017:1" */
    size_t n_bureaux;        /* bureaux in the layers (r1 and ref) */
    size_t n_values;         /* bureaux with a remob_voters value */
    size_t n_areas;          /* constituencies (or communes, or 1 for a presidential) */
    size_t n_areas_r2;       /* of which finalists taken from round 2 in the store */
    size_t n_areas_ours;     /* of which with a finalist of our camp */
    size_t n_recomputed;     /* update: bureaux recomputed (the given ones and their areas) */
    size_t n_changed;        /* update: bureaux whose remob_voters value changed */
    int64_t version;         /* version of remob_voters after the write */
    double t_load, t_total;  /* seconds */
    char *notes;             /* owned; may be NULL */
};

/* Compute the four layers remob_gap, remob_reserve, remob_voters, remob_doors for every
 * bureau of r1 and ref and record the setup; one transaction. CM_EINPUT when our camp has no
 * finalist anywhere, CM_ENOTFOUND for an absent round. */
int calc_remob_compute(struct store *st, const struct calc_remob_opts *o,
                       struct calc_remob_report *rep, struct cm_err *err);
/* After the round-1 results of bureaux codes (n, borrowed) were saved: recompute those bureaux
 * and the other bureaux of their areas (whose finalists may have changed) with the recorded
 * setup, keep every other value, write the layers with their new versions; one transaction,
 * or the caller's when one is open (a save over HTTP: results and layers commit together).
 * codes NULL: every bureau. CM_ENOTFOUND when no full compute ran before. */
int calc_remob_update(struct store *st, const char *const *codes, size_t n,
                      struct calc_remob_report *rep, struct cm_err *err);
/* After the transfer rates (or the bloc mapping) changed: recompute every bureau with the
 * recorded setup; the caller's transaction when one is open, else its own. CM_ENOTFOUND when
 * no full compute ran before. */
int calc_remob_refresh(struct store *st, struct calc_remob_report *rep, struct cm_err *err);
void calc_remob_report_cleanup(struct calc_remob_report *rep);

/* Parse a transfer-rate CSV (bloc,rate[,note]; '#' comments; every bloc once, rates 0..1);
 * rows owned (store_transfers_free). CM_EINPUT names file:line. */
int calc_transfers_parse(const char *path, struct store_transfer **rows_out, size_t *n_out,
                         struct cm_err *err);
/* Rates indexed like calc_blocs; CM_EINPUT names a bloc without a rate. */
int calc_transfers_rates(const struct store_transfer *rows, size_t n,
                         double rates[CALC_N_BLOCS], struct cm_err *err);

#endif
