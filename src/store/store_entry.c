/* store_entry.c - results typed bureau by bureau (store stage): read one bureau of a round,
 * save it under an optimistic version check, the entry log, the sections holding a bureau. */
#include "store_entry.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run a one-row query binding (text a, int b, text c); *out the first column or dflt. */
static int
query_stc(struct store *st, const char *sql, const char *a, int b, const char *c, int64_t dflt,
          int64_t *out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, b);
    store_bind_text_or_null(stmt, 3, c);
    rc = sqlite3_step(stmt);
    *out = rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL
               ? sqlite3_column_int64(stmt, 0) : dflt;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE
             ? CM_OK : cm_err_set(err, CM_EDB, "entry: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

static int
round_id(struct store *st, const char *election, int round, int64_t *id, struct cm_err *err)
{
    int rc = query_stc(st, "SELECT id FROM election_round WHERE election = ?1 AND round = ?2",
                       election, round, NULL, 0, id, err);

    if (rc == CM_OK && *id == 0)
        rc = cm_err_set(err, CM_ENOTFOUND, "no round %d of election %s", round, election);
    return rc;
}

static int
entry_version(struct store *st, const char *election, int round, const char *bureau,
              int64_t *v, struct cm_err *err)
{
    return query_stc(st, "SELECT max(version) FROM result_entry WHERE election = ?1"
                     " AND round = ?2 AND bureau = ?3", election, round, bureau, 0, v, err);
}

/* The result row of the bureau (id 0 when none) with its figures, else commune and
 * constituency from the contour or another result of the bureau. */
static int
result_load(struct store *st, int64_t rid, const char *election, struct store_entry *e,
            int64_t *res_id, struct cm_err *err)
{
    static const char sql[] =
        "SELECT r.id, r.commune, ifnull(r.circo, ''), r.inscrits, r.votants, ifnull(r.blancs, -1),"
        " ifnull(r.nuls, -1), r.exprimes FROM result r WHERE r.round_id = ?1 AND r.bureau = ?2"
        " UNION ALL SELECT 0, substr(?2, 1, 5), coalesce((SELECT r.circo FROM result r"
        "  JOIN election_round er ON er.id = r.round_id WHERE r.bureau = ?2 AND r.circo IS NOT NULL"
        "  ORDER BY er.election = ?3 DESC, er.id DESC LIMIT 1),"
        "  (SELECT circo FROM bureau WHERE code = ?2), ''), -1, -1, -1, -1, -1";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, rid);
    sqlite3_bind_text(stmt, 2, e->bureau, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, election, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        rc = cm_err_set(err, CM_EDB, "entry result: %s", sqlite3_errmsg(st->db));
        goto out;
    }
    *res_id = sqlite3_column_int64(stmt, 0);
    e->has_result = *res_id != 0;
    snprintf(e->commune, sizeof e->commune, "%s", (const char *)sqlite3_column_text(stmt, 1));
    snprintf(e->circo, sizeof e->circo, "%s", (const char *)sqlite3_column_text(stmt, 2));
    e->inscrits = sqlite3_column_int64(stmt, 3);
    e->votants = sqlite3_column_int64(stmt, 4);
    e->blancs = sqlite3_column_int64(stmt, 5);
    e->nuls = sqlite3_column_int64(stmt, 6);
    e->exprimes = sqlite3_column_int64(stmt, 7);
out:
    sqlite3_finalize(stmt);
    return rc;
}

