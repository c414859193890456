/* api_deleg_routes.c - delegation routes (http stage): a section's delegations (list, grant),
 * a federation's (list), revoke. Listing names the grantees, so each one shown is audited
 * like a member-list read; out of reach answers like absent (404, same message). */
#include "api_deleg.h"
#include "http_access_req.h"

#include "calc_events.h"
#include "cm_log.h"
#include "store_org.h"

#include <stdlib.h>
#include <string.h>

/* The code at the start of rest ("CODE/delegations"), bounded. */
static int
path_code(const char *rest, char *code, size_t n, struct cm_err *err)
{
    size_t len = strcspn(rest, "/");

    if (len == 0 || len >= n)
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    memcpy(code, rest, len);
    code[len] = '\0';
    return CM_OK;
}

static json_t *
deleg_json(const struct store_deleg *d, int64_t now)
{
    char rights[40], exp[21], made[21], rev[21];

    store_rights_format(d->rights, rights, sizeof rights);
    calc_time_utc(d->expires_at, exp);
    calc_time_utc(d->created_at, made);
    if (d->revoked_at)
        calc_time_utc(d->revoked_at, rev);
    return json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s?,s:I,s:s}", "id",
                     (json_int_t)d->id, "section", d->section, "federation", d->federation,
                     "grantor_id", (json_int_t)d->grantor_id, "grantee_id",
                     (json_int_t)d->grantee_id, "grantee", d->grantee_name, "rights", rights,
                     "expires_at", exp, "created_at", made, "revoked_at",
                     d->revoked_at ? rev : NULL, "parent_id", (json_int_t)d->parent_id, "state",
                     d->revoked_at ? "revoked" : d->expires_at <= now ? "expired" : "active");
}

/* List (section or federation), auditing each grantee shown. */
static int
deleg_list_send(struct http_req *rq, struct http_auth *a, const char *section,
                const char *federation, struct cm_err *err)
{
    struct store_deleg *d = NULL;
    size_t n = 0;
    json_t *arr = NULL;
    int rc;

    if ((rc = store_deleg_list(a->st, section, federation, &d, &n, err)) != CM_OK
        || (rc = store_begin(a->st, err)) != CM_OK)
        goto out;
    arr = json_array();
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        struct store_user subject = {.id = d[i].grantee_id, .federation = d[i].federation};
        json_array_append_new(arr, deleg_json(&d[i], a->now));
        if (subject.id != a->user.id)
            rc = http_auth_audit(a, &subject, "deleg_list", err);
    }
    if (rc == CM_OK && (rc = store_commit(a->st, err)) == CM_OK) {
        rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "delegations", arr));
        arr = NULL;
    }
out:
    json_decref(arr);
    free(d);
    return rc;
}

/* POST body {"grantee": e-mail, "rights": "events,results", "until": "YYYY-MM-DD"}. */
static int
deleg_grant_post(struct http_req *rq, struct http_auth *a, const char *code, struct cm_err *err)
{
    struct api_deleg_req r = {.section = code, .now = a->now, .via = "http"};
    json_t *body = NULL;
    int64_t id = 0;
    int rc;

    if ((rc = http_auth_body(rq, &body, err)) != CM_OK)
        return rc;
    r.grantee_email = json_string_value(json_object_get(body, "grantee"));
    if (r.grantee_email == NULL)
        rc = cm_err_set(err, CM_EINPUT, "grantee: an e-mail is required");
    else if ((rc = store_rights_parse(json_string_value(json_object_get(body, "rights")),
                                      &r.rights, err)) == CM_OK
             && (rc = api_deleg_until(json_string_value(json_object_get(body, "until")),
                                      &r.until, err)) == CM_OK)
        rc = api_deleg_grant(a->st, &a->user, &r, &id, err);
    json_decref(body);
    if (rc != CM_OK)
        return rc;
    cm_log(CM_LOG_INFO, "deleg", "user %lld granted delegation %lld", (long long)a->user.id,
           (long long)id);
    return http_send_json(rq, MHD_HTTP_CREATED, json_pack("{s:I}", "id", (json_int_t)id));
}

