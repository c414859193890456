/* http_server.c - libmicrohttpd lifecycle, the route table, error -> status mapping, security
 * headers, access log and the per-worker stores (stage http). */
#include "http_int.h"
#include "http_access_req.h" /* accounts and members routes */
#include "api_entry.h"
#include "api_events.h"
#include "api_deleg.h"

#include "http_layers.h"

#include "cm_log.h"
#include "cm_progress.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HTTP_CONN_LIMIT 512          /* across the pool */
#define HTTP_CONN_PER_IP 256         /* loopback behind nginx is one address */
#define HTTP_CONN_TIMEOUT 30         /* seconds of silence before a connection is closed */
/* Per connection: request line and headers must fit (nginx allows 4 x 8 KiB); MHD clears the
 * pool between requests, so a smaller pool is also a faster keep-alive. */
#define HTTP_CONN_MEMORY (16 * 1024)

static const struct route {
    const char *method;
    const char *pattern; /* exact path, or a prefix when it ends with '/' and prefix is set;
                          * a '*' matches one path segment (rest then starts there) */
    int prefix;
    http_fn *fn;
} routes[] = {
    {"GET", "/", 0, http_static_index},
    {"GET", "/static/leaflet/", 1, http_static_leaflet},
    {"GET", "/static/", 1, http_static_file},
    {"GET", "/api/bureaux/at", 0, http_api_bureau_at},
    {"GET", "/api/bureaux/", 1, http_api_bureau},
    {"GET", "/api/search", 0, http_api_search},
    {"GET", "/api/layers", 0, http_api_layers},
    {"GET", "/api/rank", 0, http_api_rank},
    {"GET", "/api/rank.csv", 0, api_entry_rank_csv},
    {"GET", "/api/print", 0, http_api_print},
    {"GET", "/tiles/", 1, http_tiles_get},
    /* accounts and members (api_auth.c, api_members.c): each asks http_access_check */
    {"POST", "/api/login", 0, api_auth_login},
    {"POST", "/api/logout", 0, api_auth_logout},
    {"POST", "/api/link", 0, api_auth_link},
    {"GET", "/api/me", 0, api_auth_me},
    {"POST", "/api/me", 0, api_auth_me_update},
    /* delegated rights (api_deleg_routes.c), before the section prefix routes */
    {"GET", "/api/sections/*/delegations", 0, api_deleg_section},
    {"POST", "/api/sections/*/delegations", 0, api_deleg_section},
    {"GET", "/api/federations/*/delegations", 0, api_deleg_federation},
    {"POST", "/api/delegations/", 1, api_deleg_revoke},
    {"GET", "/api/delegations", 0, api_deleg_mine},
    {"GET", "/api/sections/", 1, api_members_section_get},
    {"POST", "/api/sections/", 1, api_members_section_post},
    {"GET", "/api/federations/", 1, api_members_federation_get},
    {"POST", "/api/federations/", 1, api_members_federation_post},
    /* events (api_events.c): near me, .ics, join/leave; each asks http_access_check */
    {"GET", "/api/events", 0, api_events_list},
    {"GET", "/api/events/", 1, api_events_get},
    {"POST", "/api/events", 0, api_events_create},
    {"POST", "/api/events/", 1, api_events_post},
    {"PUT", "/api/events/", 1, api_events_put},
    /* results typed bureau by bureau (api_entry.c): section readers see, secretaries save */
    {"GET", "/api/results/", 1, api_entry_get},
    {"POST", "/api/results/", 1, api_entry_save},
    {"PUT", "/api/results/", 1, api_entry_save},
    {"GET", "/api/transfers", 0, api_entry_transfers_get},
    {"PUT", "/api/transfers", 0, api_entry_transfers_put},
    {"POST", "/api/transfers", 0, api_entry_transfers_put},
};

