/* cmd_rank.c - `coopmap rank --layer L` (table, csv, json, geojson on stdout) and
 * `coopmap export --layer L --format geojson|csv|gpkg --out FILE`. */
#include "cli.h"

#include "calc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *
s_or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static void
csv_str(const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void
csv_num(double v)
{
    if (!isnan(v))
        printf("%.17g", v);
}

static void
print_csv(const struct calc_rank *r)
{
    char score[160];

    calc_rank_score_field(r, score, sizeof score);
    printf("rank,code,label,commune,circo,%s,registered,expected_voters,doors,category\n", score);
    for (size_t i = 0; i < r->n; i++) {
        const struct calc_rank_row *w = &r->rows[i];
        printf("%zu,%s,", i + 1, w->code);
        csv_str(w->label), putchar(','), csv_str(w->commune), putchar(',');
        csv_str(w->circo), putchar(','), csv_num(w->score), putchar(',');
        csv_num(w->registered), putchar(','), csv_num(w->voters), putchar(',');
        csv_num(w->doors), putchar(','), csv_str(w->category), putchar('\n');
    }
}

static json_t *
jnum(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static int
print_json(const struct calc_rank *r, struct cm_err *err)
{
    const struct calc_layer *l = r->layer;
    json_t *rows = json_array(), *o;
    int rc;

    for (size_t i = 0; i < r->n; i++) {
        const struct calc_rank_row *w = &r->rows[i];
        json_array_append_new(rows, json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:o,s:o,s:o,s:o,s:s?}",
                                              "rank", (json_int_t)i + 1, "code", w->code,
                                              "label", w->label, "commune", w->commune,
                                              "circo", w->circo, "score", jnum(w->score),
                                              "registered", jnum(w->registered),
                                              "expected_voters", jnum(w->voters), "doors",
                                              jnum(w->doors), "category", w->category));
    }
    o = json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:I,s:o}", "layer", l->name, "title", l->title,
                  "formula", l->formula, "refs", l->refs, "years", l->years, "unit", l->unit,
                  "version", (json_int_t)l->version, "bureaux", rows);
    rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0
             ? CM_OK : cm_err_set(err, CM_EIO, "write JSON to stdout failed");
    putchar('\n');
    json_decref(o);
    return rc;
}

static void
fmt_num(char *buf, size_t n, double v, int decimals)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.*f", decimals, v);
}

static void
print_table(const struct calc_rank *r)
{
    const struct calc_layer *l = r->layer;
    char s[32], reg[32], vo[32], d[32];

    printf("%s: %s [%s]\n  %s\n  reference: %s; data %s; version %lld\n", l->name,
           s_or(l->title, ""), s_or(l->unit, ""), s_or(l->formula, ""), s_or(l->refs, "-"),
           s_or(l->years, "-"), (long long)l->version);
    printf("%5s  %-10s %-28.28s %12s %10s %9s %7s  %s\n", "rank", "bureau", "label", "score",
           "registered", "expected", "doors", "category");
    for (size_t i = 0; i < r->n; i++) {
        const struct calc_rank_row *w = &r->rows[i];
        fmt_num(s, sizeof s, w->score, 4);
        fmt_num(reg, sizeof reg, w->registered, 0);
        fmt_num(vo, sizeof vo, w->voters, 1);
        fmt_num(d, sizeof d, w->doors, 1);
        printf("%5zu  %-10s %-28.28s %12s %10s %9s %7s  %s\n", i + 1, w->code,
               s_or(w->label, ""), s, reg, vo, d, s_or(w->category, ""));
    }
}

int
cmd_rank(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap rank --layer L [--area CODE] [--limit N] [--format table|csv|json|geojson]";
    const char *layer = NULL, *area = NULL, *format = "table";
    long limit = 0;
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &layer, "L", "layer to rank by (coopmap layers lists them)"},
        {"area", CLI_STR, &area, "CODE",
         "commune 75056, arrondissement 75119, constituency 75-01 or departement 75"},
        {"limit", CLI_INT, &limit, "N", "first N bureaux only (default: all)"},
        {"format", CLI_STR, &format, "F", "table (default), csv, json or geojson"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct calc_rank r = {0};
    struct store *st = NULL;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0 || layer == NULL)
        return cm_err_set(err, CM_EUSAGE, "rank needs --layer L and no argument (see --help)");
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")
        && strcmp(format, "geojson"))
        return cm_err_set(err, CM_EUSAGE, "--format '%s': table, csv, json or geojson", format);
    if (limit < 0)
        return cm_err_set(err, CM_EUSAGE, "--limit must be >= 0");
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK
        || (rc = calc_rank_build(st, layer, area, limit, &r, err)) != CM_OK)
        goto out;
    if (strcmp(format, "csv") == 0)
        print_csv(&r);
    else if (strcmp(format, "json") == 0)
        rc = print_json(&r, err);
    else if (strcmp(format, "geojson") == 0)
        rc = calc_rank_write_ogr(st, &r, "GeoJSON", "/vsistdout/", err);
    else
        print_table(&r);
out:
    calc_rank_cleanup(&r);
    store_close(st);
    return rc;
}

int
cmd_export(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap export --layer L --format geojson|csv|gpkg --out FILE";
    const char *layer = NULL, *format = NULL, *path = NULL, *driver;
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &layer, "L", "layer to export (coopmap layers lists them)"},
        {"format", CLI_STR, &format, "F", "geojson, csv (WKT geometry) or gpkg"},
        {"out", CLI_STR, &path, "FILE", "output file (replaced)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct calc_rank r = {0};
    struct store *st = NULL;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0 || layer == NULL || format == NULL || path == NULL)
        return cm_err_set(err, CM_EUSAGE, "export needs --layer, --format and --out");
    if (strcmp(format, "geojson") == 0)
        driver = "GeoJSON";
    else if (strcmp(format, "csv") == 0)
        driver = "CSV";
    else if (strcmp(format, "gpkg") == 0)
        driver = "GPKG";
    else
        return cm_err_set(err, CM_EUSAGE, "--format '%s': geojson, csv or gpkg", format);
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) == CM_OK
        && (rc = calc_rank_build(st, layer, NULL, 0, &r, err)) == CM_OK
        && (rc = calc_rank_write_ogr(st, &r, driver, path, err)) == CM_OK)
        printf("%zu bureaux of layer %s (version %lld) written to %s\n", r.n, layer,
               (long long)r.layer->version, path);
    calc_rank_cleanup(&r);
    store_close(st);
    return rc;
}
