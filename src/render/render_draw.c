/* render_draw.c - the drawing routine: class fills, outlines, selection, bureau numbers
 * (render layer). Fills are batched per class (one cairo_fill per colour, non-zero winding on
 * oriented rings), which is both faster and free of anti-aliasing seams between neighbours. */
#include "render_draw.h"

#include "render_int.h"

#include "cm_buf.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

/* cairo's 24.8 fixed point overflows near 8e6 units: keep far-away vertices well inside. */
#define FAR 1e6
/* Bureau number text size, CSS pixels. */
#define LABEL_PX 11.0

/* Map from EPSG:3857 to user units. */
struct xform {
    double minx, maxy, sx, sy;
    double grid; /* round to 1/grid user units; 0: keep full precision */
};

/* A PDF writes every coordinate as decimal text and deflates it: numbers on a 1/8 grid print
 * in at most 3 decimals and repeat, which made the national A3 map's file and time smaller. */
static double clampd(double v);

static double
snap(double v, const struct xform *t)
{
    v = clampd(v);
    return t->grid > 0 ? round(v * t->grid) / t->grid : v;
}

struct render_view
render_view_tile(int z, long x, long y, int scale)
{
    struct render_view v = {0};

    v.bbox = render_tile_bbox(z, x, y);
    v.width = v.height = 256.0 * scale;
    v.px = scale;
    v.dots = 1.0;
    v.zoom = z;
    return v;
}

struct render_view
render_view_fit(const struct render_bbox *b, double width, double height, double px,
                double dots)
{
    double cx = (b->minx + b->maxx) / 2, cy = (b->miny + b->maxy) / 2;
    double m = fmax((b->maxx - b->minx) / width, (b->maxy - b->miny) / height);
    struct render_view v = {0};

    m = m > 0 ? m : render_resolution(RENDER_ZMAX); /* metres per user unit */
    v.bbox.minx = cx - m * width / 2;
    v.bbox.maxx = cx + m * width / 2;
    v.bbox.miny = cy - m * height / 2;
    v.bbox.maxy = cy + m * height / 2;
    v.width = width;
    v.height = height;
    v.px = px > 0 ? px : 1.0;
    v.dots = dots > 0 ? dots : 1.0;
    v.zoom = (int)floor(log2(render_resolution(0) / (m * v.px)) + 1e-9);
    v.zoom = v.zoom < 0 ? 0 : v.zoom > RENDER_ZMAX ? RENDER_ZMAX : v.zoom;
    return v;
}

static double
clampd(double v)
{
    return v < -FAR ? -FAR : v > FAR ? FAR : v;
}

static void
path_area(cairo_t *cr, const struct geoms_level *l, uint32_t a, const struct xform *t)
{
    for (uint32_t r = l->area_ring0[a]; r < l->area_ring0[a + 1]; r++) {
        const double *xy = l->xy + 2 * (size_t)l->ring_pt0[r];
        size_t n = l->ring_pt0[r + 1] - l->ring_pt0[r];

        cairo_move_to(cr, snap((xy[0] - t->minx) * t->sx, t), snap((t->maxy - xy[1]) * t->sy, t));
        for (size_t i = 1; i + 1 < n; i++) /* the last point repeats the first */
            cairo_line_to(cr, snap((xy[2 * i] - t->minx) * t->sx, t),
                          snap((t->maxy - xy[2 * i + 1]) * t->sy, t));
        cairo_close_path(cr);
    }
}

static void
set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

/* Simplification level: the zoom whose half-pixel tolerance is below half a device dot. */
static int
view_level(const struct render_view *v)
{
    double dots = v->dots > 0 ? v->dots : 1.0;
    double m_per_dot = (v->bbox.maxx - v->bbox.minx) / v->width / dots;
    /* a vector page strokes every outline, about 1.5 printer dots wide: snapping vertices to a
     * grid of one dot (not half a dot) moves no edge further than the stroke covers */
    if (v->vector)
        m_per_dot *= 2;
    int z = (int)ceil(log2(render_resolution(0) / m_per_dot) - 1e-9);

    return z < 0 ? 0 : z > RENDER_ZMAX ? RENDER_ZMAX : z;
}

