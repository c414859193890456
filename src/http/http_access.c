/* http_access.c - every access decision (http stage). Reach first (admin: all; federation
 * staff: their federation; officers, secretary and members: their section), then the rule of
 * the action; member data further obeys the member's own visibility choice. */
#include "http_access.h"
#include "store_deleg.h"

#include <string.h>

static int
eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int
has_role(const struct store_user *who, int kind, const char *scope)
{
    for (size_t i = 0; i < who->n_roles; i++) {
        if (who->roles[i].kind == kind && (kind == STORE_ROLE_ADMIN || eq(who->roles[i].scope, scope)))
            return 1;
    }
    return 0;
}

/* Federation-wide view: national admin, or staff of this federation. */
static int
fed_level(const struct store_user *who, const char *federation)
{
    return has_role(who, STORE_ROLE_ADMIN, "") || has_role(who, STORE_ROLE_FED_STAFF, federation);
}

/* Section officers: the secretary and the other officers (treasurer...). */
static int
officer_of(const struct store_user *who, const char *section)
{
    return has_role(who, STORE_ROLE_SECRETARY, section) || has_role(who, STORE_ROLE_OFFICER, section);
}

/* The active delegation giving right on section (the latest to expire); NULL when none.
 * Grants are loaded per request, already filtered by the request's clock. */
static const struct store_grant *
grant_for(const struct store_user *who, const char *section, unsigned right)
{
    const struct store_grant *best = NULL;

    for (size_t i = 0; section && i < who->n_grants; i++) {
        const struct store_grant *g = &who->grants[i];
        if (eq(g->section, section) && (g->rights & right) == right
            && (best == NULL || g->expires_at > best->expires_at))
            best = g;
    }
    return best;
}

/* The section's maps and name are reachable by its members, its officers, its delegates and
 * above. */
static int
section_reach(const struct store_user *who, const struct access_object *o)
{
    if (o->section == NULL)
        return 0;
    return fed_level(who, o->federation) || officer_of(who, o->section)
           || eq(who->section_code, o->section) || grant_for(who, o->section, 0) != NULL;
}

/* A named right on a section: the secretary and federation level hold them all, a delegate
 * the ones delegated. */
static int
named_right(const struct store_user *who, const struct access_object *o, unsigned right,
            int64_t *deleg)
{
    const struct store_grant *g;

    if (!section_reach(who, o))
        return CM_ENOTFOUND;
    if (has_role(who, STORE_ROLE_SECRETARY, o->section) || fed_level(who, o->federation))
        return CM_OK;
    if ((g = grant_for(who, o->section, right)) == NULL)
        return CM_EFORBIDDEN;
    *deleg = g->deleg_id;
    return CM_OK;
}

static int
member_read(const struct store_user *who, const struct access_object *o)
{
    if (o->user_id == who->id)
        return CM_OK;
    if (o->section && has_role(who, STORE_ROLE_SECRETARY, o->section))
        return CM_OK; /* the secretary manages the section: every member, hidden included */
    switch (o->visibility) {
    case STORE_VIS_SECTION:
        if (o->section && eq(who->section_code, o->section))
            return CM_OK;
        /* fall through */
    case STORE_VIS_OFFICERS:
        if ((o->section && officer_of(who, o->section))
            || (o->section && grant_for(who, o->section, STORE_RIGHT_MEMBERS))
            || (o->federation && fed_level(who, o->federation))
            || has_role(who, STORE_ROLE_ADMIN, ""))
            return CM_OK;
        break;
    default: break; /* hidden: nobody but the secretary */
    }
    return CM_ENOTFOUND;
}

int
http_access_check(const struct store_user *who, int action, const struct access_object *o)
{
    return http_access_check_via(who, action, o, NULL);
}

static int access_role(const struct store_user *who, int action, const struct access_object *o);

/* Members see their section's list (each row then obeys MEMBER_READ); a delegate with the
 * "members" right reads it as an officer would, through the delegation. */
