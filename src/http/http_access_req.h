/* http_access_req.h - the request side of access (http stage): the session cookie, the
 * logged-in user, JSON bodies, audit rows, and the auth and member routes (api_auth.c,
 * api_members.c) for the server's route table. The CSRF check (custom header + same-host
 * Origin) of every state-changing request is done once, in the dispatcher (http_server.c). */
#ifndef HTTP_ACCESS_REQ_H
#define HTTP_ACCESS_REQ_H

#include "http_access.h"
#include "http_int.h"
#include "store_auth_session.h"

#define HTTP_SESSION_COOKIE "coopmap_session"

/* One request's view of accounts. */
struct http_auth {
    struct store *st;       /* borrowed: this worker thread's read-write store */
    struct store_user user; /* owned: the logged-in user (id 0 when nobody) */
    int64_t now;            /* the request's clock, Unix seconds */
};

/* Get this thread's read-write store (opened on first use); user stays empty. */
int http_auth_open(struct http_req *rq, struct http_auth *a, struct cm_err *err);
/* Open, then load the session's user: CM_EAUTH when not logged in (or expired). */
int http_auth_user(struct http_req *rq, struct http_auth *a, struct cm_err *err);
/* Release what a holds; safe on a zeroed struct. */
void http_auth_close(struct http_auth *a);
/* The request body as a JSON object (owned: json_decref); CM_EINPUT otherwise. */
int http_auth_body(struct http_req *rq, json_t **out, struct cm_err *err);
/* One audit row: a->user read subject's data (action such as "member_list"). Inside the
 * caller's transaction. */
int http_auth_audit(struct http_auth *a, const struct store_user *subject, const char *action,
                    struct cm_err *err);
/* Queue JSON with a Set-Cookie header (cookie NULL: none). o is consumed. */
int http_auth_send(struct http_req *rq, unsigned status, json_t *o, const char *cookie);

/* Routes: api_auth.c */
http_fn api_auth_login, api_auth_logout, api_auth_link, api_auth_me, api_auth_me_update;
/* A section as JSON (code, name, federation, territory, members, bbox); null when absent. */
json_t *api_members_section_json(struct store *st, int64_t section_id);
/* Routes: api_members.c */
http_fn api_members_section_get, api_members_section_post, api_members_federation_get,
    api_members_federation_post;

#endif
