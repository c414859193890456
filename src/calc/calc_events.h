/* calc_events.h - the logic of section events (calc stage): checking an event, Europe/Paris
 * civil time, weekly series, "near me" (R*Tree box from the store, exact great-circle
 * distance here) and RFC 5545 calendars. The time, distance and calendar functions are pure
 * (no I/O) so they are unit-tested; the few that take a store say so. They live in calc, not
 * map: map turns layers into pictures and names, while these are computations on store rows. */
#ifndef CALC_EVENTS_H
#define CALC_EVENTS_H

#include "cm_buf.h"
#include "store_events.h"

#include <stddef.h>
#include <stdint.h>

#define CALC_EARTH_RADIUS_M 6371008.8 /* IUGG mean radius, for the haversine */

/* Canonical kind ("porte-a-porte") of a kind given with or without accents and any case
 * ("Porte-à-porte", "marché"), or NULL when unknown. */
const char *calc_event_kind(const char *s);
/* French label of a canonical kind ("Porte-à-porte"); the code itself when unknown. */
const char *calc_event_kind_label(const char *kind);
/* The accepted kinds, comma separated, for messages. */
const char *calc_event_kinds(void);

/* Check an event before it is written: title, known kind, section, start < end (UTC text),
 * 0 <= goal_min <= goal_target, lon/lat in range unless ev->bureau names the place.
 * CM_EINPUT with a message naming the field. */
int calc_event_check(const struct store_event *ev, struct cm_err *err);

/* Parse a time: "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" (UTC), "+HH:MM"/"-HH:MM", or nothing
 * (Europe/Paris civil time). *utc_out is Unix seconds. CM_EINPUT naming s when malformed. */
int calc_time_parse(const char *s, int64_t *utc_out, struct cm_err *err);
/* Unix seconds as UTC text "YYYY-MM-DDTHH:MM:SSZ" (out holds 21 bytes). */
void calc_time_utc(int64_t t, char out[21]);
/* Offset of Europe/Paris from UTC at instant t, in seconds: 7200 in summer time (last Sunday
 * of March 01:00 UTC to last Sunday of October 01:00 UTC, EU rule since 1996), else 3600. */
int calc_paris_offset(int64_t t);
/* The instant of Europe/Paris civil time `local` (seconds as if it were UTC). A time skipped
 * in spring is taken one hour later; a repeated time in autumn is its first occurrence. */
int64_t calc_paris_to_utc(int64_t local);
/* Starts of a weekly series: out[k] = the same Paris civil time as start, k weeks later
 * (k = 0..n-1), so 18:00 stays 18:00 across a change of summer time. */
void calc_event_weekly(int64_t start, size_t n, int64_t *out);

/* Great-circle distance in metres between two lon/lat points (haversine, mean radius). */
double calc_haversine_m(double lon1, double lat1, double lon2, double lat2);
/* A lon/lat box holding every point within km of (lon, lat): minlon, minlat, maxlon, maxlat. */
void calc_event_box(double lon, double lat, double km, double box_out[4]);

/* Upcoming scheduled events (ending after now, UTC text) within km of (lon, lat), nearest
 * first, dist_m set: the store's R*Tree gives the events in calc_event_box, the exact distance
 * filters them. Reads st. *out owned (store_event_list_free). */
int calc_events_near(struct store *st, double lon, double lat, double km, const char *now,
                     struct store_event **out, size_t *n_out, struct cm_err *err);
/* Copy event id as n-1 more weekly events (same Paris local time, same duration, targets),
 * all in the series of id; the new ids go to ids_out (n-1 of them). Writes inside the
 * caller's transaction. CM_EINPUT when n < 2 or n > 104, or the event is cancelled. */
int calc_events_weekly_series(struct store *st, int64_t id, size_t n, int64_t *ids_out,
                              struct cm_err *err);

/* Where sign-ups stand against the goals: "below minimum", "minimum reached" or
 * "target reached" (no goal counts as reached). */
const char *calc_event_goal_state(int64_t n, int64_t goal_min, int64_t goal_target);

#define CALC_FEED_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */

/* Give the member a new secret feed token (the previous one is revoked): token_out gets the
 * text (only here: the store keeps its BLAKE2b hash). Writes inside the caller's transaction. */
int calc_events_feed_new(struct store *st, int64_t user_id, const char *now,
                         char token_out[CALC_FEED_TOKEN_LEN + 1], struct cm_err *err);
/* The member owning a feed token; CM_ENOTFOUND when malformed, unknown or revoked. */
int calc_events_feed_user(struct store *st, const char *token, int64_t *user_out,
                          struct cm_err *err);

/* Append an RFC 5545 VCALENDAR holding evs (cancelled ones with STATUS:CANCELLED) to out:
 * VTIMEZONE Europe/Paris, DTSTART/DTEND;TZID=Europe/Paris, UID event-ID@host, DTSTAMP from
 * now (UTC Unix seconds), text escaped, lines folded at 75 octets, CRLF endings. name is
 * the calendar's X-WR-CALNAME (may be NULL). */
void calc_ics_calendar(const struct store_event *evs, size_t n, int64_t now, const char *name,
                       const char *host, struct cm_buf *out);

#endif
