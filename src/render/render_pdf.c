/* render_pdf.c - printed maps on a cairo PDF surface (render layer): page 1 the map with its
 * legend, scale and sources, then the ranked table, then optional per-bureau sheets.
 * Text goes through pango so accented French prints and the font is embedded. */
#include "render_pdf.h"

#include "render_draw.h"
#include "render_tile.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PDF_MARGIN 28.0           /* 1 cm */
#define PDF_DOTS (300.0 / 72.0)   /* printer dots per point: finer detail is not drawn */
#define PDF_PX 0.6                /* points per "CSS pixel" of the tile style (line widths) */
#define PDF_FONT "DejaVu Sans"
#define PDF_A4_W 595.28
#define PDF_A4_H 841.89

struct pdf {
    cairo_t *cr;
    const struct render_pdf *p;
    double w, h; /* current page size, points */
    double fs;   /* font scale: 1 on A4 portrait */
};

struct box {
    double x, y, w, h;
};

int
render_pdf_paper(const char *name, int landscape, double *w, double *h, struct cm_err *err)
{
    double a = PDF_A4_W, b = PDF_A4_H;

    if (strcasecmp(name, "A3") == 0)
        a = PDF_A4_H, b = PDF_A4_W * 2;
    else if (strcasecmp(name, "A4") != 0)
        return cm_err_set(err, CM_EUSAGE, "paper '%s' is not A4 or A3", name);
    *w = landscape ? b : a;
    *h = landscape ? a : b;
    return CM_OK;
}

static void
set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

/* A pango layout of text in the font at size points, wrapped at width (<= 0: no wrap). */
static PangoLayout *
layout_new(cairo_t *cr, double size, int bold, double width, const char *text)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(PDF_FONT);

    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

/* Draw text with its top-left at x, y (align: 0 left, 1 right edge at x + width, 2 centred
 * on x); returns the height used. */
static double
text_at(cairo_t *cr, double x, double y, double size, int bold, double width, int align,
        const char *text)
{
    PangoLayout *l = layout_new(cr, size, bold, align ? -1 : width, text);
    int tw, th;

    pango_layout_get_size(l, &tw, &th);
    if (align == 1)
        x += width - (double)tw / PANGO_SCALE;
    else if (align == 2)
        x -= (double)tw / PANGO_SCALE / 2;
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return (double)th / PANGO_SCALE;
}

/* Height text would take, wrapped at width. */
static double
text_height(cairo_t *cr, double size, int bold, double width, const char *text)
{
    PangoLayout *l = layout_new(cr, size, bold, width, text);
    int th;

    pango_layout_get_size(l, NULL, &th);
    g_object_unref(l);
    return (double)th / PANGO_SCALE;
}

/* A value in the style's legend units ("12.3 %", "245"); "" for no data. */
static void
fmt_value(const struct render_style *s, double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "–");
    else
        snprintf(buf, n, "%.*f%s", s->label_decimals, v * s->label_mult, s->label_unit);
}

static void
fmt_count(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "–");
    else
        snprintf(buf, n, "%.0f", v);
}

/* The 3857 box of the in-area bureaux (or of the one bureau `only`), grown by `grow`. */
static int
area_extent(const struct render_pdf *p, long only, double grow, struct render_bbox *b)
{
    size_t n = render_geoms_count(p->geoms);
    int any = 0;

    for (size_t i = 0; i < n; i++) {
        if (only >= 0 ? (long)i != only : !(p->in_area && p->in_area[i]))
            continue;
        struct render_bbox a = render_geoms_area_bbox(p->geoms, i);
        if (!any)
            *b = a, any = 1;
        b->minx = fmin(b->minx, a.minx), b->miny = fmin(b->miny, a.miny);
        b->maxx = fmax(b->maxx, a.maxx), b->maxy = fmax(b->maxy, a.maxy);
    }
    if (any) {
        double dx = (b->maxx - b->minx) * grow / 2 + 1, dy = (b->maxy - b->miny) * grow / 2 + 1;
        b->minx -= dx, b->maxx += dx, b->miny -= dy, b->maxy += dy;
    }
    return any;
}

