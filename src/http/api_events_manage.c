/* api_events_manage.c - a section's events over HTTP (http stage): the list, one event in
 * full (with who joined, api_events_people.c), edit with optimistic locking, weekly series
 * and the attendance record. Reading needs ACCESS_SECTION_READ (out of reach answers 404);
 * changing needs ACCESS_EVENTS_MANAGE through api_deleg_gate, audited on behalf of the
 * section when done by delegation. */
#include "api_deleg.h"
#include "api_events.h"
#include "api_events_int.h"
#include "store_events_people.h"

#include "calc_events.h"
#include "cm_log.h"

#include <stdlib.h>
#include <string.h>

#define API_EVENTS_LIST_MAX 500         /* events in one list answer */
#define API_EVENTS_LIST_PAST (31 * 86400) /* default look-back: last month's, to record them */

/* "A,B" into a JSON array of codes. */
static json_t *
codes_json(const char *list)
{
    json_t *arr = json_array();
    const char *p = list ? list : "";

    while (*p) {
        size_t len = strcspn(p, ",");
        if (len)
            json_array_append_new(arr, json_stringn(p, len));
        p += len + (p[len] == ',');
    }
    return arr;
}

/* "A=3,B=0" into {"A": 3, "B": 0}. */
static json_t *
doors_json(const char *list)
{
    json_t *o = json_object(), *pairs = codes_json(list), *v;
    size_t i;

    json_array_foreach(pairs, i, v) {
        const char *s = json_string_value(v), *eq = strchr(s, '=');
        if (eq) {
            char code[64];
            snprintf(code, sizeof code, "%.*s", (int)(eq - s), s);
            json_object_set_new(o, code, json_integer(strtoll(eq + 1, NULL, 10)));
        }
    }
    json_decref(pairs);
    return o;
}

/* Ids of the section's events the user joined (sorted by the store's order). */
static int
joined_ids(struct http_auth *a, const char *section, int64_t **ids, size_t *n,
           struct cm_err *err)
{
    struct store_event_filter f = {.section = section, .user_id = a->user.id};
    struct store_event *ev = NULL;
    size_t m = 0;
    int rc = store_event_list(a->st, &f, &ev, &m, err);

    *ids = rc == CM_OK ? cm_xcalloc(m + 1, sizeof **ids) : NULL;
    for (size_t i = 0; rc == CM_OK && i < m; i++)
        (*ids)[i] = ev[i].id;
    *n = rc == CM_OK ? m : 0;
    store_event_list_free(ev, m);
    return rc;
}

static int
has_id(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* The list's order: upcoming events by start, then past ones, the latest first. */
static json_t *
list_json(const struct store_event *ev, size_t n, const char *now, const int64_t *joined,
          size_t n_joined)
{
    json_t *arr = json_array();

    for (int past = 0; past < 2; past++)
        for (size_t k = 0; k < n && json_array_size(arr) < API_EVENTS_LIST_MAX; k++) {
            const struct store_event *e = &ev[past ? n - 1 - k : k];
            if ((strcmp(e->ends_at, now) <= 0) != past)
                continue;
            json_t *o = api_event_json(e);
            json_object_set_new(o, "past", json_boolean(past));
            json_object_set_new(o, "joined", json_boolean(has_id(joined, n_joined, e->id)));
            json_array_append_new(arr, o);
        }
    return arr;
}

/* The look-back of ?from= (a time or a date), default a month before now. */
static int
list_from(struct http_req *rq, struct http_auth *a, char from[21], struct cm_err *err)
{
    const char *s = http_arg(rq, "from");
    char buf[32];
    int64_t t = a->now - API_EVENTS_LIST_PAST;
    int rc;

    if (s && strlen(s) == 10) { /* a date: from its midnight, Paris time */
        snprintf(buf, sizeof buf, "%sT00:00", s);
        s = buf;
    }
    if (s && (rc = calc_time_parse(s, &t, err)) != CM_OK)
        return rc;
    calc_time_utc(t, from);
    return CM_OK;
}

/* GET /api/events?section=CODE[&from=TIME]: the section's events, upcoming first. */
int
api_events_list(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    struct store_event_filter f = {0};
    struct store_event *ev = NULL;
    int64_t *joined = NULL;
    size_t n = 0, n_joined = 0;
    char now[21], from[21];
    int rc, manage;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_event_section(&a, http_arg(rq, "section"), &s, &o, err)) != CM_OK)
        goto out;
    if (api_event_reach(&a, s.code) != CM_OK) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such section");
        goto out;
    }
    f.section = s.code;
    f.after = from;
    calc_time_utc(a.now, now);
    if ((rc = list_from(rq, &a, from, err)) != CM_OK
        || (rc = store_event_list(a.st, &f, &ev, &n, err)) != CM_OK
        || (rc = joined_ids(&a, s.code, &joined, &n_joined, err)) != CM_OK)
        goto out;
    manage = http_access_check(&a.user, ACCESS_EVENTS_MANAGE, &o) == CM_OK;
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:{s:s,s:s},s:s,s:b,s:o}", "section", "code", s.code, "name",
                                  s.name, "now", now, "can_manage", manage, "events",
                                  list_json(ev, n, now, joined, n_joined)));