/* The only place where errors become statuses. */
static unsigned
http_status_for(int code)
{
    switch (code) {
    case CM_EINPUT:
    case CM_EUSAGE: return MHD_HTTP_BAD_REQUEST;
    case CM_EAUTH: return MHD_HTTP_UNAUTHORIZED;
    case CM_EFORBIDDEN: return MHD_HTTP_FORBIDDEN;
    case CM_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case CM_ECONFLICT: return MHD_HTTP_CONFLICT;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

void
http_security_headers(struct MHD_Response *resp)
{
    /* no inline script anywhere: the page loads app.js; tiles and Leaflet icons are 'self' */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

int
http_queue_shared(struct http_req *rq, unsigned status, struct MHD_Response *resp, size_t len)
{
    enum MHD_Result ok = MHD_queue_response(rq->conn, status, resp);

    rq->status = status;
    rq->bytes = len;
    return ok == MHD_YES ? CM_OK : CM_EIO;
}

int
http_queue(struct http_req *rq, unsigned status, struct MHD_Response *resp, size_t len)
{
    int rc;

    if (resp == NULL)
        return CM_ENOMEM;
    http_security_headers(resp);
    rc = http_queue_shared(rq, status, resp, len);
    MHD_destroy_response(resp); /* MHD keeps its own reference */
    return rc;
}

int
http_send_buf(struct http_req *rq, unsigned status, const char *type, const void *data, size_t len)
{
    /* 0.9.75 has no const API; MUST_COPY never writes through the pointer */
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);

    if (r == NULL)
        return CM_ENOMEM;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    return http_queue(rq, status, r, len);
}

int
http_send_json_text(struct http_req *rq, unsigned status, const char *text, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)text, MHD_RESPMEM_MUST_COPY);

    if (r == NULL)
        return CM_ENOMEM;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    return http_queue(rq, status, r, len);
}

int
http_send_json(struct http_req *rq, unsigned status, json_t *o)
{
    char *s = o ? json_dumps(o, HTTP_JSON_FLAGS) : NULL;
    int rc;

    json_decref(o);
    if (s == NULL)
        return CM_ENOMEM;
    rc = http_send_json_text(rq, status, s, strlen(s));
    free(s);
    return rc;
}

int
http_send_fd(struct http_req *rq, int fd, size_t size, const char *type, const char *encoding,
             const char *etag, const char *cache_control)
{
    struct MHD_Response *r = MHD_create_response_from_fd(size, fd); /* sendfile on Linux */

    if (r == NULL) {
        close(fd);
        return CM_ENOMEM;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (encoding)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, encoding);
    MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (etag)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    if (cache_control)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache_control);
    return http_queue(rq, MHD_HTTP_OK, r, size);
}

int
http_not_modified(struct http_req *rq, const char *etag, const char *cache_control)
{
    const char *inm =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    struct MHD_Response *r;

    if (inm == NULL || (strstr(inm, etag) == NULL && strcmp(inm, "*") != 0))
        return 0;
    r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return 0;
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    if (cache_control)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache_control);
    http_queue(rq, MHD_HTTP_NOT_MODIFIED, r, 0);
    return 1;
}

