/* store_events_people.c - SQL of an event's sign-ups with the members' names, contacts and
 * visibility choice (store stage). */
#include "store_events_people.h"

#include "cm_buf.h"
#include "store_auth.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

static void
person_read(sqlite3_stmt *stmt, struct store_event_person *p)
{
    const char *vis = (const char *)sqlite3_column_text(stmt, 5);
    int v = vis ? store_vis_parse(vis) : -1;

    memset(p, 0, sizeof *p);
    p->user_id = sqlite3_column_int64(stmt, 0);
    p->first_name = store_col_dup(stmt, 1);
    p->last_name = store_col_dup(stmt, 2);
    p->email = store_col_dup(stmt, 3);
    p->phone = store_col_dup(stmt, 4);
    p->visibility = v < 0 ? STORE_VIS_HIDDEN : v; /* unknown: the most private */
    p->section = store_col_dup(stmt, 6);
    p->federation = store_col_dup(stmt, 7);
    p->attended = sqlite3_column_type(stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 8);
}

int
store_event_people(struct store *st, int64_t id, struct store_event_person **out, size_t *n_out,
                   struct cm_err *err)
{
    static const char sql[] =
        "SELECT u.id, u.first_name, u.last_name, u.email, u.phone, u.visibility, s.code,"
        " s.federation, es.attended FROM event_signup es JOIN user u ON u.id = es.user_id"
        " LEFT JOIN section s ON s.id = u.section_id WHERE es.event_id = ?1"
        " ORDER BY es.joined_at, u.id LIMIT ?2";
    struct store_event_person *a = NULL;
    sqlite3_stmt *stmt = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *out = NULL;
    *n_out = 0;
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int(stmt, 2, STORE_EVENT_PEOPLE_MAX);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            a = cm_xreallocarray(a, cap, sizeof *a);
        }
        person_read(stmt, &a[n++]);
    }
    if (rc != SQLITE_DONE) {
        rc = cm_err_set(err, CM_EDB, "event %lld sign-ups: %s", (long long)id,
                        sqlite3_errmsg(st->db));
        store_event_people_free(a, n);
    } else {
        *out = a;
        *n_out = n;
        rc = CM_OK;
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_event_people_free(struct store_event_person *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].first_name);
        free(a[i].last_name);
        free(a[i].email);
        free(a[i].phone);
        free(a[i].section);
        free(a[i].federation);
    }
    free(a);
}
