/* api_events_attend.c - after an event, the organiser records who came and the doors knocked
 * in each targeted bureau (http stage): POST /api/events/{id}/attendance. Only members who
 * signed up are recorded; the store refuses it before the start or for a cancelled event.
 * One transaction, audited on behalf of the section when done by delegation. */
#include "api_events_int.h"
#include "store_events_people.h"

#include "calc_events.h"
#include "cm_log.h"

#include <stdlib.h>
#include <string.h>

#define API_EVENT_DOORS_MAX 100000 /* doors knocked in one bureau by one action */

struct attend_arg {
    int64_t id;
    json_t *attendance, *doors; /* borrowed from the body; may be NULL */
    const struct store_event_person *people;
    size_t n_people;
    char now[21];
};

static int
signed_up(const struct attend_arg *x, int64_t user)
{
    for (size_t i = 0; i < x->n_people; i++)
        if (x->people[i].user_id == user)
            return 1;
    return 0;
}

static int
attend_people(struct http_auth *a, const struct attend_arg *x, struct cm_err *err)
{
    const char *key;
    json_t *v;
    int rc = CM_OK;

    json_object_foreach(x->attendance, key, v) {
        char *end;
        long long user = strtoll(key, &end, 10);
        if (*end || user <= 0 || !signed_up(x, user))
            return cm_err_set(err, CM_EINPUT, "attendance: %.20s did not sign up", key);
        if (!json_is_boolean(v))
            return cm_err_set(err, CM_EINPUT, "attendance of %lld: true or false", user);
        if ((rc = store_event_attend(a->st, x->id, user, json_is_true(v), x->now, err)) != CM_OK)
            return rc;
    }
    return rc;
}

static int
attend_doors(struct http_auth *a, const struct attend_arg *x, struct cm_err *err)
{
    const char *key;
    json_t *v;
    int rc = CM_OK;

    json_object_foreach(x->doors, key, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 0
            || json_integer_value(v) > API_EVENT_DOORS_MAX)
            return cm_err_set(err, CM_EINPUT, "doors of %.32s: a whole number from 0 to %d",
                              key, API_EVENT_DOORS_MAX);
        if ((rc = store_event_doors(a->st, x->id, key, json_integer_value(v), x->now, err))
            != CM_OK)
            return rc;
    }
    return rc;
}

static int
attend_write(struct http_auth *a, void *arg, int64_t *id, struct cm_err *err)
{
    struct attend_arg *x = arg;
    int rc;

    *id = x->id;
    if (x->attendance && (rc = attend_people(a, x, err)) != CM_OK)
        return rc;
    return x->doors ? attend_doors(a, x, err) : CM_OK;
}

/* The body's two objects, bounded. */
static int
attend_body(json_t *body, struct attend_arg *x, struct cm_err *err)
{
    x->attendance = json_object_get(body, "attendance");
    x->doors = json_object_get(body, "doors");
    if ((x->attendance && !json_is_object(x->attendance))
        || (x->doors && !json_is_object(x->doors)))
        return cm_err_set(err, CM_EINPUT, "attendance and doors: objects keyed by member id"
                                          " and by bureau code");
    if (json_object_size(x->attendance) > STORE_EVENT_PEOPLE_MAX || json_object_size(x->doors) > 500)
        return cm_err_set(err, CM_EINPUT, "attendance: too many entries");
    if (x->attendance == NULL && x->doors == NULL)
        return cm_err_set(err, CM_EINPUT, "nothing to record: give attendance or doors");
    return CM_OK;
}

int
api_events_attendance(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event ev = {0};
    struct store_section s = {0};
    struct access_object o = {0};
    struct store_event_person *p = NULL;
    struct attend_arg x = {0};
    json_t *body = NULL;
    size_t n = 0;
    int64_t deleg = 0, id = 0;
    int rc;

    if ((rc = api_event_manage_open(rq, rest, "/attendance", &a, &ev, &s, &o, &deleg, err))
            != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK
        || (rc = attend_body(body, &x, err)) != CM_OK
        || (rc = store_event_people(a.st, ev.id, &p, &n, err)) != CM_OK)
        goto out;
    x.id = ev.id;
    x.people = p;
    x.n_people = n;
    calc_time_utc(a.now, x.now);
    if ((rc = api_event_tx(&a, &o, deleg, attend_write, &x, "record attendance of", &id, err))
        != CM_OK)
        goto out;
    store_event_cleanup(&ev); /* reload: the figures after this record */
    if ((rc = store_event_get(a.st, id, &ev, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "events", "user %lld recorded attendance of event %lld",
           (long long)a.user.id, (long long)id);
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)id, "signups",
                                  (json_int_t)ev.n_signups, "attended",
                                  (json_int_t)ev.n_attended, "doors", ev.doors));
out:
    store_event_people_free(p, n);
    json_decref(body);
    store_section_cleanup(&s);
    store_event_cleanup(&ev);
    http_auth_close(&a);
    return rc;
}
