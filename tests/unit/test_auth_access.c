/* test_auth_access.c - the access decision over a table: every role x own section / other
 * section / other federation x every action, and member visibility. */
#include "../tap.h"

#include "http_access.h"

#include <stdio.h>

enum { ADMIN, FED29, FED75, SEC1, OFF1, MEM1, MEM2, MEMP, DISABLED, N_WHO };

static struct store_role r_admin = {STORE_ROLE_ADMIN, "", 0};
static struct store_role r_fed29 = {STORE_ROLE_FED_STAFF, "29", 0};
static struct store_role r_fed75 = {STORE_ROLE_FED_STAFF, "75", 1};
static struct store_role r_sec1 = {STORE_ROLE_SECRETARY, "S1", 1};
static struct store_role r_off1 = {STORE_ROLE_OFFICER, "S1", 1};

/* Sections: S1 and S2 in federation 29, P1 in federation 75. */
static struct store_user who[N_WHO] = {
    [ADMIN] = {.id = 1, .roles = &r_admin, .n_roles = 1},
    [FED29] = {.id = 2, .section_code = "S2", .federation = "29", .roles = &r_fed29, .n_roles = 1},
    [FED75] = {.id = 3, .roles = &r_fed75, .n_roles = 1},
    [SEC1] = {.id = 4, .section_code = "S1", .federation = "29", .roles = &r_sec1, .n_roles = 1},
    [OFF1] = {.id = 5, .section_code = "S1", .federation = "29", .roles = &r_off1, .n_roles = 1},
    [MEM1] = {.id = 6, .section_code = "S1", .federation = "29"},
    [MEM2] = {.id = 7, .section_code = "S2", .federation = "29"},
    [MEMP] = {.id = 8, .section_code = "P1", .federation = "75"},
    [DISABLED] = {.id = 9, .section_code = "S1", .federation = "29", .disabled = "admin",
                  .roles = &r_sec1, .n_roles = 1},
};

static const char *const who_name[N_WHO] = {"admin",   "fed29 staff", "fed75 staff",
                                            "sec S1",  "officer S1",  "member S1",
                                            "member S2", "member P1", "disabled sec S1"};

#define Y CM_OK
#define H CM_ENOTFOUND
#define F CM_EFORBIDDEN
#define A CM_EAUTH

/* Objects: S1, S2, P1 sections; fed 29, fed 75; members of S1 by visibility; self. */
enum { O_S1, O_S2, O_P1, O_F29, O_F75, O_MOFF, O_MSEC, O_MHID, O_SELF, N_OBJ };
static const struct access_object obj[N_OBJ] = {
    [O_S1] = {0, "S1", "29", 0},
    [O_S2] = {0, "S2", "29", 0},
    [O_P1] = {0, "P1", "75", 0},
    [O_F29] = {0, NULL, "29", 0},
    [O_F75] = {0, NULL, "75", 0},
    [O_MOFF] = {100, "S1", "29", STORE_VIS_OFFICERS},
    [O_MSEC] = {101, "S1", "29", STORE_VIS_SECTION},
    [O_MHID] = {102, "S1", "29", STORE_VIS_HIDDEN},
};

struct row {
    int action, object;
    int want[N_WHO]; /* admin fed29 fed75 sec1 off1 mem1 mem2 memP disabled */
};

static const struct row rows[] = {
    {ACCESS_SECTION_READ, O_S1, {Y, Y, H, Y, Y, Y, H, H, A}},
    {ACCESS_SECTION_READ, O_S2, {Y, Y, H, H, H, H, Y, H, A}},
    {ACCESS_SECTION_READ, O_P1, {Y, H, Y, H, H, H, H, Y, A}},
    {ACCESS_SECTION_MEMBERS, O_S1, {Y, Y, H, Y, Y, Y, H, H, A}},
    {ACCESS_SECTION_MEMBERS, O_P1, {Y, H, Y, H, H, H, H, Y, A}},
    {ACCESS_SECTION_EDIT, O_S1, {Y, Y, H, F, F, F, H, H, A}},
    {ACCESS_SECTION_EDIT, O_P1, {Y, H, Y, H, H, H, H, F, A}},
    {ACCESS_FED_READ, O_F29, {Y, Y, H, F, F, F, F, H, A}},
    {ACCESS_FED_READ, O_F75, {Y, H, Y, H, H, H, H, F, A}},
    {ACCESS_FED_AUDIT, O_F29, {Y, Y, H, F, F, F, F, H, A}},
    {ACCESS_FED_AUDIT, O_F75, {Y, H, Y, H, H, H, H, F, A}},
    {ACCESS_FED_EDIT, O_F29, {Y, Y, H, F, F, F, F, H, A}},
    /* a member of S1 who keeps the default: officers, federation staff, admin */
    {ACCESS_MEMBER_READ, O_MOFF, {Y, Y, H, Y, Y, H, H, H, A}},
    /* ... who chose "my section": also the members of S1 */
    {ACCESS_MEMBER_READ, O_MSEC, {Y, Y, H, Y, Y, Y, H, H, A}},
    /* ... who chose "hidden": the secretary only */
    {ACCESS_MEMBER_READ, O_MHID, {H, H, H, Y, H, H, H, H, A}},
    {ACCESS_PROFILE, O_MOFF, {H, H, H, H, H, H, H, H, A}},
    /* named rights (issue 8), without delegations: the secretary and federation level */
    {ACCESS_EVENTS_MANAGE, O_S1, {Y, Y, H, Y, F, F, H, H, A}},
    {ACCESS_EVENTS_MANAGE, O_P1, {Y, H, Y, H, H, H, H, F, A}},
    {ACCESS_RESULTS_ENTER, O_S1, {Y, Y, H, Y, F, F, H, H, A}},
    {ACCESS_RESULTS_ENTER, O_S2, {Y, Y, H, H, H, H, F, H, A}},
    {ACCESS_MAPS_PRINT, O_S1, {Y, Y, H, Y, F, F, H, H, A}},
    {ACCESS_DELEG_READ, O_S1, {Y, Y, H, Y, F, F, H, H, A}},
    {ACCESS_DELEG_READ, O_F29, {Y, Y, H, H, H, H, H, H, A}},
    {ACCESS_DELEG_READ, O_F75, {Y, H, Y, H, H, H, H, H, A}},
};

int
main(void)
{
    char name[160];

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (int w = 0; w < N_WHO; w++) {
            snprintf(name, sizeof name, "%s %s on object %d", who_name[w],
                     http_access_name(rows[i].action), rows[i].object);
            is_int(http_access_check(&who[w], rows[i].action, &obj[rows[i].object]),
                   rows[i].want[w], name);
        }
    }
    /* oneself: profile and own data, whatever the visibility */
    for (int w = 0; w < N_WHO - 1; w++) {
        struct access_object self = {who[w].id, who[w].section_code, who[w].federation,
                                     STORE_VIS_HIDDEN};
        snprintf(name, sizeof name, "%s reads own profile and data", who_name[w]);
        ok(http_access_check(&who[w], ACCESS_PROFILE, &self) == CM_OK
               && http_access_check(&who[w], ACCESS_MEMBER_READ, &self) == CM_OK,
           name);
    }
    is_int(http_access_check(NULL, ACCESS_SECTION_READ, &obj[O_S1]), CM_EAUTH, "nobody: 401");
    is_int(http_access_check(&who[ADMIN], ACCESS_N_ACTIONS, &obj[O_S1]), CM_EFORBIDDEN,
           "unknown action denied");
    return tap_done();
}