const char *
http_arg(struct http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* The SQLite connection and the SpatiaLite cache are per connection: one per worker thread,
 * registered so that stop can close them after the pool has joined. */
static _Thread_local struct store *tl_store;
static _Thread_local const struct http_server *tl_owner;

int
http_store(struct http_req *rq, struct store **st_out, struct cm_err *err)
{
    struct http_server *srv = rq->srv;
    int rc;

    if (tl_store == NULL || tl_owner != srv) {
        struct store *st = NULL;
        if ((rc = store_open(srv->db, STORE_READONLY, &st, err)) != CM_OK)
            return rc;
        pthread_mutex_lock(&srv->mu);
        srv->stores = cm_xreallocarray(srv->stores, srv->n_stores + 1, sizeof *srv->stores);
        srv->stores[srv->n_stores++] = st;
        pthread_mutex_unlock(&srv->mu);
        tl_store = st;
        tl_owner = srv;
    }
    *st_out = tl_store;
    return CM_OK;
}

static int
http_send_error(struct http_req *rq, int code, const struct cm_err *err)
{
    unsigned status = http_status_for(code);
    const char *msg = err && err->msg[0] ? err->msg : cm_err_name(code);

    if (status >= 500) {
        cm_log(CM_LOG_ERROR, "http", "%s %s: %s", rq->method, rq->path, msg);
        msg = "internal error"; /* the detail stays in the log */
    }
    return http_send_json(
        rq, status, json_pack("{s:{s:s,s:s}}", "error", "code", cm_err_name(code), "message", msg));
}

static int
route_matches(const struct route *r, const char *path, const char **rest)
{
    size_t n = strlen(r->pattern);
    const char *star = strchr(r->pattern, '*');

    if (star) { /* "head*tail": one non-empty segment between head and exactly tail */
        size_t h = (size_t)(star - r->pattern), seg;
        if (strncmp(path, r->pattern, h) != 0 || (seg = strcspn(path + h, "/")) == 0
            || strcmp(path + h + seg, star + 1) != 0)
            return 0;
        *rest = path + h;
        return 1;
    }
    if (r->prefix ? strncmp(path, r->pattern, n) != 0 : strcmp(path, r->pattern) != 0)
        return 0;
    *rest = path + n;
    return 1;
}

/* Origin "scheme://host[:port]" names this server's Host. */
static int
origin_is_host(const char *origin, const char *host)
{
    const char *p = strstr(origin, "://");

    return p && host && strcmp(p + 3, host) == 0 &&
           (strncmp(origin, "http://", 7) == 0 || strncmp(origin, "https://", 8) == 0);
}

/* A request that may change state (any method but GET/HEAD) must carry our custom header,
 * which a cross-site form cannot send and a cross-site script cannot send without a CORS
 * preflight we never grant, and, when the browser names its Origin, come from this host. */
static int
http_state_change_allowed(struct http_req *rq, struct cm_err *err)
{
    struct MHD_Connection *c = rq->conn;
    const char *xrw, *origin, *host;

    if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
        return CM_OK;
    xrw = MHD_lookup_connection_value(c, MHD_HEADER_KIND, HTTP_CSRF_HEADER);
    origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (xrw == NULL || strcmp(xrw, HTTP_CSRF_VALUE) != 0)
        return cm_err_set(err, CM_EFORBIDDEN, "missing header %s: %s", HTTP_CSRF_HEADER,
                          HTTP_CSRF_VALUE);
    if (origin && !origin_is_host(origin, host))
        return cm_err_set(err, CM_EFORBIDDEN, "cross-origin request refused");
    return CM_OK;
}

static int
http_dispatch(struct http_req *rq)
{
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    struct cm_err err = {0};
    const char *rest;
    int rc, path_known = 0;

    if ((rc = http_state_change_allowed(rq, &err)) != CM_OK)
        return http_send_error(rq, rc, &err);
    rq->layers = http_layers_acquire(rq->srv);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!route_matches(&routes[i], rq->path, &rest))
            continue;
        path_known = 1;
        if (strcmp(routes[i].method, method) != 0)
            continue;
        if ((rc = routes[i].fn(rq, rest, &err)) != CM_OK && rq->status == 0)
            return http_send_error(rq, rc, &err);
        return rc;
    }
    if (path_known) {
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        return http_queue(rq, MHD_HTTP_METHOD_NOT_ALLOWED, r, 0);
    }
    cm_err_set(&err, CM_ENOTFOUND, "no such page");
    return http_send_error(rq, CM_ENOTFOUND, &err);
}

/* Refuse a declared body past the cap at once, before reading it; MHD then closes. */
static int
declared_too_big(struct MHD_Connection *c, int upload)
{
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

    return cl && strtoull(cl, NULL, 10) > (upload ? HTTP_MAX_UPLOAD : HTTP_MAX_BODY);
}

/* An upload is refused before its body is read unless it carries our header and a live
 * session: the temp file is only ever written for a signed-in user of our page. 1 when a
 * refusal was queued. */
