/* store_http.c - read-only queries for the map server: a bureau's figures, point lookup through
 * the R*Tree, search (stage store). */
#include "store_http.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t
col_int_or(sqlite3_stmt *stmt, int i, int64_t dflt)
{
    return sqlite3_column_type(stmt, i) == SQLITE_NULL ? dflt : sqlite3_column_int64(stmt, i);
}

/* Columns i..i+3 hold an extent; NULL when the row has no geometry. */
static int
col_bbox(sqlite3_stmt *stmt, int i, double bbox[4])
{
    if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
        return 0;
    for (int k = 0; k < 4; k++)
        bbox[k] = sqlite3_column_double(stmt, i + k);
    return 1;
}

static int
step_error(struct store *st, int rc, const char *what, struct cm_err *err)
{
    return rc == SQLITE_DONE ? CM_OK
                             : cm_err_set(err, CM_EDB, "%s: %s", what, sqlite3_errmsg(st->db));
}

static int
load_votes(struct store *st, sqlite3_stmt *stmt, int64_t result_id, struct store_round_result *r,
           struct cm_err *err)
{
    size_t cap = 0;
    int rc;

    sqlite3_reset(stmt);
    sqlite3_bind_int64(stmt, 1, result_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_vote *v;
        if (r->n_votes == cap) {
            cap = cm_grow(cap, r->n_votes + 1);
            r->votes = cm_xreallocarray(r->votes, cap, sizeof *r->votes);
        }
        v = &r->votes[r->n_votes++];
        v->name = store_col_dup(stmt, 0);
        v->nuance = store_col_dup(stmt, 1);
        v->voix = sqlite3_column_int64(stmt, 2);
    }
    return step_error(st, rc, "votes", err);
}

static int
load_rounds(struct store *st, struct store_bureau *b, struct cm_err *err)
{
    static const char sql[] =
        "SELECT r.id, e.id, e.kind, e.date, e.label, er.round, r.inscrits, r.votants,"
        " r.abstentions, r.blancs, r.nuls, r.exprimes, r.commune, r.circo"
        " FROM result r JOIN election_round er ON er.id = r.round_id"
        " JOIN election e ON e.id = er.election WHERE r.bureau = ?1"
        " ORDER BY e.date, e.id, er.round";
    static const char sql_votes[] =
        "SELECT c.name, c.nuance, v.voix FROM vote v JOIN candidate c ON c.id = v.candidate_id"
        " WHERE v.result_id = ?1 ORDER BY v.voix DESC, c.name";
    sqlite3_stmt *stmt = NULL, *votes = NULL;
    size_t cap = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK ||
        (rc = store_prepare(st, sql_votes, &votes, err)) != CM_OK)
        goto out;
    sqlite3_bind_text(stmt, 1, b->code, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_round_result *r;
        if (b->n_rounds == cap) {
            cap = cm_grow(cap, b->n_rounds + 1);
            b->rounds = cm_xreallocarray(b->rounds, cap, sizeof *b->rounds);
        }
        r = memset(&b->rounds[b->n_rounds++], 0, sizeof *r);
        r->election = store_col_dup(stmt, 1);
        r->kind = store_col_dup(stmt, 2);
        r->date = store_col_dup(stmt, 3);
        r->label = store_col_dup(stmt, 4);
        r->round = sqlite3_column_int(stmt, 5);
        r->inscrits = sqlite3_column_int64(stmt, 6);
        r->votants = sqlite3_column_int64(stmt, 7);
        r->abstentions = sqlite3_column_int64(stmt, 8);
        r->blancs = col_int_or(stmt, 9, -1);
        r->nuls = col_int_or(stmt, 10, -1);
        r->exprimes = sqlite3_column_int64(stmt, 11);
        if (b->commune == NULL)
            b->commune = store_col_dup(stmt, 12);
        if (b->circo == NULL)
            b->circo = store_col_dup(stmt, 13);
        if ((rc = load_votes(st, votes, sqlite3_column_int64(stmt, 0), r, err)) != CM_OK)
            goto out;
    }
    rc = step_error(st, rc, "results of a bureau", err);
out:
    sqlite3_finalize(stmt);
    sqlite3_finalize(votes);
    return rc;
}

