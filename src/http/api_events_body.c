/* api_events_body.c - an event from a JSON body (http stage): the fields the page sends for
 * a creation or an edit, each bounded and named in the error, then calc_event_check (the same
 * validation as `coopmap events add|edit`). */
#include "api_events_int.h"

#include "calc_events.h"

#include <string.h>

/* A time member of the body into UTC text (Paris time unless it ends in Z or an offset). */
static int
body_time(json_t *body, const char *key, char out[21], char **dst, struct cm_err *err)
{
    const char *s = json_string_value(json_object_get(body, key));
    int64_t t;
    int rc;

    if (s == NULL)
        return cm_err_set(err, CM_EINPUT, "%s: a time is required", key);
    if ((rc = calc_time_parse(s, &t, err)) != CM_OK)
        return rc;
    calc_time_utc(t, out);
    *dst = out;
    return CM_OK;
}

/* A text member, when present: a string of at most max bytes. */
static int
body_str(json_t *body, const char *key, size_t max, char **dst, struct cm_err *err)
{
    json_t *v = json_object_get(body, key);

    if (v == NULL || json_is_null(v))
        return CM_OK;
    if (!json_is_string(v) || json_string_length(v) > max)
        return cm_err_set(err, CM_EINPUT, "%s: a text of at most %zu characters", key, max);
    *dst = (char *)json_string_value(v);
    return CM_OK;
}

/* A goal member, when present: an integer 0..API_EVENT_GOAL_MAX. */
static int
body_goal(json_t *body, const char *key, int64_t *dst, struct cm_err *err)
{
    json_t *v = json_object_get(body, key);

    if (v == NULL)
        return CM_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 0
        || json_integer_value(v) > API_EVENT_GOAL_MAX)
        return cm_err_set(err, CM_EINPUT, "%s: a whole number from 0 to %d", key,
                          API_EVENT_GOAL_MAX);
    *dst = json_integer_value(v);
    return CM_OK;
}

/* The place: a bureau code, or lon and lat together (which drop the bureau). */
static int
body_place(json_t *body, struct store_event *ev, struct cm_err *err)
{
    json_t *lon = json_object_get(body, "lon"), *lat = json_object_get(body, "lat");
    char *bureau = NULL;
    int rc;

    if ((rc = body_str(body, "bureau", 32, &bureau, err)) != CM_OK)
        return rc;
    if (bureau && bureau[0]) {
        ev->bureau = bureau;
    } else if (lon || lat) {
        if (!json_is_number(lon) || !json_is_number(lat))
            return cm_err_set(err, CM_EINPUT, "place: lon and lat together, or bureau");
        ev->lon = json_number_value(lon);
        ev->lat = json_number_value(lat);
        ev->bureau = NULL;
    }
    return CM_OK;
}

int
api_event_body_apply(json_t *body, struct store_event *ev, char s_at[21], char e_at[21],
                     struct cm_err *err)
{
    json_t *kind = json_object_get(body, "kind");
    int rc;

    if ((rc = body_str(body, "title", 200, &ev->title, err)) != CM_OK
        || (rc = body_str(body, "description", 4000, &ev->description, err)) != CM_OK
        || (rc = body_str(body, "address", 300, &ev->address, err)) != CM_OK
        || (rc = body_str(body, "targets", 4000, &ev->targets, err)) != CM_OK
        || (rc = body_goal(body, "goal_min", &ev->goal_min, err)) != CM_OK
        || (rc = body_goal(body, "goal_target", &ev->goal_target, err)) != CM_OK
        || (rc = body_place(body, ev, err)) != CM_OK)
        return rc;
    if (kind && (ev->kind = (char *)calc_event_kind(json_string_value(kind))) == NULL)
        return cm_err_set(err, CM_EINPUT, "kind: one of %s", calc_event_kinds());
    if (json_object_get(body, "start")
        && (rc = body_time(body, "start", s_at, &ev->starts_at, err)) != CM_OK)
        return rc;
    if (json_object_get(body, "end")
        && (rc = body_time(body, "end", e_at, &ev->ends_at, err)) != CM_OK)
        return rc;
    return calc_event_check(ev, err);
}

int
api_event_body_new(json_t *body, struct store_event *ev, char s_at[21], char e_at[21],
           struct cm_err *err)
{
    json_t *lon = json_object_get(body, "lon"), *lat = json_object_get(body, "lat");

    if (calc_event_kind(json_string_value(json_object_get(body, "kind"))) == NULL)
        return cm_err_set(err, CM_EINPUT, "kind: one of %s", calc_event_kinds());
    if (!json_is_string(json_object_get(body, "bureau"))
        && !(json_is_number(lon) && json_is_number(lat)))
        return cm_err_set(err, CM_EINPUT, "place: lon and lat, or bureau");
    if (!json_is_string(json_object_get(body, "start")))
        return cm_err_set(err, CM_EINPUT, "start: a time is required");
    if (!json_is_string(json_object_get(body, "end")))
        return cm_err_set(err, CM_EINPUT, "end: a time is required");
    return api_event_body_apply(body, ev, s_at, e_at, err);
}

