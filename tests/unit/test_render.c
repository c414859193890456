/* test_render.c - renderer: tile math, projection, simplification, classes, drawn pixels,
 * PNG output (size, transparency, determinism) and concurrent rendering, on synthetic areas. */
#include "../tap.h"

#include "render_png.h"

#include <png.h>
#include <pthread.h>
#include <stdlib.h>

/* Synthetic city: a GRID x GRID block of squares of SIDE degrees from (LON0, LAT0), plus one
 * square with a hole (area index GRID*GRID) and one tiny square (the last area). */
#define GRID 8
#define SIDE 0.004
#define LON0 2.30
#define LAT0 48.84
#define N_AREAS (GRID * GRID + 2)

struct synth {
    char codes[N_AREAS][11];
    size_t area_ring0[N_AREAS + 1];
    size_t ring_pt0[N_AREAS + 2];
    unsigned char hole[N_AREAS + 1];
    double lonlat[2 * 5 * (N_AREAS + 1)];
    size_t n_rings, n_pts;
};

static void
add_square(struct synth *s, double lon, double lat, double side, int hole, int ccw)
{
    double xs[5] = {0, 1, 1, 0, 0}, ys[5] = {0, 0, 1, 1, 0};

    s->ring_pt0[s->n_rings] = s->n_pts;
    s->hole[s->n_rings] = (unsigned char)hole;
    for (int i = 0; i < 5; i++) {
        int j = ccw ? i : 4 - i;
        s->lonlat[2 * s->n_pts] = lon + xs[j] * side;
        s->lonlat[2 * s->n_pts + 1] = lat + ys[j] * side;
        s->n_pts++;
    }
    s->n_rings++;
    s->ring_pt0[s->n_rings] = s->n_pts;
}

static void
synth_build(struct synth *s, struct render_geoms_src *src)
{
    int a = 0;

    memset(s, 0, sizeof *s);
    for (int j = 0; j < GRID; j++)
        for (int i = 0; i < GRID; i++, a++) {
            snprintf(s->codes[a], 11, "75056_%04d", a);
            s->area_ring0[a] = s->n_rings;
            add_square(s, LON0 + i * SIDE, LAT0 + j * SIDE, SIDE, 0, (i + j) % 2);
        }
    /* the holed square sits east of the block; its hole has the SAME orientation as the
     * exterior, so only the renderer's orientation fix makes it a hole */
    snprintf(s->codes[a], 11, "75056_9998");
    s->area_ring0[a++] = s->n_rings;
    add_square(s, LON0 + (GRID + 1) * SIDE, LAT0, 4 * SIDE, 0, 1);
    add_square(s, LON0 + (GRID + 2.5) * SIDE, LAT0 + 1.5 * SIDE, SIDE, 1, 1);
    snprintf(s->codes[a], 11, "75056_9999");
    s->area_ring0[a++] = s->n_rings;
    add_square(s, LON0 + (GRID + 6) * SIDE, LAT0, 0.002, 0, 1); /* 0.36 px at z8 */
    s->area_ring0[a] = s->n_rings;
    src->n_areas = N_AREAS;
    src->codes = (const char(*)[11])s->codes;
    src->area_ring0 = s->area_ring0;
    src->ring_pt0 = s->ring_pt0;
    src->ring_hole = s->hole;
    src->lonlat = s->lonlat;
}

/* Decode a PNG into RGBA (straight alpha); returns malloc'd pixels or NULL. */
static unsigned char *
png_decode(const struct cm_buf *b, int *w, int *h)
{
    png_image im;
    unsigned char *px;

    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, b->data, b->len))
        return NULL;
    im.format = PNG_FORMAT_RGBA;
    px = malloc(PNG_IMAGE_SIZE(im));
    if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
        free(px);
        return NULL;
    }
    *w = (int)im.width;
    *h = (int)im.height;
    return px;
}