out:
    free(joined);
    store_event_list_free(ev, n);
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

/* The full event: the summary plus what its page shows. */
static json_t *
full_json(const struct store_event *ev, const char *now, int manage)
{
    json_t *o = api_event_json(ev);
    char ics[64];

    snprintf(ics, sizeof ics, "/api/events/%lld.ics", (long long)ev->id);
    json_object_set_new(o, "description", json_string(ev->description ? ev->description : ""));
    json_object_set_new(o, "bureau", ev->bureau ? json_string(ev->bureau) : json_null());
    json_object_set_new(o, "targets", codes_json(ev->targets));
    json_object_set_new(o, "doors", doors_json(ev->doors));
    json_object_set_new(o, "version", json_integer(ev->version));
    json_object_set_new(o, "series_id", ev->series_id ? json_integer(ev->series_id) : json_null());
    json_object_set_new(o, "attended", json_integer(ev->n_attended));
    json_object_set_new(o, "started", json_boolean(strcmp(ev->starts_at, now) <= 0));
    json_object_set_new(o, "past", json_boolean(strcmp(ev->ends_at, now) <= 0));
    json_object_set_new(o, "can_manage", json_boolean(manage));
    json_object_set_new(o, "ics", json_string(ics));
    return o;
}

/* GET /api/events/{id} */
int
api_events_show(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    int64_t deleg = 0;
    json_t *j = NULL;
    char now[21];
    int rc, manage;

    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_event_for(&a, rest, "", &ev, err)) != CM_OK
        || (rc = api_event_section(&a, ev.section, &s, &o, err)) != CM_OK)
        goto out;
    calc_time_utc(a.now, now);
    manage = http_access_check_via(&a.user, ACCESS_EVENTS_MANAGE, &o, &deleg) == CM_OK;
    j = full_json(&ev, now, manage);
    if ((rc = api_events_people(&a, &ev, &o, manage, deleg, j, err)) == CM_OK) {
        rc = http_send_json(rq, MHD_HTTP_OK, j);
        j = NULL;
    }
out:
    json_decref(j);
    store_section_cleanup(&s);
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}

int
api_event_manage_open(struct http_req *rq, const char *rest, const char *suffix, struct http_auth *a,
            struct store_event *ev, struct store_section *s, struct access_object *o,
            int64_t *deleg, struct cm_err *err)
{
    int rc;

    if ((rc = http_auth_user(rq, a, err)) != CM_OK
        || (rc = api_event_for(a, rest, suffix, ev, err)) != CM_OK
        || (rc = api_event_section(a, ev->section, s, o, err)) != CM_OK)
        return rc;
    return api_deleg_gate(a, ACCESS_EVENTS_MANAGE, o, deleg, err);
}

static int
update_write(struct http_auth *a, void *ev, int64_t *id, struct cm_err *err)
{
    *id = ((struct store_event *)ev)->id;
    return store_event_update(a->st, ev, err);
}

/* PUT /api/events/{id} and POST /api/events/{id}/edit: the fields given change, the others
 * stay; "version" is the one the editor read: someone else's change in between is a 409. */
