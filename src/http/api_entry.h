/* api_entry.h - results typed bureau by bureau (http stage, issue 9): read and save one
 * bureau's round figures, the bureaux of a section, the rounds (api_entry.c). */
#ifndef API_ENTRY_H
#define API_ENTRY_H

#include "http_int.h"

/* GET /api/results/ (rounds), /api/results/{election}/{round}?section=CODE (the section's
 * bureaux with their versions) and /api/results/{election}/{round}/{bureau}. */
http_fn api_entry_get;
/* POST or PUT /api/results/{election}/{round}/{bureau}: save with a version check (409 when
 * stale), audit, then recompute the remobilisation layers of that bureau. */
http_fn api_entry_save;
/* GET /api/rank.csv?layer=&area=: the ranked bureaux with data as a CSV download
 * (api_entry_rank.c). */
http_fn api_entry_rank_csv;

#endif
