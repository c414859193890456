/* store_layers.c - SQL behind the targeting layers (store layer): rounds, votes, census,
 * geometries and the layer tables. Loads are single ordered scans: the UNIQUE (round_id,
 * bureau) index gives results and votes in bureau order without a sort. */
#include "store_layers_int.h"

#include "cm_buf.h"
#include "store_layers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int
store_collect(struct store *st, sqlite3_stmt *stmt, size_t size,
              void (*fill)(sqlite3_stmt *stmt, void *elem), void **arr_out, size_t *n_out,
              const char *what, struct cm_err *err)
{
    unsigned char *arr = NULL;
    size_t n = 0, cap = 0;
    int rc;

    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            arr = cm_xreallocarray(arr, cap, size);
        }
        memset(arr + n * size, 0, size);
        fill(stmt, arr + n * size);
        n++;
    }
    rc = rc == SQLITE_DONE ? CM_OK : cm_err_set(err, CM_EDB, "%s: %s", what,
                                                sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    *arr_out = arr;
    *n_out = n;
    return rc;
}

static int
step_error(struct store *st, const char *what, struct cm_err *err)
{
    return cm_err_set(err, CM_EDB, "%s: %s", what, sqlite3_errmsg(st->db));
}

static void
round_fill(sqlite3_stmt *stmt, struct store_round *r)
{
    r->id = sqlite3_column_int64(stmt, 0);
    r->election = store_col_dup(stmt, 1);
    r->kind = store_col_dup(stmt, 2);
    r->date = store_col_dup(stmt, 3);
    r->label = store_col_dup(stmt, 4);
    r->round = sqlite3_column_int(stmt, 5);
    r->sha256 = store_col_dup(stmt, 6);
    r->imported_at = store_col_dup(stmt, 7);
}

#define ROUND_COLS \
    "SELECT r.id, e.id, e.kind, e.date, e.label, r.round, r.sha256, r.imported_at" \
    " FROM election_round r JOIN election e ON e.id = r.election"