int
store_bureau_load(struct store *st, const char *code, struct store_bureau **out, struct cm_err *err)
{
    static const char sql[] =
        "SELECT b.commune, c.name, b.label, b.circo, MbrMinX(b.geom), MbrMinY(b.geom),"
        " MbrMaxX(b.geom), MbrMaxY(b.geom), AsGeoJSON(b.geom, 6) FROM bureau b LEFT JOIN commune c "
        "ON c.code = b.commune"
        " WHERE b.code = ?1";
    struct store_bureau *b = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc;

    *out = NULL;
    if (strlen(code) != 10)
        return cm_err_set(err, CM_ENOTFOUND, "bureau %.32s: no such bureau", code);
    b = cm_xcalloc(1, sizeof *b);
    memcpy(b->code, code, 11);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        goto out;
    sqlite3_bind_text(stmt, 1, code, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        b->commune = store_col_dup(stmt, 0);
        b->commune_name = store_col_dup(stmt, 1);
        b->label = store_col_dup(stmt, 2);
        b->circo = store_col_dup(stmt, 3);
        b->has_geom = col_bbox(stmt, 4, b->bbox);
        b->geojson = store_col_dup(stmt, 8);
    } else if ((rc = step_error(st, rc, "bureau", err)) != CM_OK) {
        goto out;
    }
    if ((rc = load_rounds(st, b, err)) != CM_OK)
        goto out;
    if (b->commune == NULL) /* neither a contour nor a result */
        rc = cm_err_set(err, CM_ENOTFOUND, "bureau %s: no such bureau", code);
out:
    sqlite3_finalize(stmt);
    if (rc != CM_OK)
        store_bureau_free(b);
    else
        *out = b;
    return rc;
}

void
store_bureau_free(struct store_bureau *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n_rounds; i++) {
        struct store_round_result *r = &b->rounds[i];
        for (size_t k = 0; k < r->n_votes; k++)
            free(r->votes[k].name), free(r->votes[k].nuance);
        free(r->votes);
        free(r->election), free(r->kind), free(r->date), free(r->label);
    }
    free(b->rounds);
    free(b->commune), free(b->commune_name), free(b->label), free(b->circo);
    free(b->geojson);
    free(b);
}

int
store_bureau_at(struct store *st, double lon, double lat, char code_out[11], struct cm_err *err)
{
    /* the R*Tree narrows to a few candidates, GEOS decides */
    static const char sql[] =
        "SELECT b.code FROM bureau b WHERE b.id IN (SELECT pkid FROM idx_bureau_geom"
        " WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND ymax >= ?2)"
        " AND ST_Contains(b.geom, MakePoint(?1, ?2, 4326)) = 1 ORDER BY b.code LIMIT 1";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_double(stmt, 1, lon);
    sqlite3_bind_double(stmt, 2, lat);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(stmt, 0);
        snprintf(code_out, 11, "%s", s ? (const char *)s : "");
        rc = CM_OK;
    } else if ((rc = step_error(st, rc, "bureau at point", err)) == CM_OK) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no bureau at %.6f, %.6f", lon, lat);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int
