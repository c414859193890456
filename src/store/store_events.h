/* store_events.h - section events, their targeted bureaux and sign-ups in the store (store
 * stage). Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'. Writes run inside the caller's
 * transaction (store_begin ... store_commit). Validation of meaning (kinds, goals, time order)
 * is calc_event_check's; the table CHECKs are the last line of defence. */
#ifndef STORE_EVENTS_H
#define STORE_EVENTS_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct store_event {
    int64_t id;
    char *section;      /* section code */
    char *kind;         /* porte-a-porte, tractage, marche, reunion, phoning, autre */
    char *title, *description, *address;
    char *bureau;       /* place = point on surface of this bureau; NULL: lon/lat */
    char *starts_at, *ends_at;
    char *targets;      /* comma list of targeted bureau codes, "" or NULL when none */
    double lon, lat;    /* the place (EPSG:4326) */
    int64_t goal_min, goal_target;
    int cancelled;
    int64_t series_id;  /* 0: not part of a series */
    int64_t created_by; /* user id; 0: the command line */
    int64_t version;
    int64_t n_signups;  /* read only */
    int64_t n_attended; /* read only: sign-ups marked present */
    char *doors;        /* read only: "BUREAU=N,..." doors knocked per target, "" when none */
    double dist_m;      /* filled by the near-me query of calc, not by the store */
};
/* Strings are owned by a struct filled by the store (store_event_cleanup); a struct passed
 * to store_event_insert is borrowed. */

/* Insert ev (its id, version and counts are ignored); with ev->bureau the place is that
 * bureau's ST_PointOnSurface. CM_EINPUT when the bureau or a target is not in the store. */
int store_event_insert(struct store *st, const struct store_event *ev, int64_t *id_out,
                       struct cm_err *err);
/* Change kind (when not NULL), title, description, address, place, times, goals and targets
 * of event ev->id if its version is still ev->version (then version + 1): CM_ECONFLICT when
 * someone changed it in between, CM_ENOTFOUND when absent. */
int store_event_update(struct store *st, const struct store_event *ev, struct cm_err *err);
/* Mark an event cancelled (version + 1); cancelling twice is not an error. */
int store_event_cancel(struct store *st, int64_t id, struct cm_err *err);
/* Set the series id of an event. */
int store_event_set_series(struct store *st, int64_t id, int64_t series_id, struct cm_err *err);
/* Load one event with its targets and sign-up count; CM_ENOTFOUND if absent. */
int store_event_get(struct store *st, int64_t id, struct store_event *out, struct cm_err *err);

struct store_event_filter {
    const char *section; /* NULL: every section */
    const char *after;   /* UTC: only events ending after it; NULL: all */
    int64_t user_id;     /* > 0: only events this user joined */
    int scheduled_only;  /* 1: leave out cancelled events */
    const double *bbox;  /* minlon, minlat, maxlon, maxlat: R*Tree prefilter; NULL: none */
};
/* Events matching f, by start time; *out owned (store_event_list_free). */
int store_event_list(struct store *st, const struct store_event_filter *f,
                     struct store_event **out, size_t *n_out, struct cm_err *err);

/* Called by store_event_each for each event: 0 goes on, 1 stops. It may keep the strings
 * by copying *ev and zeroing it; otherwise they are released after the call. */
typedef int store_event_fn(struct store_event *ev, void *arg);
/* Visit the events matching f, by start time, without holding them all: the map layer stops
 * after its bound. */
int store_event_each(struct store *st, const struct store_event_filter *f, store_event_fn *fn,
                     void *arg, struct cm_err *err);

/* Sign user_id up at joined_at (UTC); *added_out 1 when new, 0 when already signed up.
 * CM_EINPUT when the event is cancelled or over, CM_ENOTFOUND when absent. */
int store_event_join(struct store *st, int64_t id, int64_t user_id, const char *joined_at,
                     int *added_out, struct cm_err *err);
/* Remove a sign-up; *removed_out 1 when there was one. */
int store_event_leave(struct store *st, int64_t id, int64_t user_id, int *removed_out,
                      struct cm_err *err);

/* Personal calendar feeds. Replace the member's feed secret by token_hash (the previous
 * URL stops working). */
int store_event_feed_set(struct store *st, int64_t user_id, const unsigned char hash[32],
                         const char *created_at, struct cm_err *err);
/* Revoke the member's feed; *revoked_out 1 when there was one. */
int store_event_feed_revoke(struct store *st, int64_t user_id, int *revoked_out,
                            struct cm_err *err);
/* The member whose feed secret hashes to hash; CM_ENOTFOUND when none (unknown or revoked). */
int store_event_feed_user(struct store *st, const unsigned char hash[32], int64_t *user_out,
                          struct cm_err *err);

/* After the event (now >= start; not cancelled): mark user_id present (1) or absent (0),
 * adding a sign-up for someone who came without one. CM_EINPUT before the start. */
int store_event_attend(struct store *st, int64_t id, int64_t user_id, int attended,
                       const char *now, struct cm_err *err);
/* After the event: doors knocked in one of its targeted bureaux (replaces the figure).
 * CM_EINPUT when the bureau is not a target, doors < 0, or before the start. */
int store_event_doors(struct store *st, int64_t id, const char *bureau, int64_t doors,
                      const char *now, struct cm_err *err);

/* Release the strings of one event; NULL-safe. */
void store_event_cleanup(struct store_event *ev);
/* Release an array from store_event_list. */
void store_event_list_free(struct store_event *a, size_t n);

#endif