static int
section_members(const struct store_user *who, const struct access_object *o, int64_t *deleg)
{
    const struct store_grant *g;

    if (!section_reach(who, o))
        return CM_ENOTFOUND;
    if (officer_of(who, o->section) || fed_level(who, o->federation))
        return CM_OK;
    if ((g = grant_for(who, o->section, STORE_RIGHT_MEMBERS)) != NULL) {
        *deleg = g->deleg_id;
        return CM_OK;
    }
    return eq(who->section_code, o->section) ? CM_OK : CM_EFORBIDDEN;
}

/* Delegation management: the secretary of the section, federation level. */
static int
deleg_read(const struct store_user *who, const struct access_object *o)
{
    if (o->section == NULL)
        return fed_level(who, o->federation) ? CM_OK : CM_ENOTFOUND;
    if (!section_reach(who, o))
        return CM_ENOTFOUND;
    return has_role(who, STORE_ROLE_SECRETARY, o->section) || fed_level(who, o->federation)
               ? CM_OK
               : CM_EFORBIDDEN;
}

int
http_access_check_via(const struct store_user *who, int action, const struct access_object *o,
                      int64_t *deleg_out)
{
    int64_t deleg = 0;
    int rc;

    if (deleg_out)
        *deleg_out = 0;
    if (who == NULL || who->id == 0 || who->disabled)
        return CM_EAUTH;
    switch (action) {
    case ACCESS_EVENTS_MANAGE: rc = named_right(who, o, STORE_RIGHT_EVENTS, &deleg); break;
    case ACCESS_RESULTS_ENTER: rc = named_right(who, o, STORE_RIGHT_RESULTS, &deleg); break;
    case ACCESS_MAPS_PRINT: rc = named_right(who, o, STORE_RIGHT_PRINT, &deleg); break;
    case ACCESS_DELEG_READ: return deleg_read(who, o);
    case ACCESS_SECTION_MEMBERS: rc = section_members(who, o, &deleg); break;
    default: return access_role(who, action, o);
    }
    if (rc == CM_OK && deleg_out)
        *deleg_out = deleg;
    return rc;
}

int
http_access_right_action(unsigned right)
{
    switch (right) {
    case STORE_RIGHT_EVENTS: return ACCESS_EVENTS_MANAGE;
    case STORE_RIGHT_RESULTS: return ACCESS_RESULTS_ENTER;
    case STORE_RIGHT_MEMBERS: return ACCESS_SECTION_MEMBERS;
    case STORE_RIGHT_PRINT: return ACCESS_MAPS_PRINT;
    default: return -1;
    }
}

/* The decisions that roles alone make (issue 7). */
static int
access_role(const struct store_user *who, int action, const struct access_object *o)
{
    switch (action) {
    case ACCESS_PROFILE: return o->user_id == who->id ? CM_OK : CM_ENOTFOUND;
    case ACCESS_MEMBER_READ: return member_read(who, o);
    case ACCESS_SECTION_READ:
        return section_reach(who, o) ? CM_OK : CM_ENOTFOUND;
    case ACCESS_SECTION_EDIT:
        if (!section_reach(who, o))
            return CM_ENOTFOUND;
        return fed_level(who, o->federation) ? CM_OK : CM_EFORBIDDEN;
    case ACCESS_FED_READ:
    case ACCESS_FED_AUDIT:
    case ACCESS_FED_EDIT:
        if (fed_level(who, o->federation))
            return CM_OK;
        /* a member knows their own federation exists: refuse without hiding it */
        return eq(who->federation, o->federation) ? CM_EFORBIDDEN : CM_ENOTFOUND;
    default: return CM_EFORBIDDEN;
    }
}

struct access_object
http_access_member(const struct store_user *m)
{
    struct access_object o = {m->id, m->section_code, m->federation, m->visibility};

    return o;
}

const char *
http_access_name(int action)
{
    static const char *const names[] = {"profile",         "member_read",  "section_read",
                                        "section_members", "section_edit", "fed_read",
                                        "fed_audit",       "fed_edit",     "events_manage",
                                        "results_enter",   "maps_print",   "deleg_read"};

    return action >= 0 && action < ACCESS_N_ACTIONS ? names[action] : "?";
}
