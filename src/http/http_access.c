/* http_access.c - every access decision (http stage). Reach first (admin: all; federation
 * staff: their federation; officers, secretary and members: their section), then the rule of
 * the action; member data further obeys the member's own visibility choice. */
#include "http_access.h"

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

/* The section's maps and name are reachable by its members, its officers and above. */
static int
section_reach(const struct store_user *who, const struct access_object *o)
{
    if (o->section == NULL)
        return 0;
    return fed_level(who, o->federation) || officer_of(who, o->section)
           || eq(who->section_code, o->section);
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
    if (who == NULL || who->id == 0 || who->disabled)
        return CM_EAUTH;
    switch (action) {
    case ACCESS_PROFILE: return o->user_id == who->id ? CM_OK : CM_ENOTFOUND;
    case ACCESS_MEMBER_READ: return member_read(who, o);
    case ACCESS_SECTION_READ:
    case ACCESS_SECTION_MEMBERS: return section_reach(who, o) ? CM_OK : CM_ENOTFOUND;
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
                                        "fed_audit",       "fed_edit"};

    return action >= 0 && action < ACCESS_N_ACTIONS ? names[action] : "?";
}
