/* test_auth.c - accounts in the store: argon2id, tokens, sessions with an injected clock,
 * one-time links, login rate limits, roles and the audit table. */
#include "../tap.h"

#include "store_auth_session.h"
#include "store_int.h" /* count rows in a private table */
#include "store_org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1700000000 /* the injected clock starts here */

static struct store *
open_tmp(char *path)
{
    struct store *st = NULL;
    int fd = mkstemp(path);

    if (fd < 0)
        return NULL;
    close(fd);
    unlink(path);
    if (store_open(path, 0, &st, NULL) != CM_OK)
        return NULL;
    return st;
}

static void
test_crypto(void)
{
    char h[STORE_AUTH_PWHASH_BUF], tok[STORE_AUTH_TOKEN_BUF], tok2[STORE_AUTH_TOKEN_BUF];
    uint8_t th[STORE_AUTH_HASH_LEN], th2[STORE_AUTH_HASH_LEN];
    struct cm_err err = {0};

    is_int(store_auth_password_hash("correct horse battery", h, &err), CM_OK, "hash a password");
    ok(strncmp(h, "$argon2id$", 10) == 0, "the hash is argon2id");
    ok(strstr(h, "correct") == NULL, "the hash does not hold the password");
    ok(store_auth_password_verify(h, "correct horse battery"), "right password verifies");
    ok(!store_auth_password_verify(h, "correct horse batterY"), "wrong password does not");
    ok(!store_auth_password_verify(NULL, "correct horse battery"), "no hash never verifies");
    is_int(store_auth_password_hash("short", h, &err), CM_EINPUT, "short password refused");
    cm_err_clear(&err);
    store_auth_token_new(tok, th);
    store_auth_token_new(tok2, th2);
    is_int((long long)strlen(tok), 43, "token is 43 base64url characters (256 bits)");
    ok(strcmp(tok, tok2) != 0, "two tokens differ");
    memset(th2, 0, sizeof th2);
    is_int(store_auth_token_hash(tok, th2, &err), CM_OK, "a token of ours hashes");
    ok(memcmp(th, th2, sizeof th) == 0, "hash of the token is stable");
    is_int(store_auth_token_hash("abc", th2, &err), CM_EAUTH, "short token refused");
    cm_err_clear(&err);
    tok[5] = '%';
    is_int(store_auth_token_hash(tok, th2, &err), CM_EAUTH, "token with a foreign byte refused");
}

/* A section "S1" in federation "29" and a user in it; returns the user id. */
static int64_t
seed(struct store *st)
{
    struct store_user u = {0};
    int64_t sid = 0, uid = 0;

    u.email = "Ana@Example.org";
    u.first_name = "Ana";
    u.member_no = "M1";
    store_begin(st, NULL);
    store_federation_ensure(st, "29", "Finistère", NULL);
    store_section_add(st, "S1", "Brest centre", "29", &sid, NULL);
    u.section_id = sid;
    store_user_add(st, &u, T0, &uid, NULL);
    store_commit(st, NULL);
    return uid;
}

