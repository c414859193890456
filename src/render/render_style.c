/* render_style.c - class breaks, ColorBrewer ramps and the legend (render layer).
 * Colours: ColorBrewer 2.0 by Cynthia Brewer (colorbrewer2.org), Apache-2.0 style licence;
 * the three schemes kept here are the ones it marks colour-blind safe. */
#include "render_style.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ramps[scheme][n - 3] = n colours, light to dark (diverging: red to blue). */
static const uint32_t ramps[3][7][9] = {
    {/* YlOrRd */
     {0xffeda0, 0xfeb24c, 0xf03b20},
     {0xffffb2, 0xfecc5c, 0xfd8d3c, 0xe31a1c},
     {0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026},
     {0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026},
     {0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026},
     {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026},
     {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026}},
    {/* YlGnBu */
     {0xedf8b1, 0x7fcdbb, 0x2c7fb8},
     {0xffffcc, 0xa1dab4, 0x41b6c4, 0x225ea8},
     {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494},
     {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x2c7fb8, 0x253494},
     {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84},
     {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84},
     {0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58}},
    {/* RdYlBu */
     {0xfc8d59, 0xffffbf, 0x91bfdb},
     {0xd7191c, 0xfdae61, 0xabd9e9, 0x2c7bb6},
     {0xd7191c, 0xfdae61, 0xffffbf, 0xabd9e9, 0x2c7bb6},
     {0xd73027, 0xfc8d59, 0xfee090, 0xe0f3f8, 0x91bfdb, 0x4575b4},
     {0xd73027, 0xfc8d59, 0xfee090, 0xffffbf, 0xe0f3f8, 0x91bfdb, 0x4575b4},
     {0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4},
     {0xd73027, 0xf46d43, 0xfdae61, 0xfee090, 0xffffbf, 0xe0f3f8, 0xabd9e9, 0x74add1, 0x4575b4}},
};

void
render_style_init(struct render_style *s)
{
    memset(s, 0, sizeof *s);
    s->nodata = 0xd9d9d9;
    s->outline = 0x737373;
    s->outline_px = 0.6;
    s->outline_minzoom = 13;
    s->label_minzoom = 15;
    s->selected_rgb = 0x08306b;
    s->selected_px = 3.0;
    s->label_mult = 1.0;
    s->label_decimals = -1; /* %g */
}

/* Colours for n classes: ColorBrewer has no 1- or 2-class ramps, so take the ends of the
 * 3-class one. */
static void
ramp_fill(struct render_style *s, enum render_ramp ramp, int n)
{
    const uint32_t *r = ramps[ramp][n < 3 ? 0 : n - 3];

    if (n == 1)
        s->fill[0] = r[1];
    else if (n == 2) {
        s->fill[0] = r[0];
        s->fill[1] = r[2];
    } else {
        memcpy(s->fill, r, (size_t)n * sizeof *r);
    }
}

static void
format_num(const struct render_style *s, double v, char *buf, size_t n)
{
    v *= s->label_mult;
    if (s->label_decimals >= 0)
        snprintf(buf, n, "%.*f%s", s->label_decimals, v, s->label_unit);
    else
        snprintf(buf, n, "%.3g%s", v, s->label_unit);
}

void
render_style_relabel(struct render_style *s)
{
    char lo[28], hi[28];

    if (s->categorical)
        return;
    for (int k = 0; k < s->n_classes; k++) {
        format_num(s, s->breaks[k], lo, sizeof lo);
        format_num(s, s->breaks[k + 1], hi, sizeof hi);
        snprintf(s->labels[k], sizeof s->labels[k], "%s \u2013 %s", lo, hi);
    }
}

static int
cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int
render_style_quantiles(struct render_style *s, const double *v, size_t n, int n_classes,
                       enum render_ramp ramp, struct cm_err *err)
{
    double *sorted;
    size_t m = 0;
    int k = 0;

    if (n_classes < 1 || n_classes > RENDER_MAX_CLASSES)
        return cm_err_set(err, CM_EINPUT, "classes: %d is not in 1..%d", n_classes,
                          RENDER_MAX_CLASSES);
    sorted = cm_xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            sorted[m++] = v[i];
    qsort(sorted, m, sizeof *sorted, cmp_dbl);
    s->categorical = 0;
    if (m > 0) {
        s->breaks[k++] = sorted[0];
        for (int c = 1; c < n_classes; c++) {
            size_t i = (size_t)c * m / (size_t)n_classes;
            /* a break tied with the previous one moves up to the next distinct value, and
             * classes merge when none is left: no class is ever empty */
            while (i < m && sorted[i] <= s->breaks[k - 1])
                i++;
            if (i == m)
                break;
            s->breaks[k++] = sorted[i];
        }
        s->breaks[k] = sorted[m - 1];
    }
    s->n_classes = k;
    free(sorted);
    if (k > 0)
        ramp_fill(s, ramp, k);
    render_style_relabel(s);
    return CM_OK;
}

