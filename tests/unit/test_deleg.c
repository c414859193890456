/* test_deleg.c - delegated rights: the grant policy (more than held, beyond own expiry,
 * another section), and the access decision with delegations loaded at an injected clock
 * (before and after expiry, after revocation of a parent), over a table. */
#include "../tap.h"

#include "api_deleg.h"
#include "store_int.h" /* count audit rows */
#include "store_org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1900000000 /* the injected clock */
#define DAY 86400

enum { SEC1, D1, D2, M2, N_U };
static const char *const email[N_U] = {"sec1@t.example", "d1@t.example", "d2@t.example",
                                       "m2@t.example"};
static int64_t uid[N_U];

static struct store *
setup(char *path)
{
    struct store *st = NULL;
    int64_t s1 = 0, s2 = 0;
    int fd = mkstemp(path);

    if (fd < 0)
        return NULL;
    close(fd);
    unlink(path);
    if (store_open(path, 0, &st, NULL) != CM_OK || store_begin(st, NULL) != CM_OK)
        return NULL;
    store_federation_ensure(st, "29", NULL, NULL);
    store_section_add(st, "S1", "Brest centre", "29", &s1, NULL);
    store_section_add(st, "S2", "Brest nord", "29", &s2, NULL);
    for (int i = 0; i < N_U; i++) {
        struct store_user u = {.email = (char *)email[i], .section_id = i == M2 ? s2 : s1};
        store_user_add(st, &u, T0, &uid[i], NULL);
    }
    store_role_add(st, uid[SEC1], STORE_ROLE_SECRETARY, "S1", "cli", NULL);
    return store_commit(st, NULL) == CM_OK ? st : NULL;
}

/* Grant as user g at now; returns the code. */
static int
grant(struct store *st, int g, int to, const char *section, const char *rights, int64_t until,
      int64_t now, int64_t *id)
{
    struct store_user u = {0};
    struct api_deleg_req r = {section, email[to], 0, until, now, "cli"};
    int rc = store_rights_parse(rights, &r.rights, NULL);

    if (rc == CM_OK && (rc = store_user_get(st, uid[g], NULL, &u, NULL)) == CM_OK
        && (rc = store_deleg_grants_load(st, &u, now, NULL)) == CM_OK)
        rc = api_deleg_grant(st, &u, &r, id, NULL);
    store_user_cleanup(&u);
    return rc;
}

#define Y CM_OK
#define H CM_ENOTFOUND
#define F CM_EFORBIDDEN

static const struct access_object s1 = {0, "S1", "29", 0}, s2 = {0, "S2", "29", 0},
                                  m_off = {999, "S1", "29", STORE_VIS_OFFICERS},
                                  m_hid = {998, "S1", "29", STORE_VIS_HIDDEN};

struct row {
    int who, action;
    const struct access_object *obj;
    int64_t at;  /* seconds after T0 */
    int want;
    int via;     /* 1: delegation 1, 2: delegation 2, 0: own role or denied */
};

/* Delegation 1: sec1 -> d1 events,members until day 10 (end of the day, Paris);
 * delegation 2: d1 -> d2 events until day 5. */
static const struct row rows[] = {
    {D1, ACCESS_EVENTS_MANAGE, &s1, DAY, Y, 1},
    {D1, ACCESS_SECTION_MEMBERS, &s1, DAY, Y, 1},
    {D1, ACCESS_MEMBER_READ, &m_off, DAY, Y, 0},
    {D1, ACCESS_MEMBER_READ, &m_hid, DAY, H, 0},
    {D1, ACCESS_RESULTS_ENTER, &s1, DAY, F, 0},
    {D1, ACCESS_MAPS_PRINT, &s1, DAY, F, 0},
    {D1, ACCESS_DELEG_READ, &s1, DAY, F, 0},
    {D1, ACCESS_EVENTS_MANAGE, &s2, DAY, H, 0},
    {D1, ACCESS_EVENTS_MANAGE, &s1, 12 * DAY, F, 0}, /* after expiry */
    {D1, ACCESS_MEMBER_READ, &m_off, 12 * DAY, H, 0},
    {D2, ACCESS_EVENTS_MANAGE, &s1, DAY, Y, 2},
    {D2, ACCESS_SECTION_MEMBERS, &s1, DAY, Y, 0},    /* a plain member's list, not delegated */
    {D2, ACCESS_MEMBER_READ, &m_off, DAY, H, 0},
    {D2, ACCESS_EVENTS_MANAGE, &s1, 7 * DAY, F, 0},
    {SEC1, ACCESS_EVENTS_MANAGE, &s1, DAY, Y, 0},
    {M2, ACCESS_EVENTS_MANAGE, &s1, DAY, H, 0},
};