static void
test_sessions(struct store *st, int64_t uid)
{
    struct store_auth_policy pol = store_auth_policy_default;
    char tok[STORE_AUTH_TOKEN_BUF], link[STORE_AUTH_TOKEN_BUF];
    struct cm_err err = {0};
    int64_t who = 0, n = -1;
    int limited = 0;

    pol.max_account = 2;
    is_int(store_auth_link_new(st, uid, "invite", T0, &pol, link, &err), CM_OK, "invitation");
    is_int(store_auth_login(st, "ana@example.org", "anything at all", "10.0.0.1", T0, &pol, &who,
                            tok, &limited, &err),
           CM_EAUTH, "no password yet: login refused");
    cm_err_clear(&err);
    is_int(store_auth_link_use(st, link, "a good long password", T0 + 10, &who, &err), CM_OK,
           "invitation sets the password");
    is_int(who, uid, "... for its user");
    is_int(store_auth_link_use(st, link, "another long password", T0 + 20, &who, &err), CM_EAUTH,
           "a link works once");
    cm_err_clear(&err);
    is_int(store_auth_login(st, "ANA@example.org", "a good long password", "10.0.0.1", T0 + 30,
                            &pol, &who, tok, &limited, &err),
           CM_OK, "login (e-mail case-insensitive)");
    is_int(store_auth_session_check(st, tok, T0 + 40, &pol, &who, &err), CM_OK, "session valid");
    is_int(store_auth_session_check(st, tok, T0 + 40 + pol.idle_s, &pol, &who, &err), CM_EAUTH,
           "idle expiry (injected clock)");
    cm_err_clear(&err);
    is_int(store_auth_session_check(st, tok, T0 + 50, &pol, &who, &err), CM_EAUTH,
           "an expired session is gone");
    cm_err_clear(&err);
    /* absolute expiry: touch every idle/2 until past absolute */
    store_auth_login(st, "ana@example.org", "a good long password", "10.0.0.1", T0, &pol, &who, tok,
                     &limited, &err);
    int alive = 1;
    for (int64_t t = T0; t < T0 + pol.absolute_s - 1; t += pol.idle_s / 2)
        alive &= store_auth_session_check(st, tok, t, &pol, &who, NULL) == CM_OK;
    ok(alive, "an active session lives until the absolute limit");
    is_int(store_auth_session_check(st, tok, T0 + pol.absolute_s, &pol, &who, &err), CM_EAUTH,
           "absolute expiry even when active");
    cm_err_clear(&err);
    store_auth_login(st, "ana@example.org", "a good long password", "10.0.0.1", T0, &pol, &who, tok,
                     &limited, &err);
    is_int(store_auth_session_close(st, tok, &err), CM_OK, "logout");
    is_int(store_auth_session_check(st, tok, T0 + 1, &pol, &who, &err), CM_EAUTH,
           "logged out token refused");
    cm_err_clear(&err);
    /* rate limit per account: two failures, then even the right password is refused */
    for (int i = 0; i < 2; i++)
        store_auth_login(st, "ana@example.org", "wrong password!!", "10.0.0.2", T0 + 100, &pol,
                         &who, tok, &limited, NULL);
    is_int(store_auth_login(st, "ana@example.org", "a good long password", "10.0.0.3", T0 + 101,
                            &pol, &who, tok, &limited, &err),
           CM_EAUTH, "account locked after max failures");
    is_int(limited, 1, "... by the rate limit");
    cm_err_clear(&err);
    is_int(store_auth_login(st, "ana@example.org", "a good long password", "10.0.0.3",
                            T0 + 101 + pol.window_s, &pol, &who, tok, &limited, &err),
           CM_OK, "unlocked after the window");
    cm_err_clear(&err);
    store_auth_login(st, "nobody@example.org", "wrong password!!", "10.0.0.9",
                     T0 + 200 + pol.window_s, &pol, &who, tok, &limited, NULL);
    store_auth_login(st, "ana@example.org", "wrong password!!", "10.0.0.9", T0 + 201 + pol.window_s,
                     &pol, &who, tok, &limited, NULL);
    store_auth_login(st, "ana@example.org", "a good long password", "10.0.0.9",
                     T0 + 202 + pol.window_s, &pol, &who, tok, &limited, NULL);
    store_query_int64(st, "SELECT count(*) FROM login_attempt", &n, NULL);
    is_int(n, 3, "success clears the account's failures, not others' nor the address's");
}

