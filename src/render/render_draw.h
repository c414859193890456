/* render_draw.h - the one drawing routine, shared by PNG tiles and PDF pages (render layer).
 * It draws into any cairo context: an image surface for tiles, a PDF surface for print. */
#ifndef RENDER_DRAW_H
#define RENDER_DRAW_H

#include "cm_err.h"
#include "render_geoms.h"
#include "render_style.h"

#include <cairo.h>

/* What to show and where: bbox (EPSG:3857) is mapped onto the rectangle (0,0)-(width,height)
 * of the context's current user space (north up); translate/clip the context first to place
 * the map on a page. */
struct render_view {
    struct render_bbox bbox;
    double width, height; /* user units covered by the map */
    double px;            /* user units per CSS pixel: line widths and text (1, or 2 for @2x) */
    double dots;          /* device dots per user unit for simplification (0: 1 = tiles) */
    int zoom;             /* style zoom: outlines from style->outline_minzoom, labels from ... */
    int vector;           /* 1 for PDF pages: coordinates rounded to 1/8 unit (short, exact
                           * numbers in the file), no underlay fill where outlines hide seams */
};

/* A 256 px (scale 1) or 512 px (scale 2) view of XYZ tile z/x/y. */
struct render_view render_view_tile(int z, long x, long y, int scale);
/* A view of at least b in a width x height rectangle (b grown to its aspect ratio, centred,
 * north up, one scale), for pages: px user units per CSS pixel (PDF points: 0.75), dots
 * device dots per user unit (300 dpi in points: 300 / 72.0); zoom follows the scale. */
struct render_view render_view_fit(const struct render_bbox *b, double width, double height,
                                   double px, double dots);

/* Draw areas of g meeting the view: fills by class of values[i] (aligned with g's areas, NaN
 * = no data), outlines, the selected area, bureau numbers. values may be NULL (all no data).
 * *n_drawn (may be NULL) = areas drawn. CM_ERENDER if the context is in error. */
int render_draw(cairo_t *cr, const struct render_geoms *g, const struct render_style *s,
                const double *values, const struct render_view *v, size_t *n_drawn,
                struct cm_err *err);

#endif