static int
cands_load(struct store *st, int64_t rid, int64_t res_id, struct store_entry *e,
           struct cm_err *err)
{
    static const char sql[] =
        "SELECT c.id, c.name, c.nuance, ifnull(v.voix, -1) FROM candidate c"
        " LEFT JOIN vote v ON v.candidate_id = c.id AND v.result_id = ?2"
        " WHERE c.round_id = ?1 AND (c.circo = '' OR c.circo = ?3)"
        " ORDER BY c.circo, c.panel, c.id";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc, s;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, rid);
    sqlite3_bind_int64(stmt, 2, res_id);
    sqlite3_bind_text(stmt, 3, e->circo, -1, SQLITE_STATIC);
    while ((s = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_entry_cand *c;
        if (e->n_cands == cap) {
            cap = cap ? 2 * cap : 16;
            e->cands = cm_xreallocarray(e->cands, cap, sizeof *e->cands);
        }
        c = &e->cands[e->n_cands++];
        c->id = sqlite3_column_int64(stmt, 0);
        c->name = store_col_dup(stmt, 1);
        c->nuance = store_col_dup(stmt, 2);
        c->voix = sqlite3_column_int64(stmt, 3);
    }
    if (s != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "entry candidates: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_entry_get(struct store *st, const char *election, int round, const char *bureau,
                struct store_entry *out, struct cm_err *err)
{
    int64_t rid = 0, res_id = 0;
    int rc;

    memset(out, 0, sizeof *out);
    snprintf(out->bureau, sizeof out->bureau, "%s", bureau);
    if ((rc = round_id(st, election, round, &rid, err)) != CM_OK
        || (rc = result_load(st, rid, election, out, &res_id, err)) != CM_OK
        || (rc = cands_load(st, rid, res_id, out, err)) != CM_OK
        || (rc = entry_version(st, election, round, bureau, &out->version, err)) != CM_OK)
        store_entry_cleanup(out);
    return rc;
}

/* Update the bureau's result row in place (votes dropped) or insert it; *res_id its id. */
static int
result_write(struct store *st, int64_t rid, const struct store_entry *e, int64_t *res_id,
             struct cm_err *err)
{
    static const char upd[] =
        "UPDATE result SET inscrits = ?3, votants = ?4, abstentions = ?3 - ?4, blancs = ?5,"
        " nuls = ?6, exprimes = ?7, nuls_derived = 0, line = NULL"
        " WHERE round_id = ?1 AND bureau = ?2 RETURNING id";
    static const char ins[] =
        "INSERT INTO result(round_id, bureau, commune, circo, inscrits, votants, abstentions,"
        " blancs, nuls, exprimes) VALUES (?1, ?2, ?8, nullif(?9, ''), ?3, ?4, ?3 - ?4, ?5, ?6, ?7)"
        " RETURNING id";
    sqlite3_stmt *stmt = NULL;
    int rc, s = SQLITE_DONE;

    for (int pass = 0; pass < 2 && s == SQLITE_DONE; pass++) {
        if ((rc = store_prepare(st, pass ? ins : upd, &stmt, err)) != CM_OK)
            return rc;
        sqlite3_bind_int64(stmt, 1, rid);
        sqlite3_bind_text(stmt, 2, e->bureau, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 3, e->inscrits);
        sqlite3_bind_int64(stmt, 4, e->votants);
        sqlite3_bind_int64(stmt, 5, e->blancs);
        sqlite3_bind_int64(stmt, 6, e->nuls);
        sqlite3_bind_int64(stmt, 7, e->exprimes);
        if (pass) {
            sqlite3_bind_text(stmt, 8, e->commune, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 9, e->circo, -1, SQLITE_STATIC);
        }
        if ((s = sqlite3_step(stmt)) == SQLITE_ROW)
            *res_id = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        stmt = NULL;
    }
    if (s != SQLITE_ROW)
        return cm_err_set(err, CM_EDB, "entry: writing the result of %s: %s", e->bureau,
                          sqlite3_errmsg(st->db));
    return CM_OK;
}

static int
votes_write(struct store *st, int64_t rid, int64_t res_id, const struct store_entry *e,
            struct cm_err *err)
{
    static const char ins[] = "INSERT INTO vote(result_id, candidate_id, voix)"
                              " SELECT ?1, id, ?3 FROM candidate WHERE id = ?2 AND round_id = ?4";
    sqlite3_stmt *del = NULL, *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "DELETE FROM vote WHERE result_id = ?", &del, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(del, 1, res_id);
    if ((rc = store_step_done(st, del, "entry: delete votes", err)) != CM_OK
        || (rc = store_prepare(st, ins, &stmt, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < e->n_cands && rc == CM_OK; i++) {
        sqlite3_reset(stmt);
        sqlite3_bind_int64(stmt, 1, res_id);
        sqlite3_bind_int64(stmt, 2, e->cands[i].id);
        sqlite3_bind_int64(stmt, 3, e->cands[i].voix);
        sqlite3_bind_int64(stmt, 4, rid);
        if ((rc = store_step_done(st, stmt, "entry: vote", err)) == CM_OK
            && sqlite3_changes(st->db) != 1)
            rc = cm_err_set(err, CM_EINPUT, "votes: candidate %lld is not of this round",
                            (long long)e->cands[i].id);
    }
out:
    sqlite3_finalize(del);
    sqlite3_finalize(stmt);
    return rc;
}

static int
log_write(struct store *st, const char *election, int round, const struct store_entry *e,
          int64_t version, int64_t user_id, int64_t now, struct cm_err *err)
{
    static const char sql[] = "INSERT INTO result_entry(election, round, bureau, version, user_id,"
                              " at, figures) VALUES (?, ?, ?, ?, nullif(?, 0), ?, ?)";
    struct cm_buf f;
    sqlite3_stmt *stmt = NULL;
    int rc;

    cm_buf_init(&f);
    cm_buf_printf(&f, "inscrits=%lld;votants=%lld;blancs=%lld;nuls=%lld;exprimes=%lld",
                  (long long)e->inscrits, (long long)e->votants, (long long)e->blancs,
                  (long long)e->nuls, (long long)e->exprimes);
    for (size_t i = 0; i < e->n_cands; i++)
        cm_buf_printf(&f, ";c%lld=%lld", (long long)e->cands[i].id, (long long)e->cands[i].voix);
    if ((rc = store_prepare(st, sql, &stmt, err)) == CM_OK) {
        sqlite3_bind_text(stmt, 1, election, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 2, round);
        sqlite3_bind_text(stmt, 3, e->bureau, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 4, version);
        sqlite3_bind_int64(stmt, 5, user_id);
        sqlite3_bind_int64(stmt, 6, now);
        sqlite3_bind_text(stmt, 7, f.data, -1, SQLITE_STATIC);
        rc = store_step_done(st, stmt, "entry log", err);
    }
    sqlite3_finalize(stmt);
    cm_buf_cleanup(&f);
    return rc;
}

int
store_entry_save(struct store *st, const char *election, int round, const struct store_entry *e,
                 int64_t expect, int64_t user_id, int64_t now, int64_t *version_out,
                 struct cm_err *err)
{
    int64_t rid = 0, cur = 0, res_id = 0;
    int rc;

    if ((rc = round_id(st, election, round, &rid, err)) != CM_OK
        || (rc = entry_version(st, election, round, e->bureau, &cur, err)) != CM_OK)
        return rc;
    if (cur != expect)
        return cm_err_set(err, CM_ECONFLICT, "bureau %s: version %lld was read, it is now %lld",
                          e->bureau, (long long)expect, (long long)cur);
    if ((rc = result_write(st, rid, e, &res_id, err)) != CM_OK
        || (rc = votes_write(st, rid, res_id, e, err)) != CM_OK
        || (rc = log_write(st, election, round, e, cur + 1, user_id, now, err)) != CM_OK)
        return rc;
    *version_out = cur + 1;
    return CM_OK;
}

int
store_entry_bump(struct store *st, const char *election, int round, const char *const *codes,
                 size_t n, int64_t user_id, int64_t now, const char *what, struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO result_entry(election, round, bureau, version, user_id, at, figures)"
        " SELECT ?1, ?2, ?3, ifnull(max(version), 0) + 1, nullif(?4, 0), ?5, ?6"
        " FROM result_entry WHERE election = ?1 AND round = ?2 AND bureau = ?3";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, election, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, round);
    sqlite3_bind_int64(stmt, 4, user_id);
    sqlite3_bind_int64(stmt, 5, now);
    sqlite3_bind_text(stmt, 6, what, -1, SQLITE_STATIC);
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        sqlite3_bind_text(stmt, 3, codes[i], -1, SQLITE_STATIC);
        rc = store_step_done(st, stmt, "entry version", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Collect the text column 0 of every row of a prepared statement; finalizes it. */
static int
codes_collect(struct store *st, sqlite3_stmt *stmt, char ***out, int64_t **versions, int **done,
              size_t *n_out, struct cm_err *err)
{
    size_t n = 0, cap = 0;
    int s, rc = CM_OK;

    *out = NULL;
    while ((s = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            *out = cm_xreallocarray(*out, cap, sizeof **out);
            if (versions) {
                *versions = cm_xreallocarray(*versions, cap, sizeof **versions);
                *done = cm_xreallocarray(*done, cap, sizeof **done);
            }
        }
        (*out)[n] = store_col_dup(stmt, 0);
        if (versions) {
            (*versions)[n] = sqlite3_column_int64(stmt, 1);
            (*done)[n] = sqlite3_column_int(stmt, 2);
        }
        n++;
    }
    if (s != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "entry list: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    *n_out = n;
    return rc;
}

/* Codes from a query with at most one text parameter (arg NULL: none); *out owned. */
static int
codes_query(struct store *st, const char *sql, const char *arg, char ***out, size_t *n_out,
            struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *n_out = 0;
    *out = NULL;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    if (arg)
        sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
    return codes_collect(st, stmt, out, NULL, NULL, n_out, err);
}

int
store_entry_sections(struct store *st, const char *bureau, char ***out, size_t *n_out,
                     struct cm_err *err)
{
    static const char sql[] =
        "SELECT DISTINCT s.code FROM section s JOIN section_area a ON a.section_id = s.id"
        " WHERE (a.kind = 'bureau' AND a.code = ?1)"
        " OR (a.kind = 'commune' AND a.code = substr(?1, 1, 5)) ORDER BY s.code";

    return codes_query(st, sql, bureau, out, n_out, err);
}

int
store_entry_section_bureaux(struct store *st, int64_t section_id, const char *election, int round,
                            char ***out, int64_t **versions, int **done, size_t *n_out,
                            struct cm_err *err)
{
    static const char sql[] =
        "SELECT b.code, (SELECT ifnull(max(version), 0) FROM result_entry e WHERE"
        "  e.election = ?2 AND e.round = ?3 AND e.bureau = b.code),"
        " EXISTS (SELECT 1 FROM result r JOIN election_round er ON er.id = r.round_id"
        "  WHERE er.election = ?2 AND er.round = ?3 AND r.bureau = b.code)"
        " FROM bureau b WHERE b.commune IN (SELECT code FROM section_area WHERE section_id = ?1"
        " AND kind = 'commune') OR b.code IN (SELECT code FROM section_area"
        " WHERE section_id = ?1 AND kind = 'bureau') ORDER BY b.code";
    sqlite3_stmt *stmt = NULL;
    int rc;

    *n_out = 0;
    *versions = NULL;
    *done = NULL;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, section_id);
    sqlite3_bind_text(stmt, 2, election, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, round);
    return codes_collect(st, stmt, out, versions, done, n_out, err);
}

int
store_entry_rounds(struct store *st, char ***out, size_t *n_out, struct cm_err *err)
{
    static const char sql[] =
        "SELECT er.election || ':' || er.round FROM election_round er"
        " JOIN election e ON e.id = er.election ORDER BY e.date DESC, er.election, er.round";

    return codes_query(st, sql, NULL, out, n_out, err);
}

int
store_entry_r1_bureaux(struct store *st, char ***out, size_t *n_out, struct cm_err *err)
{
    static const char sql[] =
        "SELECT r.bureau FROM remob_setup s JOIN election_round er"
        " ON s.r1 = er.election || ':' || er.round JOIN result r ON r.round_id = er.id"
        " ORDER BY r.bureau COLLATE BINARY";

    return codes_query(st, sql, NULL, out, n_out, err);
}

void
store_entry_codes_free(char **a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i]);
    free(a);
}

void
store_entry_cleanup(struct store_entry *e)
{
    for (size_t i = 0; i < e->n_cands; i++)
        free(e->cands[i].name), free(e->cands[i].nuance);
    free(e->cands);
    e->cands = NULL;
    e->n_cands = 0;
}