int
render_style_breaks(struct render_style *s, const double *inner, int n_breaks, double lo,
                    double hi, enum render_ramp ramp, struct cm_err *err)
{
    if (n_breaks < 0 || n_breaks + 1 > RENDER_MAX_CLASSES)
        return cm_err_set(err, CM_EINPUT, "classes: %d breaks is too many", n_breaks);
    for (int i = 0; i < n_breaks; i++) {
        if (isnan(inner[i]) || (i > 0 && inner[i] <= inner[i - 1]))
            return cm_err_set(err, CM_EINPUT, "classes: breaks must ascend (break %d)", i + 1);
    }
    s->categorical = 0;
    s->n_classes = n_breaks + 1;
    s->breaks[0] = lo;
    memcpy(s->breaks + 1, inner, (size_t)n_breaks * sizeof *inner);
    s->breaks[n_breaks + 1] = hi;
    ramp_fill(s, ramp, s->n_classes);
    render_style_relabel(s);
    return CM_OK;
}

int
render_style_categories(struct render_style *s, const char *const *labels, int n,
                        enum render_ramp ramp, struct cm_err *err)
{
    if (n < 1 || n > RENDER_MAX_CLASSES)
        return cm_err_set(err, CM_EINPUT, "categories: %d is not in 1..%d", n,
                          RENDER_MAX_CLASSES);
    s->categorical = 1;
    s->n_classes = n;
    for (int k = 0; k < n; k++) {
        s->breaks[k] = k;
        snprintf(s->labels[k], sizeof s->labels[k], "%s", labels && labels[k] ? labels[k] : "");
    }
    s->breaks[n] = n;
    ramp_fill(s, ramp, n);
    return CM_OK;
}

int
render_style_class(const struct render_style *s, double v)
{
    int lo = 0, hi;

    if (isnan(v) || s->n_classes == 0)
        return -1;
    if (s->categorical) {
        double r = floor(v + 0.5);
        return r >= 0 && r < s->n_classes && fabs(v - r) < 1e-9 ? (int)r : -1;
    }
    /* last class whose lower break is <= v; values beyond the ends join the end classes */
    hi = s->n_classes - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->breaks[mid] <= v)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

uint32_t
render_style_color(const struct render_style *s, double v)
{
    int k = render_style_class(s, v);

    return k < 0 ? s->nodata : s->fill[k];
}

void
render_style_select(struct render_style *s, const char *code)
{
    snprintf(s->selected, sizeof s->selected, "%s", code ? code : "");
}

void
render_color_hex(uint32_t rgb, char buf[8])
{
    snprintf(buf, 8, "#%06x", (unsigned)(rgb & 0xffffff));
}

static void
json_str(struct cm_buf *out, const char *s)
{
    cm_buf_puts(out, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            cm_buf_printf(out, "\\%c", c);
        else if (c < 0x20)
            cm_buf_printf(out, "\\u%04x", c);
        else
            cm_buf_append(out, s, 1);
    }
    cm_buf_puts(out, "\"");
}

void
render_style_legend_json(const struct render_style *s, struct cm_buf *out)
{
    char hex[8];

    cm_buf_printf(out, "{\"categorical\":%s,\"classes\":[", s->categorical ? "true" : "false");
    for (int k = 0; k < s->n_classes; k++) {
        render_color_hex(s->fill[k], hex);
        cm_buf_printf(out, "%s{", k ? "," : "");
        if (!s->categorical)
            cm_buf_printf(out, "\"min\":%.17g,\"max\":%.17g,", s->breaks[k], s->breaks[k + 1]);
        cm_buf_printf(out, "\"color\":\"%s\",\"label\":", hex);
        json_str(out, s->labels[k]);
        cm_buf_puts(out, "}");
    }
    render_color_hex(s->nodata, hex);
    cm_buf_printf(out, "],\"nodata\":{\"color\":\"%s\",\"label\":\"pas de donn\u00e9es\"}", hex);
    if (s->hatch)
        cm_buf_puts(out, ",\"hatched\":{\"label\":\"r\u00e9sultats pas encore saisis\"}");
    cm_buf_puts(out, "}");
}
