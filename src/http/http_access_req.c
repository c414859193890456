/* http_access_req.c - session cookie -> user, JSON bodies, audit rows (http stage). Each
 * worker thread keeps its own read-write store (sessions and audit rows are written; the
 * server's per-worker stores are read-only), closed by a thread-key destructor when the pool
 * stops: opening SpatiaLite per request cost ~10 ms. */
#include "http_access_req.h"
#include "store_deleg.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct rw_store {
    struct store *st; /* owned */
    char *db;         /* owned: the path it was opened on */
};

static pthread_key_t rw_key;
static pthread_once_t rw_once = PTHREAD_ONCE_INIT;

static void
rw_free(void *p)
{
    struct rw_store *r = p;

    store_close(r->st);
    free(r->db);
    free(r);
}

static void
rw_key_make(void)
{
    pthread_key_create(&rw_key, rw_free);
}

int
http_auth_open(struct http_req *rq, struct http_auth *a, struct cm_err *err)
{
    struct rw_store *r;
    int rc;

    memset(a, 0, sizeof *a);
    a->now = (int64_t)time(NULL);
    pthread_once(&rw_once, rw_key_make);
    r = pthread_getspecific(rw_key);
    if (r && strcmp(r->db, rq->srv->db) != 0) { /* another server in this process */
        rw_free(r);
        r = NULL;
        pthread_setspecific(rw_key, NULL);
    }
    if (r == NULL) {
        r = cm_xcalloc(1, sizeof *r);
        if ((rc = store_open(rq->srv->db, 0, &r->st, err)) != CM_OK) {
            free(r);
            return rc;
        }
        r->db = cm_xstrdup(rq->srv->db);
        pthread_setspecific(rw_key, r);
    }
    a->st = r->st;
    return CM_OK;
}

int
http_auth_user(struct http_req *rq, struct http_auth *a, struct cm_err *err)
{
    const char *tok = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
    int64_t uid = 0;
    int rc;

    if ((rc = http_auth_open(rq, a, err)) != CM_OK)
        return rc;
    if (tok == NULL)
        return cm_err_set(err, CM_EAUTH, "not logged in");
    if ((rc = store_auth_session_check(a->st, tok, a->now, &store_auth_policy_default, &uid,
                                       err)) != CM_OK)
        return rc;
    if ((rc = store_user_get(a->st, uid, NULL, &a->user, NULL)) != CM_OK || a->user.disabled) {
        store_user_cleanup(&a->user);
        return cm_err_set(err, CM_EAUTH, "not logged in");
    }
    /* delegations are read on every request, never kept in the session: a revocation or an
     * expiry holds from the next request on */
    return store_deleg_grants_load(a->st, &a->user, a->now, err);
}

void
http_auth_close(struct http_auth *a)
{
    store_user_cleanup(&a->user);
    if (a->st)
        store_rollback(a->st); /* a failed handler must not leave the next one in its tx */
    a->st = NULL;
}

int
http_auth_body(struct http_req *rq, json_t **out, struct cm_err *err)
{
    json_error_t jerr;

    *out = json_loadb(rq->body.data ? rq->body.data : "", rq->body.len, JSON_REJECT_DUPLICATES,
                      &jerr);
    if (*out == NULL || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return cm_err_set(err, CM_EINPUT, "the body must be a JSON object");
    }
    return CM_OK;
}

int
http_auth_audit(struct http_auth *a, const struct store_user *subject, const char *action,
                struct cm_err *err)
{
    struct store_audit row = {0};

    row.at = a->now;
    row.actor_id = a->user.id;
    row.subject_id = subject->id;
    snprintf(row.federation, sizeof row.federation, "%s",
             subject->federation ? subject->federation : "");
    snprintf(row.action, sizeof row.action, "%s", action);
    snprintf(row.via, sizeof row.via, "http");
    return store_audit_add(a->st, &row, err);
}

int
http_auth_send(struct http_req *rq, unsigned status, json_t *o, const char *cookie)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    struct MHD_Response *r;
    size_t len;

    json_decref(o);
    if (s == NULL)
        return CM_ENOMEM;
    len = strlen(s);
    if ((r = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE)) == NULL) {
        free(s);
        return CM_ENOMEM;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (cookie)
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    return http_queue(rq, status, r, len);
}