/* Pixel of tile z/x/y (256 px) where lon/lat falls. */
static void
tile_pixel(int z, long x, long y, double lon, double lat, int *px, int *py)
{
    struct render_bbox b = render_tile_bbox(z, x, y);
    double mx, my;

    render_lonlat_to_3857(lon, lat, &mx, &my);
    *px = (int)((mx - b.minx) / (b.maxx - b.minx) * 256);
    *py = (int)((b.maxy - my) / (b.maxy - b.miny) * 256);
}

static void
test_tile_math(void)
{
    struct render_bbox b = render_tile_bbox(0, 0, 0), pb;
    struct render_tile_range r;
    double x, y, lon, lat;
    int z0, z1;

    is_dbl(b.minx, -20037508.342789244, 1e-6, "z0 minx = -pi R");
    is_dbl(b.maxy, 20037508.342789244, 1e-6, "z0 maxy = pi R");
    b = render_tile_bbox(1, 1, 1);
    is_dbl(b.minx, 0.0, 1e-6, "z1 x1 starts at the meridian");
    is_dbl(b.maxy, 0.0, 1e-6, "z1 y1 starts at the equator");
    is_dbl(b.maxx, 20037508.342789244, 1e-6, "z1 x1 ends at the antimeridian");
    b = render_tile_bbox(1, 0, 0);
    is_dbl(b.maxx, 0.0, 1e-6, "z1 x0 ends at the meridian");
    is_dbl(b.miny, 0.0, 1e-6, "z1 y0 (north-west) ends at the equator");
    /* reference values from PROJ: echo 48.8566 2.3522 | cs2cs EPSG:4326 EPSG:3857 */
    render_lonlat_to_3857(2.3522, 48.8566, &x, &y);
    is_dbl(x, 261845.7062, 1e-3, "Paris x in EPSG:3857 (cs2cs)");
    is_dbl(y, 6250564.3495, 1e-3, "Paris y in EPSG:3857 (cs2cs)");
    render_3857_to_lonlat(x, y, &lon, &lat);
    is_dbl(lat, 48.8566, 1e-9, "3857 -> lat round trip");
    render_lonlat_to_3857(-180, 90, &x, &y);
    is_dbl(y, 20037508.342789244, 1e-3, "latitude clamped to the square world");
    /* Paris at z12 is tile 2074/1409 (slippy-map formula, computed by hand) */
    pb = (struct render_bbox){261845.0, 6250564.0, 261846.0, 6250565.0};
    r = render_tile_range(&pb, 12);
    ok(r.x0 == 2074 && r.x1 == 2074 && r.y0 == 1409 && r.y1 == 1409, "Paris is tile 12/2074/1409");
    b = render_tile_bbox(12, 2074, 1409);
    ok(b.minx < 261845.7 && 261845.7 < b.maxx && b.miny < 6250564.3 && 6250564.3 < b.maxy,
       "tile 12/2074/1409 contains Paris");
    r = render_tile_range(&b, 12);
    is_int(render_tile_range_count(&r), 1, "a tile's own bbox is one tile");
    b = render_tile_bbox(0, 0, 0);
    r = render_tile_range(&b, 3);
    is_int(render_tile_range_count(&r), 64, "the world at z3 is 64 tiles");
    ok(render_zoom_parse("8-14", &z0, &z1) == 0 && z0 == 8 && z1 == 14, "zoom range 8-14");
    pb = render_tile_bbox(12, 2074, 1409);
    struct render_view fit = render_view_fit(&pb, 512, 256, 1, 1);
    is_int(fit.zoom, 12, "a tile fitted into 512x256 keeps its zoom (scale set by the height)");
    is_dbl(fit.bbox.maxx - fit.bbox.minx, 2 * (pb.maxx - pb.minx), 1e-6,
           "the fitted view grows to the page's aspect ratio");
    fit = render_view_fit(&pb, 256, 256, 2, 1);
    is_int(fit.zoom, 11, "twice the CSS pixel size is one zoom less");
    ok(render_zoom_parse("14-8", &z0, &z1) != 0 && render_zoom_parse("x", &z0, &z1) != 0,
       "bad zoom ranges refused");
}

