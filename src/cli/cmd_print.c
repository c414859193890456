/* cmd_print.c - `coopmap print`: a printable PDF of a layer over an area (cli layer: glue
 * between the ranking of calc, the layer join of map and the page composer of render). */
#include "cli.h"

#include "calc.h"
#include "cm_buf.h"
#include "map_layer.h"
#include "map_names.h"
#include "render_pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct print_opts {
    const char *layer, *area, *paper, *out, *frame_json;
    int landscape, sheets, map_only;
    long limit;
};

static int
frame_write(const char *path, const struct render_pdf_frame *f, struct cm_err *err)
{
    FILE *fp = fopen(path, "w");
    int bad;

    if (fp == NULL)
        return cm_err_set(err, CM_EIO, "%s: cannot write", path);
    fprintf(fp,
            "{\"minx\":%.3f,\"miny\":%.3f,\"maxx\":%.3f,\"maxy\":%.3f,"
            "\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,\"h\":%.3f,\"pages\":%d}\n",
            f->minx, f->miny, f->maxx, f->maxy, f->x, f->y, f->w, f->h, f->pages);
    bad = ferror(fp);
    return fclose(fp) != 0 || bad ? cm_err_set(err, CM_EIO, "%s: write failed", path) : CM_OK;
}

/* Values of the area's bureaux only: the others are drawn as context, without data. */
static void
area_values(const struct render_geoms *g, const struct calc_rank *r, const double *all,
            double *values, unsigned char *in_area)
{
    size_t n = render_geoms_count(g);

    for (size_t i = 0; i < n; i++)
        values[i] = NAN, in_area[i] = 0;
    for (size_t k = 0; k < r->n; k++) {
        long i = render_geoms_find(g, r->rows[k].code);
        if (i >= 0)
            values[i] = all[i], in_area[i] = 1;
    }
}

static int
print_pdf(struct store *st, const struct print_opts *o, const struct calc_rank *r,
          struct cm_err *err)
{
    struct render_geoms *g = NULL;
    struct map_layer ml = {0};
    struct render_pdf p = {0};
    struct render_pdf_frame frame = {0};
    struct render_pdf_row *rows = cm_xcalloc(r->n, sizeof *rows);
    double *values = NULL;
    unsigned char *in_area = NULL;
    char date[16], title[256];
    time_t now = time(NULL);
    int rc;

    if ((rc = map_geoms_load(st, &g, err)) != CM_OK
        || (rc = map_layer_load(st, o->layer, g, &ml, err)) != CM_OK
        || (rc = render_pdf_paper(o->paper, o->landscape, &p.page_w, &p.page_h, err)) != CM_OK)
        goto out;
    values = cm_xcalloc(render_geoms_count(g), sizeof *values);
    in_area = cm_xcalloc(render_geoms_count(g), 1);
    area_values(g, r, ml.values, values, in_area);
    for (size_t k = 0; k < r->n; k++) {
        const struct calc_rank_row *s = &r->rows[k];
        rows[k] = (struct render_pdf_row){s->code, s->label, map_category_label(s->category),
                                          s->score, s->registered, s->voters, s->doors};
    }
    strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
    map_layer_title(ml.layer->name, ml.layer->title, title, sizeof title);
    p.title = title, p.area = o->area, p.refs = ml.layer->refs;
    p.formula = ml.layer->formula, p.years = ml.layer->years, p.sources = MAP_SOURCES;
    p.date = date, p.score_name = "Score", p.geoms = g, p.style = &ml.style;
    p.values = values, p.in_area = in_area, p.rows = rows, p.n_rows = r->n;
    p.sheets = o->sheets;
    p.map_only = o->map_only;
    if ((rc = render_pdf_write(&p, o->out, &frame, err)) != CM_OK)
        goto out;
    printf("%s: %d pages, %zu bureaux of %s, layer %s\n", o->out, frame.pages, r->n, o->area,
           o->layer);
    if (o->frame_json)
        rc = frame_write(o->frame_json, &frame, err);
out:
    free(rows), free(values), free(in_area);
    map_layer_cleanup(&ml);
    render_geoms_free(g);
    return rc;
}

int
cmd_print(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap print --layer L --area CODE [--paper A4|A3] [--landscape] [--sheets]"
        " [--out FILE.pdf]";
    struct print_opts o = {.paper = "A4"};
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &o.layer, "L", "layer to map (see coopmap layers)"},
        {"area", CLI_STR, &o.area, "CODE", "commune, arrondissement, constituency, département, or all"},
        {"paper", CLI_STR, &o.paper, "A4|A3", "paper size (default A4)"},
        {"landscape", CLI_BOOL, &o.landscape, NULL, "landscape instead of portrait"},
        {"sheets", CLI_BOOL, &o.sheets, NULL, "add one A4 sheet per bureau for canvassers"},
        {"map-only", CLI_BOOL, &o.map_only, NULL, "the map page alone, without the ranked table"},
        {"limit", CLI_INT, &o.limit, "N", "only the N best-ranked bureaux (default all)"},
        {"out", CLI_STR, &o.out, "FILE", "PDF to write (default LAYER-AREA.pdf)"},
        {"frame-json", CLI_STR, &o.frame_json, "FILE", "write where page 1's map is (for scripts)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct calc_rank r = {0};
    struct store *st = NULL;
    char defout[256];
    double w, h;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos || !o.layer || !o.area)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if ((rc = render_pdf_paper(o.paper, o.landscape, &w, &h, err)) != CM_OK)
        return rc;
    if (o.out == NULL) {
        snprintf(defout, sizeof defout, "%s-%s.pdf", o.layer, o.area);
        o.out = defout;
    }
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    rc = calc_rank_build(st, o.layer, strcmp(o.area, "all") == 0 ? NULL : o.area, o.limit, &r,
                         err);
    if (rc == CM_OK && r.n == 0)
        rc = cm_err_set(err, CM_ENOTFOUND,
                        "area '%s' has no bureau in layer %s (give a commune such as 75056, an"
                        " arrondissement 75120, a constituency 75-01 or a département 75)",
                        o.area, o.layer);
    if (rc == CM_OK)
        rc = print_pdf(st, &o, &r, err);
    calc_rank_cleanup(&r);
    store_close(st);
    return rc;
}
