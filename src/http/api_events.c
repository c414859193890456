/* api_events.c - events over HTTP (http stage): near me, one event's .ics, join and leave,
 * create and cancel (the list, one event's page, edit, series and attendance are in
 * api_events_manage.c and api_events_attend.c).
 * Every route needs a logged-in user and asks http_access_check for the event's section
 * (ACCESS_SECTION_READ: a member sees and joins their own section's actions); an event out
 * of reach answers exactly like a missing one (404). Creating and cancelling need
 * ACCESS_EVENTS_MANAGE, through api_deleg_gate (a delegate's actions are audited). */
#include "api_events.h"
#include "api_deleg.h"
#include "api_events_int.h"
#include "api_events_map.h"
#include "http_access_req.h"

#include "calc_events.h"
#include "cm_log.h"
#include "store_org.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* May the user see events of this section? CM_OK, or CM_ENOTFOUND (out of reach or unknown). */
int
api_event_reach(struct http_auth *a, const char *section)
{
    struct store_section s = {0};
    struct access_object o = {0};
    int rc;

    if (store_section_get(a->st, section, 0, &s, NULL) != CM_OK)
        return CM_ENOTFOUND;
    o.section = s.code;
    o.federation = s.federation;
    rc = http_access_check(&a->user, ACCESS_SECTION_READ, &o);
    store_section_cleanup(&s);
    return rc == CM_OK ? CM_OK : CM_ENOTFOUND;
}

/* The event of the path "ID<suffix>", loaded and checked; out of reach == absent. */
int
api_event_for(struct http_auth *a, const char *rest, const char *suffix, struct store_event *ev,
          struct cm_err *err)
{
    char *end;
    long long id = strtoll(rest, &end, 10);

    memset(ev, 0, sizeof *ev);
    if (id <= 0 || strcmp(end, suffix) != 0 || store_event_get(a->st, id, ev, NULL) != CM_OK
        || api_event_reach(a, ev->section) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such event");
    return CM_OK;
}

json_t *
api_event_json(const struct store_event *e)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:f,s:f,s:f,s:I,s:I,s:I,s:s,s:b}", "id",
                     (json_int_t)e->id, "section", e->section, "kind", e->kind, "kind_label",
                     calc_event_kind_label(e->kind), "title", e->title, "starts_at", e->starts_at,
                     "ends_at", e->ends_at, "address", e->address, "lon", e->lon, "lat", e->lat,
                     "distance_m", round(e->dist_m), "signups", (json_int_t)e->n_signups,
                     "goal_min", (json_int_t)e->goal_min, "goal_target",
                     (json_int_t)e->goal_target, "goal_state",
                     calc_event_goal_state(e->n_signups, e->goal_min, e->goal_target),
                     "cancelled", e->cancelled);
}

static int
arg_dbl(struct http_req *rq, const char *name, double def, double *out, struct cm_err *err)
{
    const char *s = http_arg(rq, name);
    char *end;

    if (s == NULL && !isnan(def)) {
        *out = def;
        return CM_OK;
    }
    *out = s ? strtod(s, &end) : NAN;
    if (s == NULL || *s == '\0' || *end || !isfinite(*out))
        return cm_err_set(err, CM_EINPUT, "%s: a number is required", name);
    return CM_OK;
}

/* GET /api/events/near?lon=&lat=&km=: upcoming events within km, nearest first. */
static int
events_near(struct http_req *rq, struct http_auth *a, struct cm_err *err)
{
    struct store_event *ev = NULL;
    char now[21];
    double lon, lat, km;
    size_t n = 0;
    json_t *arr;
    int rc;

    if ((rc = arg_dbl(rq, "lon", NAN, &lon, err)) != CM_OK
        || (rc = arg_dbl(rq, "lat", NAN, &lat, err)) != CM_OK
        || (rc = arg_dbl(rq, "km", 10, &km, err)) != CM_OK)
        return rc;
    calc_time_utc(a->now, now);
    if ((rc = calc_events_near(a->st, lon, lat, km, now, &ev, &n, err)) != CM_OK)
        return rc;
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (api_event_reach(a, ev[i].section) == CM_OK)
            json_array_append_new(arr, api_event_json(&ev[i]));
    store_event_list_free(ev, n);
    return http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "events", arr));
}

/* GET /api/events/feed.ics?token=T: the calendar of the events a member joined, cancelled
 * ones included. The secret is the access: calendar applications send no cookie. It is a
 * query argument so that the access log (paths only) never holds it. */
