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

#endif