/* A 2000-vertex circle of radius ~1 km keeps closed rings of >= 4 points at every zoom. */
static void
test_simplify(void)
{
    enum { N = 2000 };
    static double ll[2 * (N + 1)];
    const char codes[1][11] = {"29019_0001"};
    size_t ar[2] = {0, 1}, rp[2] = {0, N + 1};
    struct render_geoms_src src = {1, codes, ar, rp, NULL, ll};
    struct render_geoms *g = NULL;
    int closed = 1, fewer = 1;
    size_t prev = 0;

    for (int i = 0; i <= N; i++) {
        ll[2 * i] = -4.48 + 0.0135 * cos(2 * M_PI * (i % N) / N);
        ll[2 * i + 1] = 48.39 + 0.009 * sin(2 * M_PI * (i % N) / N);
    }
    is_int(render_geoms_new(&src, &g, NULL), CM_OK, "circle geometry built");
    for (int z = 4; z <= 18; z++) {
        const double *xy;
        size_t n, pts = render_geoms_level_points(g, z);
        if (render_geoms_ring_count(g, z, 0) != 1) {
            closed = 0;
            continue;
        }
        render_geoms_ring(g, z, 0, 0, &xy, &n);
        if (n < 4 || xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])
            closed = 0;
        if (z > 8 && pts < prev)
            fewer = 0;
        prev = pts;
    }
    ok(closed, "rings stay closed with >= 4 points from z4 to z18");
    ok(fewer, "from z8 on, deeper zooms keep at least as many vertices");
    ok(render_geoms_level_points(g, 8) < 100, "z8 keeps few of the 2000 vertices");
    ok(render_geoms_level_points(g, 18) > 1000, "z18 keeps most vertices");
    render_geoms_free(g);
}

/* Two neighbours sharing a wiggly border (400 vertices), of different classes: after
 * simplification and anti-aliasing, every pixel along the border must stay opaque. */
static void
test_seams(void)
{
    enum { W = 400 };
    static double ll[2 * 2 * (W + 4)];
    const char codes[2][11] = {"29019_0001", "29019_0002"};
    size_t ar[3] = {0, 1, 2}, rp[3], p = 0;
    double vals[2] = {0, 1}, x0 = -4.50, y0 = 48.38, dx = 0.02, h = 0.02;
    struct render_geoms *g = NULL;
    struct render_style s;
    struct cm_buf b;
    unsigned char *px = NULL;
    int w = 0, hh = 0, opaque = 1;

    for (int side = 0; side < 2; side++) {
        rp[side] = p;
        /* west area: border walked south to north; east area: the same border north to south */
        for (int i = 0; i <= W; i++) {
            int k = side ? W - i : i;
            ll[2 * p] = x0 + 0.0004 * sin(k * 0.37) + 0.0002 * cos(k * 1.7);
            ll[2 * p + 1] = y0 + h * k / W;
            p++;
        }
        double ox = side ? x0 + dx : x0 - dx;
        ll[2 * p] = ox, ll[2 * p + 1] = side ? y0 : y0 + h, p++;
        ll[2 * p] = ox, ll[2 * p + 1] = side ? y0 + h : y0, p++;
        ll[2 * p] = ll[2 * rp[side]], ll[2 * p + 1] = ll[2 * rp[side] + 1], p++;
    }
    rp[2] = p;
    struct render_geoms_src src = {2, codes, ar, rp, NULL, ll};
    render_geoms_new(&src, &g, NULL);
    render_style_init(&s);
    render_style_quantiles(&s, vals, 2, 2, RENDER_RAMP_YLORRD, NULL);
    cm_buf_init(&b);
    for (int z = 9; z <= 13 && opaque; z += 2) {
        struct render_bbox pt = {0};
        render_lonlat_to_3857(x0, y0 + h / 2, &pt.minx, &pt.miny);
        pt.maxx = pt.minx + 1, pt.maxy = pt.miny + 1;
        struct render_tile_range r = render_tile_range(&pt, z);
        struct render_bbox tb = render_tile_bbox(z, r.x0, r.y0);
        render_tile_png(g, &s, vals, z, r.x0, r.y0, 1, &b, NULL, NULL);
        free(px);
        px = png_decode(&b, &w, &hh);
        /* every pixel of the tile within 2 px of the border line x = x0, inside the areas */
        double bx, by0, by1, t;
        render_lonlat_to_3857(x0, y0, &bx, &by0);
        render_lonlat_to_3857(x0, y0 + h, &t, &by1);
        int cx = (int)((bx - tb.minx) / (tb.maxx - tb.minx) * 256);
        int ya = (int)((tb.maxy - by1) / (tb.maxy - tb.miny) * 256) + 2;
        int yb = (int)((tb.maxy - by0) / (tb.maxy - tb.miny) * 256) - 2;
        for (int y = ya < 0 ? 0 : ya; px && y <= yb && y < 256; y++)
            for (int x = cx - 2; x <= cx + 2; x++)
                if (x >= 0 && x < 256 && px[4 * (y * 256 + x) + 3] != 255)
                    opaque = 0;
    }
    ok(px && opaque, "no seam: pixels along a shared wiggly border stay opaque at z9-z13");
    free(px);
    cm_buf_cleanup(&b);
    render_geoms_free(g);
}

