/* cmd_info.c - `coopmap info [--json]` and `coopmap config`: what the store and options hold. */
#include "cli.h"

#include "store_info.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A country-wide set covers tens of thousands of communes: show the first few and the count. */
static void
print_communes(const char *list)
{
    int n = 0, shown = 0;

    for (const char *p = list; p && *p; p++)
        n += *p == ',';
    n += list && *list;
    printf(", %d commune%s", n, n == 1 ? "" : "s");
    for (const char *p = list; p && *p && shown < 5; shown++) {
        const char *c = strchr(p, ',');
        int len = c ? (int)(c - p) : (int)strlen(p);
        printf("%s%.*s", shown ? "," : " (", len, p);
        p = c ? c + 1 : p + len;
    }
    printf("%s\n", n > 5 ? ",...)" : n ? ")" : "");
}

static void
print_text(const char *db, const struct store_info *in)
{
    printf("store %s (schema %d)\n", db, in->schema_version);
    for (int i = 0; i < in->n_counts; i++)
        printf("  %-15s %10" PRId64 "\n", in->counts[i].table, in->counts[i].n);
    printf("contour sets: %d\n", in->n_sets);
    for (int i = 0; i < in->n_sets; i++) {
        const struct store_info_set *s = &in->sets[i];
        printf("  %-6s %s: %" PRId64 " features -> %" PRId64 " areas", s->kind, s->source,
               s->n_features, s->n_areas);
        if (s->year > 0)
            printf(", year %" PRId64, s->year);
        print_communes(s->communes);
    }
    printf("election rounds: %d\n", in->n_rounds);
    for (int i = 0; i < in->n_rounds; i++) {
        const struct store_info_round *r = &in->rounds[i];
        printf("  %s round %d (%s, %s) [%s]: %" PRId64 " bureaux, %" PRId64 " candidates,"
               " inscrits %" PRId64 ", votants %" PRId64 ", exprimes %" PRId64 "\n",
               r->election, r->round, r->kind ? r->kind : "", r->date ? r->date : "?", r->layout,
               r->n_results, r->n_candidates, r->inscrits, r->votants, r->exprimes);
    }
    printf("census years: %d\n", in->n_census);
    for (int i = 0; i < in->n_census; i++) {
        const struct store_info_census *c = &in->census[i];
        printf("  %" PRId64 ": %" PRId64 " IRIS x %" PRId64 " variables, %" PRId64
               " values (%" PRId64 " secret)\n",
               c->year, c->n_iris, c->n_vars, c->n_values, c->n_secret);
    }
}

static json_t *
to_json(const char *db, const struct store_info *in)
{
    json_t *o = json_pack("{s:s,s:i}", "store", db, "schema_version", in->schema_version);
    json_t *counts = json_object(), *rounds = json_array(), *sets = json_array(),
           *census = json_array();

    for (int i = 0; i < in->n_counts; i++)
        json_object_set_new(counts, in->counts[i].table, json_integer(in->counts[i].n));
    for (int i = 0; i < in->n_sets; i++) {
        const struct store_info_set *s = &in->sets[i];
        json_array_append_new(sets, json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:s?,s:s?}", "id", s->id,
                                              "kind", s->kind, "source", s->source, "year",
                                              s->year, "features", s->n_features, "areas",
                                              s->n_areas, "communes", s->communes,
                                              "imported_at", s->imported_at));
    }
    for (int i = 0; i < in->n_rounds; i++) {
        const struct store_info_round *r = &in->rounds[i];
        json_array_append_new(
            rounds, json_pack("{s:s,s:s?,s:s?,s:s?,s:i,s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "election",
                              r->election, "kind", r->kind, "date", r->date, "label", r->label,
                              "round", r->round, "source", r->source, "layout", r->layout,
                              "bureaux", r->n_results, "candidates", r->n_candidates, "inscrits",
                              r->inscrits, "votants", r->votants, "exprimes", r->exprimes));
    }
    for (int i = 0; i < in->n_census; i++) {
        const struct store_info_census *c = &in->census[i];
        json_array_append_new(census, json_pack("{s:I,s:I,s:I,s:I,s:I}", "year", c->year, "iris",
                                                c->n_iris, "variables", c->n_vars, "values",
                                                c->n_values, "secret", c->n_secret));
    }
    json_object_set_new(o, "counts", counts);
    json_object_set_new(o, "contour_sets", sets);
    json_object_set_new(o, "rounds", rounds);
    json_object_set_new(o, "census", census);
    return o;
}

int
cmd_info(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap info [--json] [--db FILE]";
    int json = 0, npos, rc;
    const struct cli_flag flags[] = {
        {"json", CLI_BOOL, &json, NULL, "print JSON instead of text"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_info info = {0};

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "info takes no argument (see --help)");
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_info_load(st, &info, err)) == CM_OK) {
        if (json) {
            json_t *o = to_json(cfg->db, &info);
            rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 ? CM_OK
                 : cm_err_set(err, CM_EIO, "write JSON to stdout failed");
            putchar('\n');
            json_decref(o);
        } else {
            print_text(cfg->db, &info);
        }
    }
    store_info_cleanup(&info);
    store_close(st);
    return rc;
}

int
cmd_config(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap config [options]";
    char val[512];
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        cm_config_format(cfg, o, val, sizeof val);
        printf("%-10s = %-24s # %s\n", o->name, val, o->help);
    }
    return CM_OK;
}