static void
test_roles_audit(struct store *st, int64_t uid)
{
    struct store_user u = {0};
    struct store_audit a = {0}, *rows = NULL;
    struct store_user *list = NULL;
    struct cm_err err = {0};
    size_t n = 0;

    store_begin(st, NULL);
    is_int(store_role_add(st, uid, STORE_ROLE_SECRETARY, "S1", "import", &err), CM_OK, "grant");
    store_role_add(st, uid, STORE_ROLE_SECRETARY, "S1", "import", &err);
    store_role_add(st, uid, STORE_ROLE_ADMIN, "ignored", "cli", &err);
    store_commit(st, NULL);
    is_int(store_user_get(st, 0, "ana@EXAMPLE.org", &u, &err), CM_OK, "user by e-mail");
    is_int((long long)u.n_roles, 2, "a repeated grant is one role");
    is_str(u.roles[0].scope, "", "admin is national whatever the scope given");
    is_str(u.section_code, "S1", "user's section code");
    is_str(u.federation, "29", "user's federation");
    is_int(u.visibility, STORE_VIS_OFFICERS, "visibility defaults to officers");
    store_user_cleanup(&u);
    store_begin(st, NULL);
    store_role_clear(st, uid, "import", NULL);
    store_commit(st, NULL);
    store_user_get(st, uid, NULL, &u, NULL);
    is_int((long long)u.n_roles, 1, "clearing import roles keeps CLI roles");
    store_user_cleanup(&u);
    is_int(store_user_list(st, 0, "an%", &list, &n, &err), CM_OK, "search");
    is_int((long long)n, 0, "LIKE wildcards in a search are literal");
    store_user_list_free(list, n);
    store_user_list(st, 0, "AN", &list, &n, NULL);
    is_int((long long)n, 1, "search matches a name substring, any case");
    store_user_list_free(list, n);
    a.at = T0;
    a.actor_id = 7;
    a.subject_id = uid;
    strcpy(a.federation, "29");
    strcpy(a.action, "member_read");
    strcpy(a.via, "http");
    store_begin(st, NULL);
    store_audit_add(st, &a, NULL);
    strcpy(a.federation, "75");
    store_audit_add(st, &a, NULL);
    store_commit(st, NULL);
    is_int(store_audit_list(st, "29", 10, &rows, &n, &err), CM_OK, "audit of a federation");
    ok(n == 1 && rows[0].actor_id == 7 && rows[0].subject_id == uid, "only that federation's rows");
    free(rows);
}

/* Two bureaux of commune 29019 and one elsewhere; S1 holds the commune. */
static void
test_bbox(struct store *st)
{
    static const char sql[] =
        "INSERT INTO contour_set(id, kind, source, sha256, communes, n_features, n_areas)"
        " VALUES (1, 'bureau', 't', 'x', '29019', 3, 3);"
        "INSERT INTO bureau(code, commune, set_id, geom) VALUES"
        " ('29019_0001', '29019', 1, GeomFromText('MULTIPOLYGON(((-4.5 48.3,-4.4 48.3,-4.4 48.4,"
        "-4.5 48.3)))', 4326)),"
        " ('29019_0002', '29019', 1, GeomFromText('MULTIPOLYGON(((-4.6 48.35,-4.5 48.35,-4.5 48.45,"
        "-4.6 48.35)))', 4326)),"
        " ('75056_0001', '75056', 1, GeomFromText('MULTIPOLYGON(((2.3 48.8,2.4 48.8,2.4 48.9,"
        "2.3 48.8)))', 4326));";
    const char *kinds[] = {"commune"}, *codes[] = {"29019"};
    struct store_section s = {0};
    double bb[4] = {0, 0, 0, 0};
    struct cm_err err = {0};

    store_begin(st, NULL);
    is_int(store_exec(st, sql, "fixture", &err), CM_OK, "bureau fixture");
    store_section_get(st, "S1", 0, &s, NULL);
    is_int(store_section_bbox(st, s.id, bb, &err), CM_ENOTFOUND, "no territory: no extent");
    cm_err_clear(&err);
    store_section_set_territory(st, s.id, kinds, codes, 1, NULL);
    store_commit(st, NULL);
    is_int(store_section_bbox(st, s.id, bb, &err), CM_OK, "extent of the section");
    ok(bb[0] == -4.6 && bb[1] == 48.3 && bb[2] == -4.4 && bb[3] == 48.45,
       "extent covers the commune's two bureaux only");
    store_section_cleanup(&s);
}

int
main(void)
{
    char path[] = "/tmp/coopmap-test-auth-XXXXXX";
    struct store *st;
    int64_t uid;

    if (store_auth_init(NULL) != CM_OK || (st = open_tmp(path)) == NULL)
        return 1;
    test_crypto();
    uid = seed(st);
    ok(uid > 0, "seeded a user");
    test_sessions(st, uid);
    test_roles_audit(st, uid);
    test_bbox(st);
    store_close(st);
    unlink(path);
    return tap_done();
}
