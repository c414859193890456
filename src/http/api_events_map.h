/* api_events_map.h - events as a layer of the web map and the member's own sign-ups (http
 * stage, api_events_map.c); reached through api_events_get. */
#ifndef API_EVENTS_MAP_H
#define API_EVENTS_MAP_H

#include "http_int.h"

/* 1 when rest (the path after /api/events/) is one of the routes below. */
#define API_EVENTS_MAP_ROUTE(rest) (strcmp(rest, "map") == 0 || strcmp(rest, "joined") == 0)

/* GET /api/events/map?bbox=minlon,minlat,maxlon,maxlat: GeoJSON of the upcoming events in the
 * box that the user may see (same rule as near me), earliest first, at most API_EVMAP_MAX
 * ("truncated": true beyond); GET /api/events/joined: ids of the upcoming events the member
 * joined. Both need a logged-in user. */
http_fn api_events_map_get;

#define API_EVMAP_MAX 500

#endif
