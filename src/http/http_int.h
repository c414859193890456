/* http_int.h - private to src/http/: the server, one request, responses and the routes. */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include "cm_buf.h"
#include "http.h"
#include "store.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>

#define HTTP_MAX_BODY (64 * 1024) /* request bodies: JSON forms */
/* The one upload (POST /api/results/E/R/upload, a results file): streamed to a private temp
 * file, never held in memory. */
#define HTTP_MAX_UPLOAD (20 * 1024 * 1024)
#define HTTP_UPLOAD_SUFFIX "/upload"
#define HTTP_MAX_PATH 1024
/* Every state-changing request carries this header (fetch from our page sets it). */
#define HTTP_CSRF_HEADER "X-Requested-With"
#define HTTP_CSRF_VALUE "coopmap"
#define HTTP_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

struct http_layers; /* http_layers.c: the layers loaded once at start */
struct http_memo;   /* http_memo.c: ready responses of immutable URLs */
struct http_watch;  /* http_reload.c: reloads the layers when the store changes */

struct http_server {
    struct MHD_Daemon *daemon;  /* owned */
    char *db;                   /* owned */
    char *web_dir;              /* owned: realpath */
    char *leaflet_dir;          /* owned: realpath, NULL when Leaflet is not installed */
    char *tiles_dir;            /* owned */
    FILE *access_log;           /* borrowed */
    long print_max_sheets;      /* /api/print bound on sheets */
    pthread_mutex_t layers_mu;  /* guards the layers pointer (not the set, read-only) */
    struct http_layers *layers; /* one reference owned; replaced by the watcher */
    struct http_watch *watch;   /* owned */
    struct http_memo *memo;     /* owned */
    pthread_mutex_t mu;         /* guards stores */
    struct store **stores;      /* owned: one per worker thread that served a request */
    size_t n_stores;
};

struct http_req {
    struct MHD_Connection *conn; /* borrowed */
    struct http_server *srv;     /* borrowed */
    const char *method;          /* borrowed from MHD; HEAD is routed as GET */
    char path[HTTP_MAX_PATH];    /* decoded path, for routing and the access log */
    struct cm_buf body;          /* owned: request body, at most HTTP_MAX_BODY */
    int too_big;                 /* the body went past HTTP_MAX_BODY (or HTTP_MAX_UPLOAD) */
    int upload;                  /* an upload route: the body goes to upload_path */
    int upload_fd;               /* owned: -1 when closed; the file is unlinked at completion */
    int upload_failed;           /* writing the temp file failed */
    size_t upload_len;           /* bytes written to upload_path */
    char upload_path[64];        /* "" until the first byte arrives */
    unsigned status;             /* status queued, for the access log */
    size_t bytes;                /* body bytes queued */
    double t0;                   /* arrival time */
    struct http_layers *layers;  /* one reference, held from routing to completion */
};

/* A route handler: queue a response and return CM_OK, or return an error that the
 * dispatcher maps to a status. rest is the path after the route's prefix. */
typedef int http_fn(struct http_req *rq, const char *rest, struct cm_err *err);

/* Add the headers every response carries (CSP, nosniff, referrer policy). */
void http_security_headers(struct MHD_Response *resp);
/* Queue resp (headers complete) with status; MHD takes its own reference, ours stays. */
int http_queue_shared(struct http_req *rq, unsigned status, struct MHD_Response *resp, size_t len);
/* Add the security headers, queue resp with status and drop our reference to it. */
int http_queue(struct http_req *rq, unsigned status, struct MHD_Response *resp, size_t len);
/* Queue a copy of data. */
int http_send_buf(struct http_req *rq, unsigned status, const char *type, const void *data,
                  size_t len);
/* Queue a copy of JSON text, not cached by the browser (no-cache: revalidate). */
int http_send_json_text(struct http_req *rq, unsigned status, const char *text, size_t len);
/* Queue o as JSON (o is consumed, json_decref). */
int http_send_json(struct http_req *rq, unsigned status, json_t *o);
/* Queue an open file; fd is consumed (closed by MHD or here on failure). encoding (e.g.
 * "gzip" for a precompressed file), etag and cache_control may be NULL. */
int http_send_fd(struct http_req *rq, int fd, size_t size, const char *type, const char *encoding,
                 const char *etag, const char *cache_control);
/* 304 for a matching If-None-Match; returns 1 when queued, 0 otherwise. */
int http_not_modified(struct http_req *rq, const char *etag, const char *cache_control);
/* Query argument or NULL. */
const char *http_arg(struct http_req *rq, const char *name);
/* This worker thread's read-only store (opened on first use, closed at stop); borrowed. */
int http_store(struct http_req *rq, struct store **st_out, struct cm_err *err);
/* MIME type by file extension. */
const char *http_mime_type(const char *path);

/* A reference to the current layer set (http_layers_release when done). */
struct http_layers *http_layers_acquire(struct http_server *srv);
/* Load the layers from st and watch it for commits; st is owned by the watcher on success. */
int http_watch_start(struct http_server *srv, struct store *st, struct http_watch **out,
                     struct cm_err *err);
/* Check the store now rather than at the next poll (after a save that changed layers);
 * NULL is a no-op. */
void http_watch_wake(struct http_watch *w);
/* Stop and join the watcher, close its store; NULL is a no-op. */
void http_watch_stop(struct http_watch *w);

/* The response cache: new/free around the daemon's life. */
struct http_memo *http_memo_new(void);
void http_memo_free(struct http_memo *m);
/* Queue the kept response for key with status 200; 1 if there was one, 0 otherwise. */
int http_memo_serve(struct http_req *rq, struct http_memo *m, const char *key);
/* Keep resp under key, taking over the caller's reference; 0 (the caller keeps its
 * reference) when the byte budget is spent. */
int http_memo_keep(struct http_memo *m, const char *key, struct MHD_Response *resp, size_t len);

/* Uploads (http_upload.c). 1 when method and url name the upload route. */
int http_upload_route(const char *method, const char *url);
/* Append a body chunk to the request's private temp file (created 0600 on the first chunk);
 * sets too_big past HTTP_MAX_UPLOAD, upload_failed on a write error. */
void http_upload_chunk(struct http_req *rq, const char *data, size_t n);
/* CM_OK when the request carries a live session (CM_EAUTH otherwise): checked before a byte
 * of an upload is stored. */
int http_upload_session(struct http_req *rq, struct cm_err *err);
/* Close and unlink the temp file; safe when none was made. */
void http_upload_close(struct http_req *rq);

/* Routes (http_static.c, http_api.c, http_tiles.c). */
http_fn http_static_index, http_static_file, http_static_leaflet;
http_fn http_api_bureau, http_api_bureau_at, http_api_search, http_api_layers, http_api_rank;
http_fn http_api_print; /* http_print.c */
http_fn http_tiles_get;

#endif