/* One fill per class: order the areas by class (stable), then path and fill each run.
 * The most common class is painted first under all areas in one path: anti-aliased edges of
 * separate fills only add up to partial alpha (0.5 over 0.5 = 0.75), which shows as pale
 * seams between neighbours and as speckles where bureaux are smaller than a pixel; one
 * fill of the union covers those pixels fully, and its class needs no fill of its own. */
static void
draw_fills(cairo_t *cr, const struct geoms_level *l, const struct render_style *s,
           const double *values, const uint32_t *ids, size_t n, const struct xform *t,
           int underlay, double stroke)
{
    int nb = s->n_classes + 1, top = 0; /* bucket 0 = no data */
    size_t start[RENDER_MAX_CLASSES + 2] = {0};
    uint32_t *order = cm_xcalloc(n, sizeof *order);
    unsigned char *cls = cm_xcalloc(n, 1);

    for (size_t i = 0; i < n; i++) {
        cls[i] = (unsigned char)(render_style_class(s, values ? values[ids[i]] : NAN) + 1);
        start[cls[i] + 1]++;
    }
    for (int b = 1; b < nb; b++)
        if (start[b + 1] > start[top + 1])
            top = b;
    if (underlay) {
        cairo_new_path(cr);
        for (size_t i = 0; i < n; i++)
            path_area(cr, l, ids[i], t);
        set_rgb(cr, top == 0 ? s->nodata : s->fill[top - 1]);
        cairo_fill(cr);
    } else {
        top = -1;
    }
    for (int b = 0; b < nb; b++)
        start[b + 1] += start[b];
    for (size_t i = 0; i < n; i++)
        order[start[cls[i]]++] = ids[i];
    for (size_t b = 0, from = 0; b < (size_t)nb; from = start[b++]) {
        /* after the ordering pass, start[b] is the end of bucket b */
        if (start[b] == from || (int)b == top)
            continue;
        cairo_new_path(cr);
        for (size_t i = from; i < start[b]; i++)
            path_area(cr, l, order[i], t);
        set_rgb(cr, b == 0 ? s->nodata : s->fill[b - 1]);
        if (stroke > 0) {
            /* fill then stroke of one path: the PDF writer emits the path once ("B") */
            cairo_fill_preserve(cr);
            set_rgb(cr, s->outline);
            cairo_set_line_width(cr, stroke);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
    }
    free(order);
    free(cls);
}

static void
draw_outlines(cairo_t *cr, const struct geoms_level *l, const uint32_t *ids, size_t n,
              const struct xform *t, uint32_t rgb, double width)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < n; i++)
        path_area(cr, l, ids[i], t);
    set_rgb(cr, rgb);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

/* Areas whose results are not entered yet: diagonal lines over their fill, clipped to the
 * union of those areas, every HATCH_PX CSS pixels in map space so tiles join seamlessly. */
#define HATCH_PX 6.0
static void
draw_hatch(cairo_t *cr, const struct geoms_level *l, const struct render_style *s,
           const uint32_t *ids, size_t n, const struct xform *t, double px, double w, double h)
{
    double step = HATCH_PX * px, x0;
    size_t k = 0;

    cairo_new_path(cr);
    for (size_t i = 0; i < n; i++) {
        if (s->hatch[ids[i]]) {
            path_area(cr, l, ids[i], t);
            k++;
        }
    }
    if (k == 0) {
        cairo_new_path(cr);
        return;
    }
    cairo_save(cr);
    cairo_clip(cr);
    /* lines x - y = c, c on a grid anchored at the world origin: neighbour tiles line up */
    x0 = fmod(t->minx * t->sx + t->maxy * t->sy, step);
    cairo_new_path(cr);
    for (double c = -x0 - step * ceil((h + step) / step); c < w + step; c += step) {
        cairo_move_to(cr, c, 0);
        cairo_line_to(cr, c + h, h);
    }
    set_rgb(cr, 0x555555);
    cairo_set_line_width(cr, 1.0 * px);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Bureau numbers centred on each area's label point, with a white halo; skipped where the
 * area is narrower than its text, which keeps neighbours' numbers from overlapping. */
static void
draw_labels(cairo_t *cr, const struct render_geoms *g, const uint32_t *ids, size_t n,
            const struct xform *t, double px)
{
    PangoLayout *layout = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Bold");

    pango_font_description_set_absolute_size(fd, LABEL_PX * px * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0; i < n; i++) {
        const struct render_bbox *b = &g->bbox[ids[i]];
        const char *code = g->codes[ids[i]];
        PangoRectangle ink, logical;
        double x, y;

        if (strlen(code) != 10)
            continue;
        pango_layout_set_text(layout, code + 6, 4);
        pango_layout_get_pixel_extents(layout, &ink, &logical);
        if ((b->maxx - b->minx) * t->sx < logical.width
            || (b->maxy - b->miny) * t->sy < logical.height)
            continue;
        x = (g->label_xy[2 * ids[i]] - t->minx) * t->sx - logical.width / 2.0;
        y = (t->maxy - g->label_xy[2 * ids[i] + 1]) * t->sy - logical.height / 2.0;
        cairo_new_path(cr);
        cairo_move_to(cr, x, y);
        pango_cairo_layout_path(cr, layout);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 2.5 * px);
        cairo_stroke_preserve(cr);
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
        cairo_fill(cr);
    }
    pango_font_description_free(fd);
    g_object_unref(layout);
}

