/* cmd_tiles.c - `coopmap tiles`: pre-render a layer's XYZ tiles into a directory or an
 * MBTiles file with a pool of threads (cli layer: the map stage gives geometry, values and
 * style; render draws; the store writes MBTiles). */
#include "cli.h"

#include "cm_buf.h"
#include "cm_log.h"
#include "cm_progress.h"
#include "map_layer.h"
#include "render_png.h"
#include "store_mbtiles.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Work shared by the pool: tiles are numbered zoom by zoom, row by row. */
struct tiles_run {
    const struct render_geoms *g;
    const struct map_layer *layer;
    struct render_tile_range ranges[RENDER_ZMAX + 1];
    int z0, z1, scale, quiet;
    long total;
    const char *dir;         /* DIR/<layer>/<version>, or NULL */
    struct store_mbtiles *mb; /* or this */
    atomic_long next, done, empty;
    atomic_size_t bytes;
    atomic_int failed;
    pthread_mutex_t err_lock;
    struct cm_err err;
    struct cm_progress progress;
};

/* More tiles than this is a typo in --zoom or --bbox, not a plan (z14 of France: ~0.5 M). */
#define MAX_TILES 20000000L

/* CPU seconds of the whole process (all threads), to read benchmarks on a busy machine. */
static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
mkdir_p(const char *path, struct cm_err *err)
{
    char buf[4096];
    size_t n = strlen(path);

    if (n >= sizeof buf)
        return cm_err_set(err, CM_EUSAGE, "path too long: %s", path);
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return cm_err_set(err, CM_EIO, "mkdir %s: %s", buf, strerror(errno));
        buf[i] = path[i];
    }
    return CM_OK;
}

static int
write_file(const char *path, const void *data, size_t len, struct cm_err *err)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (f == NULL)
        return cm_err_set(err, CM_EIO, "%s: %s", path, strerror(errno));
    ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0 || !ok)
        return cm_err_set(err, CM_EIO, "%s: write failed", path);
    return CM_OK;
}

/* Tile number i -> z/x/y, column by column so that one directory z/x fills at a time;
 * returns 0, or -1 past the end. */
static int
tile_of(const struct tiles_run *r, long i, int *z, long *x, long *y)
{
    for (int zz = r->z0; zz <= r->z1; zz++) {
        const struct render_tile_range *t = &r->ranges[zz];
        long n = render_tile_range_count(t), h = t->y1 - t->y0 + 1;
        if (i < n) {
            *z = zz;
            *x = t->x0 + i / h;
            *y = t->y0 + i % h;
            return 0;
        }
        i -= n;
    }
    return -1;
}

/* last_dir: the z/x directory this worker made last, so most tiles need no mkdir. */
static int
tile_store(struct tiles_run *r, int z, long x, long y, const struct cm_buf *png,
           char last_dir[4096], struct cm_err *err)
{
    char path[4096];
    int n;

    if (r->mb)
        return store_mbtiles_put(r->mb, z, x, y, png->data, png->len, err);
    n = snprintf(path, sizeof path, "%s/%d/%ld", r->dir, z, x);
    if (n < 0 || (size_t)n >= sizeof path)
        return cm_err_set(err, CM_EUSAGE, "output path too long");
    if (strcmp(path, last_dir) != 0) {
        if (mkdir_p(path, err) != CM_OK)
            return err->code;
        memcpy(last_dir, path, (size_t)n + 1);
    }
    snprintf(path + n, sizeof path - (size_t)n, "/%ld%s.png", y, r->scale == 2 ? "@2x" : "");
    return write_file(path, png->data, png->len, err);
}

static void *
tiles_worker(void *arg)
{
    struct tiles_run *r = arg;
    struct cm_buf png;
    struct cm_err err = {0};
    char last_dir[4096] = "";
    int is_first = 0;
    long i;

    cm_buf_init(&png);
    while (!atomic_load(&r->failed) && (i = atomic_fetch_add(&r->next, 1)) < r->total) {
        int z = 0, empty = 0;
        long x = 0, y = 0;
        if (i == 0)
            is_first = 1; /* whoever takes tile 0 draws the progress bar */
        if (tile_of(r, i, &z, &x, &y) != 0)
            break;
        if (render_tile_png(r->g, &r->layer->style, r->layer->values, z, x, y, r->scale, &png,
                            &empty, &err) != CM_OK
            || tile_store(r, z, x, y, &png, last_dir, &err) != CM_OK) {
            pthread_mutex_lock(&r->err_lock);
            cm_err_set(&r->err, err.code, "tile %d/%ld/%ld: %s", z, x, y, err.msg);
            pthread_mutex_unlock(&r->err_lock);
            atomic_store(&r->failed, 1);
            break;
        }
        atomic_fetch_add(&r->empty, empty);
        atomic_fetch_add(&r->bytes, png.len);
        long done = atomic_fetch_add(&r->done, 1) + 1;
        if (is_first)
            cm_progress_update(&r->progress, done);
    }
    cm_buf_cleanup(&png);
    return NULL;
}