static int
upload_refused(struct http_req *rq)
{
    struct cm_err err = {0};
    int rc = http_state_change_allowed(rq, &err);

    if (rc == CM_OK)
        rc = http_upload_session(rq, &err);
    if (rc == CM_OK)
        return 0;
    http_send_error(rq, rc, &err);
    return 1;
}

/* A request refused before routing; MHD closes the connection when the body is unread. */
static enum MHD_Result
send_refusal(struct http_req *rq, unsigned status)
{
    return http_send_buf(rq, status, "text/plain; charset=utf-8", "request too large\n", 18) ==
                   CM_OK
               ? MHD_YES
               : MHD_NO;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    struct http_req *rq = *con_cls;
    size_t n;

    (void)version;
    if (rq == NULL) {
        /* Queueing now would make MHD answer with Connection: close: wait for the next call */
        rq = cm_xcalloc(1, sizeof *rq);
        rq->conn = c;
        rq->srv = cls;
        rq->method = method;
        rq->t0 = cm_now();
        rq->upload_fd = -1;
        rq->upload = http_upload_route(method, url);
        *con_cls = rq;
        if ((n = strlen(url)) >= sizeof rq->path)
            return send_refusal(rq, MHD_HTTP_URI_TOO_LONG);
        memcpy(rq->path, url, n + 1);
        if (declared_too_big(c, rq->upload))
            return send_refusal(rq, MHD_HTTP_CONTENT_TOO_LARGE);
        if (rq->upload)
            upload_refused(rq); /* a refusal queued now, or the body may come */
        return MHD_YES;
    }
    if (*upload_size > 0 && rq->status != 0) { /* refused: the body is dropped unread */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size > 0 && rq->upload) {
        http_upload_chunk(rq, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (rq->body.len + *upload_size > HTTP_MAX_BODY)
            rq->too_big = 1;
        else
            cm_buf_append(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->status != 0)
        return MHD_YES; /* already answered */
    if (rq->too_big)
        return send_refusal(rq, MHD_HTTP_CONTENT_TOO_LARGE);
    if (rq->upload_failed) /* the cause is in the log */
        return http_send_buf(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
                             "internal error\n", 15) == CM_OK ? MHD_YES : MHD_NO;
    return http_dispatch(rq) == CM_OK ? MHD_YES : MHD_NO;
}

/* One access-log line per request: no client address, no query string (no personal data). */
static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_req *rq = *con_cls;

    (void)c;
    if (rq == NULL)
        return;
    if (srv->access_log) {
        char ts[32], path[HTTP_MAX_PATH];
        time_t now = time(NULL);
        struct tm tm;
        size_t i;
        for (i = 0; rq->path[i] && i + 1 < sizeof path; i++)
            path[i] = (rq->path[i] > ' ' && rq->path[i] < 127) ? rq->path[i] : '?';
        path[i] = '\0';
        gmtime_r(&now, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        fprintf(srv->access_log, "%s access: %s %s %u %zu %.1fms%s\n", ts, rq->method, path,
                rq->status, rq->bytes, (cm_now() - rq->t0) * 1e3,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    }
    http_layers_release(rq->layers);
    http_upload_close(rq);
    cm_buf_cleanup(&rq->body);
    free(rq);
    *con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    size_t n;

    (void)cls;
    vsnprintf(line, sizeof line, fmt, ap);
    n = strlen(line);
    while (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    cm_log(CM_LOG_WARN, "mhd", "%s", line);
}

static int
parse_bind(const struct http_options *opt, struct sockaddr_storage *sa, unsigned *flags,
           struct cm_err *err)
{
    memset(sa, 0, sizeof *sa);
    if (opt->port < 0 || opt->port > 65535)
        return cm_err_set(err, CM_EINPUT, "--port %ld: not a TCP port", opt->port);
    if (strchr(opt->bind, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)sa;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)opt->port);
        *flags |= MHD_USE_IPv6;
        if (inet_pton(AF_INET6, opt->bind, &s6->sin6_addr) == 1)
            return CM_OK;
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)sa;
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)opt->port);
        if (inet_pton(AF_INET, opt->bind, &s4->sin_addr) == 1)
            return CM_OK;
    }
    return cm_err_set(err, CM_EINPUT, "--bind %s: not an IP address", opt->bind);
}

