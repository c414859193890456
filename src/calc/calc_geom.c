/* calc_geom.c - store polygons to GEOS in EPSG:3035 (calc layer). Polygon and MultiPolygon
 * WKB are read here, projecting each vertex on the way (one pass, no intermediate copy);
 * any other type goes through GEOS's WKB reader and GEOSGeom_transformXY. */
#include "calc_geom.h"

#include "cm_buf.h"
#include "cm_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEOM_MAX_THREADS 8

void
calc_geos_msg(const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cm_log(CM_LOG_DEBUG, "geos", "%s", buf);
}

int
calc_geoms_add(void *ctx, const char *code, const unsigned char *wkb, size_t len,
               struct cm_err *err)
{
    struct calc_geoms *g = ctx;

    (void)err;
    if (g->n == g->cap) {
        g->cap = cm_grow(g->cap, g->n + 1);
        g->codes = cm_xreallocarray(g->codes, g->cap, sizeof *g->codes);
        g->off = cm_xreallocarray(g->off, g->cap, sizeof *g->off);
        g->len = cm_xreallocarray(g->len, g->cap, sizeof *g->len);
    }
    if (g->buf_len + len > g->buf_cap) {
        g->buf_cap = cm_grow(g->buf_cap, g->buf_len + len);
        g->buf = cm_xreallocarray(g->buf, g->buf_cap, 1);
    }
    memset(g->codes[g->n], 0, STORE_CODE_LEN);
    strncpy(g->codes[g->n], code, STORE_CODE_LEN - 1);
    memcpy(g->buf + g->buf_len, wkb, len);
    g->off[g->n] = g->buf_len;
    g->len[g->n++] = len;
    g->buf_len += len;
    return CM_OK;
}

struct wkb {
    const unsigned char *p, *end;
    int le; /* little-endian */
};

static int
rd_u32(struct wkb *w, uint32_t *v)
{
    if (w->end - w->p < 4)
        return 0;
    *v = w->le ? (uint32_t)w->p[0] | (uint32_t)w->p[1] << 8 | (uint32_t)w->p[2] << 16
                     | (uint32_t)w->p[3] << 24
               : (uint32_t)w->p[3] | (uint32_t)w->p[2] << 8 | (uint32_t)w->p[1] << 16
                     | (uint32_t)w->p[0] << 24;
    w->p += 4;
    return 1;
}

static double
rd_f64(struct wkb *w)
{
    uint64_t u = 0;
    double d;

    for (int k = 0; k < 8; k++)
        u |= (uint64_t)w->p[w->le ? k : 7 - k] << (8 * k);
    w->p += 8;
    memcpy(&d, &u, 8);
    return d;
}

/* Byte order and type of the next (sub)geometry. */
static int
rd_head(struct wkb *w, uint32_t *type)
{
    if (w->p >= w->end || *w->p > 1)
        return 0;
    w->le = *w->p++ == 1;
    return rd_u32(w, type);
}

static GEOSGeometry *
rd_ring(GEOSContextHandle_t gh, struct wkb *w, double **xy, size_t *cap)
{
    GEOSCoordSequence *cs;
    uint32_t n;

    if (!rd_u32(w, &n) || n < 4 || (size_t)(w->end - w->p) / 16 < n)
        return NULL;
    if (2 * (size_t)n > *cap) {
        *cap = 2 * (size_t)n;
        *xy = cm_xreallocarray(*xy, *cap, sizeof **xy);
    }
    for (uint32_t i = 0; i < n; i++) {
        double lon = rd_f64(w), lat = rd_f64(w);
        calc_laea3035(lon, lat, &(*xy)[2 * i], &(*xy)[2 * i + 1]);
    }
    if ((cs = GEOSCoordSeq_copyFromBuffer_r(gh, *xy, n, 0, 0)) == NULL)
        return NULL;
    return GEOSGeom_createLinearRing_r(gh, cs);
}