static int
decide(struct store *st, int w, int action, const struct access_object *o, int64_t now,
       int64_t *via)
{
    struct store_user u = {0};
    int rc = H;

    if (store_user_get(st, uid[w], NULL, &u, NULL) == CM_OK
        && store_deleg_grants_load(st, &u, now, NULL) == CM_OK)
        rc = http_access_check_via(&u, action, o, via);
    store_user_cleanup(&u);
    return rc;
}

static int64_t
count(struct store *st, const char *sql)
{
    int64_t n = -1;

    store_query_int64(st, sql, &n, NULL);
    return n;
}

int
main(void)
{
    char path[] = "/tmp/test_deleg_XXXXXX", name[160], rights[40];
    struct store *st = setup(path);
    int64_t id1 = 0, id2 = 0, id, via, until10 = 0, until5 = 0;
    struct cm_err err = {0};
    unsigned bits = 0;
    size_t n = 0;

    ok(st != NULL, "store with S1, S2 and four accounts");
    if (st == NULL)
        return tap_done();
    is_int(store_rights_parse("print,events", &bits, NULL), CM_OK, "parse rights");
    store_rights_format(bits, rights, sizeof rights);
    is_str(rights, "events,print", "rights in their order");
    is_int(store_rights_parse("events,vote", &bits, &err), CM_EINPUT, "unknown right refused");
    ok(strstr(err.msg, "vote") != NULL, "the message names it");
    /* the expiry is the end of the day, Paris time (UTC+1 in winter) */
    is_int(api_deleg_until("2030-01-31", &until10, NULL), CM_OK, "until a date");
    is_int(until10, 1896130800, "2030-01-31: 2030-01-31T23:00:00Z");
    until10 = T0 + 10 * DAY;
    until5 = T0 + 5 * DAY;

    is_int(grant(st, SEC1, D1, "S1", "events,members", until10, T0, &id1), CM_OK,
           "the secretary delegates events and members");
    is_int(grant(st, D1, D2, "S1", "events", until5, T0, &id2), CM_OK,
           "the delegate re-delegates part of it, for less long");
    is_int(grant(st, D1, D2, "S1", "events,results", until5, T0, &id), CM_EFORBIDDEN,
           "re-delegating a right not held: refused");
    is_int(grant(st, D1, D2, "S1", "events", until10 + 1, T0, &id), CM_EFORBIDDEN,
           "re-delegating beyond one's own expiry: refused");
    is_int(grant(st, D1, M2, "S2", "events", until5, T0, &id), CM_ENOTFOUND,
           "delegating on another section: refused as out of reach");
    is_int(grant(st, D1, D2, "S1", "events", until10 + 5 * DAY, T0 + 11 * DAY, &id),
           CM_EFORBIDDEN, "delegating after one's own expiry: refused");
    is_int(grant(st, M2, D2, "S1", "print", until5, T0, &id), CM_ENOTFOUND,
           "a member of another section: refused");
    is_int(grant(st, SEC1, M2, "S1", "print", until5, T0, &id), CM_EINPUT,
           "the grantee must be a member of the section");
    is_int(count(st, "SELECT count(*) FROM audit WHERE action = 'deleg_denied'"), 5,
           "each escalation attempt is audited");
    is_int(count(st, "SELECT count(*) FROM audit WHERE action = 'deleg_grant' AND detail ="
                     " 'grant delegation 2 (events) on behalf of section S1, by delegation 1'"
                     " AND delegation_id = 1"), 1, "the re-delegation is audited on behalf");

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t want_via = rows[i].via == 1 ? id1 : rows[i].via == 2 ? id2 : 0;
        snprintf(name, sizeof name, "user %d %s on %s at T0+%lldd", rows[i].who,
                 http_access_name(rows[i].action), rows[i].obj->section,
                 (long long)(rows[i].at / DAY));
        via = -1;
        is_int(decide(st, rows[i].who, rows[i].action, rows[i].obj, T0 + rows[i].at, &via),
               rows[i].want, name);
        is_int(via, want_via, "... through the expected delegation");
    }
    /* the boundary: held until the second before expires_at */
    is_int(decide(st, D1, ACCESS_EVENTS_MANAGE, &s1, until10 - 1, &via), Y, "1 s before expiry");
    is_int(decide(st, D1, ACCESS_EVENTS_MANAGE, &s1, until10, &via), F, "at expiry");

    /* revoking delegation 1 also ends the re-delegation made from it */
    store_begin(st, NULL);
    is_int(store_deleg_revoke(st, id1, T0 + 2 * DAY, &n, NULL), CM_OK, "revoke");
    store_commit(st, NULL);
    is_int((long long)n, 2, "two delegations revoked");
    is_int(decide(st, D1, ACCESS_EVENTS_MANAGE, &s1, T0 + 2 * DAY, &via), F,
           "revoked: denied at once");
    is_int(decide(st, D2, ACCESS_EVENTS_MANAGE, &s1, T0 + 2 * DAY, &via), F,
           "... and the re-delegation too");
    store_close(st);
    unlink(path);
    return tap_done();
}
