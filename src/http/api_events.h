/* api_events.h - event routes for the server's route table (http stage): near me, .ics,
 * join and leave (api_events.c). */
#ifndef API_EVENTS_H
#define API_EVENTS_H

#include "http_int.h"

/* GET /api/events/near?lon=&lat=&km= and GET /api/events/{id}.ics. */
http_fn api_events_get;
/* POST /api/events/{id}/join and /api/events/{id}/leave. */
http_fn api_events_post;

#endif
