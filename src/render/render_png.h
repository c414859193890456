/* render_png.h - PNG tiles: libpng encoding of cairo image surfaces into memory, the shared
 * empty tile, and the one-call tile renderer used by `coopmap tiles` and the server
 * (render layer). */
#ifndef RENDER_PNG_H
#define RENDER_PNG_H

#include "cm_buf.h"
#include "cm_err.h"
#include "render_draw.h"

#include <cairo.h>

/* zlib level and PNG row filter (PNG_FILTER_* mask of libpng); the defaults were measured
 * (see render_png.c). */
struct render_png_opts {
    int level;
    int filters;
    int strategy; /* zlib strategy, e.g. Z_DEFAULT_STRATEGY or Z_RLE */
    int palette;  /* 1: 8-bit palette PNG when the image has at most 256 colours (lossless) */
};
extern const struct render_png_opts render_png_default;

/* Encode an ARGB32 image surface (premultiplied, as cairo keeps it) as PNG appended to out,
 * losslessly: with o->palette and at most 256 colours as an 8-bit palette (+ tRNS), else
 * opaque images as RGB, others as straight-alpha RGBA. o may be NULL (defaults). */
int render_png_encode(cairo_surface_t *img, const struct render_png_opts *o, struct cm_buf *out,
                      struct cm_err *err);
/* The same through cairo_surface_write_to_png_stream, kept to measure against. */
int render_png_encode_cairo(cairo_surface_t *img, struct cm_buf *out, struct cm_err *err);
/* The fully transparent tile of size 256 * scale (scale 1 or 2), encoded once and shared:
 * *data borrowed for the life of the process. */
void render_png_empty(int scale, const unsigned char **data, size_t *len);
/* Render tile z/x/y (scale 1: 256 px, 2: 512 px) as PNG into out (reset first). A tile
 * meeting no area gets the shared empty PNG and *empty = 1 (may be NULL). */
int render_tile_png(const struct render_geoms *g, const struct render_style *s,
                    const double *values, int z, long x, long y, int scale, struct cm_buf *out,
                    int *empty, struct cm_err *err);

#endif