/* Run the pool; the first error of any worker is returned. */
static int
tiles_pool(struct tiles_run *r, long threads, struct cm_err *err)
{
    pthread_t *th = cm_xcalloc((size_t)threads, sizeof *th);
    long started = 0;

    pthread_mutex_init(&r->err_lock, NULL);
    cm_progress_start(&r->progress, "tiles", r->total, r->quiet);
    for (; started < threads; started++)
        if (pthread_create(&th[started], NULL, tiles_worker, r) != 0)
            break;
    for (long i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    cm_progress_end(&r->progress);
    free(th);
    pthread_mutex_destroy(&r->err_lock);
    if (started == 0)
        return cm_err_set(err, CM_EIO, "cannot start tile threads");
    if (r->err.code != CM_OK)
        return cm_err_set(err, r->err.code, "%s", r->err.msg);
    return CM_OK;
}

/* "minlon,minlat,maxlon,maxlat" -> EPSG:3857 box. */
static int
bbox_parse(const char *s, struct render_bbox *b, struct cm_err *err)
{
    double v[4];
    char tail;

    if (sscanf(s, "%lf,%lf,%lf,%lf%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4 || v[0] >= v[2]
        || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90)
        return cm_err_set(err, CM_EUSAGE, "--bbox '%s': want minlon,minlat,maxlon,maxlat", s);
    render_lonlat_to_3857(v[0], v[1], &b->minx, &b->miny);
    render_lonlat_to_3857(v[2], v[3], &b->maxx, &b->maxy);
    return CM_OK;
}

/* Per-area classes, for checks and for peers drawing the same map (bench). */
static int
classes_write(const char *path, const struct render_geoms *g, const struct map_layer *l,
              struct cm_err *err)
{
    FILE *f = fopen(path, "w");
    char hex[8];

    if (f == NULL)
        return cm_err_set(err, CM_EIO, "%s: %s", path, strerror(errno));
    fprintf(f, "code,value,class,color\n");
    for (size_t i = 0; i < render_geoms_count(g); i++) {
        render_color_hex(render_style_color(&l->style, l->values[i]), hex);
        fprintf(f, "%s,%.17g,%d,%s\n", render_geoms_code(g, i), l->values[i],
                render_style_class(&l->style, l->values[i]), hex);
    }
    if (fclose(f) != 0)
        return cm_err_set(err, CM_EIO, "%s: write failed", path);
    return CM_OK;
}

static int
mbtiles_meta(struct store_mbtiles *mb, const char *name, const struct tiles_run *r,
             const struct render_bbox *b, const struct map_layer *l, struct cm_err *err)
{
    char bounds[128], center[96], zmin[8], zmax[8], ver[24];
    double lon0, lat0, lon1, lat1;
    struct cm_buf legend;
    int rc;

    render_3857_to_lonlat(b->minx, b->miny, &lon0, &lat0);
    render_3857_to_lonlat(b->maxx, b->maxy, &lon1, &lat1);
    snprintf(bounds, sizeof bounds, "%.6f,%.6f,%.6f,%.6f", lon0, lat0, lon1, lat1);
    snprintf(center, sizeof center, "%.6f,%.6f,%d", (lon0 + lon1) / 2, (lat0 + lat1) / 2, r->z0);
    snprintf(zmin, sizeof zmin, "%d", r->z0);
    snprintf(zmax, sizeof zmax, "%d", r->z1);
    snprintf(ver, sizeof ver, "%" PRId64, l->layer->version);
    cm_buf_init(&legend);
    render_style_legend_json(&l->style, &legend);
    const char *rows[][2] = {
        {"name", name},     {"format", "png"}, {"type", "overlay"},  {"bounds", bounds},
        {"center", center}, {"minzoom", zmin}, {"maxzoom", zmax},    {"version", ver},
        {"description", l->layer->title ? l->layer->title : name},               {"legend", legend.data},
        {"attribution", MAP_SOURCES},
    };
    rc = CM_OK;
    for (size_t i = 0; rc == CM_OK && i < sizeof rows / sizeof rows[0]; i++)
        rc = store_mbtiles_meta(mb, rows[i][0], rows[i][1], err);
    cm_buf_cleanup(&legend);
    return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Render every tile of r into out (a directory or .mbtiles). */
static int
tiles_render(struct tiles_run *r, const char *out, const char *layer, const struct render_bbox *b,
             const struct map_layer *l, long threads, struct cm_err *err)
{
    struct cm_buf dir;
    int rc;

    cm_buf_init(&dir);
    if (ends_with(out, ".mbtiles")) {
        if ((rc = store_mbtiles_open(out, &r->mb, err)) == CM_OK)
            rc = mbtiles_meta(r->mb, layer, r, b, l, err);
    } else {
        cm_buf_printf(&dir, "%s/%s/%" PRId64, out, layer, l->layer->version);
        r->dir = dir.data;
        rc = mkdir_p(dir.data, err);
    }
    if (rc == CM_OK)
        rc = tiles_pool(r, threads, err);
    if (r->mb) {
        int rc2 = store_mbtiles_close(r->mb, rc == CM_OK, err);
        rc = rc == CM_OK ? rc2 : rc;
        r->mb = NULL;
    }
    cm_buf_cleanup(&dir);
    return rc;
}

/* The tiles of every zoom over b. */
static void
tiles_plan(struct tiles_run *r, const struct render_bbox *b)
{
    for (int z = r->z0; z <= r->z1; z++) {
        r->ranges[z] = render_tile_range(b, z);
        r->total += render_tile_range_count(&r->ranges[z]);
    }
}

/* One line on stdout; wall and CPU times let benchmarks on a busy machine be read. */
static void
tiles_summary(const struct tiles_run *r, double load, double wall, double cpu, long threads)
{
    printf("tiles: %ld tiles (%ld empty) z%d-%d, %zu bytes, load %.3f s, render %.3f s"
           " (cpu %.3f s, %.0f tiles/s, %ld threads)\n",
           r->total, (long)r->empty, r->z0, r->z1, (size_t)r->bytes, load, wall, cpu,
           r->total / fmax(wall, 1e-9), threads);
}

int
cmd_tiles(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap tiles --layer L [--zoom 8-14] [--bbox minlon,minlat,maxlon,maxlat]"
        " [--scale 1|2] --out DIR|FILE.mbtiles [--threads N]";
    const char *layer = NULL, *zoom = "8-14", *bbox = NULL, *out = NULL, *classes = NULL;
    long scale = 1, threads;
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &layer, "L", "computed layer to draw (see coopmap layers)"},
        {"zoom", CLI_STR, &zoom, "Z0-Z1", "zoom levels (default 8-14)"},
        {"bbox", CLI_STR, &bbox, "W,S,E,N", "area in degrees (default: all bureaux)"},
        {"scale", CLI_INT, &scale, "1|2", "1: 256 px tiles, 2: 512 px @2x tiles"},
        {"out", CLI_STR, &out, "DIR|F.mbtiles", "DIR/<layer>/<version>/z/x/y.png or MBTiles"},
        {"classes", CLI_STR, &classes, "FILE", "also write code,value,class,color as CSV"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct render_geoms *g = NULL;
    struct map_layer lay = {0};
    struct tiles_run run = {0};
    struct render_bbox b;
    double t_start = cm_now(), t_render, c_render;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0 || layer == NULL || out == NULL)
        return cm_err_set(err, CM_EUSAGE, "tiles needs --layer and --out (see --help)");
    if (render_zoom_parse(zoom, &run.z0, &run.z1) != 0)
        return cm_err_set(err, CM_EUSAGE, "--zoom '%s': want Z or Z0-Z1 within 0-%d", zoom,
                          RENDER_ZMAX);
    if (scale != 1 && scale != 2)
        return cm_err_set(err, CM_EUSAGE, "--scale must be 1 or 2");
    if (bbox && (rc = bbox_parse(bbox, &b, err)) != CM_OK)
        return rc;
    threads = cfg->threads > 0 ? cfg->threads : sysconf(_SC_NPROCESSORS_ONLN);
    threads = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    if ((rc = map_geoms_load(st, &g, err)) != CM_OK
        || (rc = map_layer_load(st, layer, g, &lay, err)) != CM_OK)
        goto out;
    if (classes && (rc = classes_write(classes, g, &lay, err)) != CM_OK)
        goto out;
    if (!bbox)
        b = render_geoms_extent(g);
    run.g = g;
    run.layer = &lay;
    run.scale = (int)scale;
    run.quiet = cfg->quiet;
    tiles_plan(&run, &b);
    if (run.total > MAX_TILES) {
        rc = cm_err_set(err, CM_EUSAGE, "%ld tiles (more than %ld): narrow --bbox or --zoom",
                        run.total, (long)MAX_TILES);
        goto out;
    }
    t_render = cm_now();
    c_render = cpu_now();
    if ((rc = tiles_render(&run, out, layer, &b, &lay, threads, err)) == CM_OK)
        tiles_summary(&run, t_render - t_start, cm_now() - t_render, cpu_now() - c_render,
                      threads);
out:
    map_layer_cleanup(&lay);
    render_geoms_free(g);
    store_close(st);
    return rc;
}