search_run(struct store *st, const char *sql, const char *kind, const char *pattern, size_t limit,
           struct store_hit **hits, size_t *n, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)(limit - *n));
    while (*n < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_hit *h = &(*hits)[(*n)++];
        const unsigned char *code = sqlite3_column_text(stmt, 0);
        memset(h, 0, sizeof *h);
        snprintf(h->kind, sizeof h->kind, "%s", kind);
        snprintf(h->code, sizeof h->code, "%s", code ? (const char *)code : "");
        h->label = store_col_dup(stmt, 1);
        col_bbox(stmt, 2, h->bbox);
        h->has_point = sqlite3_column_type(stmt, 7) == SQLITE_FLOAT;
        h->point[0] = sqlite3_column_double(stmt, 7);
        h->point[1] = sqlite3_column_double(stmt, 8);
    }
    rc = *n >= limit ? CM_OK : step_error(st, rc, "search", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_search(struct store *st, const char *q, size_t limit, struct store_hit **hits_out,
             size_t *n_out, struct cm_err *err)
{
    static const char sql_communes[] =
        /* the centroid of a commune's bureaux can fall outside it (a crescent): its point is
         * the point on surface of the bureau whose box centre is nearest the commune's
         * (SQLite's min() takes the other, bare, columns from the row of the minimum) */
        "WITH h AS (SELECT b.commune AS code, c.name, min(MbrMinX(b.geom)) AS x0,"
        " min(MbrMinY(b.geom)) AS y0, max(MbrMaxX(b.geom)) AS x1, max(MbrMaxY(b.geom)) AS y1"
        " FROM bureau b LEFT JOIN commune c ON c.code = b.commune"
        " WHERE b.commune LIKE ?1 ESCAPE '\\' OR c.name LIKE ?1 ESCAPE '\\'"
        " GROUP BY b.commune ORDER BY b.commune LIMIT ?2),"
        " m AS (SELECT h.code, b.geom, min(abs(MbrMinX(b.geom) + MbrMaxX(b.geom) - h.x0 - h.x1)"
        "  + abs(MbrMinY(b.geom) + MbrMaxY(b.geom) - h.y0 - h.y1)) FROM h"
        "  JOIN bureau b ON b.commune = h.code GROUP BY h.code)"
        " SELECT h.*, NULL, ST_X(ST_PointOnSurface(m.geom)), ST_Y(ST_PointOnSurface(m.geom))"
        " FROM h LEFT JOIN m ON m.code = h.code ORDER BY h.code";
    static const char sql_bureaux[] =
        "SELECT code, label, MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom), NULL,"
        " ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))"
        " FROM bureau WHERE code LIKE ?1 ESCAPE '\\' OR substr(code, 7) LIKE ?1 ESCAPE '\\'"
        " ORDER BY code LIMIT ?2";
    struct cm_buf pat;
    struct store_hit *hits = cm_xcalloc(limit ? limit : 1, sizeof *hits);
    size_t n = 0;
    int rc;

    cm_buf_init(&pat);
    for (const char *p = q; *p; p++) { /* the user's text is literal, not a LIKE pattern */
        if (*p == '%' || *p == '_' || *p == '\\')
            cm_buf_append(&pat, "\\", 1);
        cm_buf_append(&pat, p, 1);
    }
    cm_buf_append(&pat, "%", 1);
    rc = search_run(st, sql_communes, "commune", pat.data, limit, &hits, &n, err);
    if (rc == CM_OK && n < limit)
        rc = search_run(st, sql_bureaux, "bureau", pat.data, limit, &hits, &n, err);
    cm_buf_cleanup(&pat);
    if (rc != CM_OK) {
        store_hits_free(hits, n);
        return rc;
    }
    *hits_out = hits;
    *n_out = n;
    return CM_OK;
}

void
store_hits_free(struct store_hit *hits, size_t n)
{
    for (size_t i = 0; hits && i < n; i++)
        free(hits[i].label);
    free(hits);
}

#define OUTLINES_PRINT                                                                   \
    "coalesce((SELECT group_concat(id || '=' || sha256, ',') FROM"                          \
    "  (SELECT id, sha256 FROM contour_set WHERE kind = 'bureau' ORDER BY id)), '')"

static int
fingerprint(struct store *st, const char *sql, char **out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    *out = NULL;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        *out = store_col_dup(stmt, 0);
    else
        rc = cm_err_set(err, CM_EDB, "map fingerprint: %s", sqlite3_errmsg(sqlite3_db_handle(stmt)));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_map_fingerprint(struct store *st, char **out, struct cm_err *err)
{
    return fingerprint(st,
                       "SELECT coalesce((SELECT group_concat(name || '=' || version, ',') FROM"
                       "  (SELECT name, version FROM layer ORDER BY name)), '') || ';' || "
                       OUTLINES_PRINT, out, err);
}

int
store_outlines_fingerprint(struct store *st, char **out, struct cm_err *err)
{
    return fingerprint(st, "SELECT " OUTLINES_PRINT, out, err);
}

int
store_data_version(struct store *st, int64_t *out, struct cm_err *err)
{
    return store_query_int64(st, "PRAGMA data_version", out, err);
}