/* Page position of a 3857 point in a map box showing b. */
static void
to_page(const struct render_bbox *b, const struct box *bx, double x, double y, double *px,
        double *py)
{
    *px = bx->x + (x - b->minx) / (b->maxx - b->minx) * bx->w;
    *py = bx->y + (b->maxy - y) / (b->maxy - b->miny) * bx->h;
}

static int
overlaps(const struct box *placed, size_t n, const struct box *r)
{
    for (size_t i = 0; i < n; i++) {
        const struct box *q = &placed[i];
        if (r->x < q->x + q->w && q->x < r->x + r->w && r->y < q->y + q->h && q->y < r->y + r->h)
            return 1;
    }
    return 0;
}

/* Is any bureau at least w points wide on the page? */
static int
label_fits(const struct render_geoms *g, const struct render_bbox *b, const struct box *bx,
           double w)
{
    double m = w / bx->w * (b->maxx - b->minx); /* w in 3857 metres */

    for (size_t i = 0, n = render_geoms_count(g); i < n; i++) {
        struct render_bbox a = render_geoms_area_bbox(g, i);
        if (a.maxx - a.minx >= m)
            return 1;
    }
    return 0;
}

/* Bureau numbers of the area, largest bureaux first, skipping any that would overlap one
 * already placed, stick out of the map, or not fit its bureau. */
static void
draw_labels(struct pdf *d, const struct render_bbox *b, const struct box *bx)
{
    const struct render_pdf *p = d->p;
    size_t n = render_geoms_count(p->geoms), np = 0, n_rows = p->n_rows;
    struct box *placed = calloc(n ? n : 1, sizeof *placed);
    double size = 6.5 * d->fs;

    if (placed == NULL)
        return;
    if (!label_fits(p->geoms, b, bx, 2 * size))
        n_rows = 0; /* no bureau is wide enough for a number: skip a lookup per row */
    for (size_t r = 0; r < n_rows; r++) {
        long i = render_geoms_find(p->geoms, p->rows[r].code);
        const char *num = strchr(p->rows[r].code, '_');
        double x, y, ax0, ay0, ax1, ay1;
        int tw, th;
        if (i < 0 || num == NULL)
            continue;
        for (num++; *num == '0' && num[1]; num++)
            ;
        struct render_bbox ab = render_geoms_area_bbox(p->geoms, (size_t)i);
        to_page(b, bx, ab.minx, ab.maxy, &ax0, &ay0);
        to_page(b, bx, ab.maxx, ab.miny, &ax1, &ay1);
        if (ax1 - ax0 < 2 * size)
            continue; /* too small on paper for any number: skip the text layout */
        render_geoms_label_point(p->geoms, (size_t)i, &x, &y);
        to_page(b, bx, x, y, &x, &y);
        PangoLayout *l = layout_new(d->cr, size, 0, -1, num);
        pango_layout_get_size(l, &tw, &th);
        struct box rect = {x - tw / 2.0 / PANGO_SCALE - 1, y - th / 2.0 / PANGO_SCALE,
                           (double)tw / PANGO_SCALE + 2, (double)th / PANGO_SCALE};
        if (rect.w * 0.6 < ax1 - ax0 && rect.x >= bx->x && rect.y >= bx->y
            && rect.x + rect.w <= bx->x + bx->w && rect.y + rect.h <= bx->y + bx->h
            && !overlaps(placed, np, &rect)) {
            placed[np++] = rect;
            cairo_move_to(d->cr, rect.x + 1, rect.y);
            pango_cairo_layout_path(d->cr, l);
            cairo_set_source_rgba(d->cr, 1, 1, 1, 0.85); /* halo keeps numbers readable */
            cairo_set_line_width(d->cr, 1.6 * d->fs);
            cairo_stroke(d->cr);
            cairo_move_to(d->cr, rect.x + 1, rect.y);
            cairo_set_source_rgb(d->cr, 0.1, 0.1, 0.1);
            pango_cairo_show_layout(d->cr, l);
        }
        g_object_unref(l);
    }
    free(placed);
}

