/* render_png.c - libpng encoder for cairo surfaces, the shared empty tile, and one-call tile
 * rendering (render layer). Measured with scripts/bench/tiles.sh (z12-z14, 256 px, same
 * surfaces): zlib level 1, no row filter, default strategy, 8-bit palette when a tile has at
 * most 256 colours: 0.5 ms and 5.0 KB per tile on `coopmap gen` tiles, 1.0 ms and 8.7 KB on
 * Paris, against 4-6 ms and 7.6 / 12.0 KB for cairo_surface_write_to_png_stream. SUB, UP or
 * PAETH filters cost 50-150% more time for larger files (flat choropleth rows need no
 * filter); Z_RLE without a filter makes files 10x larger (ARGB repeats have period 4). */
#include "render_png.h"

#include <png.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const struct render_png_opts render_png_default = {1, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 1};

static void
png_write_buf(png_structp png, png_bytep data, png_size_t len)
{
    cm_buf_append(png_get_io_ptr(png), data, len);
}

static void
png_flush_none(png_structp png)
{
    (void)png;
}

/* Straight-alpha RGB(A) row from a premultiplied native-endian ARGB32 row. */
static void
row_convert(const uint32_t *src, int w, int opaque, unsigned char *dst)
{
    for (int i = 0; i < w; i++) {
        uint32_t p = src[i];
        unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (opaque) {
            dst[0] = (unsigned char)r, dst[1] = (unsigned char)g, dst[2] = (unsigned char)b;
            dst += 3;
            continue;
        }
        if (a != 0 && a != 255) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        dst[0] = (unsigned char)r, dst[1] = (unsigned char)g, dst[2] = (unsigned char)b;
        dst[3] = (unsigned char)a;
        dst += 4;
    }
}

/* Up to 256 colours of a tile, keyed by premultiplied ARGB (open addressing, 512 slots). */
struct palette {
    uint32_t key[512];
    unsigned char idx[512], used[512];
    uint32_t argb[256]; /* premultiplied, in order of first appearance */
    int n;
};

static int
palette_index(struct palette *p, uint32_t argb)
{
    unsigned h = (unsigned)((argb * 2654435761u) >> 23);

    for (;; h = (h + 1) & 511) {
        if (!p->used[h]) {
            if (p->n == 256)
                return -1;
            p->used[h] = 1;
            p->key[h] = argb;
            p->argb[p->n] = argb;
            p->idx[h] = (unsigned char)p->n;
            return p->n++;
        }
        if (p->key[h] == argb)
            return p->idx[h];
    }
}

/* Index image of a surface with at most 256 colours; returns 0, or -1 when there are more.
 * Choropleth tiles nearly always fit: runs of one colour make the last-pixel cache hit. */
static int
to_indexed(const unsigned char *data, int w, int h, int stride, struct palette *p,
           unsigned char *out)
{
    uint32_t last = 0;
    int last_i = palette_index(p, 0);

    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            if (row[x] != last) {
                last = row[x];
                if ((last_i = palette_index(p, last)) < 0)
                    return -1;
            }
            *out++ = (unsigned char)last_i;
        }
    }
    return 0;
}

static int
all_opaque(const unsigned char *data, int w, int h, int stride)
{
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < w; x++)
            if ((row[x] >> 24) != 0xff)
                return 0;
    }
    return 1;
}

/* PLTE and tRNS of a palette, straight alpha. */
static void
palette_set(png_structp png, png_infop info, const struct palette *p)
{
    png_color rgb[256] = {{0, 0, 0}};
    unsigned char alpha[256], px[4];
    int n_trans = 0;

    for (int i = 0; i < p->n; i++) {
        row_convert(&p->argb[i], 1, 0, px);
        rgb[i].red = px[0], rgb[i].green = px[1], rgb[i].blue = px[2];
        alpha[i] = px[3];
        if (px[3] != 255)
            n_trans = i + 1;
    }
    png_set_PLTE(png, info, rgb, p->n);
    if (n_trans)
        png_set_tRNS(png, info, alpha, n_trans, NULL);
}

/* libpng reports errors by longjmp: everything it can skip over lives in the caller.
 * pal != NULL: write the index image held in row (w * h bytes) with pal's colours. */