static int
events_edit(struct http_req *rq, const char *rest, const char *suffix, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0}, upd;
    struct store_section s = {0};
    struct access_object o = {0};
    json_t *body = NULL, *ver;
    char s_at[21], e_at[21];
    int64_t deleg = 0, id = 0;
    int rc;

    if ((rc = api_event_manage_open(rq, rest, suffix, &a, &ev, &s, &o, &deleg, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK)
        goto out;
    ver = json_object_get(body, "version");
    if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
        rc = cm_err_set(err, CM_EINPUT, "version: the version you edited is required");
        goto out;
    }
    upd = ev;
    upd.version = json_integer_value(ver);
    if ((rc = api_event_body_apply(body, &upd, s_at, e_at, err)) != CM_OK)
        goto out;
    rc = api_event_tx(&a, &o, deleg, update_write, &upd, "edit", &id, err);
    if (rc == CM_ECONFLICT) { /* the store's message names no remedy: say what to do */
        cm_err_clear(err);
        rc = cm_err_set(err, CM_ECONFLICT, "event %lld was changed by someone else (you edited"
                        " version %lld, it is now %lld): reload it and make your change again",
                        (long long)ev.id, (long long)upd.version, (long long)ev.version);
    }
    if (rc != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "events", "user %lld edited event %lld", (long long)a.user.id,
           (long long)id);
    rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:I,s:I}", "id", (json_int_t)id, "version",
                                                   (json_int_t)upd.version + 1));
out:
    json_decref(body);
    store_section_cleanup(&s);
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}

int
api_events_put(struct http_req *rq, const char *rest, struct cm_err *err)
{
    return events_edit(rq, rest, "", err);
}

int
api_events_edit(struct http_req *rq, const char *rest, struct cm_err *err)
{
    return events_edit(rq, rest, "/edit", err);
}

struct series_arg {
    int64_t id;
    size_t n;
    int64_t *ids; /* n - 1 new ids */
};

static int
series_write(struct http_auth *a, void *arg, int64_t *id, struct cm_err *err)
{
    struct series_arg *s = arg;

    *id = s->id;
    return calc_events_weekly_series(a->st, s->id, s->n, s->ids, err);
}

/* POST /api/events/{id}/duplicate {"count": N}: the event and N-1 copies, a week apart at
 * the same Paris time, in one series. */
int
api_events_duplicate(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    struct series_arg sa = {0};
    json_t *body = NULL, *cnt, *ids;
    int64_t deleg = 0, id = 0;
    char verb[48];
    int rc;

    if ((rc = api_event_manage_open(rq, rest, "/duplicate", &a, &ev, &s, &o, &deleg, err))
            != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK)
        goto out;
    cnt = json_object_get(body, "count");
    if (!json_is_integer(cnt) || json_integer_value(cnt) < 2
        || json_integer_value(cnt) > API_EVENT_SERIES_MAX) {
        rc = cm_err_set(err, CM_EINPUT, "count: from 2 to %d events in the series, this one"
                        " included", API_EVENT_SERIES_MAX);
        goto out;
    }
    sa = (struct series_arg){ev.id, (size_t)json_integer_value(cnt), NULL};
    sa.ids = cm_xcalloc(sa.n, sizeof *sa.ids);
    snprintf(verb, sizeof verb, "weekly series (%zu) of", sa.n);
    if ((rc = api_event_tx(&a, &o, deleg, series_write, &sa, verb, &id, err)) != CM_OK)
        goto out;
    ids = json_array();
    for (size_t i = 0; i + 1 < sa.n; i++)
        json_array_append_new(ids, json_integer(sa.ids[i]));
    cm_log(CM_LOG_INFO, "events", "user %lld made a weekly series of %zu from event %lld",
           (long long)a.user.id, sa.n, (long long)id);
    rc = http_send_json(rq, MHD_HTTP_CREATED,
                        json_pack("{s:I,s:I,s:o}", "id", (json_int_t)id, "series_id",
                                  (json_int_t)(ev.series_id ? ev.series_id : ev.id), "ids", ids));
out:
    free(sa.ids);
    json_decref(body);
    store_section_cleanup(&s);
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}