/* A 1-2-5 length near a quarter of the map width, in alternating black and white. */
static void
draw_scale(struct pdf *d, const struct render_bbox *b, const struct box *bx)
{
    double lon, lat, m_per_pt, target, nice = 1, len;
    char txt[32];
    cairo_t *cr = d->cr;

    render_3857_to_lonlat((b->minx + b->maxx) / 2, (b->miny + b->maxy) / 2, &lon, &lat);
    m_per_pt = (b->maxx - b->minx) / bx->w * cos(lat * M_PI / 180.0);
    target = bx->w / 4 * m_per_pt;
    while (nice * 10 <= target)
        nice *= 10;
    nice = target >= 5 * nice ? 5 * nice : target >= 2 * nice ? 2 * nice : nice;
    len = nice / m_per_pt;
    if (nice >= 1000)
        snprintf(txt, sizeof txt, "%g km", nice / 1000);
    else
        snprintf(txt, sizeof txt, "%g m", nice);
    double x = bx->x + 10, y = bx->y + bx->h - 14 * d->fs, hh = 4 * d->fs;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_rectangle(cr, x - 4, y - 12 * d->fs, len + 8 + 40 * d->fs, hh + 16 * d->fs);
    cairo_fill(cr);
    for (int k = 0; k < 4; k++) {
        cairo_rectangle(cr, x + k * len / 4, y, len / 4, hh);
        cairo_set_source_rgb(cr, k % 2 ? 1 : 0, k % 2 ? 1 : 0, k % 2 ? 1 : 0);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    text_at(cr, x + len + 4, y - 3 * d->fs, 7 * d->fs, 0, 0, 0, txt);
    text_at(cr, x, y - 11 * d->fs, 7 * d->fs, 0, 0, 0, "0");
}

static void
draw_north(struct pdf *d, const struct box *bx)
{
    double s = 10 * d->fs, x = bx->x + bx->w - 2 * s, y = bx->y + 1.2 * s;
    cairo_t *cr = d->cr;

    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_arc(cr, x, y + s * 0.9, s * 1.5, 0, 2 * M_PI);
    cairo_fill(cr);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + s * 0.6, y + s * 1.6);
    cairo_line_to(cr, x, y + s * 1.2);
    cairo_line_to(cr, x - s * 0.6, y + s * 1.6);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    text_at(cr, x, y - 1.2 * s, 8 * d->fs, 1, 0, 2, "N");
}

/* The map of b in box bx: fills, outlines, optional selection; labels when wanted. */
static int
draw_map(struct pdf *d, const struct render_style *s, const double *values, struct render_bbox b,
         const struct box *bx, int labels, struct render_bbox *drawn, struct cm_err *err)
{
    struct render_view v = render_view_fit(&b, bx->w, bx->h, PDF_PX, PDF_DOTS);
    int rc;

    b = v.bbox;
    v.vector = 1;
    v.zoom = s->outline_minzoom; /* outlines on; bureau numbers are placed here instead */
    cairo_save(d->cr);
    cairo_rectangle(d->cr, bx->x, bx->y, bx->w, bx->h);
    cairo_clip(d->cr);
    cairo_translate(d->cr, bx->x, bx->y); /* bx is on the 1/8 pt grid: see page_map */
    rc = render_draw(d->cr, d->p->geoms, s, values, &v, NULL, err);
    cairo_restore(d->cr);
    if (rc != CM_OK)
        return rc;
    if (labels)
        draw_labels(d, &b, bx);
    draw_scale(d, &b, bx);
    draw_north(d, bx);
    cairo_rectangle(d->cr, bx->x, bx->y, bx->w, bx->h);
    cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(d->cr, 0.8);
    cairo_stroke(d->cr);
    if (drawn)
        *drawn = b;
    return CM_OK;
}

