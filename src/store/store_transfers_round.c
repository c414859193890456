/* store_transfers_round.c - round data for the remobilisation layers (store layer): one
 * ordered pass over results and votes, for every bureau or only those of some constituencies
 * or codes (a save recomputes one constituency, not the country), each row with its area. */
#include "store_transfers.h"

#include "cm_buf.h"
#include "store_layers.h"
#include "store_layers_int.h"

#include <stdlib.h>
#include <string.h>

int
store_remob_filter_set(struct store *st, int areas, const char *const *keys, size_t n,
                       struct cm_err *err)
{
    const char *create = areas ? "CREATE TEMP TABLE IF NOT EXISTS remob_area (k TEXT PRIMARY KEY)"
                               : "CREATE TEMP TABLE IF NOT EXISTS remob_code (k TEXT PRIMARY KEY)";
    const char *clear = areas ? "DELETE FROM temp.remob_area" : "DELETE FROM temp.remob_code";
    const char *ins = areas ? "INSERT OR IGNORE INTO temp.remob_area VALUES (?)"
                            : "INSERT OR IGNORE INTO temp.remob_code VALUES (?)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_exec(st, create, "remob filter", err)) != CM_OK
        || (rc = store_exec(st, clear, "remob filter", err)) != CM_OK
        || (rc = store_prepare(st, ins, &stmt, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        sqlite3_bind_text(stmt, 1, keys[i], -1, SQLITE_STATIC);
        rc = store_step_done(st, stmt, "remob filter", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void
cand_fill(sqlite3_stmt *stmt, void *elem)
{
    struct store_cand *c = elem;

    c->name = store_col_dup(stmt, 1);
    c->nuance = store_col_dup(stmt, 2);
    c->circo = store_col_dup(stmt, 3);
}

/* Candidates ordered by id, and their ids (owned) for the vote rows. */
static int
cands_load(struct store *st, int64_t round_id, struct store_round_data *d, int64_t **ids_out,
           struct cm_err *err)
{
    static const char sql[] =
        "SELECT id, name, nuance, circo FROM candidate WHERE round_id = ?1 ORDER BY id";
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    rc = store_collect(st, stmt, sizeof *d->cand, cand_fill, &arr, &d->n_cand, "candidates",
                       err);
    d->cand = arr;
    if (rc != CM_OK || store_prepare(st, sql, &stmt, err) != CM_OK)
        return rc != CM_OK ? rc : CM_EDB;
    *ids_out = cm_xcalloc(d->n_cand + 1, sizeof **ids_out);
    sqlite3_bind_int64(stmt, 1, round_id);
    for (size_t i = 0; i < d->n_cand && sqlite3_step(stmt) == SQLITE_ROW; i++)
        (*ids_out)[i] = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return CM_OK;
}

#define AREA "coalesce(nullif(r.circo, ''), nullif(b.circo, ''), r.commune)"
#define IN_AREAS " AND " AREA " IN (SELECT k FROM temp.remob_area)"
#define IN_CODES " AND r.bureau IN (SELECT k FROM temp.remob_code)"
#define ROWS_SQL(where) \
    "SELECT r.id, r.bureau, " AREA ", r.inscrits, r.votants, r.exprimes FROM result r" \
    " LEFT JOIN bureau b ON b.code = r.bureau WHERE r.round_id = ?1" where " ORDER BY r.bureau"
/* votes in the same bureau order as the rows (the UNIQUE (round_id, bureau) index) */
#define VOTES_SQL(join, where) \
    "SELECT v.result_id, v.candidate_id, v.voix FROM result r" join \
    " JOIN vote v ON v.result_id = r.id WHERE r.round_id = ?1" where " ORDER BY r.bureau"
#define JOIN_B " LEFT JOIN bureau b ON b.code = r.bureau"

static const char *const rows_sql[] = {ROWS_SQL(""), ROWS_SQL(IN_AREAS), ROWS_SQL(IN_CODES)};
static const char *const votes_sql[] = {VOTES_SQL("", ""), VOTES_SQL(JOIN_B, IN_AREAS),
                                        VOTES_SQL("", IN_CODES)};

static void
row_add(struct store_round_data *d, sqlite3_stmt *stmt, size_t *cap)
{
    const unsigned char *code = sqlite3_column_text(stmt, 1);

    if (d->n == *cap) {
        *cap = cm_grow(*cap, d->n + 1);
        d->codes = cm_xreallocarray(d->codes, *cap, sizeof *d->codes);
        d->circo = cm_xreallocarray(d->circo, *cap, sizeof *d->circo);
        d->inscrits = cm_xreallocarray(d->inscrits, *cap, sizeof *d->inscrits);
        d->votants = cm_xreallocarray(d->votants, *cap, sizeof *d->votants);
        d->exprimes = cm_xreallocarray(d->exprimes, *cap, sizeof *d->exprimes);
    }
    memset(d->codes[d->n], 0, STORE_CODE_LEN);
    strncpy(d->codes[d->n], code ? (const char *)code : "", STORE_CODE_LEN - 1);
    d->circo[d->n] = store_col_dup(stmt, 2);
    d->inscrits[d->n] = sqlite3_column_int64(stmt, 3);
    d->votants[d->n] = sqlite3_column_int64(stmt, 4);
    d->exprimes[d->n] = sqlite3_column_int64(stmt, 5);
    d->n++;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

static int
rows_load(struct store *st, int64_t round_id, enum store_remob_filter f,
          struct store_round_data *d, int64_t **ids_out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc;

    if ((rc = store_prepare(st, rows_sql[f], &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        size_t old = cap;
        row_add(d, stmt, &cap);
        if (cap != old)
            *ids_out = cm_xreallocarray(*ids_out, cap, sizeof **ids_out);
        (*ids_out)[d->n - 1] = sqlite3_column_int64(stmt, 0);
    }
    rc = rc == SQLITE_DONE ? CM_OK
                           : cm_err_set(err, CM_EDB, "remob results: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

/* Votes walk the rows in step: both come in bureau order. */
static int
votes_load(struct store *st, int64_t round_id, enum store_remob_filter f,
           struct store_round_data *d, const int64_t *row_ids, const int64_t *cand_ids,
           struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    size_t vcap = 0, nv = 0, row = 0;
    int rc;

    d->off = cm_xcalloc(d->n + 1, sizeof *d->off);
    if ((rc = store_prepare(st, votes_sql[f], &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(stmt, 0), cid = sqlite3_column_int64(stmt, 1);
        const int64_t *hit = bsearch(&cid, cand_ids, d->n_cand, sizeof *cand_ids, cmp_i64);
        while (row < d->n && row_ids[row] != rid)
            d->off[++row] = nv;
        if (row == d->n || hit == NULL) {
            rc = cm_err_set(err, CM_EDB, "remob votes of round %lld out of bureau order",
                            (long long)round_id);
            goto out;
        }
        if (nv == vcap) {
            vcap = cm_grow(vcap, nv + 1);
            d->vote_cand = cm_xreallocarray(d->vote_cand, vcap, sizeof *d->vote_cand);
            d->voix = cm_xreallocarray(d->voix, vcap, sizeof *d->voix);
        }
        d->vote_cand[nv] = (uint32_t)(hit - cand_ids);
        d->voix[nv++] = sqlite3_column_int64(stmt, 2);
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "remob votes: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    while (row < d->n)
        d->off[++row] = nv;
    rc = CM_OK;
out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_remob_round_load(struct store *st, int64_t round_id, enum store_remob_filter f,
                       struct store_round_data *out, struct cm_err *err)
{
    int64_t *cand_ids = NULL, *row_ids = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = cands_load(st, round_id, out, &cand_ids, err)) == CM_OK
        && (rc = rows_load(st, round_id, f, out, &row_ids, err)) == CM_OK)
        rc = votes_load(st, round_id, f, out, row_ids, cand_ids, err);
    free(cand_ids), free(row_ids);
    if (rc != CM_OK)
        store_round_data_cleanup(out);
    return rc;
}
