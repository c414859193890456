/* http_access.h - the one decision on access (http stage): (user, action, object) -> allow or
 * deny, called by every route. Pure (no I/O), so it is tested over a table of cases. It lives
 * in http because only requests need it: the command line is run by data staff who hold the
 * store file itself, so it is not subject to these rules (it still writes audit rows). */
#ifndef HTTP_ACCESS_H
#define HTTP_ACCESS_H

#include "store_auth.h"

enum access_action {
    ACCESS_PROFILE,         /* read or change one's own profile (object: the user) */
    ACCESS_MEMBER_READ,     /* see a member's personal data (object: the member) */
    ACCESS_SECTION_READ,    /* a section's maps, ranking, name (object: the section) */
    ACCESS_SECTION_MEMBERS, /* list a section's members; each row also needs MEMBER_READ */
    ACCESS_SECTION_EDIT,    /* change a section's territory */
    ACCESS_FED_READ,        /* a federation's overview: its sections and their counts */
    ACCESS_FED_AUDIT,       /* a federation's audit trail */
    ACCESS_FED_EDIT,        /* create sections in a federation */
    /* Named rights on a section (issue 8): the secretary and federation staff hold them; a
     * member holds one through an active delegation (store_user.grants). */
    ACCESS_EVENTS_MANAGE,   /* create, edit, cancel the section's events (right "events") */
    ACCESS_RESULTS_ENTER,   /* enter results in the section's bureaux (right "results") */
    ACCESS_MAPS_PRINT,      /* print the section's maps (right "print") */
    ACCESS_DELEG_READ,      /* see and revoke the delegations of a section (object: section)
                             * or of a federation (object: federation only) */
    ACCESS_N_ACTIONS,
};

struct access_object {
    int64_t user_id;        /* member objects: the member; 0 otherwise */
    const char *section;    /* the object's section code, NULL when it has none */
    const char *federation; /* the object's federation code, NULL when none */
    int visibility;         /* member objects: enum store_vis */
};

/* The decision: CM_OK allow; CM_EAUTH nobody logged in (who NULL or disabled); CM_ENOTFOUND
 * when the object is outside the user's reach, so that its existence is not leaked;
 * CM_EFORBIDDEN when the user sees the object but may not do this to it. */
int http_access_check(const struct store_user *who, int action, const struct access_object *obj);
/* The same decision; *deleg_out (may be NULL) is the delegation that allowed it, 0 when the
 * user's own role did (or when denied): routes audit what is done through a delegation. */
int http_access_check_via(const struct store_user *who, int action, const struct access_object *obj,
                          int64_t *deleg_out);
/* The action a right bit (STORE_RIGHT_*) stands for; -1 when none. ("members" is
 * ACCESS_SECTION_MEMBERS, read as an officer would.) */
int http_access_right_action(unsigned right);
/* The object describing a member (borrows m's strings). */
struct access_object http_access_member(const struct store_user *m);
/* Short name of an action, for logs and the audit. */
const char *http_access_name(int action);

#endif