/* 1 when a bureau of the printed area is hatched (results not entered yet). */
static int
any_hatched(const struct render_pdf *p)
{
    size_t n = render_geoms_count(p->geoms);

    for (size_t i = 0; p->style->hatch && p->in_area && i < n; i++) {
        if (p->style->hatch[i] && p->in_area[i])
            return 1;
    }
    return 0;
}

/* The "not entered yet" swatch: the no-data fill under the tiles' diagonal lines. */
static void
hatch_swatch(struct pdf *d, double x, double y, double w, double h)
{
    cairo_save(d->cr);
    cairo_rectangle(d->cr, x, y, w, h);
    set_rgb(d->cr, d->p->style->nodata);
    cairo_fill_preserve(d->cr);
    cairo_clip(d->cr);
    for (double c = x - h; c < x + w; c += 3)
        cairo_move_to(d->cr, c, y), cairo_line_to(d->cr, c + h, y + h);
    set_rgb(d->cr, 0x555555);
    cairo_set_line_width(d->cr, 0.6);
    cairo_stroke(d->cr);
    cairo_restore(d->cr);
}

/* Colour swatches with their class labels, then no data, then "not entered yet" when the
 * area has such bureaux; returns the height used. */
static double
draw_legend(struct pdf *d, double x, double y, double w, int draw)
{
    const struct render_style *s = d->p->style;
    double colw = 165 * d->fs, rh = 13 * d->fs, sw = 14 * d->fs;
    int cols = (int)(w / colw), n = s->n_classes + 1 + any_hatched(d->p), rows;

    cols = cols < 1 ? 1 : cols;
    rows = (n + cols - 1) / cols;
    if (!draw)
        return 14 * d->fs + rows * rh;
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    text_at(d->cr, x, y, 8.5 * d->fs, 1, 0, 0, "Légende");
    y += 14 * d->fs;
    for (int k = 0; k < n; k++) {
        double cx = x + (k / rows) * colw, cy = y + (k % rows) * rh;
        int nodata = k == s->n_classes;
        if (k > s->n_classes) {
            hatch_swatch(d, cx, cy + 1, sw, rh - 4 * d->fs);
            cairo_set_source_rgb(d->cr, 0, 0, 0);
            text_at(d->cr, cx + sw + 5, cy, 7.5 * d->fs, 0, colw - sw - 8, 0,
                    "Pas encore saisi (hachuré)");
            continue;
        }
        cairo_rectangle(d->cr, cx, cy + 1, sw, rh - 4 * d->fs);
        set_rgb(d->cr, nodata ? s->nodata : s->fill[k]);
        cairo_fill_preserve(d->cr);
        cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
        cairo_set_line_width(d->cr, 0.4);
        cairo_stroke(d->cr);
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        text_at(d->cr, cx + sw + 5, cy, 7.5 * d->fs, 0, colw - sw - 8, 0,
                nodata ? "Sans donnée ou hors zone" : s->labels[k]);
    }
    return 14 * d->fs + rows * rh;
}

/* Formula, references and sources at the foot of a page; returns the height it takes. */
static double
draw_footer(struct pdf *d, int page, int draw)
{
    const struct render_pdf *p = d->p;
    char line1[1024], line2[512], num[32];
    double w = d->w - 2 * PDF_MARGIN, size = 7 * d->fs, h1, h2, y;

    snprintf(line1, sizeof line1, "Formule : %s", p->formula ? p->formula : "");
    snprintf(line2, sizeof line2, "%s · références : %s · données %s · imprimé le %s · coopmap",
             p->sources, p->refs ? p->refs : "", p->years ? p->years : "", p->date);
    h1 = text_height(d->cr, size, 0, w, line1);
    h2 = text_height(d->cr, size, 0, w - 40, line2);
    if (!draw)
        return h1 + h2 + 6;
    y = d->h - PDF_MARGIN - h1 - h2;
    cairo_set_source_rgb(d->cr, 0.25, 0.25, 0.25);
    text_at(d->cr, PDF_MARGIN, y, size, 0, w, 0, line1);
    text_at(d->cr, PDF_MARGIN, y + h1 + 2, size, 0, w - 40, 0, line2);
    snprintf(num, sizeof num, "%d", page);
    text_at(d->cr, PDF_MARGIN, y + h1 + 2, size, 0, w, 1, num);
    return h1 + h2 + 6;
}

