/* api_deleg.h - delegated rights (http stage): the grant policy shared by the command line
 * and the server (what a grantor may hand on), the gate every delegable route goes through
 * (decide, audit denials of delegates, audit actions done on behalf of a section), and the
 * delegation routes for the server's table (api_deleg_routes.c). */
#ifndef API_DELEG_H
#define API_DELEG_H

#include "http_access.h"
#include "store_deleg.h"

struct http_req;
struct http_auth;

struct api_deleg_req {
    const char *section;       /* section code */
    const char *grantee_email; /* must be an active member of the section */
    unsigned rights;           /* STORE_RIGHT_* bits */
    int64_t until, now;        /* expiry and clock, Unix seconds */
    const char *via;           /* "http" or "cli", for the audit */
};

/* Grant r on behalf of grantor (roles and grants loaded at r->now). Secretary and federation
 * level grant any right until any date; a delegate only rights one of their delegations on
 * that section holds, not beyond its expiry (it becomes the parent). Runs its own
 * transactions; a refusal is audited (committed) before it is returned: CM_ENOTFOUND (section
 * out of reach), CM_EFORBIDDEN (more than held, beyond expiry), CM_EINPUT (bad grantee or
 * date). */
int api_deleg_grant(struct store *st, const struct store_user *grantor,
                    const struct api_deleg_req *r, int64_t *id_out, struct cm_err *err);
/* Expiry of "until YYYY-MM-DD": the end of that day in Paris. CM_EINPUT otherwise. */
int api_deleg_until(const char *date, int64_t *out, struct cm_err *err);

/* The decision for a route, with the request's user. Allowed: CM_OK and *deleg_out the
 * delegation used (0: own role). Denied: the error of http_access_check; when the user holds
 * or held a delegation, the attempt is audited first (own transaction: call outside one). */
int api_deleg_gate(struct http_auth *a, int action, const struct access_object *o,
                   int64_t *deleg_out, struct cm_err *err);
/* Audit what (e.g. "cancel event 4") on section o; with deleg != 0 the sentence is "cancel
 * event 4 on behalf of section S1, by delegation 2". Inside the caller's transaction. */
int api_deleg_audit(struct http_auth *a, const struct access_object *o, int64_t deleg,
                    const char *what, struct cm_err *err);

/* Routes: GET/POST /api/sections/{code}/delegations, GET /api/federations/{code}/delegations,
 * POST /api/delegations/{id}/revoke, GET /api/delegations (those the user holds now). */
int api_deleg_section(struct http_req *rq, const char *rest, struct cm_err *err);
int api_deleg_federation(struct http_req *rq, const char *rest, struct cm_err *err);
int api_deleg_revoke(struct http_req *rq, const char *rest, struct cm_err *err);
int api_deleg_mine(struct http_req *rq, const char *rest, struct cm_err *err);

#endif