int
store_round_find(struct store *st, const char *election, int round, struct store_round *out,
                 struct cm_err *err)
{
    static const char sql[] = ROUND_COLS " WHERE e.id = ? AND r.round = ?";
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, election, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, round);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        round_fill(stmt, out);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no election round %s:%d in the store", election,
                        round);
    } else {
        rc = step_error(st, "find round", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int
store_round_latest(struct store *st, const char *kind_prefix, int round, const char *except,
                   const char *before_date, struct store_round *out, struct cm_err *err)
{
    static const char sql[] =
        ROUND_COLS " WHERE r.round = ?1 AND (?2 IS NULL OR substr(lower(e.kind), 1, length(?2))"
        " = lower(?2)) AND (?3 IS NULL OR e.id <> ?3) AND (?4 IS NULL OR e.date <= ?4)"
        " ORDER BY e.date DESC, e.id DESC LIMIT 1";
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int(stmt, 1, round);
    store_bind_text_or_null(stmt, 2, kind_prefix);
    store_bind_text_or_null(stmt, 3, except);
    store_bind_text_or_null(stmt, 4, before_date);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        round_fill(stmt, out);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no %s round %d in the store",
                        kind_prefix ? kind_prefix : "election", round);
    } else {
        rc = step_error(st, "latest round", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_round_cleanup(struct store_round *r)
{
    free(r->election), free(r->kind), free(r->date), free(r->label);
    free(r->sha256), free(r->imported_at);
    memset(r, 0, sizeof *r);
}

static int
load_candidates(struct store *st, int64_t round_id, struct store_round_data *d, int64_t **ids,
                struct cm_err *err)
{
    static const char sql[] =
        "SELECT id, name, nuance, circo FROM candidate WHERE round_id = ? ORDER BY id";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (d->n_cand == cap) {
            cap = cm_grow(cap, d->n_cand + 1);
            d->cand = cm_xreallocarray(d->cand, cap, sizeof *d->cand);
            *ids = cm_xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[d->n_cand] = sqlite3_column_int64(stmt, 0);
        d->cand[d->n_cand].name = store_col_dup(stmt, 1);
        d->cand[d->n_cand].nuance = store_col_dup(stmt, 2);
        d->cand[d->n_cand].circo = store_col_dup(stmt, 3);
        d->n_cand++;
    }
    rc = rc == SQLITE_DONE ? CM_OK : step_error(st, "load candidates", err);
    sqlite3_finalize(stmt);
    return rc;
}

static void
results_grow(struct store_round_data *d, size_t cap)
{
    d->codes = cm_xreallocarray(d->codes, cap, sizeof *d->codes);
    d->circo = cm_xreallocarray(d->circo, cap, sizeof *d->circo);
    d->inscrits = cm_xreallocarray(d->inscrits, cap, sizeof *d->inscrits);
    d->votants = cm_xreallocarray(d->votants, cap, sizeof *d->votants);
    d->exprimes = cm_xreallocarray(d->exprimes, cap, sizeof *d->exprimes);
}

static int
load_results(struct store *st, int64_t round_id, struct store_round_data *d, int64_t **ids,
             struct cm_err *err)
{
    static const char sql[] = "SELECT id, bureau, circo, inscrits, votants, exprimes FROM result"
                              " WHERE round_id = ? ORDER BY bureau";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *code = sqlite3_column_text(stmt, 1);
        if (d->n == cap) {
            cap = cm_grow(cap, d->n + 1);
            results_grow(d, cap);
            *ids = cm_xreallocarray(*ids, cap, sizeof **ids);
        }
        (*ids)[d->n] = sqlite3_column_int64(stmt, 0);
        memset(d->codes[d->n], 0, STORE_CODE_LEN);
        strncpy(d->codes[d->n], code ? (const char *)code : "", STORE_CODE_LEN - 1);
        d->circo[d->n] = store_col_dup(stmt, 2);
        d->inscrits[d->n] = sqlite3_column_int64(stmt, 3);
        d->votants[d->n] = sqlite3_column_int64(stmt, 4);
        d->exprimes[d->n] = sqlite3_column_int64(stmt, 5);
        d->n++;
    }
    rc = rc == SQLITE_DONE ? CM_OK : step_error(st, "load results", err);
    sqlite3_finalize(stmt);
    return rc;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Votes come in the same bureau order as load_results: walk both in step. */
static int
load_votes(struct store *st, int64_t round_id, struct store_round_data *d,
           const int64_t *result_ids, const int64_t *cand_ids, struct cm_err *err)
{
    static const char sql[] = "SELECT v.result_id, v.candidate_id, v.voix FROM result r"
                              " JOIN vote v ON v.result_id = r.id WHERE r.round_id = ?"
                              " ORDER BY r.bureau";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0, nv = 0, row = 0;
    int rc;

    d->off = cm_xcalloc(d->n + 1, sizeof *d->off);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, round_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(stmt, 0), cid = sqlite3_column_int64(stmt, 1);
        const int64_t *hit = bsearch(&cid, cand_ids, d->n_cand, sizeof *cand_ids, cmp_i64);
        while (row < d->n && result_ids[row] != rid)
            d->off[++row] = nv;
        if (row == d->n || hit == NULL) {
            rc = cm_err_set(err, CM_EDB, "votes of round %lld are not in bureau order",
                            (long long)round_id);
            goto out;
        }
        if (nv == cap) {
            cap = cm_grow(cap, nv + 1);
            d->vote_cand = cm_xreallocarray(d->vote_cand, cap, sizeof *d->vote_cand);
            d->voix = cm_xreallocarray(d->voix, cap, sizeof *d->voix);
        }
        d->vote_cand[nv] = (uint32_t)(hit - cand_ids);
        d->voix[nv++] = sqlite3_column_int64(stmt, 2);
    }
    if (rc != SQLITE_DONE) {
        rc = step_error(st, "load votes", err);
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
store_round_data_load(struct store *st, int64_t round_id, struct store_round_data *out,
                      struct cm_err *err)
{
    int64_t *rids = NULL, *cids = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = load_candidates(st, round_id, out, &cids, err)) == CM_OK
        && (rc = load_results(st, round_id, out, &rids, err)) == CM_OK)
        rc = load_votes(st, round_id, out, rids, cids, err);
    free(rids);
    free(cids);
    if (rc != CM_OK)
        store_round_data_cleanup(out);
    return rc;
}

void
store_round_data_cleanup(struct store_round_data *d)
{
    for (size_t i = 0; i < d->n_cand; i++)
        free(d->cand[i].name), free(d->cand[i].nuance), free(d->cand[i].circo);
    for (size_t i = 0; i < d->n; i++)
        free(d->circo[i]);
    free(d->cand), free(d->codes), free(d->circo), free(d->inscrits), free(d->votants);
    free(d->exprimes), free(d->off), free(d->vote_cand), free(d->voix);
    memset(d, 0, sizeof *d);
}

static void
census_var_fill(sqlite3_stmt *stmt, void *elem)
{
    struct store_census_var *v = elem;

    v->name = store_col_dup(stmt, 0);
    v->year = sqlite3_column_int(stmt, 1);
    v->source = store_col_dup(stmt, 2);
}

int
store_census_vars(struct store *st, struct store_census_var **vars_out, size_t *n_out,
                  struct cm_err *err)
{
    static const char sql[] =
        "SELECT c.variable, c.year, (SELECT min(source) FROM census WHERE variable = c.variable"
        " AND year = c.year) FROM (SELECT variable, max(year) AS year FROM census"
        " GROUP BY variable) c ORDER BY c.variable";
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *vars_out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    rc = store_collect(st, stmt, sizeof **vars_out, census_var_fill, &arr, n_out,
                       "census variables", err);
    *vars_out = arr;
    if (rc != CM_OK) {
        store_census_vars_free(*vars_out, *n_out);
        *vars_out = NULL, *n_out = 0;
    }
    return rc;
}

void
store_census_vars_free(struct store_census_var *vars, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(vars[i].name), free(vars[i].source);
    free(vars);
}

int
store_census_values(struct store *st, const char *var, int year, char (**iris_out)[10],
                    double **value_out, size_t *n_out, struct cm_err *err)
{
    static const char sql[] =
        "SELECT iris, value FROM census WHERE variable = ? AND year = ? ORDER BY iris";
    sqlite3_stmt *stmt = NULL;
    char(*iris)[10] = NULL;
    double *val = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, var, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, year);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *code = sqlite3_column_text(stmt, 0);
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            iris = cm_xreallocarray(iris, cap, sizeof *iris);
            val = cm_xreallocarray(val, cap, sizeof *val);
        }
        memset(iris[n], 0, sizeof iris[n]);
        strncpy(iris[n], code ? (const char *)code : "", sizeof iris[n] - 1);
        val[n++] = sqlite3_column_type(stmt, 1) == SQLITE_NULL ? NAN
                                                               : sqlite3_column_double(stmt, 1);
    }
    rc = rc == SQLITE_DONE ? CM_OK : step_error(st, "census values", err);
    sqlite3_finalize(stmt);
    if (rc != CM_OK) {
        free(iris), free(val);
        return rc;
    }
    *iris_out = iris;
    *value_out = val;
    *n_out = n;
    return CM_OK;
}