/* Title and subtitle at the top; returns the y where the page body starts. */
static double
draw_title(struct pdf *d, const char *title, const char *sub)
{
    double y = PDF_MARGIN, w = d->w - 2 * PDF_MARGIN;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    y += text_at(d->cr, PDF_MARGIN, y, 15 * d->fs, 1, w, 0, title) + 2;
    cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
    y += text_at(d->cr, PDF_MARGIN, y, 9 * d->fs, 0, w, 0, sub);
    return y + 8 * d->fs;
}

static int
page_map(struct pdf *d, struct render_pdf_frame *frame, struct cm_err *err)
{
    const struct render_pdf *p = d->p;
    char title[512], sub[512];
    double w = d->w - 2 * PDF_MARGIN, top, foot, leg;
    struct render_bbox b, drawn;
    int rc;

    snprintf(title, sizeof title, "%s — %s", p->title, p->area);
    snprintf(sub, sizeof sub, "Référence : %s · données %s · %zu bureaux", p->refs ? p->refs : "",
             p->years ? p->years : "", p->n_rows);
    top = draw_title(d, title, sub);
    foot = draw_footer(d, 1, 1);
    leg = draw_legend(d, 0, 0, w, 0);
    top = ceil(top * 8) / 8;
    struct box bx = {PDF_MARGIN, top, w, d->h - PDF_MARGIN - foot - leg - 10 * d->fs - top};
    if (!area_extent(p, -1, 0.06, &b))
        return cm_err_set(err, CM_EINPUT, "nothing to print: no bureau of %s has an outline",
                          p->area);
    if ((rc = draw_map(d, p->style, p->values, b, &bx, 1, &drawn, err)) != CM_OK)
        return rc;
    draw_legend(d, PDF_MARGIN, bx.y + bx.h + 6 * d->fs, w, 1);
    if (frame) {
        frame->minx = drawn.minx, frame->miny = drawn.miny;
        frame->maxx = drawn.maxx, frame->maxy = drawn.maxy;
        frame->x = bx.x, frame->y = bx.y, frame->w = bx.w, frame->h = bx.h;
    }
    return CM_OK;
}

/* Ranked table columns: header, share of the width, right-aligned. */
static const struct col {
    const char *name;
    double share;
    int right;
} cols[] = {
    {"Rang", 0.06, 1},     {"Bureau", 0.13, 0},             {"Libellé", 0.19, 0},
    {"Inscrits", 0.09, 1}, {"Électeurs attendus", 0.17, 1}, {"Portes", 0.08, 1},
    {"Score", 0.12, 1},    {"Catégorie", 0.16, 0},
};
#define N_COLS (sizeof cols / sizeof cols[0])

/* One cell, ellipsized to its column. */
static void
cell(cairo_t *cr, double x, double y, double w, double size, int bold, int right, const char *t)
{
    PangoLayout *l = layout_new(cr, size, bold, w - 4, t);
    int tw;

    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
    pango_layout_set_height(l, -1); /* one line */
    pango_layout_get_size(l, &tw, NULL);
    cairo_move_to(cr, right ? x + w - 2 - (double)tw / PANGO_SCALE : x + 2, y);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
}