static GEOSGeometry *
rd_polygon(GEOSContextHandle_t gh, struct wkb *w, double **xy, size_t *cap)
{
    GEOSGeometry *shell = NULL, **holes = NULL, *poly = NULL;
    uint32_t n, k = 0;

    if (!rd_u32(w, &n) || n == 0 || n > (uint32_t)(w->end - w->p) / 4)
        return NULL;
    if ((shell = rd_ring(gh, w, xy, cap)) == NULL)
        return NULL;
    holes = cm_xcalloc(n, sizeof *holes);
    for (k = 0; k + 1 < n; k++) {
        if ((holes[k] = rd_ring(gh, w, xy, cap)) == NULL)
            break;
    }
    if (k + 1 == n)
        poly = GEOSGeom_createPolygon_r(gh, shell, holes, n - 1);
    else {
        GEOSGeom_destroy_r(gh, shell);
        for (uint32_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(gh, holes[i]);
    }
    free(holes);
    return poly;
}

static GEOSGeometry *
rd_multi(GEOSContextHandle_t gh, struct wkb *w, double **xy, size_t *cap)
{
    GEOSGeometry **parts, *m = NULL;
    uint32_t n, k, type;

    if (!rd_u32(w, &n) || n == 0 || n > (uint32_t)(w->end - w->p) / 9)
        return NULL;
    parts = cm_xcalloc(n, sizeof *parts);
    for (k = 0; k < n; k++) {
        if (!rd_head(w, &type) || type != 3 || (parts[k] = rd_polygon(gh, w, xy, cap)) == NULL)
            break;
    }
    if (k == n)
        m = GEOSGeom_createCollection_r(gh, GEOS_MULTIPOLYGON, parts, n);
    else
        for (uint32_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(gh, parts[i]);
    free(parts);
    return m;
}

static int
laea_cb(double *x, double *y, void *ud)
{
    (void)ud;
    calc_laea3035(*x, *y, x, y);
    return 1;
}

static GEOSGeometry *
from_wkb(GEOSContextHandle_t gh, GEOSWKBReader *rd, const unsigned char *p, size_t len,
         double **xy, size_t *cap)
{
    struct wkb w = {p, p + len, 1};
    GEOSGeometry *g = NULL, *g4326;
    uint32_t type;

    if (rd_head(&w, &type) && (type == 3 || type == 6))
        g = type == 3 ? rd_polygon(gh, &w, xy, cap) : rd_multi(gh, &w, xy, cap);
    if (g)
        return g;
    if ((g4326 = GEOSWKBReader_read_r(gh, rd, p, len)) == NULL)
        return NULL;
    g = GEOSGeom_transformXY_r(gh, g4326, laea_cb, NULL);
    GEOSGeom_destroy_r(gh, g4326);
    return g;
}

struct build_job {
    struct calc_geoms *g;
    size_t lo, hi;
};

static void *
build_run(void *arg)
{
    struct build_job *j = arg;
    GEOSContextHandle_t gh = GEOS_init_r();
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gh);
    double *xy = NULL;
    size_t cap = 0;

    GEOSContext_setNoticeHandler_r(gh, calc_geos_msg);
    GEOSContext_setErrorHandler_r(gh, calc_geos_msg);
    for (size_t i = j->lo; i < j->hi; i++)
        j->g->geom[i] = from_wkb(gh, rd, j->g->buf + j->g->off[i], j->g->len[i], &xy, &cap);
    free(xy);
    GEOSWKBReader_destroy_r(gh, rd);
    GEOS_finish_r(gh);
    return NULL;
}

void
calc_geoms_build(struct calc_geoms *g, int n_threads)
{
    struct build_job j[GEOM_MAX_THREADS];
    pthread_t tid[GEOM_MAX_THREADS];
    int started[GEOM_MAX_THREADS] = {0};

    n_threads = n_threads < 1 ? 1 : n_threads > GEOM_MAX_THREADS ? GEOM_MAX_THREADS : n_threads;
    g->geom = cm_xcalloc(g->n + 1, sizeof *g->geom);
    for (int t = 0; t < n_threads; t++) {
        j[t] = (struct build_job){g, g->n * (size_t)t / (size_t)n_threads,
                                  g->n * (size_t)(t + 1) / (size_t)n_threads};
        started[t] = t > 0 && pthread_create(&tid[t], NULL, build_run, &j[t]) == 0;
    }
    for (int t = 0; t < n_threads; t++) {
        if (!started[t])
            build_run(&j[t]);
    }
    for (int t = 0; t < n_threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
    }
    free(g->buf);
    g->buf = NULL;
    g->buf_len = g->buf_cap = 0;
}

void
calc_geoms_compact(struct calc_geoms *g)
{
    size_t k = 0;

    for (size_t i = 0; i < g->n; i++) {
        if (g->geom[i] == NULL) {
            cm_log(CM_LOG_WARN, "calc", "area %s: unreadable geometry, skipped", g->codes[i]);
            continue;
        }
        memmove(g->codes[k], g->codes[i], STORE_CODE_LEN);
        g->geom[k++] = g->geom[i];
    }
    g->n = k;
}

void
calc_geoms_free(struct calc_geoms *g, GEOSContextHandle_t gh)
{
    for (size_t i = 0; g->geom && i < g->n; i++)
        GEOSGeom_destroy_r(gh, g->geom[i]);
    free(g->codes), free(g->off), free(g->len), free(g->buf), free(g->geom);
    memset(g, 0, sizeof *g);
}