static void
test_classes(void)
{
    double v[] = {7, 1, NAN, 3, 10, 5, 2, 9, 4, 6, 8};
    struct render_style s;
    struct cm_buf json;

    render_style_init(&s);
    is_int(render_style_quantiles(&s, v, 11, 5, RENDER_RAMP_YLORRD, NULL), CM_OK, "quantiles");
    is_int(s.n_classes, 5, "five classes over 1..10");
    /* sorted 1..10, m = 10: breaks at sorted[2], [4], [6], [8] = 3, 5, 7, 9 */
    ok(s.breaks[0] == 1 && s.breaks[1] == 3 && s.breaks[2] == 5 && s.breaks[3] == 7
           && s.breaks[4] == 9 && s.breaks[5] == 10,
       "quantile breaks 1 3 5 7 9 10");
    is_int(render_style_class(&s, 2.9), 0, "2.9 in class 0");
    is_int(render_style_class(&s, 3), 1, "3 opens class 1");
    is_int(render_style_class(&s, 10), 4, "max in the last class");
    is_int(render_style_class(&s, NAN), -1, "NaN is no data");
    is_int(render_style_color(&s, NAN), 0xd9d9d9, "no data is light grey");
    is_int(s.fill[4], 0xbd0026, "YlOrRd 5 ends with #bd0026");
    double ties[] = {1, 1, 1, 1, 2};
    render_style_quantiles(&s, ties, 5, 4, RENDER_RAMP_YLGNBU, NULL);
    is_int(s.n_classes, 2, "tied breaks merge: 1 1 1 1 2 in 4 quantiles gives 2 classes");
    is_int(render_style_class(&s, 2), 1, "the value above the ties has its own class");
    const char *cats[] = {"bastion", "progression", "mobiliser", "faible", "aucun"};
    render_style_categories(&s, cats, 5, RENDER_RAMP_RDYLBU, NULL);
    is_int(render_style_class(&s, 3), 3, "category index is its class");
    is_int(render_style_class(&s, 7), -1, "unknown category is no data");
    cm_buf_init(&json);
    render_style_legend_json(&s, &json);
    ok(strstr(json.data, "\"label\":\"mobiliser\"") && strstr(json.data, "#2c7bb6"),
       "legend JSON has labels and colours");
    cm_buf_cleanup(&json);
}