static int
events_feed(struct http_req *rq, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_user u = {0};
    struct store_event_filter f = {0};
    struct store_event *ev = NULL;
    struct cm_buf ics;
    size_t n = 0;
    int rc;

    if ((rc = http_auth_open(rq, &a, err)) != CM_OK)
        goto out;
    if (calc_events_feed_user(a.st, http_arg(rq, "token"), &f.user_id, NULL) != CM_OK
        || store_user_get(a.st, f.user_id, NULL, &u, NULL) != CM_OK || u.disabled) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such calendar");
        goto out;
    }
    if ((rc = store_event_list(a.st, &f, &ev, &n, err)) != CM_OK)
        goto out;
    cm_buf_init(&ics);
    calc_ics_calendar(ev, n, a.now, "coopmap: mes actions", NULL, &ics);
    rc = http_send_buf(rq, MHD_HTTP_OK, "text/calendar; charset=utf-8", ics.data, ics.len);
    cm_buf_cleanup(&ics);
out:
    store_event_list_free(ev, n);
    store_user_cleanup(&u);
    http_auth_close(&a);
    return rc;
}

/* POST /api/events/feed (a new secret URL; the old one stops working) and
 * /api/events/feed/revoke: the logged-in member's own calendar feed. */
static int
events_feed_post(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    char now[21], token[CALC_FEED_TOKEN_LEN + 1], url[128];
    int revoke = strcmp(rest, "feed/revoke") == 0, revoked = 0, rc;

    if ((rc = http_auth_user(rq, &a, err)) != CM_OK || (rc = store_begin(a.st, err)) != CM_OK)
        goto out;
    calc_time_utc(a.now, now);
    rc = revoke ? store_event_feed_revoke(a.st, a.user.id, &revoked, err)
                : calc_events_feed_new(a.st, a.user.id, now, token, err);
    if (rc == CM_OK)
        rc = store_commit(a.st, err);
    store_rollback(a.st);
    if (rc != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "events", "user %lld %s their calendar feed", (long long)a.user.id,
           revoke ? "revoked" : "renewed");
    snprintf(url, sizeof url, "/api/events/feed.ics?token=%s", revoke ? "" : token);
    rc = http_send_json(rq, MHD_HTTP_OK,
                        revoke ? json_pack("{s:b}", "revoked", revoked)
                               : json_pack("{s:s}", "url", url));
out:
    http_auth_close(&a);
    return rc;
}

int
api_events_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0};
    struct cm_buf ics;
    int rc;

    if (strcmp(rest, "feed.ics") == 0)
        return events_feed(rq, err);
    if (API_EVENTS_MAP_ROUTE(rest))
        return api_events_map_get(rq, rest, err); /* the map layer: api_events_map.c */
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    if (strcmp(rest, "near") == 0) {
        rc = events_near(rq, &a, err);
        goto out;
    }
    if (rest[0] && strspn(rest, "0123456789") == strlen(rest)) {
        http_auth_close(&a); /* the page of one event opens its own */
        return api_events_show(rq, rest, err);
    }
    if ((rc = api_event_for(&a, rest, ".ics", &ev, err)) != CM_OK)
        goto out;
    cm_buf_init(&ics);
    calc_ics_calendar(&ev, 1, a.now, NULL, NULL, &ics);
    rc = http_send_buf(rq, MHD_HTTP_OK, "text/calendar; charset=utf-8", ics.data, ics.len);
    cm_buf_cleanup(&ics);
out:
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}