static int
server_paths(struct http_server *srv, const struct http_options *opt, struct cm_err *err)
{
    if ((srv->web_dir = realpath(opt->web_dir, NULL)) == NULL)
        return cm_err_set(err, CM_EINPUT, "web dir %s: %s", opt->web_dir, strerror(errno));
    if (opt->leaflet_dir && (srv->leaflet_dir = realpath(opt->leaflet_dir, NULL)) == NULL)
        cm_log(CM_LOG_WARN, "http", "Leaflet dir %s: %s (apt-get install libjs-leaflet)",
               opt->leaflet_dir, strerror(errno));
    srv->db = cm_xstrdup(opt->db);
    srv->tiles_dir = cm_xstrdup(opt->tiles_dir);
    srv->print_max_sheets = opt->print_max_sheets;
    srv->access_log = opt->access_log;
    srv->memo = http_memo_new();
    return CM_OK;
}

int
http_server_start(const struct http_options *opt, struct http_server **srv_out, struct cm_err *err)
{
    struct http_server *srv = cm_xcalloc(1, sizeof *srv);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    unsigned threads =
        opt->threads > 0 ? (unsigned)opt->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    struct sockaddr_storage sa;
    struct store *wst = NULL;
    const union MHD_DaemonInfo *info;
    int rc;

    *srv_out = NULL;
    pthread_mutex_init(&srv->mu, NULL);
    pthread_mutex_init(&srv->layers_mu, NULL);
    if ((rc = parse_bind(opt, &sa, &flags, err)) != CM_OK ||
        (rc = server_paths(srv, opt, err)) != CM_OK)
        goto out;
    /* outlines and layers for every worker, then follow the store; fails now, not at the
     * first request */
    if ((rc = store_open(srv->db, STORE_READONLY, &wst, err)) != CM_OK)
        goto out;
    if ((rc = http_watch_start(srv, wst, &srv->watch, err)) != CM_OK) {
        store_close(wst);
        goto out;
    }
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        threads < 1 ? 1u : threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONN_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_CONN_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONN_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        rc =
            cm_err_set(err, CM_EIO, "cannot listen on %s port %ld (in use?)", opt->bind, opt->port);
        goto out;
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf("serving http://%s%s%s:%u/ (%u threads)\n", strchr(opt->bind, ':') ? "[" : "", opt->bind,
           strchr(opt->bind, ':') ? "]" : "", info ? info->port : (unsigned)opt->port, threads);
    fflush(stdout);
    *srv_out = srv;
    return CM_OK;
out:
    http_server_stop(srv);
    return rc;
}

void
http_server_stop(struct http_server *srv)
{
    if (srv == NULL)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon); /* joins the pool: no request runs past this */
    http_watch_stop(srv->watch);
    http_memo_free(srv->memo); /* after the pool: no request holds a slot any more */
    http_layers_release(srv->layers);
    pthread_mutex_destroy(&srv->layers_mu);
    for (size_t i = 0; i < srv->n_stores; i++)
        store_close(srv->stores[i]);
    free(srv->stores);
    pthread_mutex_destroy(&srv->mu);
    free(srv->db);
    free(srv->web_dir);
    free(srv->leaflet_dir);
    free(srv->tiles_dir);
    free(srv);
}

int
http_serve(const struct http_options *opt, struct cm_err *err)
{
    struct http_server *srv = NULL;
    sigset_t set;
    int sig = 0, rc;

    /* Block the stop signals before the pool starts, so every worker inherits the mask and
     * only sigwait below sees them. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if ((rc = http_server_start(opt, &srv, err)) != CM_OK)
        return rc;
    sigwait(&set, &sig);
    cm_log(CM_LOG_INFO, "http", "signal %d: stopping", sig);
    http_server_stop(srv);
    return CM_OK;
}
