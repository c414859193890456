/* png_encode.c - benchmark helper for scripts/bench/tiles.sh: draws the turnout tiles of a
 * store over a box once, then times our libpng encoder (several zlib levels / filters) and
 * cairo_surface_write_to_png_stream on the same surfaces.
 * usage: png_encode STORE.db Z0 Z1 minlon,minlat,maxlon,maxlat */
#include "cm_progress.h"
#include "render_png.h"
#include "store_areas.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#define MAX_TILES 2000

static struct render_geoms *
load(const char *db, struct render_style *s, double **values)
{
    struct cm_err e = {0};
    struct store *st = NULL;
    struct store_areas a;
    struct store_values v;
    struct render_geoms *g = NULL;

    if (store_open(db, STORE_READONLY, &st, &e) != CM_OK
        || store_areas_load(st, "bureau", &a, &e) != CM_OK
        || store_turnout_load(st, &v, &e) != CM_OK) {
        fprintf(stderr, "png_encode: %s\n", e.msg);
        exit(1);
    }
    struct render_geoms_src src = {a.n_areas, (const char(*)[11])a.codes, a.area_ring0,
                                   a.ring_pt0, a.ring_hole, a.lonlat};
    if (render_geoms_new(&src, &g, &e) != CM_OK)
        exit(1);
    *values = calloc(a.n_areas, sizeof **values);
    for (size_t i = 0; i < a.n_areas; i++)
        (*values)[i] = NAN;
    for (size_t i = 0; i < v.n; i++) {
        long k = render_geoms_find(g, v.codes[i]);
        if (k >= 0)
            (*values)[k] = v.value[i];
    }
    render_style_init(s);
    render_style_quantiles(s, *values, a.n_areas, 5, RENDER_RAMP_YLGNBU, NULL);
    store_areas_cleanup(&a);
    store_values_cleanup(&v);
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
        {"libpng z1 none (ours)", {1, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 none +palette", {1, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 1}},
        {"libpng z2 none", {2, PNG_FILTER_NONE, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 sub", {1, PNG_FILTER_SUB, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 up", {1, PNG_FILTER_UP, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 paeth", {1, PNG_FILTER_PAETH, Z_DEFAULT_STRATEGY, 0}},
        {"libpng z1 sub rle", {1, PNG_FILTER_SUB, Z_RLE, 0}},
        {"libpng z1 none rle", {1, PNG_FILTER_NONE, Z_RLE, 0}},
        {"libpng z6 all", {6, PNG_ALL_FILTERS, Z_DEFAULT_STRATEGY, 0}},
    };
    struct render_style s;
    struct render_bbox b;
    struct cm_buf out;
    double *values, lon0, lat0, lon1, lat1, t;
    int n = 0;

    if (argc != 5 || sscanf(argv[4], "%lf,%lf,%lf,%lf", &lon0, &lat0, &lon1, &lat1) != 4) {
        fprintf(stderr, "usage: png_encode STORE.db Z0 Z1 minlon,minlat,maxlon,maxlat\n");
        return 1;
    }
    struct render_geoms *g = load(argv[1], &s, &values);
    render_lonlat_to_3857(lon0, lat0, &b.minx, &b.miny);
    render_lonlat_to_3857(lon1, lat1, &b.maxx, &b.maxy);
    for (int z = atoi(argv[2]); z <= atoi(argv[3]); z++) {
        struct render_tile_range r = render_tile_range(&b, z);
        for (long y = r.y0; y <= r.y1; y++)
            for (long x = r.x0; x <= r.x1 && n < MAX_TILES; x++) {
                struct render_view v = render_view_tile(z, x, y, 1);
                cairo_surface_t *im = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 256, 256);
                cairo_t *cr = cairo_create(im);
                render_draw(cr, g, &s, values, &v, NULL, NULL);
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
        printf("png: %-24s %6.3f ms/tile %7.0f bytes/tile\n", name, 1000 * t / n,
               (double)bytes / n);
    }
    return 0;
}