/* The section's access object (owned strings in s); CM_ENOTFOUND when absent. */
int
api_event_section(struct http_auth *a, const char *code, struct store_section *s,
               struct access_object *o, struct cm_err *err)
{
    if (code == NULL || store_section_get(a->st, code, 0, s, NULL) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    o->section = s->code;
    o->federation = s->federation;
    return CM_OK;
}

/* Run write (an event change) and its audit row in one transaction. */
int
api_event_tx(struct http_auth *a, const struct access_object *o, int64_t deleg,
          int (*write)(struct http_auth *, void *, int64_t *, struct cm_err *), void *arg,
          const char *verb, int64_t *id, struct cm_err *err)
{
    char what[64];
    int rc;

    if ((rc = store_begin(a->st, err)) != CM_OK)
        return rc;
    if ((rc = write(a, arg, id, err)) == CM_OK) {
        snprintf(what, sizeof what, "%s event %lld", verb, (long long)*id);
        if ((rc = api_deleg_audit(a, o, deleg, what, err)) == CM_OK)
            rc = store_commit(a->st, err);
    }
    store_rollback(a->st);
    return rc;
}

static int
insert_write(struct http_auth *a, void *ev, int64_t *id, struct cm_err *err)
{
    return store_event_insert(a->st, ev, id, err);
}

static int
cancel_write(struct http_auth *a, void *ev, int64_t *id, struct cm_err *err)
{
    *id = ((struct store_event *)ev)->id;
    return store_event_cancel(a->st, *id, err);
}

int
api_events_create(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    struct store_event ev = {0};
    json_t *body = NULL;
    char s_at[21], e_at[21];
    int64_t deleg = 0, id = 0;
    int rc;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK || (rc = http_auth_body(rq, &body, err)) != CM_OK
        || (rc = api_event_section(&a, json_string_value(json_object_get(body, "section")), &s, &o,
                                err)) != CM_OK
        || (rc = api_deleg_gate(&a, ACCESS_EVENTS_MANAGE, &o, &deleg, err)) != CM_OK)
        goto out;
    ev.section = s.code;
    ev.created_by = a.user.id;
    if ((rc = api_event_body_new(body, &ev, s_at, e_at, err)) != CM_OK
        || (rc = api_event_tx(&a, &o, deleg, insert_write, &ev, "create", &id, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "events", "user %lld created event %lld", (long long)a.user.id,
           (long long)id);
    rc = http_send_json(rq, MHD_HTTP_CREATED, json_pack("{s:I}", "id", (json_int_t)id));
out:
    json_decref(body);
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

/* POST /api/events/{id}/cancel: members who joined see it cancelled. */
static int
events_cancel(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    struct store_event ev = {0};
    int64_t deleg = 0, id = 0;
    int rc;

    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_event_for(&a, rest, "/cancel", &ev, err)) != CM_OK
        || (rc = api_event_section(&a, ev.section, &s, &o, err)) != CM_OK
        || (rc = api_deleg_gate(&a, ACCESS_EVENTS_MANAGE, &o, &deleg, err)) != CM_OK
        || (rc = api_event_tx(&a, &o, deleg, cancel_write, &ev, "cancel", &id, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "events", "user %lld cancelled event %lld", (long long)a.user.id,
           (long long)id);
    rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:I,s:b}", "id", (json_int_t)id,
                                                   "cancelled", 1));
out:
    store_event_cleanup(&ev);
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

/* POST /api/events/{id}/join and /leave: the logged-in member, one click, idempotent. */
int
api_events_post(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0};
    const char *slash = strchr(rest, '/');
    int rc, join, changed = 0;
    int64_t id;
    char now[21];

    if (strcmp(rest, "feed") == 0 || strcmp(rest, "feed/revoke") == 0)
        return events_feed_post(rq, rest, err);
    if (slash && strcmp(slash, "/cancel") == 0)
        return events_cancel(rq, rest, err);
    if (slash && strcmp(slash, "/edit") == 0)
        return api_events_edit(rq, rest, err);
    if (slash && strcmp(slash, "/duplicate") == 0)
        return api_events_duplicate(rq, rest, err);
    if (slash && strcmp(slash, "/attendance") == 0)
        return api_events_attendance(rq, rest, err);
    if (slash == NULL || (strcmp(slash, "/join") != 0 && strcmp(slash, "/leave") != 0))
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    join = strcmp(slash, "/join") == 0;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_event_for(&a, rest, slash, &ev, err)) != CM_OK
        || (rc = store_begin(a.st, err)) != CM_OK)
        goto out;
    calc_time_utc(a.now, now);
    rc = join ? store_event_join(a.st, ev.id, a.user.id, now, &changed, err)
              : store_event_leave(a.st, ev.id, a.user.id, &changed, err);
    if (rc == CM_OK)
        rc = store_commit(a.st, err);
    store_rollback(a.st);
    id = ev.id;
    store_event_cleanup(&ev); /* reload: the count after this click */
    if (rc == CM_OK && (rc = store_event_get(a.st, id, &ev, err)) == CM_OK) {
        cm_log(CM_LOG_INFO, "events", "user %lld %s event %lld", (long long)a.user.id,
               join ? "joined" : "left", (long long)ev.id);
        rc = http_send_json(rq, MHD_HTTP_OK,
                            json_pack("{s:I,s:b,s:I}", "id", (json_int_t)ev.id, "joined", join,
                                      "signups", (json_int_t)ev.n_signups));
    }
out:
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}
