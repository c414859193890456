/* store_auth.h - accounts in the store: users, roles, sessions, one-time links, failed logins
 * and the audit trail of member-data reads. Plain row access: every write runs inside the
 * caller's transaction (store_begin); the policy (hashing, expiry, rate limits) is in
 * store_auth_session.h. Secrets arrive here already hashed. */
#ifndef STORE_AUTH_H
#define STORE_AUTH_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_AUTH_HASH_LEN 32 /* crypto_generichash bytes of a token or rate-limit key */

/* Who may see a member (the member chooses; default officers). */
enum store_vis {
    STORE_VIS_OFFICERS, /* officers and secretary of the section, federation staff, admins */
    STORE_VIS_SECTION,  /* ... and every member of the section */
    STORE_VIS_HIDDEN,   /* the section secretary only */
};

/* Roles above plain membership (membership is user.section_id). */
enum store_role_kind {
    STORE_ROLE_OFFICER,   /* a section officer other than the secretary (treasurer...) */
    STORE_ROLE_SECRETARY, /* scope: section code */
    STORE_ROLE_FED_STAFF, /* scope: federation code */
    STORE_ROLE_ADMIN,     /* scope: "" (national) */
};

struct store_role {
    int kind;          /* enum store_role_kind */
    char scope[33];    /* section code, federation code or "" */
    int from_import;   /* 1: given by the membership file, recomputed by each import */
};

/* An active delegation held by a user (store_deleg.h loads them, per request). */
struct store_grant {
    int64_t deleg_id;
    char section[33], federation[4];
    unsigned rights;    /* STORE_RIGHT_* bits (store_deleg.h) */
    int64_t expires_at; /* Unix seconds */
};

struct store_user {
    int64_t id;
    char *email, *first_name, *last_name, *phone, *member_no; /* owned; NULL when unknown */
    int64_t section_id;                                      /* 0: no section */
    char *section_code, *federation; /* owned, NULL without a section (read-only) */
    int visibility;                  /* enum store_vis */
    char *disabled;                  /* owned: NULL active, "admin" or "import" */
    int has_password;
    struct store_role *roles; /* owned (read-only: loaded with the user) */
    size_t n_roles;
    struct store_grant *grants; /* owned: active delegations, loaded by store_deleg_grants_load */
    size_t n_grants;
};

struct store_session {
    int64_t id, user_id, created_at, last_seen, expires_at;
};

struct store_audit {
    int64_t id, at, actor_id, subject_id; /* actor_id 0: the command line */
    char federation[4];
    char action[32], via[8];
};

/* Names as stored ("officers", "secretary"...) and back; parse returns -1 when unknown. */
const char *store_vis_name(int vis);
int store_vis_parse(const char *s);
const char *store_role_name(int kind);
int store_role_parse(const char *s);

/* Insert a user from u's email, names, phone, member_no, section_id and visibility;
 * CM_EINPUT when the e-mail or member number is taken. */
int store_user_add(struct store *st, const struct store_user *u, int64_t now, int64_t *id_out,
                   struct cm_err *err);
/* Load a user with roles, by id (id != 0) or by e-mail (case-insensitive); CM_ENOTFOUND if
 * absent. out gets owned fields (store_user_cleanup). */
int store_user_get(struct store *st, int64_t id, const char *email, struct store_user *out,
                   struct cm_err *err);
/* Users of one section (section_id 0: every user), optionally matching search (substring of
 * names, e-mail or member number), ordered by last and first name. *out owned
 * (store_user_list_free). */
int store_user_list(struct store *st, int64_t section_id, const char *search,
                    struct store_user **out, size_t *n_out, struct cm_err *err);
/* Update names, phone, member number and section from u (by u->id). */
int store_user_update(struct store *st, const struct store_user *u, struct cm_err *err);
/* Disable (by = "admin" or "import") or enable (by = NULL); disabling ends every session. */
int store_user_set_disabled(struct store *st, int64_t id, const char *by, struct cm_err *err);
/* Set the argon2id hash string (NULL clears it). */
int store_user_set_password(struct store *st, int64_t id, const char *hash, struct cm_err *err);
/* Stored password hash into *hash_out (owned, NULL when none). */
int store_user_password(struct store *st, int64_t id, char **hash_out, struct cm_err *err);
int store_user_set_visibility(struct store *st, int64_t id, int vis, struct cm_err *err);
/* Active users with a member number whose e-mail (ASCII lower-cased) is not in keep (sorted
 * by strcmp, n entries): the members a complete import disables. *ids_out owned (free). */
int store_user_members_absent(struct store *st, const char *const *keep, size_t n,
                              int64_t **ids_out, size_t *n_out, struct cm_err *err);
void store_user_cleanup(struct store_user *u);
void store_user_list_free(struct store_user *a, size_t n);

/* Grant a role (no-op when held); source "cli" or "import". */
int store_role_add(struct store *st, int64_t user_id, int kind, const char *scope,
                   const char *source, struct cm_err *err);
/* Drop every role of a user that came from source. */
int store_role_clear(struct store *st, int64_t user_id, const char *source, struct cm_err *err);

int store_session_add(struct store *st, const uint8_t *hash, int64_t user_id, int64_t now,
                      int64_t expires_at, struct cm_err *err);
/* Session by token hash; CM_ENOTFOUND when absent. */
int store_session_get(struct store *st, const uint8_t *hash, struct store_session *out,
                      struct cm_err *err);
int store_session_touch(struct store *st, int64_t id, int64_t now, struct cm_err *err);
int store_session_delete(struct store *st, int64_t id, struct cm_err *err);
int store_session_delete_user(struct store *st, int64_t user_id, struct cm_err *err);

/* One-time link ("invite" or "reset"); adding one voids the user's unused links of that kind. */
int store_token_add(struct store *st, const uint8_t *hash, int64_t user_id, const char *kind,
                    int64_t now, int64_t expires_at, struct cm_err *err);
/* Mark an unused, unexpired link used and give its user; CM_ENOTFOUND otherwise. */
int store_token_consume(struct store *st, const uint8_t *hash, int64_t now,
                        int64_t *user_id_out, struct cm_err *err);

/* Failed logins under a key (hash of an account or an address). */
int store_login_fail_add(struct store *st, const uint8_t *key, int64_t now, struct cm_err *err);
int store_login_fail_count(struct store *st, const uint8_t *key, int64_t since, int64_t *n_out,
                           struct cm_err *err);
/* Forget the failures under key, and everyone's older than before. */
int store_login_fail_clear(struct store *st, const uint8_t *key, int64_t before,
                           struct cm_err *err);

/* Append an audit row (a->id ignored). */
int store_audit_add(struct store *st, const struct store_audit *a, struct cm_err *err);
/* Audit rows of a federation (NULL: all), newest first, at most limit. *out owned (free). */
int store_audit_list(struct store *st, const char *federation, long limit,
                     struct store_audit **out, size_t *n_out, struct cm_err *err);

#endif