static int
png_run(png_structp png, png_infop info, cairo_surface_t *img, const struct render_png_opts *o,
        unsigned char *row, int opaque, const struct palette *pal)
{
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *data = cairo_image_surface_get_data(img);
    int type = pal ? PNG_COLOR_TYPE_PALETTE
               : opaque ? PNG_COLOR_TYPE_RGB
                        : PNG_COLOR_TYPE_RGB_ALPHA;

    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_compression_level(png, o->level);
    png_set_compression_strategy(png, o->strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, o->filters);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    if (pal)
        palette_set(png, info, pal);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        if (pal) {
            png_write_row(png, row + (size_t)y * w);
            continue;
        }
        row_convert((const uint32_t *)(const void *)(data + (size_t)y * stride), w, opaque, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return 0;
}

int
render_png_encode(cairo_surface_t *img, const struct render_png_opts *o, struct cm_buf *out,
                  struct cm_err *err)
{
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char *row = NULL;
    struct palette *pal = NULL;
    int w, h, opaque = 0, rc = CM_OK;

    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS
        || cairo_image_surface_get_format(img) != CAIRO_FORMAT_ARGB32)
        return cm_err_set(err, CM_ERENDER, "png: not an ARGB32 image surface");
    cairo_surface_flush(img);
    w = cairo_image_surface_get_width(img);
    h = cairo_image_surface_get_height(img);
    o = o ? o : &render_png_default;
    row = malloc(o->palette ? (size_t)w * h : (size_t)w * 4);
    pal = o->palette ? calloc(1, sizeof *pal) : NULL;
    if (row == NULL || (o->palette && pal == NULL)) {
        rc = cm_err_set(err, CM_ENOMEM, "png: no memory for a %dx%d image", w, h);
        goto out;
    }
    if (pal && to_indexed(cairo_image_surface_get_data(img), w, h,
                          cairo_image_surface_get_stride(img), pal, row) != 0) {
        free(pal); /* more than 256 colours: true colour */
        pal = NULL;
    }
    if (pal == NULL)
        opaque = all_opaque(cairo_image_surface_get_data(img), w, h,
                            cairo_image_surface_get_stride(img));
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    info = png ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        rc = cm_err_set(err, CM_ERENDER, "png: libpng initialisation failed");
        goto out;
    }
    png_set_write_fn(png, out, png_write_buf, png_flush_none);
    if (png_run(png, info, img, o, row, opaque, pal) != 0)
        rc = cm_err_set(err, CM_ERENDER, "png: libpng failed to encode %dx%d", w, h);
out:
    png_destroy_write_struct(&png, &info);
    free(row);
    free(pal);
    return rc;
}

static cairo_status_t
cairo_write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    cm_buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int
render_png_encode_cairo(cairo_surface_t *img, struct cm_buf *out, struct cm_err *err)
{
    cairo_status_t cs = cairo_surface_write_to_png_stream(img, cairo_write_buf, out);

    if (cs != CAIRO_STATUS_SUCCESS)
        return cm_err_set(err, CM_ERENDER, "png: %s", cairo_status_to_string(cs));
    return CM_OK;
}

static struct cm_buf empty_png[2];
static pthread_once_t empty_once = PTHREAD_ONCE_INIT;

/* Encoded once, so at the best zlib level: about 100 bytes instead of 400. */
static void
empty_init(void)
{
    struct render_png_opts best = {9, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 1};

    for (int i = 0; i < 2; i++) {
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 256 << i, 256 << i);
        cm_buf_init(&empty_png[i]);
        if (render_png_encode(img, &best, &empty_png[i], NULL) != CM_OK)
            abort(); /* a blank 256 px surface cannot fail to encode but out of memory */
        cairo_surface_destroy(img);
    }
}

void
render_png_empty(int scale, const unsigned char **data, size_t *len)
{
    int i = scale == 2 ? 1 : 0;

    pthread_once(&empty_once, empty_init);
    *data = (const unsigned char *)empty_png[i].data;
    *len = empty_png[i].len;
}

/* One reusable surface per thread and size: a fresh 256 KB surface per tile costs an mmap,
 * page faults and a munmap (measured: a fifth of the system time of `coopmap tiles`). */
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void
scratch_free(void *p)
{
    cairo_surface_t **s = p;

    for (int i = 0; i < 2; i++)
        if (s[i])
            cairo_surface_destroy(s[i]);
    free(s);
}

static void
scratch_init(void)
{
    pthread_key_create(&scratch_key, scratch_free);
}

/* A cleared ARGB32 surface of size px for this thread (borrowed). */
static cairo_surface_t *
scratch_surface(int scale)
{
    cairo_surface_t **s, *img;
    int i = scale == 2;

    pthread_once(&scratch_once, scratch_init);
    if ((s = pthread_getspecific(scratch_key)) == NULL) {
        s = cm_xcalloc(2, sizeof *s);
        pthread_setspecific(scratch_key, s);
    }
    if (s[i] == NULL)
        s[i] = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 256 << i, 256 << i);
    img = s[i];
    cairo_surface_flush(img);
    memset(cairo_image_surface_get_data(img), 0,
           (size_t)cairo_image_surface_get_stride(img) * (size_t)(256 << i));
    cairo_surface_mark_dirty(img);
    return img;
}

int
render_tile_png(const struct render_geoms *g, const struct render_style *s,
                const double *values, int z, long x, long y, int scale, struct cm_buf *out,
                int *empty, struct cm_err *err)
{
    struct render_view v = render_view_tile(z, x, y, scale == 2 ? 2 : 1);
    cairo_surface_t *img;
    cairo_t *cr;
    int n, rc;

    cm_buf_reset(out);
    n = render_geoms_any(g, &v.bbox);
    if (empty)
        *empty = n == 0;
    if (n == 0) {
        const unsigned char *d;
        size_t len;
        render_png_empty(scale, &d, &len);
        cm_buf_append(out, d, len);
        return CM_OK;
    }
    img = scratch_surface(scale == 2 ? 2 : 1);
    cr = cairo_create(img);
    rc = render_draw(cr, g, s, values, &v, NULL, err);
    cairo_destroy(cr);
    if (rc == CM_OK)
        rc = render_png_encode(img, NULL, out, err);
    return rc;
}
