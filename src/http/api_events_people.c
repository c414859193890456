/* api_events_people.c - who joined an event, as each viewer may see it (http stage; issue 8
 * section 2, issue 7 privacy). The member's own visibility choice is their consent: an
 * organiser names a participant unless they are hidden from all but the secretary, and sees
 * their e-mail and phone only where http_access_check lets this organiser read the member's
 * data (the same rule as the section's member list); other members see the count and the
 * first names of those visible to the whole section. Every read is audited, never logged. */
#include "api_deleg.h"
#include "api_events_int.h"
#include "store_events_people.h"

#include "cm_log.h"

#include <string.h>

static struct access_object
person_object(const struct store_event_person *p)
{
    struct access_object o = {p->user_id, p->section, p->federation, p->visibility};

    return o;
}

/* One audit row "event_participants": the user was shown p's data. */
static int
person_audit(struct http_auth *a, const struct store_event_person *p, struct cm_err *err)
{
    struct store_user subject = {0};

    if (p->user_id == a->user.id)
        return CM_OK;
    subject.id = p->user_id;
    subject.federation = p->federation;
    return http_auth_audit(a, &subject, "event_participants", err);
}

static json_t *
attended_json(int attended)
{
    return attended < 0 ? json_null() : json_boolean(attended);
}

/* An organiser's row: named, with contacts where allowed, or only counted. */
static json_t *
organiser_row(struct http_auth *a, const struct store_event_person *p, int *shown)
{
    struct access_object po = person_object(p);
    int contact = http_access_check(&a->user, ACCESS_MEMBER_READ, &po) == CM_OK;
    int named = contact || p->visibility != STORE_VIS_HIDDEN;
    json_t *o = json_pack("{s:I,s:b,s:o}", "id", (json_int_t)p->user_id, "me",
                          p->user_id == a->user.id, "attended", attended_json(p->attended));

    *shown = named;
    if (!named) {
        json_object_set_new(o, "hidden", json_true());
        return o;
    }
    json_object_set_new(o, "first_name", json_string(p->first_name ? p->first_name : ""));
    json_object_set_new(o, "last_name", json_string(p->last_name ? p->last_name : ""));
    if (contact) {
        json_object_set_new(o, "email", p->email ? json_string(p->email) : json_null());
        json_object_set_new(o, "phone", p->phone ? json_string(p->phone) : json_null());
    }
    return o;
}

/* The organiser's list and its audit rows (inside the caller's transaction). */
static int
organiser_view(struct http_auth *a, const struct store_event *ev, const struct access_object *so,
               int64_t deleg, const struct store_event_person *p, size_t n, json_t *o,
               struct cm_err *err)
{
    json_t *arr = json_array();
    char what[64];
    int rc, shown;

    snprintf(what, sizeof what, "read participants of event %lld", (long long)ev->id);
    rc = api_deleg_audit(a, so, deleg, what, err);
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        json_array_append_new(arr, organiser_row(a, &p[i], &shown));
        if (shown)
            rc = person_audit(a, &p[i], err);
    }
    json_object_set_new(o, "participants", arr);
    return rc;
}

/* A member's view: first names of those visible to the whole section (and oneself). */
static int
member_view(struct http_auth *a, const struct store_event_person *p, size_t n, json_t *o,
            struct cm_err *err)
{
    json_t *names = json_array();
    int rc = CM_OK;

    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        struct access_object po = person_object(&p[i]);
        if (p[i].visibility != STORE_VIS_SECTION || p[i].user_id == a->user.id
            || http_access_check(&a->user, ACCESS_MEMBER_READ, &po) != CM_OK)
            continue;
        json_array_append_new(names, json_string(p[i].first_name ? p[i].first_name : ""));
        rc = person_audit(a, &p[i], err);
    }
    json_object_set_new(o, "visible", names);
    return rc;
}

int
api_events_people(struct http_auth *a, const struct store_event *ev,
                  const struct access_object *so, int manage, int64_t deleg, json_t *o,
                  struct cm_err *err)
{
    struct store_event_person *p = NULL;
    size_t n = 0;
    int rc, joined = 0, attended = -1;

    if ((rc = store_event_people(a->st, ev->id, &p, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (p[i].user_id == a->user.id) {
            joined = 1;
            attended = p[i].attended;
        }
    json_object_set_new(o, "joined", json_boolean(joined));
    json_object_set_new(o, "my_attendance", attended_json(attended));
    if ((rc = store_begin(a->st, err)) != CM_OK)
        goto out;
    rc = manage ? organiser_view(a, ev, so, deleg, p, n, o, err) : member_view(a, p, n, o, err);
    if (rc == CM_OK)
        rc = store_commit(a->st, err);
    store_rollback(a->st);
    if (rc == CM_OK && manage)
        cm_log(CM_LOG_INFO, "events", "user %lld read the %zu participants of event %lld",
               (long long)a->user.id, n, (long long)ev->id);
out:
    store_event_people_free(p, n);
    return rc;
}
