/* map_print.c - a printed map of a layer over an area (map stage). */
#include "map_print.h"

#include "calc.h"
#include "map_names.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int
map_print_check(const struct map_print_opts *o, struct cm_err *err)
{
    double w, h;

    if (o->layer == NULL || o->layer[0] == '\0')
        return cm_err_set(err, CM_EUSAGE, "print: a layer is needed");
    if (o->area == NULL || o->area[0] == '\0')
        return cm_err_set(err, CM_EUSAGE, "print: an area is needed (a commune such as 75056,"
                                          " an arrondissement 75120, a constituency 75-01, a"
                                          " département 75, or all)");
    return render_pdf_paper(o->paper ? o->paper : "A4", o->landscape, &w, &h, err);
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
compose(const struct render_geoms *g, const struct map_layer *ml, const struct map_print_opts *o,
        const struct calc_rank *r, struct cm_buf *out, struct render_pdf_frame *frame,
        struct cm_err *err)
{
    size_t n = render_geoms_count(g);
    struct render_pdf p = {0};
    struct render_pdf_row *rows = cm_xcalloc(r->n ? r->n : 1, sizeof *rows);
    double *values = cm_xcalloc(n ? n : 1, sizeof *values);
    unsigned char *in_area = cm_xcalloc(n ? n : 1, 1);
    char date[16], title[256];
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    area_values(g, r, ml->values, values, in_area);
    for (size_t k = 0; k < r->n; k++) {
        const struct calc_rank_row *s = &r->rows[k];
        rows[k] = (struct render_pdf_row){s->code, s->label, map_category_label(s->category),
                                          s->score, s->registered, s->voters, s->doors};
    }
    strftime(date, sizeof date, "%Y-%m-%d", localtime_r(&now, &tm));
    map_layer_title(ml->layer->name, ml->layer->title, title, sizeof title);
    p.title = title, p.area = strcmp(o->area, "all") == 0 ? "toutes zones" : o->area;
    p.refs = ml->layer->refs, p.formula = ml->layer->formula, p.years = ml->layer->years;
    p.sources = MAP_SOURCES, p.date = date, p.score_name = "Score";
    p.geoms = g, p.style = &ml->style, p.values = values, p.in_area = in_area;
    p.rows = rows, p.n_rows = r->n, p.sheets = o->sheets, p.map_only = o->map_only;
    rc = render_pdf_paper(o->paper ? o->paper : "A4", o->landscape, &p.page_w, &p.page_h, err);
    if (rc == CM_OK)
        rc = render_pdf_buf(&p, out, frame, err);
    free(rows), free(values), free(in_area);
    return rc;
}

int
map_print_pdf(struct store *st, const struct render_geoms *g, const struct map_layer *ml,
              const struct map_print_opts *o, struct cm_buf *out, struct render_pdf_frame *frame,
              struct cm_err *err)
{
    struct calc_rank r = {0};
    int rc;

    if ((rc = map_print_check(o, err)) != CM_OK)
        return rc;
    rc = (o->map_only ? calc_rank_scores : calc_rank_build)(
        st, o->layer, strcmp(o->area, "all") == 0 ? NULL : o->area, o->limit, &r, err);
    if (rc == CM_OK && r.n == 0)
        rc = cm_err_set(err, CM_ENOTFOUND,
                        "area '%s' has no bureau in layer %s (give a commune such as 75056, an"
                        " arrondissement 75120, a constituency 75-01, a département 75, or all)",
                        o->area, o->layer);
    if (rc == CM_OK && o->sheets && o->max_sheets > 0 && (long)r.n > o->max_sheets)
        rc = cm_err_set(err, CM_EINPUT,
                        "%zu bureaux in %s: sheets are printed for at most %ld at a time (choose a"
                        " smaller area)", r.n, o->area, o->max_sheets);
    if (rc == CM_OK)
        rc = compose(g, ml, o, &r, out, frame, err);
    calc_rank_cleanup(&r);
    return rc;
}
