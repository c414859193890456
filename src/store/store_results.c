/* store_results.c - one election round: election upsert, round replacement, result, candidate
 * and vote rows with statements prepared once, and the joins with the bureau contours. */
#include "store_results.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdlib.h>

struct store_results {
    struct store *st; /* borrowed */
    int64_t round_id;
    sqlite3_stmt *ins_result, *ins_vote, *ins_cand; /* owned */
    sqlite3_stmt *del_result, *find_cand;           /* owned; merge only */
};

static int
upsert_election(struct store *st, const struct store_round_spec *s, struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO election(id, kind, date, label) VALUES (?1, coalesce(?2, ?5), ?3, ?4)"
        " ON CONFLICT(id) DO UPDATE SET kind = coalesce(?2, kind), date = coalesce(?3, date),"
        " label = coalesce(?4, label)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, s->election, -1, SQLITE_STATIC);
    store_bind_text_or_null(stmt, 2, s->kind);
    store_bind_text_or_null(stmt, 3, s->date);
    store_bind_text_or_null(stmt, 4, s->label);
    sqlite3_bind_text(stmt, 5, s->kind_guess, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "election", err);
    sqlite3_finalize(stmt);
    return rc;
}

/* Delete the round if present (foreign keys cascade to results, votes, candidates), or with
 * merge, find it (*id_out 0 when absent). */
static int
round_drop_or_find(struct store *st, const struct store_round_spec *s, int64_t *id_out,
                   struct cm_err *err)
{
    static const char del[] = "DELETE FROM election_round WHERE election = ? AND round = ?";
    static const char find[] = "SELECT id FROM election_round WHERE election = ? AND round = ?";
    sqlite3_stmt *stmt = NULL;
    int rc, step;