static void
table_row(struct pdf *d, double y, double rh, const char *const *texts, int header)
{
    double x = PDF_MARGIN, w = d->w - 2 * PDF_MARGIN;

    if (header) {
        cairo_rectangle(d->cr, x, y, w, rh);
        cairo_set_source_rgb(d->cr, 0.88, 0.88, 0.88);
        cairo_fill(d->cr);
    }
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    for (size_t c = 0; c < N_COLS; c++) {
        cell(d->cr, x, y + 2 * d->fs, w * cols[c].share, 7.5 * d->fs, header, cols[c].right,
             texts[c]);
        x += w * cols[c].share;
    }
    cairo_move_to(d->cr, PDF_MARGIN, y + rh);
    cairo_line_to(d->cr, PDF_MARGIN + w, y + rh);
    cairo_set_source_rgb(d->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(d->cr, 0.4);
    cairo_stroke(d->cr);
}

/* The ranked table over as many pages as it needs, header repeated on each. */
static int
pages_table(struct pdf *d, int *page)
{
    const struct render_pdf *p = d->p;
    double rh = 13 * d->fs, top = 0, bottom = 0;
    char title[512], sub[512], rank[24], reg[32], vot[32], doors[32], score[32];
    const char *head[N_COLS];

    for (size_t c = 0; c < N_COLS; c++)
        head[c] = c == 6 && p->score_name ? p->score_name : cols[c].name;
    for (size_t r = 0; r < p->n_rows; r++) {
        const struct render_pdf_row *row = &p->rows[r];
        if (r == 0 || top + rh > bottom) {
            cairo_show_page(d->cr);
            ++*page;
            snprintf(title, sizeof title, "Bureaux à cibler — %s — %s", p->title, p->area);
            snprintf(sub, sizeof sub, "Classement par score décroissant · à partir du rang %zu sur %zu",
                     r + 1, p->n_rows);
            top = draw_title(d, title, sub);
            bottom = d->h - PDF_MARGIN - draw_footer(d, *page, 1) - 4;
            table_row(d, top, rh, head, 1);
            top += rh;
        }
        snprintf(rank, sizeof rank, "%zu", r + 1);
        fmt_count(row->registered, reg, sizeof reg);
        fmt_count(row->voters, vot, sizeof vot);
        fmt_count(row->doors, doors, sizeof doors);
        fmt_value(p->style, row->score, score, sizeof score);
        const char *t[N_COLS] = {rank, row->code, row->label ? row->label : "", reg, vot, doors,
                                 score, row->category ? row->category : ""};
        table_row(d, top, rh, t, 0);
        top += rh;
    }
    return CM_OK;
}

/* Key figures of a sheet: label on the left, value on the right. */
static double
sheet_figures(struct pdf *d, double y, const struct render_pdf_row *row)
{
    char reg[32], vot[32], doors[32], score[32];
    const char *names[] = {"Inscrits", "Électeurs attendus", "Portes à frapper",
                           d->p->score_name ? d->p->score_name : "Score", "Catégorie"};
    double w = (d->w - 2 * PDF_MARGIN) / 2, rh = 15 * d->fs;

    fmt_count(row->registered, reg, sizeof reg);
    fmt_count(row->voters, vot, sizeof vot);
    fmt_count(row->doors, doors, sizeof doors);
    fmt_value(d->p->style, row->score, score, sizeof score);
    const char *vals[] = {reg, vot, doors, score, row->category ? row->category : "–"};
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    for (int i = 0; i < 5; i++) {
        text_at(d->cr, PDF_MARGIN, y + i * rh, 10 * d->fs, 0, w, 0, names[i]);
        text_at(d->cr, PDF_MARGIN + w * 0.6, y + i * rh, 10 * d->fs, 1, w * 0.4, 1, vals[i]);
    }
    return 5 * rh;
}

/* Empty boxes the canvassers fill in on the street. */
static void
sheet_tally(struct pdf *d, double y, double h)
{
    static const char *const lines[] = {"Date", "Équipe", "Portes frappées",
                                        "Personnes rencontrées", "Remarques"};
    double x = PDF_MARGIN, w = d->w - 2 * PDF_MARGIN, rh;

    cairo_set_source_rgb(d->cr, 0, 0, 0);
    y += text_at(d->cr, x, y, 10 * d->fs, 1, w, 0, "Relevé de terrain") + 4;
    h -= 20 * d->fs;
    rh = h / 6;
    cairo_set_line_width(d->cr, 0.6);
    for (int i = 0; i < 5; i++) {
        double ry = y + i * rh, bh = i == 4 ? 2 * rh : rh;
        cairo_rectangle(d->cr, x, ry, w, bh);
        cairo_move_to(d->cr, x + w * 0.3, ry);
        cairo_line_to(d->cr, x + w * 0.3, ry + bh);
        cairo_stroke(d->cr);
        text_at(d->cr, x + 4, ry + 4, 9 * d->fs, 0, w * 0.3 - 8, 0, lines[i]);
    }
}

/* One A4 page per ranked bureau: outline large with neighbours, figures, tally box. */
static int
pages_sheets(struct pdf *d, cairo_surface_t *surf, int *page, struct cm_err *err)
{
    const struct render_pdf *p = d->p;
    struct render_style sel = *p->style;
    size_t n = render_geoms_count(p->geoms);
    double *one = malloc((n ? n : 1) * sizeof *one); /* only the sheet's bureau is coloured */
    char title[256], sub[512];
    int rc = CM_OK;

    if (one == NULL)
        return cm_err_set(err, CM_ENOMEM, "sheets: out of memory");
    for (size_t k = 0; k < n; k++)
        one[k] = NAN;
    sel.selected_px *= 2;

    d->w = PDF_A4_W, d->h = PDF_A4_H, d->fs = 1;
    for (size_t r = 0; r < p->n_rows; r++) {
        const struct render_pdf_row *row = &p->rows[r];
        long i = render_geoms_find(p->geoms, row->code);
        struct render_bbox b;
        cairo_show_page(d->cr);
        cairo_pdf_surface_set_size(surf, d->w, d->h);
        ++*page;
        snprintf(title, sizeof title, "Bureau %s%s%s", row->code, row->label ? " — " : "",
                 row->label ? row->label : "");
        snprintf(sub, sizeof sub, "Rang %zu sur %zu · %s · %s", r + 1, p->n_rows, p->title,
                 p->area);
        double top = draw_title(d, title, sub), foot = draw_footer(d, *page, 1);
        double mh = (d->h - top - foot - PDF_MARGIN) * 0.52;
        struct box bx = {PDF_MARGIN, ceil(top * 8) / 8, d->w - 2 * PDF_MARGIN, mh};
        render_style_select(&sel, row->code);
        if (i >= 0)
            one[i] = p->values[i];
        if (i >= 0 && area_extent(p, i, 1.2, &b)
            && (rc = draw_map(d, &sel, one, b, &bx, 0, NULL, err)) != CM_OK)
            break;
        if (i >= 0)
            one[i] = NAN;
        top += mh + 10 * d->fs;
        top += sheet_figures(d, top, row) + 8 * d->fs;
        sheet_tally(d, top, d->h - PDF_MARGIN - foot - top - 4);
    }
    free(one);
    return rc;
}

static cairo_status_t
buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    cm_buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int
render_pdf_buf(const struct render_pdf *p, struct cm_buf *out, struct render_pdf_frame *frame,
               struct cm_err *err)
{
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(buf_write, out, p->page_w,
                                                                p->page_h);
    cairo_t *cr = cairo_create(surf);
    struct pdf d = {cr, p, p->page_w, p->page_h, fmin(p->page_w, p->page_h) / PDF_A4_W};
    cairo_status_t cs;
    int rc, page = 1;

    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, p->title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "coopmap");
    if ((rc = page_map(&d, frame, err)) == CM_OK && !p->map_only
        && (rc = pages_table(&d, &page)) == CM_OK && p->sheets)
        rc = pages_sheets(&d, surf, &page, err);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cs = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (rc == CM_OK && cs != CAIRO_STATUS_SUCCESS)
        rc = cm_err_set(err, CM_ERENDER, "pdf: %s", cairo_status_to_string(cs));
    if (frame)
        frame->pages = page;
    return rc;
}
