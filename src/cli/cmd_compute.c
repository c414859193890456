/* cmd_compute.c - `coopmap compute` and `coopmap layers`: compute the targeting layers and
 * list them with their formulas, references, data years and versions. */
#include "cli.h"

#include "calc.h"
#include "cm_log.h"
#include "store_layers.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
print_report(const struct calc_report *r)
{
    if (r->ref)
        printf("reference %s: %zu bureaux, election layers in %.3f s (%.0f bureaux/s)\n",
               r->ref, r->n_bureaux, r->t_election,
               r->t_election > 0 ? (double)r->n_bureaux / r->t_election : 0.0);
    if (r->volatility)
        printf("volatility %s\n", r->volatility);
    if (r->n_pairs)
        printf("areal weighting: %zu bureaux x %zu IRIS, %zu intersections, %zu failed, in"
               " %.3f s (%.0f bureaux/s)\n", r->n_socio_bureaux, r->n_iris, r->n_pairs,
               r->n_geom_failed, r->t_socio,
               r->t_socio > 0 ? (double)r->n_socio_bureaux / r->t_socio : 0.0);
    if (r->n_iris_low)
        printf("  %zu IRIS less than 90%% covered by the bureaux: their counts go whole to the"
               " bureaux that meet them\n", r->n_iris_low);
    if (r->n_census_orphans)
        printf("  up to %zu census IRIS codes have no IRIS contour: their values are not carried"
               " (census and contours of different IRIS vintages?)\n", r->n_census_orphans);
    printf("%zu layers written\n", r->n_layers);
    if (r->notes)
        fputs(r->notes, stdout);
}

/* data/blocs.csv from the working directory, else next to the binary (build/../data). */
static const char *
default_blocs(char *buf, size_t n)
{
    ssize_t len;
    char *slash;

    if (access("data/blocs.csv", R_OK) == 0)
        return "data/blocs.csv";
    if ((len = readlink("/proc/self/exe", buf, n - 1)) <= 0)
        return NULL;
    buf[len] = '\0';
    if ((slash = strrchr(buf, '/')) == NULL || (size_t)(slash - buf) + 20 > n)
        return NULL;
    strcpy(slash, "/../data/blocs.csv");
    return access(buf, R_OK) == 0 ? buf : NULL;
}

int
cmd_compute(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap compute [--ref ELECTION:ROUND] [--from E:R --to E:R] [--camp BLOCS]"
        " [--only GROUPS]";
    struct calc_opts o = {0};
    const struct cli_flag flags[] = {
        {"ref", CLI_STR, &o.ref, "E:R", "reference round (default: latest presidential round 1)"},
        {"from", CLI_STR, &o.from, "E:R", "volatility: earlier round (default: previous round 1)"},
        {"to", CLI_STR, &o.to, "E:R", "volatility: later round (default: the reference)"},
        {"only", CLI_STR, &o.only, "GROUPS",
         "comma list of results, potential, volatility, category, socio (default: all)"},
        {"blocs", CLI_STR, &o.blocs_file, "FILE",
         "bloc mapping loaded when the store has none (default data/blocs.csv)"},
        {"category-area", CLI_STR, &o.cat_area, "AREA",
         "categories compare a bureau with its commune (default), circo or all"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct calc_report rep = {0};
    struct store *st = NULL;
    char exe[4096];
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "compute takes no argument (see --help)");
    o.camp = cfg->camp;
    if (o.blocs_file == NULL)
        o.blocs_file = default_blocs(exe, sizeof exe);
    if ((rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    if ((rc = calc_compute(st, &o, &rep, err)) == CM_OK)
        print_report(&rep);
    else if (rep.notes)
        fputs(rep.notes, stderr);
    calc_report_cleanup(&rep);
    store_close(st);
    return rc;
}

static json_t *
layer_json(const struct store_layer *l)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:b,s:s?,s:I,s:I,s:s}", "name", l->name,
                     "group", l->grp, "title", l->title, "formula", l->formula, "refs", l->refs,
                     "years", l->years, "unit", l->unit, "categorical", l->categorical,
                     "labels", l->labels, "version", l->version, "bureaux", l->n_bureaux,
                     "computed_at", l->computed_at);
}

int
cmd_layers(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap layers [--json] [--brief]";
    int json = 0, brief = 0, npos, rc;
    const struct cli_flag flags[] = {
        {"json", CLI_BOOL, &json, NULL, "print JSON"},
        {"brief", CLI_BOOL, &brief, NULL, "one line per layer, without its formula"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_layer *v = NULL;
    size_t n = 0;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "layers takes no argument (see --help)");
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_layers_list(st, &v, &n, err)) != CM_OK)
        goto out;
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, layer_json(&v[i]));
        json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(a);
        goto out;
    }
    printf("%-24s %-10s %8s %16s  %-6s %s\n", "layer", "group", "bureaux", "version", "years",
           "reference");
    for (size_t i = 0; i < n; i++) {
        printf("%-24s %-10s %8" PRId64 " %16" PRId64 "  %-6s %s\n", v[i].name, v[i].grp,
               v[i].n_bureaux, v[i].version, v[i].years ? v[i].years : "",
               v[i].refs ? v[i].refs : "");
        if (!brief)
            printf("    %s [%s]\n", v[i].formula, v[i].unit ? v[i].unit : "");
    }
out:
    for (size_t i = 0; i < n; i++)
        store_layer_cleanup(&v[i]);
    free(v);
    store_close(st);
    return rc;
}