int
render_draw(cairo_t *cr, const struct render_geoms *g, const struct render_style *s,
            const double *values, const struct render_view *v, size_t *n_drawn,
            struct cm_err *err)
{
    const struct geoms_level *l = render_geoms_level(g, view_level(v));
    int labels = v->zoom >= s->label_minzoom;
    /* areas just outside still reach in: half a stroke, a snapped vertex, or a number */
    double stroke = fmax(s->outline_px, s->selected[0] ? s->selected_px : 0.0);
    double margin_px = labels ? 48.0 : 1.0 + stroke / 2.0;
    struct xform t;
    struct render_bbox q;
    uint32_t *ids = NULL;
    size_t n;
    long sel;
    cairo_status_t cs;

    t.minx = v->bbox.minx;
    t.maxy = v->bbox.maxy;
    t.sx = v->width / (v->bbox.maxx - v->bbox.minx);
    t.sy = v->height / (v->bbox.maxy - v->bbox.miny);
    t.grid = v->vector ? 8.0 : 0.0;
    q.minx = v->bbox.minx - margin_px * v->px / t.sx;
    q.maxx = v->bbox.maxx + margin_px * v->px / t.sx;
    q.miny = v->bbox.miny - margin_px * v->px / t.sy;
    q.maxy = v->bbox.maxy + margin_px * v->px / t.sy;
    n = render_geoms_query(g, &q, &ids);
    if (n_drawn)
        *n_drawn = n;
    cairo_save(cr);
    /* 4x4 supersampling: twice as fast as the default 256-level rasteriser on these tiles
     * (measured), 17 coverage levels are plenty for flat fills; vector surfaces ignore it */
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    if (n > 0) {
        int outlines = v->zoom >= s->outline_minzoom;
        int merged = v->vector && outlines; /* vector: outlines go with each class's fill */
        /* on a vector page the outlines cover the seams the underlay is there to hide */
        draw_fills(cr, l, s, values, ids, n, &t, !merged,
                   merged ? s->outline_px * v->px : 0.0);
        if (s->hatch)
            draw_hatch(cr, l, s, ids, n, &t, v->px, v->width, v->height);
        if (outlines && !merged)
            draw_outlines(cr, l, ids, n, &t, s->outline, s->outline_px * v->px);
        sel = s->selected[0] ? render_geoms_find(g, s->selected) : -1;
        if (sel >= 0 && render_bbox_intersects(&g->bbox[sel], &q)) {
            uint32_t one = (uint32_t)sel;
            draw_outlines(cr, l, &one, 1, &t, s->selected_rgb, s->selected_px * v->px);
        }
        if (labels)
            draw_labels(cr, g, ids, n, &t, v->px);
    }
    cairo_restore(cr);
    free(ids);
    cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return cm_err_set(err, CM_ERENDER, "draw: %s", cairo_status_to_string(cs));
    return CM_OK;
}