int
store_geoms_each(struct store *st, const char *table, int srid, store_geom_fn fn, void *ctx,
                 struct cm_err *err)
{
    const char *sql;
    sqlite3_stmt *stmt = NULL;
    int rc;

    /* geometries are stored in 4326: no transform (not even an identity one) for 4326 */
    if (strcmp(table, "bureau") == 0)
        sql = srid == 4326 ? "SELECT code, AsBinary(geom), ? FROM bureau ORDER BY code"
                           : "SELECT code, AsBinary(ST_Transform(geom, ?)) FROM bureau ORDER BY code";
    else if (strcmp(table, "iris") == 0)
        sql = srid == 4326 ? "SELECT code, AsBinary(geom), ? FROM iris ORDER BY code"
                           : "SELECT code, AsBinary(ST_Transform(geom, ?)) FROM iris ORDER BY code";
    else
        return cm_err_set(err, CM_EUSAGE, "no geometry table '%s'", table);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int(stmt, 1, srid);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *code = sqlite3_column_text(stmt, 0);
        const unsigned char *wkb = sqlite3_column_blob(stmt, 1);
        size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
        if (wkb == NULL)
            continue; /* no geometry or failed transform: the area takes no part */
        if ((rc = fn(ctx, (const char *)code, wkb, len, err)) != CM_OK)
            goto out;
    }
    rc = rc == SQLITE_DONE ? CM_OK : step_error(st, "read geometries", err);
out:
    sqlite3_finalize(stmt);
    return rc;
}

