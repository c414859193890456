/* api_auth.c - login, logout, invitation/reset links and the user's own profile (http stage).
 * The session token travels only in an HttpOnly cookie; logs name user ids, never e-mails. */
#include "http_access_req.h"

#include "cm_log.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Set-Cookie for a token (NULL: clear it). Secure when the proxy says the client used TLS. */
static void
session_cookie(struct http_req *rq, const char *token, char *out, size_t n)
{
    const char *proto =
        MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");

    snprintf(out, n, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s", HTTP_SESSION_COOKIE,
             token ? token : "", token ? (long long)store_auth_policy_default.absolute_s : 0LL,
             proto && strcmp(proto, "https") == 0 ? "; Secure" : "");
}

/* The client's address for the rate limit. Behind nginx every peer is the loopback: then the
 * proxy's X-Real-IP names the client (only a local process could forge it, and the per-account
 * limit still holds). */
static void
client_address(struct http_req *rq, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    const char *real = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-Real-IP");

    snprintf(out, n, "?");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)n);
    if (real && real[0] && (strncmp(out, "127.", 4) == 0 || strcmp(out, "::1") == 0))
        snprintf(out, n, "%.45s", real);
}

/* The user's own profile, with the section the map opens on and the pages they may use. */
static json_t *
me_json(struct store *st, const struct store_user *u)
{
    json_t *roles = json_array(), *o;
    const char *fed = NULL;
    int secretary = 0;

    for (size_t i = 0; i < u->n_roles; i++) {
        json_array_append_new(roles, json_pack("{s:s,s:s}", "role", store_role_name(u->roles[i].kind),
                                               "scope", u->roles[i].scope));
        secretary |= u->roles[i].kind == STORE_ROLE_SECRETARY || u->roles[i].kind == STORE_ROLE_OFFICER;
        if (u->roles[i].kind == STORE_ROLE_FED_STAFF && fed == NULL)
            fed = u->roles[i].scope;
    }
    o = json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:s}", "id", (json_int_t)u->id, "email", u->email,
                  "first_name", u->first_name, "last_name", u->last_name, "phone", u->phone,
                  "member_no", u->member_no, "visibility", store_vis_name(u->visibility));
    json_object_set_new(o, "section", api_members_section_json(st, u->section_id));
    json_object_set_new(o, "roles", roles);
    json_object_set_new(o, "officer", json_boolean(secretary));
    json_object_set_new(o, "federation_staff", fed ? json_string(fed) : json_null());
    return o;
}

static int
reply_logged_in(struct http_req *rq, struct http_auth *a, int64_t uid, const char *token,
                struct cm_err *err)
{
    char cookie[256];
    int rc;

    if ((rc = store_user_get(a->st, uid, NULL, &a->user, err)) != CM_OK)
        return rc;
    session_cookie(rq, token, cookie, sizeof cookie);
    return http_auth_send(rq, MHD_HTTP_OK, me_json(a->st, &a->user), cookie);
}

/* A JSON body with two string members k1 and k2 (borrowed from *body, which the caller
 * releases even on error). */
static int
body_strings(struct http_req *rq, const char *k1, const char *k2, json_t **body, const char **v1,
             const char **v2, struct cm_err *err)
{
    int rc = http_auth_body(rq, body, err);

    if (rc == CM_OK && json_unpack(*body, "{s:s,s:s}", k1, v1, k2, v2) != 0)
        rc = cm_err_set(err, CM_EINPUT, "%s and %s are needed", k1, k2);
    return rc;
}

