/* store_entry.h - results typed bureau by bureau (store stage): one bureau's round figures
 * with its candidates and entry version, the save with an optimistic version check, the log of
 * who entered what, and the sections whose territory holds a bureau. */
#ifndef STORE_ENTRY_H
#define STORE_ENTRY_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct store_entry_cand {
    int64_t id;
    char *name, *nuance; /* owned; nuance may be NULL */
    int64_t voix;        /* < 0: no vote row */
};

struct store_entry {
    char bureau[11], commune[6];
    char circo[24];  /* "" when unknown */
    int has_result;  /* 0: the bureau has no result row in the round yet */
    int64_t inscrits, votants, blancs, nuls, exprimes; /* < 0: not given */
    int64_t version; /* entry version: 0 before the first save over HTTP */
    struct store_entry_cand *cands; /* owned */
    size_t n_cands;
};

/* One bureau of a round (figures, the candidates of its constituency with their votes, the
 * version); CM_ENOTFOUND when the round is absent. out owned (store_entry_cleanup). */
int store_entry_get(struct store *st, const char *election, int round, const char *bureau,
                    struct store_entry *out, struct cm_err *err);
/* Replace the bureau's result and votes with e's figures (e->cands: the candidates given,
 * voix >= 0) if its version is still expect, log the entry by user_id and set *version_out.
 * Inside the caller's transaction. CM_ECONFLICT when the version moved (nothing written),
 * CM_EINPUT for a candidate not of the round. */
int store_entry_save(struct store *st, const char *election, int round,
                     const struct store_entry *e, int64_t expect, int64_t user_id, int64_t now,
                     int64_t *version_out, struct cm_err *err);
/* Record that bureaux codes (n, borrowed) of the round were written by user_id otherwise than
 * by typing (what: e.g. "upload FILE"): each gets its next entry version, so a grid holding the
 * older version is told (409). Inside the caller's transaction. */
int store_entry_bump(struct store *st, const char *election, int round, const char *const *codes,
                     size_t n, int64_t user_id, int64_t now, const char *what,
                     struct cm_err *err);
/* Codes of the sections whose territory holds the bureau (its code or its commune); *out
 * owned (store_entry_codes_free). */
int store_entry_sections(struct store *st, const char *bureau, char ***out, size_t *n_out,
                         struct cm_err *err);
/* Bureau codes of a section's territory (contours in the store), sorted, each with its entry
 * version and whether the round has a result: *out owned (store_entry_codes_free), versions
 * and done owned (free). */
int store_entry_section_bureaux(struct store *st, int64_t section_id, const char *election,
                                int round, char ***out, int64_t **versions, int **done,
                                size_t *n_out, struct cm_err *err);
/* Rounds of the store as "ELECTION:ROUND" (latest date first); *out owned. */
int store_entry_rounds(struct store *st, char ***out, size_t *n_out, struct cm_err *err);
/* Bureau codes with a result in the round 1 of the remobilisation setup, sorted by strcmp
 * (none without a setup); *out owned (store_entry_codes_free). */
int store_entry_r1_bureaux(struct store *st, char ***out, size_t *n_out, struct cm_err *err);
void store_entry_codes_free(char **a, size_t n);
void store_entry_cleanup(struct store_entry *e);

#endif
