/* http.h - the map server (stage http): libmicrohttpd with an epoll thread pool, static page,
 * tiles and JSON API over the store. Never draws pixels (render does) nor speaks SQL (store). */
#ifndef HTTP_H
#define HTTP_H

#include "cm_err.h"

#include <stdio.h>

struct http_options {
    const char *db;          /* store path, opened read-only once per worker thread */
    const char *bind;        /* IPv4 or IPv6 literal */
    long port;               /* 0: any free port (printed on stdout) */
    long threads;            /* worker threads; 0: one per core */
    const char *web_dir;     /* the page: index.html, app.js, style.css */
    const char *leaflet_dir; /* Leaflet's dist directory (Debian libjs-leaflet) */
    const char *tiles_dir;   /* disk cache of rendered tiles, created if missing */
    FILE *access_log;        /* borrowed; NULL: no access log */
    long print_max_sheets;   /* /api/print: sheets for at most this many bureaux (0: no bound) */
};

struct http_server;

/* Start serving; *srv_out owned by the caller (http_server_stop). Prints the URL on stdout.
 * CM_EINPUT for a bad bind address or a missing web dir, CM_EIO when the port is taken. */
int http_server_start(const struct http_options *opt, struct http_server **srv_out,
                      struct cm_err *err);
/* Stop accepting, finish the requests in flight, close every worker's store; NULL is a no-op. */
void http_server_stop(struct http_server *srv);
/* Start, block until SIGINT or SIGTERM, then stop gracefully. */
int http_serve(const struct http_options *opt, struct cm_err *err);

#endif
