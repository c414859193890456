/* store_deleg.h - delegated rights in the store (store stage): who handed which named rights
 * on a section to whom, until when, and the audit rows of what was done through them. Writes
 * run inside the caller's transaction. The clock is a parameter (Unix seconds). */
#ifndef STORE_DELEG_H
#define STORE_DELEG_H

#include "store_auth.h"

enum store_right {
    STORE_RIGHT_EVENTS = 1,  /* manage the section's events */
    STORE_RIGHT_RESULTS = 2, /* enter results */
    STORE_RIGHT_MEMBERS = 4, /* see the member list as an officer would */
    STORE_RIGHT_PRINT = 8,   /* print maps */
    STORE_RIGHTS_ALL = 15,
};

struct store_deleg {
    int64_t id, grantor_id, grantee_id;
    char section[33], federation[4];
    unsigned rights;
    int64_t expires_at, created_at, revoked_at; /* revoked_at 0: not revoked */
    int64_t parent_id;                          /* 0: granted by a role, not re-delegated */
    char grantee_name[96];                      /* "First Last" (lists only) */
};

/* Parse "events,results" into bits; CM_EINPUT naming the unknown right. */
int store_rights_parse(const char *list, unsigned *out, struct cm_err *err);
/* "events,results,..." of bits into out (at least 40 bytes). */
void store_rights_format(unsigned rights, char *out, size_t n);

/* Insert d (id, revoked_at, names ignored). */
int store_deleg_add(struct store *st, const struct store_deleg *d, int64_t *id_out,
                    struct cm_err *err);
/* One delegation by id; CM_ENOTFOUND when absent. */
int store_deleg_get(struct store *st, int64_t id, struct store_deleg *out, struct cm_err *err);
/* Delegations of a section, or of a federation's sections (both NULL: all), newest first.
 * *out owned (free). */
int store_deleg_list(struct store *st, const char *section, const char *federation,
                     struct store_deleg **out, size_t *n_out, struct cm_err *err);
/* Revoke a delegation and every re-delegation made from it (at now); *n_out the number of
 * delegations newly revoked. CM_ENOTFOUND when absent. */
int store_deleg_revoke(struct store *st, int64_t id, int64_t now, size_t *n_out,
                       struct cm_err *err);
/* Load into u->grants the delegations u holds at now (not revoked, expires_at > now). */
int store_deleg_grants_load(struct store *st, struct store_user *u, int64_t now,
                            struct cm_err *err);
/* Number of delegations ever granted to user_id (revoked and expired included). */
int store_deleg_count_held(struct store *st, int64_t user_id, int64_t *n_out,
                           struct cm_err *err);

/* An audit row about a section (actor 0: the command line); deleg_id 0 when none; detail is
 * the sentence ("create event 4 on behalf of section S1, by delegation 2"). */
struct store_deleg_audit {
    int64_t at, actor_id, deleg_id;
    const char *section, *federation, *action, *via, *detail;
};
int store_deleg_audit_add(struct store *st, const struct store_deleg_audit *a,
                          struct cm_err *err);

#endif