struct fixture {
    struct synth syn;
    struct render_geoms *g;
    struct render_style s;
    double values[N_AREAS];
};

/* Render the z tile holding lon/lat and return that point's RGBA pixel in *rgba. */
static int
pixel_at(struct fixture *f, int z, double lon, double lat, unsigned char rgba[4])
{
    struct render_bbox pt;
    struct render_tile_range r;
    struct cm_buf b;
    unsigned char *px = NULL;
    int w, h, x, y, rc = -1;

    render_lonlat_to_3857(lon, lat, &pt.minx, &pt.miny);
    pt.maxx = pt.minx + 0.01;
    pt.maxy = pt.miny + 0.01;
    r = render_tile_range(&pt, z);
    tile_pixel(z, r.x0, r.y0, lon, lat, &x, &y);
    cm_buf_init(&b);
    if (render_tile_png(f->g, &f->s, f->values, z, r.x0, r.y0, 1, &b, NULL, NULL) == CM_OK
        && (px = png_decode(&b, &w, &h)) != NULL && x >= 0 && x < w && y >= 0 && y < h) {
        memcpy(rgba, px + 4 * (y * w + x), 4);
        rc = 0;
    }
    free(px);
    cm_buf_cleanup(&b);
    return rc;
}

static void
test_tiles(struct fixture *f)
{
    struct cm_buf a, b;
    unsigned char *px, rgba[4];
    int w = 0, h = 0, empty = 0, transparent = 1, k;
    long tx, ty;
    struct render_bbox pt;
    struct render_tile_range r;

    /* area (i = 5, j = 2) = index 21 has value 1 */
    k = render_style_class(&f->s, f->values[2 * GRID + 5]);
    ok(k > 0, "the test square is not in the first class");
    is_int(pixel_at(f, 14, LON0 + 5.5 * SIDE, LAT0 + 2.5 * SIDE, rgba), 0,
           "tile under the square rendered and decoded");
    is_int((uint32_t)rgba[0] << 16 | (uint32_t)rgba[1] << 8 | rgba[2], f->s.fill[k],
           "pixel at the square's centroid has its class colour");
    is_int(rgba[3], 255, "and is opaque");
    /* at z16 the number sits on the centroid: look between it and the outline */
    is_int(pixel_at(f, 16, LON0 + 5.2 * SIDE, LAT0 + 2.2 * SIDE, rgba), 0, "same at z16");
    is_int((uint32_t)rgba[0] << 16 | (uint32_t)rgba[1] << 8 | rgba[2], f->s.fill[k],
           "z16 (outlines, numbers) keeps the class colour inside the square");
    is_int(pixel_at(f, 14, LON0 + (GRID + 3) * SIDE, LAT0 + 2 * SIDE, rgba), 0, "hole tile");
    is_int(rgba[3], 0, "the hole (same winding as its exterior) stays transparent");
    is_int(pixel_at(f, 14, LON0 + (GRID + 1.5) * SIDE, LAT0 + 0.5 * SIDE, rgba), 0, "ring tile");
    is_int(rgba[3], 255, "the holed area around the hole is filled");

    cm_buf_init(&a);
    cm_buf_init(&b);
    render_lonlat_to_3857(LON0 + 5.5 * SIDE, LAT0 + 2.5 * SIDE, &pt.minx, &pt.miny);
    pt.maxx = pt.minx + 1;
    pt.maxy = pt.miny + 1;
    r = render_tile_range(&pt, 14);
    tx = r.x0;
    ty = r.y0;
    is_int(render_tile_png(f->g, &f->s, f->values, 14, tx, ty, 1, &a, &empty, NULL), CM_OK,
           "tile rendered");
    ok(!empty, "tile over the data is not empty");
    is_int(render_tile_png(f->g, &f->s, f->values, 14, tx, ty, 1, &b, NULL, NULL), CM_OK,
           "same tile again");
    ok(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "same tile twice is byte-identical");
    is_int(render_tile_png(f->g, &f->s, f->values, 14, tx + 40, ty, 1, &a, &empty, NULL), CM_OK,
           "tile away from the data rendered");
    ok(empty, "tile outside the data is flagged empty");
    px = png_decode(&a, &w, &h);
    for (int i = 0; px && i < w * h; i++)
        if (px[4 * i + 3] != 0)
            transparent = 0;
    ok(px && transparent && w == 256, "tile outside the data is fully transparent");
    free(px);
    is_int(render_tile_png(f->g, &f->s, f->values, 14, tx, ty, 2, &a, NULL, NULL), CM_OK,
           "@2x tile rendered");
    px = png_decode(&a, &w, &h);
    ok(px && w == 512 && h == 512, "@2x tile is 512x512");
    free(px);
    cm_buf_cleanup(&a);
    cm_buf_cleanup(&b);
}

