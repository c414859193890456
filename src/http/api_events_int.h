/* api_events_int.h - private to the event routes (http stage): what api_events.c (near me,
 * .ics, join, create, cancel), api_events_manage.c (list, show, edit, series, attendance)
 * and api_events_people.c (who joined, by privacy rule) share. */
#ifndef API_EVENTS_INT_H
#define API_EVENTS_INT_H

#include "http_access_req.h"
#include "store_events.h"
#include "store_org.h"

#define API_EVENT_GOAL_MAX 10000 /* attendance goals: a bound, not a policy */
#define API_EVENT_SERIES_MAX 52  /* a weekly series: a year at most from the page */

/* A write on the event store inside api_event_tx's transaction; *id gets the event's id. */
typedef int api_event_write(struct http_auth *a, void *arg, int64_t *id, struct cm_err *err);

/* May the user see events of this section? CM_OK, or CM_ENOTFOUND (out of reach, unknown). */
int api_event_reach(struct http_auth *a, const char *section);
/* The event of the path "ID<suffix>" into *ev (owned: store_event_cleanup), checked for
 * reach; out of reach answers like absent: CM_ENOTFOUND "no such event". */
int api_event_for(struct http_auth *a, const char *rest, const char *suffix,
                  struct store_event *ev, struct cm_err *err);
/* The section's access object (strings owned by *s: store_section_cleanup); CM_ENOTFOUND. */
int api_event_section(struct http_auth *a, const char *code, struct store_section *s,
                      struct access_object *o, struct cm_err *err);
/* Run write and its audit row ("VERB event ID", by delegation deleg when not 0) in one
 * transaction; the caller is outside any transaction. */
int api_event_tx(struct http_auth *a, const struct access_object *o, int64_t deleg,
                 api_event_write *write, void *arg, const char *verb, int64_t *id,
                 struct cm_err *err);
/* The event of a managing route "ID<suffix>": the user logged in, the event within reach
 * (else CM_ENOTFOUND), then ACCESS_EVENTS_MANAGE through api_deleg_gate (a delegate's refusal
 * is audited). *ev and *s owned by the caller; *deleg the delegation used, 0 when none. */
int api_event_manage_open(struct http_req *rq, const char *rest, const char *suffix,
                          struct http_auth *a, struct store_event *ev, struct store_section *s,
                          struct access_object *o, int64_t *deleg, struct cm_err *err);
/* The summary of an event as JSON (new reference): place, times, sign-ups against goals. */
json_t *api_event_json(const struct store_event *e);
/* Override ev's fields with those present in body (strings borrowed from body, times
 * written to s_at/e_at), then calc_event_check: CM_EINPUT naming the field. */
int api_event_body_apply(json_t *body, struct store_event *ev, char s_at[21], char e_at[21],
                         struct cm_err *err);

/* The event of a creation body: as api_event_body_apply, kind, place and times required. */
int api_event_body_new(json_t *body, struct store_event *ev, char s_at[21], char e_at[21],
                       struct cm_err *err);

/* GET /api/events/{id}: the event in full (api_events_manage.c). */
int api_events_show(struct http_req *rq, const char *rest, struct cm_err *err);
/* POST /api/events/{id}/edit (same as PUT), /duplicate {"count": N} (api_events_manage.c). */
int api_events_edit(struct http_req *rq, const char *rest, struct cm_err *err);
int api_events_duplicate(struct http_req *rq, const char *rest, struct cm_err *err);
/* POST /api/events/{id}/attendance {"attendance": {"USER": true|false, ...}, "doors":
 * {"BUREAU": N, ...}} after the start (api_events_attend.c). */
int api_events_attendance(struct http_req *rq, const char *rest, struct cm_err *err);

/* The participants of ev as the user may see them (api_events_people.c): an organiser
 * (manage is 1; deleg the delegation that made them one, 0 for their own role) gets every
 * sign-up, named when the member's visibility lets organisers see them, with e-mail and
 * phone only where the member's choice lets this user read their data; the read is audited
 * (one row for the list, on behalf of the section when by delegation, and one per member
 * shown). Others get the count and the first names of members visible to the whole section.
 * Sets "participants" (organiser) or "visible" (first names), "joined" and "attended" in o.
 * Runs its own transaction for the audit. */
int api_events_people(struct http_auth *a, const struct store_event *ev,
                      const struct access_object *so, int manage, int64_t deleg, json_t *o,
                      struct cm_err *err);

#endif
