/* api_deleg.c - the grant policy and the gate of delegable routes (http stage). The command
 * line uses the policy too: a delegate cannot hand on more than they hold, for longer, or on
 * another section, whichever way the grant comes. */
#include "api_deleg.h"
#include "http_access_req.h"

#include "calc_events.h"
#include "cm_log.h"
#include "store_org.h"

#include <stdio.h>
#include <string.h>

int
api_deleg_until(const char *date, int64_t *out, struct cm_err *err)
{
    char buf[24];
    int64_t day;

    if (date == NULL || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return cm_err_set(err, CM_EINPUT, "until: a date YYYY-MM-DD is required");
    snprintf(buf, sizeof buf, "%sT00:00Z", date);
    if (calc_time_parse(buf, &day, NULL) != CM_OK)
        return cm_err_set(err, CM_EINPUT, "until %s: not a date YYYY-MM-DD", date);
    *out = calc_paris_to_utc(day + 86400); /* the day is included: its end, Paris time */
    return CM_OK;
}

/* Write one audit row in its own transaction (refusals: the action's own was rolled back). */
static void
audit_now(struct store *st, const struct store_deleg_audit *row)
{
    struct cm_err e = {0};

    if (store_begin(st, &e) != CM_OK || store_deleg_audit_add(st, row, &e) != CM_OK
        || store_commit(st, &e) != CM_OK)
        cm_log(CM_LOG_WARN, "deleg", "audit row not written: %s", e.msg);
    store_rollback(st);
}

/* What the grantor may hand on at section o: *parent_out 0 for role level (no bound), else
 * the delegation it comes from. */
static int
grant_capacity(const struct store_user *g, const struct access_object *o,
               const struct api_deleg_req *r, int64_t *parent_out, struct cm_err *err)
{
    const struct store_grant *best = NULL;
    int any = 0, rc = http_access_check(g, ACCESS_DELEG_READ, o);

    *parent_out = 0;
    if (rc == CM_OK)
        return CM_OK; /* secretary, federation staff, admin */
    for (size_t i = 0; i < g->n_grants; i++) {
        if (strcmp(g->grants[i].section, o->section) != 0)
            continue;
        any = 1;
        if ((g->grants[i].rights & r->rights) == r->rights
            && (best == NULL || g->grants[i].expires_at > best->expires_at))
            best = &g->grants[i];
    }
    if (rc == CM_ENOTFOUND && !any)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    if (best == NULL)
        return cm_err_set(err, CM_EFORBIDDEN, "you cannot grant rights you do not hold");
    if (r->until > best->expires_at)
        return cm_err_set(err, CM_EFORBIDDEN, "you cannot grant beyond your own delegation's"
                          " expiry");
    *parent_out = best->deleg_id;
    return CM_OK;
}

/* Checks and the insert, inside the caller's transaction; *parent_out for the audit. */
static int
grant_tx(struct store *st, const struct store_user *grantor, const struct access_object *o,
         const struct api_deleg_req *r, int64_t *parent_out, int64_t *id_out,
         struct cm_err *err)
{
    struct store_user ge = {0};
    struct store_deleg d = {0};
    int rc;

    if ((rc = grant_capacity(grantor, o, r, parent_out, err)) != CM_OK)
        return rc;
    if (r->until <= r->now)
        return cm_err_set(err, CM_EINPUT, "until: the date is past");
    if (store_user_get(st, 0, r->grantee_email, &ge, NULL) != CM_OK || ge.disabled
        || ge.section_code == NULL || strcmp(ge.section_code, o->section) != 0
        || ge.id == grantor->id) {
        store_user_cleanup(&ge);
        return cm_err_set(err, CM_EINPUT, "grantee: no other active member of section %s with"
                          " this e-mail", o->section);
    }
    d.grantor_id = grantor->id;
    d.grantee_id = ge.id;
    snprintf(d.section, sizeof d.section, "%s", o->section);
    d.rights = r->rights;
    d.expires_at = r->until;
    d.created_at = r->now;
    d.parent_id = *parent_out;
    store_user_cleanup(&ge);
    return store_deleg_add(st, &d, id_out, err);
}

int
api_deleg_grant(struct store *st, const struct store_user *grantor,
                const struct api_deleg_req *r, int64_t *id_out, struct cm_err *err)
{
    struct store_section s = {0};
    struct access_object o = {0};
    struct store_deleg_audit row = {0};
    char rights[40], detail[200], by[64] = "";
    int64_t parent = 0;
    int rc;

    if (store_section_get(st, r->section, 0, &s, NULL) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    o.section = s.code;
    o.federation = s.federation;
    store_rights_format(r->rights, rights, sizeof rights);
    row = (struct store_deleg_audit){r->now, grantor->id, 0, s.code, s.federation, "deleg_grant",
                                     r->via, detail};
    if ((rc = store_begin(st, err)) != CM_OK)
        goto out;
    if ((rc = grant_tx(st, grantor, &o, r, &parent, id_out, err)) == CM_OK) {
        if (parent)
            snprintf(by, sizeof by, " on behalf of section %s, by delegation %lld", s.code,
                     (long long)parent);
        snprintf(detail, sizeof detail, "grant delegation %lld (%s)%s", (long long)*id_out,
                 rights, by);
        row.deleg_id = parent;
        if ((rc = store_deleg_audit_add(st, &row, err)) == CM_OK)
            rc = store_commit(st, err);
    }
    store_rollback(st);
    if (rc == CM_EFORBIDDEN || rc == CM_ENOTFOUND) { /* an escalation attempt: keep a trace */
        snprintf(detail, sizeof detail, "denied: grant %s on section %s (%s)", rights, s.code,
                 rc == CM_EFORBIDDEN ? "more than held or beyond own expiry" : "out of reach");
        row.action = "deleg_denied";
        audit_now(st, &row);
    }
out:
    store_section_cleanup(&s);
    return rc;
}

int
api_deleg_gate(struct http_auth *a, int action, const struct access_object *o,
               int64_t *deleg_out, struct cm_err *err)
{
    struct store_deleg_audit row = {0};
    char detail[160];
    int64_t held = 0;
    int rc = http_access_check_via(&a->user, action, o, deleg_out);

    if (rc == CM_OK)
        return CM_OK;
    if (rc != CM_EAUTH && store_deleg_count_held(a->st, a->user.id, &held, NULL) == CM_OK
        && held > 0) {
        snprintf(detail, sizeof detail, "denied: %s on section %s", http_access_name(action),
                 o->section ? o->section : "-");
        row = (struct store_deleg_audit){a->now, a->user.id, 0, o->section, o->federation,
                                         "deleg_denied", "http", detail};
        audit_now(a->st, &row);
        cm_log(CM_LOG_INFO, "deleg", "user %lld denied %s", (long long)a->user.id,
               http_access_name(action));
    }
    /* the same 404 as an absent section: existence is not leaked */
    return rc == CM_EFORBIDDEN ? cm_err_set(err, rc, "not allowed")
                               : cm_err_set(err, rc, "no such section");
}

int
api_deleg_audit(struct http_auth *a, const struct access_object *o, int64_t deleg,
                const char *what, struct cm_err *err)
{
    struct store_deleg_audit row = {a->now, a->user.id, deleg, o->section, o->federation,
                                    "section_action", "http", NULL};
    char detail[200];

    if (deleg)
        snprintf(detail, sizeof detail, "%s on behalf of section %s, by delegation %lld", what,
                 o->section, (long long)deleg);
    else
        snprintf(detail, sizeof detail, "%s", what);
    row.detail = detail;
    return store_deleg_audit_add(a->st, &row, err);
}