int
api_deleg_section(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    char code[40];
    int rc;

    if ((rc = path_code(rest, code, sizeof code, err)) != CM_OK
        || (rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    if (strcmp(rq->method, "POST") == 0) { /* the policy decides, delegates included */
        rc = deleg_grant_post(rq, &a, code, err);
        goto out;
    }
    if (store_section_get(a.st, code, 0, &s, NULL) != CM_OK) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such section");
        goto out;
    }
    o.section = s.code;
    o.federation = s.federation;
    if ((rc = http_access_check(&a.user, ACCESS_DELEG_READ, &o)) != CM_OK) {
        rc = rc == CM_ENOTFOUND ? cm_err_set(err, rc, "no such section")
                                : cm_err_set(err, rc, "not allowed on this section");
        goto out;
    }
    rc = deleg_list_send(rq, &a, s.code, NULL, err);
out:
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

int
api_deleg_federation(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct access_object o = {0};
    char code[8];
    int rc;

    if ((rc = path_code(rest, code, sizeof code, err)) != CM_OK
        || (rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    o.federation = code;
    if (store_federation_exists(a.st, code, NULL) != 1
        || http_access_check(&a.user, ACCESS_DELEG_READ, &o) != CM_OK) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such federation");
        goto out;
    }
    rc = deleg_list_send(rq, &a, NULL, code, err);
out:
    http_auth_close(&a);
    return rc;
}

/* May a->user revoke d? The section's secretary, federation level, or d's grantor. */
static int
revoke_allowed(struct http_auth *a, const struct store_deleg *d, const struct access_object *o)
{
    int rc = http_access_check(&a->user, ACCESS_DELEG_READ, o);

    if (rc == CM_OK || (a->user.id == d->grantor_id && d->grantor_id != 0))
        return CM_OK;
    return CM_ENOTFOUND;
}

/* POST /api/delegations/{id}/revoke: from the next request on, the delegate (and whoever
 * they delegated to in turn) no longer holds the rights. */
int
api_deleg_revoke(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_deleg d = {0};
    struct access_object o = {0};
    char *end, what[64];
    long long id = strtoll(rest, &end, 10);
    size_t n = 0;
    int rc;

    if (id <= 0 || strcmp(end, "/revoke") != 0)
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    if (store_deleg_get(a.st, id, &d, NULL) != CM_OK
        || (o.section = d.section, o.federation = d.federation,
            revoke_allowed(&a, &d, &o) != CM_OK)) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such delegation");
        goto out;
    }
    snprintf(what, sizeof what, "revoke delegation %lld", id);
    if ((rc = store_begin(a.st, err)) != CM_OK
        || (rc = store_deleg_revoke(a.st, id, a.now, &n, err)) != CM_OK
        || (rc = api_deleg_audit(&a, &o, 0, what, err)) != CM_OK
        || (rc = store_commit(a.st, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "deleg", "user %lld revoked delegation %lld (%zu)", (long long)a.user.id,
           id, n);
    rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:I,s:I}", "id", (json_int_t)id,
                                                   "revoked", (json_int_t)n));
out:
    http_auth_close(&a);
    return rc;
}

/* GET /api/delegations: the delegations the logged-in user holds now (their own data: not
 * audited), so that a delegate's page knows what they may do and hand on. */
int
api_deleg_mine(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_deleg d;
    json_t *arr;
    int rc;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    arr = json_array();
    for (size_t i = 0; i < a.user.n_grants; i++)
        if (store_deleg_get(a.st, a.user.grants[i].deleg_id, &d, NULL) == CM_OK)
            json_array_append_new(arr, deleg_json(&d, a.now));
    rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "held", arr));
out:
    http_auth_close(&a);
    return rc;
}
