/* api_entry.h - results typed bureau by bureau (http stage, issue 9): read and save one
 * bureau's round figures, the bureaux of a section, the rounds (api_entry.c). */
#ifndef API_ENTRY_H
#define API_ENTRY_H

#include "http_access_req.h"
#include "http_int.h"

/* Through which section (and delegation, 0: own role) a user reaches what they enter. */
struct api_entry_via {
    char section[33], federation[4];
    int64_t deleg;
};

/* The user may enter results in section code (ACCESS_RESULTS_ENTER): via filled. CM_ENOTFOUND
 * when the section is absent or out of sight, CM_EFORBIDDEN when only readable. */
int api_entry_section_enter(struct http_auth *a, const char *code, struct api_entry_via *via,
                            struct cm_err *err);
/* One audit row of a->user acting through via (action e.g. "results_entry", detail a
 * sentence). Inside the caller's transaction. */
int api_entry_audit(struct http_auth *a, const struct api_entry_via *via, const char *action,
                    const char *detail, struct cm_err *err);
/* A 400 naming the field, as {"error": {"code", "message", "field"}}. */
int api_entry_field_error(struct http_req *rq, const char *field, const char *msg);
/* End the caller's write transaction: the remobilisation layers of codes (NULL: every bureau;
 * none when no setup was ever computed: *remob_out 0), then commit; rolls back on failure. */
struct calc_remob_report;
int api_entry_remob_commit(struct http_auth *a, const char *const *codes, size_t n,
                           struct calc_remob_report *rep, int *remob_out, struct cm_err *err);
/* The "remob" member of a save's answer (null when not done); wakes the layer watcher when
 * values changed, so the map gets the new tile URLs at once. */
json_t *api_entry_remob_json(struct http_req *rq, const struct calc_remob_report *rep, int done);
/* Split "election/round[/bureau]"; bureau "" when absent (buffers of API_ENTRY_ID_MAX and 11). */
#define API_ENTRY_ID_MAX 64
int api_entry_parse_rest(const char *rest, char *election, int *round, char *bureau,
                         struct cm_err *err);

/* GET /api/results/ (rounds), /api/results/{election}/{round}?section=CODE (the section's
 * bureaux with their versions) and /api/results/{election}/{round}/{bureau}. */
http_fn api_entry_get;
/* POST or PUT /api/results/{election}/{round}/{bureau}: save with a version check (409 when
 * stale), audit, then recompute the remobilisation layers of that bureau. */
http_fn api_entry_save;
/* GET /api/rank.csv?layer=&area=: the ranked bureaux with data as a CSV download
 * (api_entry_rank.c). */
http_fn api_entry_rank_csv;
/* POST /api/results/{election}/{round}/upload?section=CODE[&name=FILE][&strict=1]: the body is
 * a results file (any layout of `coopmap import results`), merged into the round for the
 * section's bureaux only, in one transaction with the audit and the remobilisation update;
 * answers the import report (api_entry_upload.c). */
http_fn api_entry_upload;
/* GET and PUT /api/transfers[?section=CODE]: the round-2 transfer rates per bloc with their
 * source; PUT checks, audits and recomputes the remobilisation layers
 * (api_entry_transfers.c). */
http_fn api_entry_transfers_get, api_entry_transfers_put;

#endif
