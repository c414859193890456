/* store_info.c - read-only summary queries behind `coopmap info`. */
#include "store_info.h"

#include "cm_buf.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
load_counts(struct store *st, struct store_info *info, struct cm_err *err)
{
    static const char *const tables[] = {"commune", "bureau", "iris", "election",
                                         "election_round", "result", "candidate", "vote",
                                         "census", "import_log"};
    char sql[96];
    int rc;

    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        struct store_info_count *c = &info->counts[info->n_counts++];
        c->table = tables[i];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        if ((rc = store_query_int64(st, sql, &c->n, err)) != CM_OK)
            return rc;
    }
    return CM_OK;
}

static int
load_rounds(struct store *st, struct store_info *info, struct cm_err *err)
{
    static const char sql[] =
        "SELECT e.id, e.kind, e.date, e.label, r.round, r.source, r.layout, r.imported_at,"
        " (SELECT count(*) FROM result WHERE round_id = r.id),"
        " (SELECT total(inscrits) FROM result WHERE round_id = r.id),"
        " (SELECT total(votants) FROM result WHERE round_id = r.id),"
        " (SELECT total(exprimes) FROM result WHERE round_id = r.id),"
        " (SELECT count(*) FROM candidate WHERE round_id = r.id)"
        " FROM election_round r JOIN election e ON e.id = r.election"
        " ORDER BY e.date, e.id, r.round";
    sqlite3_stmt *stmt = NULL;
    int rc, cap = 0;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_info_round *r;
        if (info->n_rounds == cap) {
            cap = (int)cm_grow((size_t)cap, (size_t)info->n_rounds + 1);
            info->rounds = cm_xreallocarray(info->rounds, (size_t)cap, sizeof *r);
        }
        r = &info->rounds[info->n_rounds++];
        memset(r, 0, sizeof *r);
        r->election = store_col_dup(stmt, 0);
        r->kind = store_col_dup(stmt, 1);
        r->date = store_col_dup(stmt, 2);
        r->label = store_col_dup(stmt, 3);
        r->round = sqlite3_column_int(stmt, 4);
        r->source = store_col_dup(stmt, 5);
        r->layout = store_col_dup(stmt, 6);
        r->imported_at = store_col_dup(stmt, 7);
        r->n_results = sqlite3_column_int64(stmt, 8);
        r->inscrits = (int64_t)sqlite3_column_double(stmt, 9);
        r->votants = (int64_t)sqlite3_column_double(stmt, 10);
        r->exprimes = (int64_t)sqlite3_column_double(stmt, 11);
        r->n_candidates = sqlite3_column_int64(stmt, 12);
    }
    rc = rc == SQLITE_DONE ? CM_OK : cm_err_set(err, CM_EDB, "rounds: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

static int
load_sets(struct store *st, struct store_info *info, struct cm_err *err)
{
    static const char sql[] = "SELECT id, kind, source, year, n_features, n_areas, communes,"
                              " imported_at FROM contour_set ORDER BY id";
    sqlite3_stmt *stmt = NULL;
    int rc, cap = 0;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_info_set *s;
        if (info->n_sets == cap) {
            cap = (int)cm_grow((size_t)cap, (size_t)info->n_sets + 1);
            info->sets = cm_xreallocarray(info->sets, (size_t)cap, sizeof *s);
        }
        s = &info->sets[info->n_sets++];
        s->id = sqlite3_column_int64(stmt, 0);
        s->kind = store_col_dup(stmt, 1);
        s->source = store_col_dup(stmt, 2);
        s->year = sqlite3_column_int64(stmt, 3);
        s->n_features = sqlite3_column_int64(stmt, 4);
        s->n_areas = sqlite3_column_int64(stmt, 5);
        s->communes = store_col_dup(stmt, 6);
        s->imported_at = store_col_dup(stmt, 7);
    }
    rc = rc == SQLITE_DONE ? CM_OK : cm_err_set(err, CM_EDB, "sets: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

static int
load_census(struct store *st, struct store_info *info, struct cm_err *err)
{
    static const char sql[] = "SELECT year, count(DISTINCT iris), count(DISTINCT variable),"
                              " count(*), count(*) - count(value) FROM census GROUP BY year"
                              " ORDER BY year";
    sqlite3_stmt *stmt = NULL;
    int rc, cap = 0;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_info_census *c;
        if (info->n_census == cap) {
            cap = (int)cm_grow((size_t)cap, (size_t)info->n_census + 1);
            info->census = cm_xreallocarray(info->census, (size_t)cap, sizeof *c);
        }
        c = &info->census[info->n_census++];
        c->year = sqlite3_column_int64(stmt, 0);
        c->n_iris = sqlite3_column_int64(stmt, 1);
        c->n_vars = sqlite3_column_int64(stmt, 2);
        c->n_values = sqlite3_column_int64(stmt, 3);
        c->n_secret = sqlite3_column_int64(stmt, 4);
    }
    rc = rc == SQLITE_DONE ? CM_OK : cm_err_set(err, CM_EDB, "census: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_info_load(struct store *st, struct store_info *info, struct cm_err *err)
{
    int rc;

    memset(info, 0, sizeof *info);
    info->schema_version = store_schema_version(st);
    if ((rc = load_counts(st, info, err)) != CM_OK || (rc = load_rounds(st, info, err)) != CM_OK
        || (rc = load_sets(st, info, err)) != CM_OK)
        return rc;
    return load_census(st, info, err);
}

void
store_info_cleanup(struct store_info *info)
{
    for (int i = 0; i < info->n_rounds; i++) {
        struct store_info_round *r = &info->rounds[i];
        free(r->election), free(r->kind), free(r->date), free(r->label);
        free(r->source), free(r->layout), free(r->imported_at);
    }
    for (int i = 0; i < info->n_sets; i++) {
        struct store_info_set *s = &info->sets[i];
        free(s->kind), free(s->source), free(s->communes), free(s->imported_at);
    }
    free(info->rounds);
    free(info->sets);
    free(info->census);
    memset(info, 0, sizeof *info);
}
