/* png_encode.c - benchmark helper for scripts/bench/tiles.sh: draws the turnout tiles of a
 * store over a box once, then times our libpng encoder (several zlib levels / filters) and
 * cairo_surface_write_to_png_stream on the same surfaces.
 * usage: png_encode STORE.db Z0 Z1 minlon,minlat,maxlon,maxlat */
#include "cm_progress.h"
#include "render_png.h"
#include "map_layer.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#define MAX_TILES 2000

static struct render_geoms *
load(const char *db, struct map_layer *l)
{
    struct cm_err e = {0};
    struct store *st = NULL;
    struct render_geoms *g = NULL;

    if (store_open(db, STORE_READONLY, &st, &e) != CM_OK || map_geoms_load(st, &g, &e) != CM_OK
        || map_layer_load(st, "turnout", g, l, &e) != CM_OK) {
        fprintf(stderr, "png_encode: %s\n", e.msg);
        exit(1);
    }
    store_close(st);
    return g;
}

int
main(int argc, char **argv)
{
    static cairo_surface_t *surf[MAX_TILES];
    static const struct {
        const char *name;
        struct render_png_opts o;
    } cfg[] = {
        {"libpng z1 none +palette (ours)", {1, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 1}},
        {"libpng z1 none", {1, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z2 none", {2, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 sub", {1, PNG_FILTER_SUB, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 up", {1, PNG_FILTER_UP, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 paeth", {1, PNG_FILTER_PAETH, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 sub rle", {1, PNG_FILTER_SUB, Z_RLE, 0}},
        {"libpng z1 none rle", {1, PNG_FILTER_NONE, Z_RLE, 0}},
        {"libpng z6 all", {6, PNG_ALL_FILTERS, Z_DEFAULT_STRATEGY, 0}},
    };
    struct map_layer l;
    struct render_bbox b;
    struct cm_buf out;
    double lon0, lat0, lon1, lat1, t;
    int n = 0;

    if (argc != 5 || sscanf(argv[4], "%lf,%lf,%lf,%lf", &lon0, &lat0, &lon1, &lat1) != 4) {
        fprintf(stderr, "usage: png_encode STORE.db Z0 Z1 minlon,minlat,maxlon,maxlat\n");
        return 1;
    }
    struct render_geoms *g = load(argv[1], &l);
    render_lonlat_to_3857(lon0, lat0, &b.minx, &b.miny);
    render_lonlat_to_3857(lon1, lat1, &b.maxx, &b.maxy);
    for (int z = atoi(argv[2]); z <= atoi(argv[3]); z++) {
        struct render_tile_range r = render_tile_range(&b, z);
        for (long y = r.y0; y <= r.y1; y++)
            for (long x = r.x0; x <= r.x1 && n < MAX_TILES; x++) {
                struct render_view v = render_view_tile(z, x, y, 1);
                cairo_surface_t *im = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 256, 256);
                cairo_t *cr = cairo_create(im);
                render_draw(cr, g, &l.style, l.values, &v, NULL, NULL);
                cairo_destroy(cr);
                surf[n++] = im;
            }
    }
    printf("png: %d tiles of 256 px, z%s-%s\n", n, argv[2], argv[3]);
    cm_buf_init(&out);
    for (size_t c = 0; c <= sizeof cfg / sizeof cfg[0]; c++) {
        size_t bytes = 0;
        const char *name = c < sizeof cfg / sizeof cfg[0] ? cfg[c].name : "cairo_write_to_png";
        t = cm_now();
        for (int i = 0; i < n; i++) {
            cm_buf_reset(&out);
            if (c < sizeof cfg / sizeof cfg[0])
                render_png_encode(surf[i], &cfg[c].o, &out, NULL);
            else
                render_png_encode_cairo(surf[i], &out, NULL);
            bytes += out.len;
        }
        t = cm_now() - t;
        printf("png: %-30s %6.3f ms/tile %7.0f bytes/tile\n", name, 1000 * t / n,
               (double)bytes / n);
    }
    return 0;
}
