/* http_tiles.c - /tiles/{layer}/{version}/{z}/{x}/{y}[@2x].png: answered from a bounded memory
 * cache of ready responses, else from the disk cache, else rendered by src/render and written
 * to disk atomically (temp file + rename). Immutable: the URL carries the layer version
 * (stage http). */
#include "http_int.h"

#include "cm_log.h"
#include "http_layers.h"
#include "render_png.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TILE_CACHE "public, max-age=31536000, immutable"
#define TILE_MAX_BYTES (4u << 20) /* a tile file larger than this is not ours */
/* Deeper tiles are many (x4 per level) and quick to draw: memory cache only, so a crawler
 * cannot fill the disk. */
#define TILE_DISK_MAXZOOM 16

struct tile_req {
    char layer[65];
    int64_t version;
    int z, scale;
    long x, y;
};

/* Strict parse of "{layer}/{version}/{z}/{x}/{y}.png" or "...@2x.png": digits only, no
 * sign, names of [a-z0-9_-]. Anything else is not a tile. */
static int
tile_parse(const char *s, struct tile_req *t)
{
    long long v[4];
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-");
    const char *p = s + n;

    if (n == 0 || n >= sizeof t->layer || *p != '/')
        return -1;
    memcpy(t->layer, s, n);
    t->layer[n] = '\0';
    for (int i = 0; i < 4; i++) {
        size_t d = strspn(++p, "0123456789");
        if (d == 0 || d > 18)
            return -1;
        v[i] = strtoll(p, NULL, 10);
        p += d;
        if (i < 3 && *p != '/')
            return -1;
    }
    if (strcmp(p, ".png") == 0)
        t->scale = 1;
    else if (strcmp(p, "@2x.png") == 0)
        t->scale = 2;
    else
        return -1;
    t->version = v[0];
    t->z = (int)(v[1] > 99 ? 99 : v[1]);
    t->x = (long)v[2];
    t->y = (long)v[3];
    return 0;
}

static int
mkdir_parents(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        int bad;
        *p = '\0';
        bad = mkdir(path, 0755) != 0 && errno != EEXIST;
        *p = '/';
        if (bad)
            return -1;
    }
    return 0;
}

/* Write data to path through a unique temp file and rename: readers see all or nothing, and
 * two workers rendering the same tile both succeed. A failure only costs the cache. */
static void
disk_write(char *path, const void *data, size_t len)
{
    char tmp[PATH_MAX + 64];
    FILE *f;
    int ok;

    snprintf(tmp, sizeof tmp, "%s.%ld.%lu.tmp", path, (long)getpid(),
             (unsigned long)pthread_self());
    if (mkdir_parents(path) != 0 || (f = fopen(tmp, "wb")) == NULL) {
        cm_log(CM_LOG_WARN, "tiles", "cache %s: %s", path, strerror(errno));
        return;
    }
    ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        cm_log(CM_LOG_WARN, "tiles", "cache %s: write failed", path);
        unlink(tmp);
    }
}

/* The whole cached file into out, or -1 when it is not there. */
static int
disk_read(const char *path, struct cm_buf *out)
{
    char chunk[16384];
    struct stat sb;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > TILE_MAX_BYTES) {
        close(fd);
        return -1;
    }
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        cm_buf_append(out, chunk, (size_t)n);
    close(fd);
    return n == 0 && out->len > 0 ? 0 : -1;
}

static int
tile_respond(struct http_req *rq, const char *key, const char *etag, const void *data, size_t len,
             enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, mode);

    if (r == NULL) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free((void *)(uintptr_t)data);
        return CM_ENOMEM;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "image/png");
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, TILE_CACHE);
    http_security_headers(r);
    http_queue_shared(rq, MHD_HTTP_OK, r, len); /* MHD takes its own reference */
    if (!http_memo_keep(rq->srv->memo, key, r, len))
        MHD_destroy_response(r);
    return CM_OK;
}

static int
tile_produce(struct http_req *rq, const struct map_layer *l, const struct tile_req *t,
             const char *key, const char *etag, struct cm_err *err)
{
    char path[PATH_MAX];
    struct cm_buf png;
    int empty = 0, rc;

    snprintf(path, sizeof path, "%s/%s/%" PRId64 "/%d/%ld/%ld%s.png", rq->srv->tiles_dir, t->layer,
             t->version, t->z, t->x, t->y, t->scale == 2 ? "@2x" : "");
    cm_buf_init(&png);
    if (disk_read(path, &png) != 0) {
        cm_buf_reset(&png);
        rc = render_tile_png(rq->layers->geoms, &l->style, l->values, t->z, t->x, t->y, t->scale,
                             &png, &empty, err);
        if (rc != CM_OK) {
            cm_buf_cleanup(&png);
            return rc;
        }
        if (empty) { /* the shared empty tile: no inode, no copy */
            const unsigned char *data;
            size_t len;
            cm_buf_cleanup(&png);
            render_png_empty(t->scale, &data, &len);
            return tile_respond(rq, key, etag, data, len, MHD_RESPMEM_PERSISTENT);
        }
        if (t->z <= TILE_DISK_MAXZOOM)
            disk_write(path, png.data, png.len);
    }
    size_t len = png.len;
    return tile_respond(rq, key, etag, cm_buf_take(&png), len, MHD_RESPMEM_MUST_FREE);
}

int
http_tiles_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const struct map_layer *l;
    struct tile_req t;
    char key[128], etag[140];

    if (tile_parse(rest, &t) != 0)
        return cm_err_set(err, CM_ENOTFOUND, "not a tile URL");
    if ((l = http_layers_find(rq->layers, t.layer)) == NULL)
        return cm_err_set(err, CM_ENOTFOUND, "unknown layer %s", t.layer);
    if (t.version != l->layer->version)
        return cm_err_set(err, CM_ENOTFOUND, "layer %s is at version %" PRId64 ", not %" PRId64,
                          t.layer, l->layer->version, t.version);
    if (t.z < HTTP_TILE_MINZOOM || t.z > HTTP_TILE_MAXZOOM || t.x >= (1L << t.z) ||
        t.y >= (1L << t.z))
        return cm_err_set(err, CM_ENOTFOUND, "no tile %d/%ld/%ld", t.z, t.x, t.y);
    snprintf(key, sizeof key, "%s-%" PRId64 "-%d-%ld-%ld-%d", t.layer, t.version, t.z, t.x, t.y,
             t.scale);
    snprintf(etag, sizeof etag, "\"%s\"", key);
    if (http_not_modified(rq, etag, TILE_CACHE) || http_memo_serve(rq, rq->srv->memo, key))
        return CM_OK;
    return tile_produce(rq, l, &t, key, etag, err);
}