int
store_contours_stamp(struct store *st, const char *kind, char **stamp_out, struct cm_err *err)
{
    static const char sql[] = "SELECT group_concat(id || ':' || sha256 || ':' || imported_at, ',')"
                              " FROM (SELECT * FROM contour_set WHERE kind = ? ORDER BY id)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    *stamp_out = NULL;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        *stamp_out = store_col_dup(stmt, 0);
        if (*stamp_out == NULL)
            *stamp_out = cm_xstrdup("");
        rc = CM_OK;
    } else {
        rc = step_error(st, "contour sets", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void
bureau_fill(sqlite3_stmt *stmt, void *elem)
{
    struct store_bureau_info *b = elem;
    const unsigned char *code = sqlite3_column_text(stmt, 0);

    strncpy(b->code, code ? (const char *)code : "", STORE_CODE_LEN - 1);
    b->circo = store_col_dup(stmt, 1);
    if (sqlite3_column_count(stmt) > 2) {
        b->label = store_col_dup(stmt, 2);
        b->commune = store_col_dup(stmt, 3);
    }
}

static int
bureaux_query(struct store *st, const char *sql, struct store_bureau_info **out, size_t *n_out,
              struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    rc = store_collect(st, stmt, sizeof **out, bureau_fill, &arr, n_out, "load bureaux",
                       err);
    *out = arr;
    if (rc != CM_OK) {
        store_bureaux_free(*out, *n_out);
        *out = NULL, *n_out = 0;
    }
    return rc;
}

int
store_bureaux_load(struct store *st, struct store_bureau_info **out, size_t *n_out,
                   struct cm_err *err)
{
    return bureaux_query(st, "SELECT code, circo, label, commune FROM bureau ORDER BY code", out,
                         n_out, err);
}

void
store_bureaux_free(struct store_bureau_info *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(b[i].label), free(b[i].commune), free(b[i].circo);
    free(b);
}

static void
pack(size_t n, const char (*codes)[STORE_CODE_LEN], const double *value, unsigned char *cb,
     unsigned char *vb)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memset(cb + i * 10, 0, 10);
        memcpy(cb + i * 10, codes[i], strnlen(codes[i], 10));
        memcpy(&u, &value[i], 8);
        for (int k = 0; k < 8; k++)
            vb[i * 8 + (size_t)k] = (unsigned char)(u >> (8 * k));
    }
}

int
store_layer_put(struct store *st, const struct store_layer *m, size_t n,
                const char (*codes)[STORE_CODE_LEN], const double *value, struct cm_err *err)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO layer (name, grp, title, formula, refs, years, unit, categorical,"
        " labels, version, n_bureaux, codes, vals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    unsigned char *cb = cm_xcalloc(n + 1, 10), *vb = cm_xcalloc(n + 1, 8);
    sqlite3_stmt *stmt = NULL;
    int rc;

    pack(n, codes, value, cb, vb);
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        goto out;
    store_bind_text_or_null(stmt, 1, m->name);
    store_bind_text_or_null(stmt, 2, m->grp);
    store_bind_text_or_null(stmt, 3, m->title);
    store_bind_text_or_null(stmt, 4, m->formula);
    store_bind_text_or_null(stmt, 5, m->refs);
    store_bind_text_or_null(stmt, 6, m->years);
    store_bind_text_or_null(stmt, 7, m->unit);
    sqlite3_bind_int(stmt, 8, m->categorical);
    store_bind_text_or_null(stmt, 9, m->labels);
    sqlite3_bind_int64(stmt, 10, m->version);
    sqlite3_bind_int64(stmt, 11, (int64_t)n);
    sqlite3_bind_blob(stmt, 12, cb, (int)(n * 10), SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 13, vb, (int)(n * 8), SQLITE_STATIC);
    rc = store_step_done(st, stmt, "write layer", err);
out:
    sqlite3_finalize(stmt);
    free(cb);
    free(vb);
    return rc;
}

int
store_layers_delete_group(struct store *st, const char *grp, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "DELETE FROM layer WHERE grp = ?", &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, grp, -1, SQLITE_STATIC);
    rc = store_step_done(st, stmt, "delete layers", err);
    sqlite3_finalize(stmt);
    return rc;
}

