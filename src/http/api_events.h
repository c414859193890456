/* api_events.h - event routes for the server's route table (http stage): near me, .ics,
 * join and leave (api_events.c). */
#ifndef API_EVENTS_H
#define API_EVENTS_H

#include "http_int.h"

/* GET /api/events/near?lon=&lat=&km=, GET /api/events/{id}.ics and (no login, the secret
 * token instead) GET /api/events/feed.ics?token=T. */
http_fn api_events_get;
/* POST /api/events/{id}/join, /api/events/{id}/leave, /api/events/feed (new secret feed
 * URL) and /api/events/feed/revoke. */
http_fn api_events_post;
/* POST /api/events: create an event (ACCESS_EVENTS_MANAGE on its section: the secretary,
 * federation staff, or a delegate with the "events" right, audited on behalf of the section).
 * /api/events/{id}/cancel is in api_events_post, under the same right. */
http_fn api_events_create;

/* GET /api/events?section=CODE[&from=TIME]: the section's events, upcoming first, each with
 * sign-ups against its goals (api_events_manage.c). GET /api/events/{id} (the event in full,
 * who joined as the user may see it) is in api_events_get; POST /api/events/{id}/edit,
 * /duplicate and /attendance (ACCESS_EVENTS_MANAGE) in api_events_post. */
http_fn api_events_list;
/* PUT /api/events/{id}: edit, with the version read (a stale one is a 409). */
http_fn api_events_put;

#endif
