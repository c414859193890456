/* api_events_map.c - the "Actions" layer of the web map and the member's own sign-ups (http
 * stage). The store's R*Tree gives the events of the box; each is kept only when its section is
 * within the user's reach (ACCESS_SECTION_READ, as near me), and the walk stops at the bound. */
#include "api_events_map.h"
#include "http_access_req.h"

#include "calc_events.h"
#include "store_org.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EVMAP_SECTIONS 16 /* reach decisions remembered during one request */

struct evmap_reach {
    char *section; /* owned */
    int ok;
};

/* One walk over the box: the features kept so far and what was decided on the way. */
struct evmap {
    struct http_auth *a;
    json_t *features;                 /* borrowed */
    const struct store_event *joined; /* borrowed: the user's upcoming sign-ups */
    size_t n_joined;
    int truncated;
    struct evmap_reach reach[EVMAP_SECTIONS];
    size_t n_reach;
};

/* May the user see this section's events? Same rule as near me; remembered per section. */
static int
evmap_reach(struct evmap *m, const char *section)
{
    struct store_section s = {0};
    struct access_object o = {0};
    int ok = 0;

    for (size_t i = 0; i < m->n_reach; i++)
        if (strcmp(m->reach[i].section, section) == 0)
            return m->reach[i].ok;
    if (store_section_get(m->a->st, section, 0, &s, NULL) == CM_OK) {
        o.section = s.code;
        o.federation = s.federation;
        ok = http_access_check(&m->a->user, ACCESS_SECTION_READ, &o) == CM_OK;
    }
    store_section_cleanup(&s);
    if (m->n_reach < EVMAP_SECTIONS) {
        m->reach[m->n_reach].section = cm_xstrdup(section);
        m->reach[m->n_reach++].ok = ok;
    }
    return ok;
}

static int
evmap_joined(const struct evmap *m, int64_t id)
{
    for (size_t i = 0; i < m->n_joined; i++)
        if (m->joined[i].id == id)
            return 1;
    return 0;
}

static json_t *
evmap_feature(const struct evmap *m, const struct store_event *e)
{
    json_t *props = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:s,s:I,s:I,s:I,s:s,s:b}", "id", (json_int_t)e->id, "title",
        e->title, "kind", e->kind, "kind_label", calc_event_kind_label(e->kind), "starts_at",
        e->starts_at, "ends_at", e->ends_at, "address", e->address, "section", e->section,
        "signups", (json_int_t)e->n_signups, "goal_min", (json_int_t)e->goal_min, "goal_target",
        (json_int_t)e->goal_target, "goal_state",
        calc_event_goal_state(e->n_signups, e->goal_min, e->goal_target), "joined",
        evmap_joined(m, e->id));

    return json_pack("{s:s,s:I,s:{s:s,s:[f,f]},s:o}", "type", "Feature", "id", (json_int_t)e->id,
                     "geometry", "type", "Point", "coordinates", e->lon, e->lat, "properties",
                     props);
}

static int
evmap_visit(struct store_event *ev, void *arg)
{
    struct evmap *m = arg;

    if (!evmap_reach(m, ev->section))
        return 0;
    if (json_array_size(m->features) == API_EVMAP_MAX) {
        m->truncated = 1;
        return 1;
    }
    json_array_append_new(m->features, evmap_feature(m, ev));
    return 0;
}

/* bbox=minlon,minlat,maxlon,maxlat in degrees, min <= max. */
static int
evmap_bbox(struct http_req *rq, double box[4], struct cm_err *err)
{
    static const double lim[4] = {180, 90, 180, 90};
    const char *s = http_arg(rq, "bbox");
    char *end = NULL;

    for (int i = 0; s && i < 4; i++) {
        errno = 0;
        box[i] = strtod(s, &end);
        if (errno || end == s || !(fabs(box[i]) <= lim[i]) || *end != (i < 3 ? ',' : '\0'))
            break;
        s = end + (i < 3);
        if (i == 3 && box[0] <= box[2] && box[1] <= box[3])
            return CM_OK;
    }
    return cm_err_set(err, CM_EINPUT,
                      "bbox: minlon,minlat,maxlon,maxlat in degrees, min <= max");
}

/* The user's upcoming sign-ups (scheduled events ending after now). */
static int
evmap_signups(struct http_auth *a, const char *now, struct store_event **out, size_t *n,
              struct cm_err *err)
{
    struct store_event_filter f = {.after = now, .user_id = a->user.id, .scheduled_only = 1};

    return store_event_list(a->st, &f, out, n, err);
}

static int
evmap_send(struct http_req *rq, struct http_auth *a, const char *now, struct store_event *joined,
           size_t n_joined, struct cm_err *err)
{
    double box[4];
    struct store_event_filter f = {.after = now, .scheduled_only = 1, .bbox = box};
    struct evmap m = {.a = a, .joined = joined, .n_joined = n_joined};
    json_t *fc;
    int rc;

    if ((rc = evmap_bbox(rq, box, err)) != CM_OK)
        return rc;
    m.features = json_array();
    fc = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", m.features);
    rc = store_event_each(a->st, &f, evmap_visit, &m, err);
    for (size_t i = 0; i < m.n_reach; i++)
        free(m.reach[i].section);
    if (rc != CM_OK) {
        json_decref(fc);
        return rc;
    }
    json_object_set_new(fc, "truncated", json_boolean(m.truncated));
    return http_send_json(rq, MHD_HTTP_OK, fc);
}

static int
joined_send(struct http_req *rq, struct store_event *joined, size_t n_joined)
{
    json_t *ids = json_array();

    for (size_t i = 0; i < n_joined; i++)
        json_array_append_new(ids, json_integer(joined[i].id));
    return http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "ids", ids));
}

int
api_events_map_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_event *joined = NULL;
    size_t n_joined = 0;
    char now[21];
    int rc;

    if ((rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    calc_time_utc(a.now, now);
    if ((rc = evmap_signups(&a, now, &joined, &n_joined, err)) != CM_OK)
        goto out;
    rc = strcmp(rest, "joined") == 0 ? joined_send(rq, joined, n_joined)
                                     : evmap_send(rq, &a, now, joined, n_joined, err);
out:
    store_event_list_free(joined, n_joined);
    http_auth_close(&a);
    return rc;
}
