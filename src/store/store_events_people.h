/* store_events_people.h - who signed up for an event, with what the privacy rules need to
 * decide what each viewer may see (store stage). Deciding is http_access's job, not ours. */
#ifndef STORE_EVENTS_PEOPLE_H
#define STORE_EVENTS_PEOPLE_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_EVENT_PEOPLE_MAX 2000 /* sign-ups read for one event: far above any real action */

struct store_event_person {
    int64_t user_id;
    char *first_name, *last_name, *email, *phone; /* owned; NULL when unknown */
    char *section, *federation; /* owned: the member's own section and federation, or NULL */
    int visibility;             /* enum store_vis */
    int attended;               /* 1 present, 0 absent, -1 not recorded */
};

/* The sign-ups of event id (at most STORE_EVENT_PEOPLE_MAX), by sign-up time; *out owned
 * (store_event_people_free). An unknown event gives an empty list. */
int store_event_people(struct store *st, int64_t id, struct store_event_person **out,
                       size_t *n_out, struct cm_err *err);
void store_event_people_free(struct store_event_person *a, size_t n);

#endif