struct job {
    struct fixture *f;
    struct cm_buf out;
    int rc;
};

static void *
job_run(void *arg)
{
    struct job *j = arg;
    struct render_bbox ext = render_geoms_extent(j->f->g);

    j->rc = 0;
    for (int z = 10; z <= 17; z++) {
        struct render_tile_range r = render_tile_range(&ext, z);
        if (render_tile_png(j->f->g, &j->f->s, j->f->values, z, r.x0, r.y0, 1, &j->out, NULL,
                            NULL) != CM_OK)
            j->rc = -1;
    }
    return NULL;
}

/* Four threads build the lazy levels and draw at once; they must agree with each other. */
static void
test_threads(struct fixture *f)
{
    struct job jobs[4];
    pthread_t th[4];
    int same = 1, fine = 1;

    for (int i = 0; i < 4; i++) {
        jobs[i].f = f;
        cm_buf_init(&jobs[i].out);
        pthread_create(&th[i], NULL, job_run, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        fine &= jobs[i].rc == 0;
        if (i > 0 && (jobs[i].out.len != jobs[0].out.len
                      || memcmp(jobs[i].out.data, jobs[0].out.data, jobs[0].out.len) != 0))
            same = 0;
    }
    ok(fine && same, "four threads render the same tiles identically");
    for (int i = 0; i < 4; i++)
        cm_buf_cleanup(&jobs[i].out);
}

int
main(void)
{
    static struct fixture f;
    struct render_geoms_src src;
    struct cm_err err = {0};

    test_tile_math();
    test_simplify();
    test_classes();
    test_seams();
    synth_build(&f.syn, &src);
    is_int(render_geoms_new(&src, &f.g, &err), CM_OK, "synthetic city built");
    is_int(render_geoms_find(f.g, "75056_0010"), 10, "find by code");
    double keep = f.syn.lonlat[7];
    f.syn.lonlat[7] = NAN;
    struct render_geoms *bad = NULL;
    struct cm_err e2 = {0};
    ok(render_geoms_new(&src, &bad, &e2) == CM_EINPUT && strstr(e2.msg, "75056_0000") && !bad,
       "a NaN coordinate is refused, naming the area");
    f.syn.lonlat[7] = keep;
    is_int(render_geoms_find(f.g, "75056_7777"), -1, "unknown code not found");
    is_int(render_geoms_ring_count(f.g, 8, N_AREAS - 1), 1,
           "a sub-pixel square is kept as a quad, not dropped");
    for (int i = 0; i < N_AREAS; i++)
        f.values[i] = i % 10 == 9 ? NAN : i % 10;
    render_style_init(&f.s);
    render_style_quantiles(&f.s, f.values, N_AREAS, 5, RENDER_RAMP_YLORRD, NULL);
    render_style_select(&f.s, "75056_0003");
    test_tiles(&f);
    test_threads(&f);
    render_geoms_free(f.g);
    return tap_done();
}