/* POST /api/login {"email", "password"} */
int
api_auth_login(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    json_t *body = NULL;
    const char *email = NULL, *pw = NULL;
    char addr[64], token[STORE_AUTH_TOKEN_BUF];
    int64_t uid = 0;
    int limited = 0, rc;

    (void)rest;
    if ((rc = body_strings(rq, "email", "password", &body, &email, &pw, err)) != CM_OK)
        goto out;
    client_address(rq, addr, sizeof addr);
    if ((rc = http_auth_open(rq, &a, err)) != CM_OK)
        goto out;
    rc = store_auth_login(a.st, email, pw, addr, a.now, &store_auth_policy_default, &uid, token,
                          &limited, err);
    if (rc == CM_EAUTH && limited) {
        rc = http_auth_send(rq, MHD_HTTP_TOO_MANY_REQUESTS,
                            json_pack("{s:{s:s,s:s}}", "error", "code", "ELIMIT", "message",
                                      "too many failed logins: try again later"),
                            NULL);
        goto out;
    }
    if (rc == CM_OK)
        rc = reply_logged_in(rq, &a, uid, token, err);
out:
    json_decref(body);
    http_auth_close(&a);
    return rc;
}

/* POST /api/logout: ends the session of the cookie, whatever its state. */
int
api_auth_logout(struct http_req *rq, const char *rest, struct cm_err *err)
{
    const char *tok = MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, HTTP_SESSION_COOKIE);
    struct http_auth a = {0};
    char cookie[256];
    int rc;

    (void)rest;
    if ((rc = http_auth_open(rq, &a, err)) == CM_OK && tok)
        rc = store_auth_session_close(a.st, tok, err);
    http_auth_close(&a);
    if (rc != CM_OK)
        return rc;
    session_cookie(rq, NULL, cookie, sizeof cookie);
    return http_auth_send(rq, MHD_HTTP_OK, json_pack("{s:b}", "ok", 1), cookie);
}

/* POST /api/link {"token", "password"}: an invitation or reset link sets the password and
 * logs in. */
int
api_auth_link(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    json_t *body = NULL;
    const char *link = NULL, *pw = NULL;
    char token[STORE_AUTH_TOKEN_BUF];
    int64_t uid = 0;
    int rc;

    (void)rest;
    if ((rc = body_strings(rq, "token", "password", &body, &link, &pw, err)) != CM_OK
        || (rc = http_auth_open(rq, &a, err)) != CM_OK
        || (rc = store_auth_link_use(a.st, link, pw, a.now, &uid, err)) != CM_OK
        || (rc = store_auth_session_open(a.st, uid, a.now, &store_auth_policy_default, token,
                                         err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "auth", "user %lld set a password by link", (long long)uid);
    rc = reply_logged_in(rq, &a, uid, token, err);
out:
    json_decref(body);
    http_auth_close(&a);
    return rc;
}

/* GET /api/me */
int
api_auth_me(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    int rc;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) == CM_OK)
        rc = http_send_json(rq, MHD_HTTP_OK, me_json(a.st, &a.user));
    http_auth_close(&a);
    return rc;
}

/* POST /api/me {"visibility": "officers"|"section"|"hidden"} */
int
api_auth_me_update(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    json_t *body = NULL;
    const char *vis = NULL;
    struct access_object self;
    int rc, v;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK)
        goto out;
    self = http_access_member(&a.user);
    if ((rc = http_access_check(&a.user, ACCESS_PROFILE, &self)) != CM_OK)
        goto out;
    if (json_unpack(body, "{s:s}", "visibility", &vis) != 0 || (v = store_vis_parse(vis)) < 0) {
        rc = cm_err_set(err, CM_EINPUT, "visibility must be officers, section or hidden");
        goto out;
    }
    if ((rc = store_begin(a.st, err)) != CM_OK)
        goto out;
    if ((rc = store_user_set_visibility(a.st, a.user.id, v, err)) != CM_OK
        || (rc = store_commit(a.st, err)) != CM_OK)
        goto out;
    a.user.visibility = v;
    cm_log(CM_LOG_INFO, "auth", "user %lld visibility %s", (long long)a.user.id, vis);
    rc = http_send_json(rq, MHD_HTTP_OK, me_json(a.st, &a.user));
out:
    json_decref(body);
    http_auth_close(&a);
    return rc;
}
