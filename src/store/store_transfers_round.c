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
/* One ordered pass: a row per vote (a result without votes gives one row of NULL votes). */
#define ROWS_SQL(where) \
    "SELECT r.bureau, " AREA ", r.inscrits, r.votants, r.exprimes, v.candidate_id, v.voix" \
    " FROM result r LEFT JOIN bureau b ON b.code = r.bureau" \
    " LEFT JOIN vote v ON v.result_id = r.id WHERE r.round_id = ?1" where " ORDER BY r.bureau"

static const char *const rows_sql[] = {
    NULL, /* every bureau: store_round_data_load, then areas_fill */
    ROWS_SQL(" AND " AREA " IN (SELECT k FROM temp.remob_area)"),
    ROWS_SQL(" AND r.bureau IN (SELECT k FROM temp.remob_code)"),
};

static void
row_add(struct store_round_data *d, sqlite3_stmt *stmt, size_t *cap, size_t nv)
{
    const unsigned char *code = sqlite3_column_text(stmt, 0);

    if (d->n == *cap) {
        *cap = cm_grow(*cap, d->n + 1);
        d->codes = cm_xreallocarray(d->codes, *cap, sizeof *d->codes);
        d->circo = cm_xreallocarray(d->circo, *cap, sizeof *d->circo);
        d->inscrits = cm_xreallocarray(d->inscrits, *cap, sizeof *d->inscrits);
        d->votants = cm_xreallocarray(d->votants, *cap, sizeof *d->votants);
        d->exprimes = cm_xreallocarray(d->exprimes, *cap, sizeof *d->exprimes);
        d->off = cm_xreallocarray(d->off, *cap + 1, sizeof *d->off);
    }
    memset(d->codes[d->n], 0, STORE_CODE_LEN);
    strncpy(d->codes[d->n], code ? (const char *)code : "", STORE_CODE_LEN - 1);
    d->circo[d->n] = store_col_dup(stmt, 1);
    d->inscrits[d->n] = sqlite3_column_int64(stmt, 2);
    d->votants[d->n] = sqlite3_column_int64(stmt, 3);
    d->exprimes[d->n] = sqlite3_column_int64(stmt, 4);
    d->off[d->n++] = nv;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

static int
rows_load(struct store *st, sqlite3_stmt *stmt, struct store_round_data *d,
          const int64_t *cand_ids, struct cm_err *err)
{
    size_t cap = 0, vcap = 0, nv = 0;
    int rc;

    d->off = cm_xcalloc(1, sizeof *d->off);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(stmt, 0);
        int64_t cid = sqlite3_column_int64(stmt, 5);
        const int64_t *hit;
        if (d->n == 0 || strcmp(d->codes[d->n - 1], code ? code : "") != 0)
            row_add(d, stmt, &cap, nv);
        if (sqlite3_column_type(stmt, 5) == SQLITE_NULL)
            continue;
        if ((hit = bsearch(&cid, cand_ids, d->n_cand, sizeof *cand_ids, cmp_i64)) == NULL)
            return cm_err_set(err, CM_EDB, "vote for unknown candidate %lld", (long long)cid);
        if (nv == vcap) {
            vcap = cm_grow(vcap, nv + 1);
            d->vote_cand = cm_xreallocarray(d->vote_cand, vcap, sizeof *d->vote_cand);
            d->voix = cm_xreallocarray(d->voix, vcap, sizeof *d->voix);
        }
        d->vote_cand[nv] = (uint32_t)(hit - cand_ids);
        d->voix[nv++] = sqlite3_column_int64(stmt, 6);
    }
    if (rc != SQLITE_DONE)
        return cm_err_set(err, CM_EDB, "remob results: %s", sqlite3_errmsg(st->db));
    d->off[d->n] = nv;
    return CM_OK;
}

/* Replace the results' constituencies of a whole round (loaded by store_round_data_load, in
 * code order) with the areas. */
static int
areas_fill(struct store *st, int64_t round_id, struct store_round_data *d, struct cm_err *err)
{
    static const char sql[] = "SELECT r.bureau, " AREA " FROM result r LEFT JOIN bureau b"
                              " ON b.code = r.bureau WHERE r.round_id = ?1 ORDER BY r.bureau";
    sqlite3_stmt *stmt = NULL;
    size_t i = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && i < d->n) {
        const char *code = (const char *)sqlite3_column_text(stmt, 0);
        if (code == NULL || strcmp(code, d->codes[i]) != 0)
            break;
        free(d->circo[i]);
        d->circo[i++] = store_col_dup(stmt, 1);
    }
    rc = rc == SQLITE_DONE && i == d->n
             ? CM_OK
             : cm_err_set(err, CM_EDB, "areas of round %lld: %s", (long long)round_id,
                          rc == SQLITE_DONE || rc == SQLITE_ROW ? "rows changed while reading"
                                                                : sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_remob_round_load(struct store *st, int64_t round_id, enum store_remob_filter f,
                       struct store_round_data *out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int64_t *cand_ids = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if (f == STORE_REMOB_ALL) {
        if ((rc = store_round_data_load(st, round_id, out, err)) == CM_OK
            && (rc = areas_fill(st, round_id, out, err)) != CM_OK)
            store_round_data_cleanup(out);
        return rc;
    }
    if ((rc = cands_load(st, round_id, out, &cand_ids, err)) == CM_OK
        && (rc = store_prepare(st, rows_sql[f], &stmt, err)) == CM_OK) {
        sqlite3_bind_int64(stmt, 1, round_id);
        rc = rows_load(st, stmt, out, cand_ids, err);
    }
    sqlite3_finalize(stmt);
    free(cand_ids);
    if (rc != CM_OK)
        store_round_data_cleanup(out);
    return rc;
}
