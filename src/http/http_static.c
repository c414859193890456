/* http_static.c - the page and its files: web/ and Leaflet's directory only, each path checked
 * with realpath after URL decoding, so "..%2f" and symlinks cannot leave the root (stage http). */
#include "http_int.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The page changes with each build: revalidate (ETag) rather than cache blindly. */
#define STATIC_CACHE "no-cache"

const char *
http_mime_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

/* Open root/rel if, once resolved, it is a regular file inside root. */
static int
static_open(const char *root, const char *rel, int *fd_out, struct stat *sb, struct cm_err *err)
{
    char joined[PATH_MAX], *real = NULL;
    size_t n = strlen(root);
    int rc = CM_OK;

    *fd_out = -1;
    if (rel[0] == '\0' || rel[0] == '/' || strstr(rel, "..") || strchr(rel, '\\'))
        return cm_err_set(err, CM_ENOTFOUND, "no such file");
    if ((size_t)snprintf(joined, sizeof joined, "%s/%s", root, rel) >= sizeof joined)
        return cm_err_set(err, CM_ENOTFOUND, "no such file");
    /* realpath resolves symlinks too: the result must still lie under root */
    if ((real = realpath(joined, NULL)) == NULL || strncmp(real, root, n) != 0 || real[n] != '/') {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such file");
        goto out;
    }
    if ((*fd_out = open(real, O_RDONLY | O_CLOEXEC)) < 0 || fstat(*fd_out, sb) != 0 ||
        !S_ISREG(sb->st_mode)) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such file");
        goto out;
    }
out:
    if (rc != CM_OK && *fd_out >= 0) {
        close(*fd_out);
        *fd_out = -1;
    }
    free(real);
    return rc;
}

/* The client takes gzip (and did not refuse it with q=0). */
static int
accepts_gzip(struct http_req *rq)
{
    const char *ae =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    const char *g = ae ? strstr(ae, "gzip") : NULL;

    return g && strncmp(g + 4, ";q=0", 4) != 0;
}

/* rel, or its precompressed twin rel.gz when there is one and the client takes gzip (Debian
 * ships leaflet.min.js.gz: 39 KB instead of 141 KB on a phone). */
static int
static_send(struct http_req *rq, const char *root, const char *rel, struct cm_err *err)
{
    struct stat sb;
    char etag[64], gz[HTTP_MAX_PATH + 4];
    const char *enc = NULL;
    int fd = -1, rc;

    if (root == NULL)
        return cm_err_set(err, CM_ENOTFOUND, "no such file");
    if (accepts_gzip(rq) && (size_t)snprintf(gz, sizeof gz, "%s.gz", rel) < sizeof gz &&
        static_open(root, gz, &fd, &sb, NULL) == CM_OK)
        enc = "gzip";
    else if ((rc = static_open(root, rel, &fd, &sb, err)) != CM_OK)
        return rc;
    snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)sb.st_size,
             (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
                 (unsigned long long)sb.st_mtim.tv_nsec,
             enc ? "-gz" : "");
    if (http_not_modified(rq, etag, STATIC_CACHE)) {
        close(fd);
        return CM_OK;
    }
    return http_send_fd(rq, fd, (size_t)sb.st_size, http_mime_type(rel), enc, etag, STATIC_CACHE);
}

int
http_static_index(struct http_req *rq, const char *rest, struct cm_err *err)
{
    (void)rest;
    return static_send(rq, rq->srv->web_dir, "index.html", err);
}

int
http_static_file(struct http_req *rq, const char *rest, struct cm_err *err)
{
    return static_send(rq, rq->srv->web_dir, rest, err);
}

int
http_static_leaflet(struct http_req *rq, const char *rest, struct cm_err *err)
{
    return static_send(rq, rq->srv->leaflet_dir, rest, err);
}