    *id_out = 0;
    if ((rc = store_prepare(st, s->merge ? find : del, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, s->election, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, s->round);
    if (!s->merge)
        rc = store_step_done(st, stmt, "delete round", err);
    else if ((step = sqlite3_step(stmt)) == SQLITE_ROW)
        *id_out = sqlite3_column_int64(stmt, 0);
    else if (step != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "find round: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

/* The round afresh (or, with merge, the stored one when there is one). */
static int
replace_round(struct store *st, const struct store_round_spec *s, int64_t *id_out,
              struct cm_err *err)
{
    static const char ins[] = "INSERT INTO election_round(election, round, source, sha256, layout)"
                              " VALUES (?, ?, ?, ?, ?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = round_drop_or_find(st, s, id_out, err)) != CM_OK || *id_out != 0
        || (rc = store_prepare(st, ins, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, s->election, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, s->round);
    sqlite3_bind_text(stmt, 3, s->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, s->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, s->layout, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "insert round", err);
    sqlite3_finalize(stmt);
    *id_out = sqlite3_last_insert_rowid(st->db);
    return rc;
}

int
store_results_open(struct store *st, const struct store_round_spec *spec,
                   struct store_results **out, struct cm_err *err)
{
    struct store_results *w = cm_xcalloc(1, sizeof *w);
    int rc;

    *out = NULL;
    w->st = st;
    if ((rc = upsert_election(st, spec, err)) != CM_OK
        || (rc = replace_round(st, spec, &w->round_id, err)) != CM_OK)
        goto out;
    if ((rc = store_prepare(st,
                            "INSERT INTO result(round_id, bureau, commune, circo, inscrits,"
                            " votants, abstentions, blancs, nuls, exprimes, nuls_derived, line)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            &w->ins_result, err)) != CM_OK
        || (rc = store_prepare(st, "INSERT INTO vote(result_id, candidate_id, voix) VALUES (?, ?, ?)",
                               &w->ins_vote, err)) != CM_OK
        || (rc = store_prepare(st,
                               "INSERT INTO candidate(round_id, circo, panel, name, nuance)"
                               " VALUES (?, ?, ?, ?, ?)",
                               &w->ins_cand, err)) != CM_OK)
        goto out;
    if (spec->merge
        && ((rc = store_prepare(st, "DELETE FROM result WHERE round_id = ? AND bureau = ?",
                                &w->del_result, err)) != CM_OK
            || (rc = store_prepare(st, "SELECT id FROM candidate WHERE round_id = ?1 AND"
                                   " circo = ?2 AND panel IS ?3 AND name = ?4",
                                   &w->find_cand, err)) != CM_OK))
        goto out;
    *out = w;
    return CM_OK;
out:
    store_results_close(w);
    return rc;
}

void
store_results_close(struct store_results *w)
{
    if (w == NULL)
        return;
    sqlite3_finalize(w->ins_result);
    sqlite3_finalize(w->ins_vote);
    sqlite3_finalize(w->ins_cand);
    sqlite3_finalize(w->del_result);
    sqlite3_finalize(w->find_cand);
    free(w);
}

/* ?1 round, ?2 constituency, ?3 panel (NULL when < 0), ?4 name: both candidate statements. */
static void
cand_bind(sqlite3_stmt *s, int64_t round_id, const char *circo, long panel, const char *name)
{
    sqlite3_bind_int64(s, 1, round_id);
    sqlite3_bind_text(s, 2, circo ? circo : "", -1, SQLITE_STATIC);
    if (panel >= 0)
        sqlite3_bind_int64(s, 3, panel);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_text(s, 4, name, -1, SQLITE_STATIC);
}

/* Merge: the stored candidate's id (0 returned), 1 when absent, or an error. */
static int
candidate_find(struct store_results *w, const char *circo, long panel, const char *name,
               int64_t *id_out, struct cm_err *err)
{
    sqlite3_stmt *s = w->find_cand;
    int step;

    sqlite3_reset(s);
    cand_bind(s, w->round_id, circo, panel, name);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step == SQLITE_ROW)
        return CM_OK;
    return step == SQLITE_DONE ? 1 : cm_err_set(err, CM_EDB, "find candidate: %s",
                                                sqlite3_errmsg(w->st->db));
}

int
store_results_candidate_add(struct store_results *w, const char *circo, long panel,
                            const char *name, const char *nuance, int64_t *id_out,
                            struct cm_err *err)
{
    sqlite3_stmt *s = w->ins_cand;
    int rc;

    if (w->find_cand && (rc = candidate_find(w, circo, panel, name, id_out, err)) <= 0)
        return rc; /* merge: the stored candidate, or an error */
    cand_bind(s, w->round_id, circo, panel, name);
    store_bind_text_or_null(s, 5, nuance && *nuance ? nuance : NULL);
    rc = store_step_done(w->st, s, "candidate", err);
    sqlite3_clear_bindings(s);
    *id_out = sqlite3_last_insert_rowid(w->st->db);
    return rc;
}

static void
bind_count_or_null(sqlite3_stmt *s, int i, int64_t v)
{
    if (v >= 0)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

int
store_results_row_add(struct store_results *w, const struct store_result_row *r, int64_t *id_out,
                      struct cm_err *err)
{
    sqlite3_stmt *s = w->ins_result;
    int rc;

    if (w->del_result) { /* merge: this bureau's old result and votes go */
        sqlite3_bind_int64(w->del_result, 1, w->round_id);
        sqlite3_bind_text(w->del_result, 2, r->bureau, -1, SQLITE_STATIC);
        if ((rc = store_step_done(w->st, w->del_result, r->bureau, err)) != CM_OK)
            return rc;
    }
    sqlite3_bind_int64(s, 1, w->round_id);
    sqlite3_bind_text(s, 2, r->bureau, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->commune, -1, SQLITE_STATIC);
    store_bind_text_or_null(s, 4, r->circo);
    sqlite3_bind_int64(s, 5, r->inscrits);
    sqlite3_bind_int64(s, 6, r->votants);
    sqlite3_bind_int64(s, 7, r->abstentions);
    bind_count_or_null(s, 8, r->blancs);
    bind_count_or_null(s, 9, r->nuls);
    sqlite3_bind_int64(s, 10, r->exprimes);
    sqlite3_bind_int(s, 11, r->nuls_derived);
    sqlite3_bind_int64(s, 12, r->line);
    rc = store_step_done(w->st, s, r->bureau, err);
    *id_out = sqlite3_last_insert_rowid(w->st->db);
    return rc;
}

int
store_results_vote_add(struct store_results *w, int64_t result_id, int64_t candidate_id,
                       int64_t voix, struct cm_err *err)
{
    sqlite3_stmt *s = w->ins_vote;

    sqlite3_bind_int64(s, 1, result_id);
    sqlite3_bind_int64(s, 2, candidate_id);
    sqlite3_bind_int64(s, 3, voix);
    return store_step_done(w->st, s, "vote", err);
}

/* Run a query with ?1 = round id and report each code of its first column. */
static int
each_code(struct store_results *w, const char *sql, const char *what,
          store_results_unmatched_fn fn, void *ctx, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(w->st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, w->round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        fn(ctx, what, (const char *)sqlite3_column_text(stmt, 0));
    rc = rc == SQLITE_DONE ? CM_OK
                           : cm_err_set(err, CM_EDB, "joins: %s", sqlite3_errmsg(w->st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_results_joins(struct store_results *w, store_results_unmatched_fn fn, void *ctx,
                    int64_t *n_contours_out, struct cm_err *err)
{
    static const char no_contour[] =
        "SELECT r.bureau FROM result r WHERE r.round_id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM bureau b WHERE b.code = r.bureau) ORDER BY r.bureau";
    static const char no_result[] =
        "SELECT b.code FROM bureau b"
        " WHERE b.commune IN (SELECT DISTINCT commune FROM result WHERE round_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM result r WHERE r.round_id = ?1 AND r.bureau = b.code)"
        " ORDER BY b.code";
    int rc;

    if ((rc = store_query_int64(w->st, "SELECT count(*) FROM bureau", n_contours_out, err))
        != CM_OK)
        return rc;
    if (*n_contours_out == 0)
        return CM_OK; /* nothing to join with: the caller says so once */
    if ((rc = each_code(w, no_contour, "results without contour", fn, ctx, err)) != CM_OK)
        return rc;
    return each_code(w, no_result, "contour without results", fn, ctx, err);
}