#define LAYER_COLS \
    "SELECT id, name, grp, title, formula, refs, years, unit, categorical, labels, version," \
    " n_bureaux, computed_at"

static void
layer_fill(sqlite3_stmt *stmt, struct store_layer *m)
{
    m->name = store_col_dup(stmt, 1);
    m->grp = store_col_dup(stmt, 2);
    m->title = store_col_dup(stmt, 3);
    m->formula = store_col_dup(stmt, 4);
    m->refs = store_col_dup(stmt, 5);
    m->years = store_col_dup(stmt, 6);
    m->unit = store_col_dup(stmt, 7);
    m->categorical = sqlite3_column_int(stmt, 8);
    m->labels = store_col_dup(stmt, 9);
    m->version = sqlite3_column_int64(stmt, 10);
    m->n_bureaux = sqlite3_column_int64(stmt, 11);
    m->computed_at = store_col_dup(stmt, 12);
}

static int
unpack(sqlite3_stmt *stmt, const char *name, size_t n, char (**codes_out)[STORE_CODE_LEN],
       double **value_out, struct cm_err *err)
{
    const unsigned char *cb = sqlite3_column_blob(stmt, 13), *vb = sqlite3_column_blob(stmt, 14);
    char(*codes)[STORE_CODE_LEN];
    double *val;

    if ((size_t)sqlite3_column_bytes(stmt, 13) != n * 10
        || (size_t)sqlite3_column_bytes(stmt, 14) != n * 8)
        return cm_err_set(err, CM_EDB, "layer %s: value blobs do not hold %zu bureaux", name, n);
    codes = cm_xcalloc(n + 1, sizeof *codes);
    val = cm_xcalloc(n + 1, sizeof *val);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = 0;
        memcpy(codes[i], cb + i * 10, 10);
        for (int k = 7; k >= 0; k--)
            u = (u << 8) | vb[i * 8 + (size_t)k];
        memcpy(&val[i], &u, 8);
    }
    *codes_out = codes;
    *value_out = val;
    return CM_OK;
}

int
store_layer_load(struct store *st, const char *name, struct store_layer *meta,
                 char (**codes_out)[STORE_CODE_LEN], double **value_out, size_t *n_out,
                 struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(meta, 0, sizeof *meta);
    if ((rc = store_prepare(st, LAYER_COLS ", codes, vals FROM layer WHERE name = ?", &stmt,
                            err)) != CM_OK)
        return rc;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no layer '%s' (run coopmap compute; coopmap layers"
                        " lists them)", name);
    } else if (rc != SQLITE_ROW) {
        rc = step_error(st, "load layer", err);
    } else {
        layer_fill(stmt, meta);
        *n_out = (size_t)meta->n_bureaux;
        rc = unpack(stmt, name, *n_out, codes_out, value_out, err);
        if (rc != CM_OK)
            store_layer_cleanup(meta);
    }
    sqlite3_finalize(stmt);
    return rc;
}

static void
layer_meta_fill(sqlite3_stmt *stmt, void *elem)
{
    layer_fill(stmt, elem);
}

int
store_layers_list(struct store *st, struct store_layer **out, size_t *n_out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    void *arr = NULL;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, LAYER_COLS " FROM layer ORDER BY grp, name", &stmt, err)) != CM_OK)
        return rc;
    rc = store_collect(st, stmt, sizeof **out, layer_meta_fill, &arr, n_out,
                       "list layers", err);
    *out = arr;
    if (rc != CM_OK) {
        for (size_t i = 0; i < *n_out; i++)
            store_layer_cleanup(&(*out)[i]);
        free(*out);
        *out = NULL, *n_out = 0;
    }
    return rc;
}

void
store_layer_cleanup(struct store_layer *m)
{
    free(m->name), free(m->grp), free(m->title), free(m->formula), free(m->refs);
    free(m->years), free(m->unit), free(m->labels), free(m->computed_at);
    memset(m, 0, sizeof *m);
}

int
store_result_circos(struct store *st, struct store_bureau_info **out, size_t *n_out,
                    struct cm_err *err)
{
    return bureaux_query(st, "SELECT bureau, circo FROM result WHERE circo IS NOT NULL"
                             " AND id IN (SELECT max(id) FROM result WHERE circo IS NOT NULL"
                             " GROUP BY bureau) ORDER BY bureau", out, n_out, err);
}
