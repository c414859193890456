/* render_style.h - choropleth style: class breaks, ColorBrewer ramps, outlines, labels and the
 * legend description (render layer: plain data, no cairo in this header).
 * A style is a plain value: copy it to change the selected code for one request. */
#ifndef RENDER_STYLE_H
#define RENDER_STYLE_H

#include "cm_buf.h"
#include "cm_err.h"

#include <stddef.h>
#include <stdint.h>

#define RENDER_MAX_CLASSES 9

/* ColorBrewer schemes marked colour-blind safe (colorbrewer2.org), 3..9 classes each. */
enum render_ramp {
    RENDER_RAMP_YLORRD, /* sequential: shares, potentials */
    RENDER_RAMP_YLGNBU, /* sequential: turnout, census */
    RENDER_RAMP_RDYLBU, /* diverging: ordered categories */
};

struct render_style {
    int n_classes;                             /* 0: nothing is classed, all no data */
    int categorical;                           /* value = category index 0..n_classes-1 */
    double breaks[RENDER_MAX_CLASSES + 1];     /* class k holds [breaks[k], breaks[k+1]) */
    uint32_t fill[RENDER_MAX_CLASSES];         /* 0xRRGGBB per class */
    char labels[RENDER_MAX_CLASSES][64];       /* legend text per class (UTF-8) */
    uint32_t nodata;                           /* fill of areas without a value */
    const unsigned char *hatch;                /* borrowed, aligned with the geometry's areas:
                                                * 1 = drawn hatched (results not entered yet);
                                                * NULL: none */
    uint32_t outline;                          /* bureau outlines, from outline_minzoom */
    double outline_px;                         /* in CSS pixels */
    int outline_minzoom, label_minzoom;        /* 13 and 15 */
    char selected[11];                         /* code drawn with the selected style, or "" */
    uint32_t selected_rgb;
    double selected_px;
    double label_mult;                         /* legend numbers are value * label_mult ... */
    int label_decimals;                        /* ... printed with this many decimals ... */
    char label_unit[8];                        /* ... followed by this unit ("%", "") */
};

/* Defaults: no classes, grey no-data, outlines z13+, labels z15+, no selection. */
void render_style_init(struct render_style *s);
/* Quantile classes over the non-NaN values v[0..n): breaks at sorted[k*m/n_classes]; equal
 * breaks merge, so fewer classes may result. Ramp colours follow the final count.
 * CM_EINPUT if n_classes is outside 1..9. With no value at all, n_classes becomes 0. */
int render_style_quantiles(struct render_style *s, const double *v, size_t n, int n_classes,
                           enum render_ramp ramp, struct cm_err *err);
/* Fixed breaks: n_breaks inner breaks (ascending) make n_breaks + 1 classes; lo/hi close the
 * first and last class for the legend. CM_EINPUT if not ascending or too many. */
int render_style_breaks(struct render_style *s, const double *inner, int n_breaks, double lo,
                        double hi, enum render_ramp ramp, struct cm_err *err);
/* Categories 0..n-1 with their labels (copied); CM_EINPUT if n is outside 1..9. */
int render_style_categories(struct render_style *s, const char *const *labels, int n,
                            enum render_ramp ramp, struct cm_err *err);
/* Rewrite numeric legend labels after changing label_mult / label_decimals / label_unit. */
void render_style_relabel(struct render_style *s);
/* Class of a value: 0..n_classes-1, or -1 for no data (NaN, or a category out of range). */
int render_style_class(const struct render_style *s, double v);
/* Colour of a value (class fill or nodata), 0xRRGGBB. */
uint32_t render_style_color(const struct render_style *s, double v);
/* Select (hover / click) one code; NULL or "" clears. */
void render_style_select(struct render_style *s, const char *code);
/* Legend as a JSON object appended to out:
 * {"categorical":b,"classes":[{"min":x,"max":y,"color":"#rrggbb","label":"..."}...],
 *  "nodata":{"color":"#rrggbb","label":"..."}} (min/max omitted for categories), plus
 * "hatched":{"label":"..."} when the style hatches areas. */
void render_style_legend_json(const struct render_style *s, struct cm_buf *out);
/* "#rrggbb" of a colour into buf (8 bytes). */
void render_color_hex(uint32_t rgb, char buf[8]);

#endif
