/* store_events.c - SQL of section events: insert, update with optimistic locking, cancel,
 * list (with an R*Tree prefilter for near-me), sign-ups (store stage). */
#include "store_events.h"

#include "cm_buf.h"
#include "store_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Columns read by row_read, in order. */
#define EV_SELECT                                                                                 \
    "SELECT e.id, e.section, e.kind, e.title, e.description, e.address, e.bureau, e.starts_at," \
    " e.ends_at, ST_X(e.geom), ST_Y(e.geom), e.goal_min, e.goal_target,"                         \
    " e.status = 'cancelled', e.series_id, e.created_by, e.version,"                            \
    " (SELECT count(*) FROM event_signup s WHERE s.event_id = e.id),"                            \
    " (SELECT group_concat(bureau, ',') FROM (SELECT bureau FROM event_bureau b"                  \
    "   WHERE b.event_id = e.id ORDER BY bureau)),"                                              \
    " (SELECT count(*) FROM event_signup s WHERE s.event_id = e.id AND s.attended = 1),"         \
    " (SELECT group_concat(bureau || '=' || doors, ',') FROM (SELECT bureau, doors"             \
    "   FROM event_bureau b WHERE b.event_id = e.id AND doors IS NOT NULL ORDER BY bureau))"   \
    " FROM event e"
#define EV_FILTER                                                                                 \
    " (?1 IS NULL OR e.section = ?1) AND (?2 IS NULL OR e.ends_at > ?2)"                         \
    " AND (?3 = 0 OR e.id IN (SELECT event_id FROM event_signup WHERE user_id = ?3))"             \
    " AND (?4 = 0 OR e.status = 'scheduled')"
#define EV_ORDER " ORDER BY e.starts_at, e.id"

static void
row_read(sqlite3_stmt *stmt, struct store_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = sqlite3_column_int64(stmt, 0);
    ev->section = store_col_dup(stmt, 1);
    ev->kind = store_col_dup(stmt, 2);
    ev->title = store_col_dup(stmt, 3);
    ev->description = store_col_dup(stmt, 4);
    ev->address = store_col_dup(stmt, 5);
    ev->bureau = store_col_dup(stmt, 6);
    ev->starts_at = store_col_dup(stmt, 7);
    ev->ends_at = store_col_dup(stmt, 8);
    ev->lon = sqlite3_column_double(stmt, 9);
    ev->lat = sqlite3_column_double(stmt, 10);
    ev->goal_min = sqlite3_column_int64(stmt, 11);
    ev->goal_target = sqlite3_column_int64(stmt, 12);
    ev->cancelled = sqlite3_column_int(stmt, 13);
    ev->series_id = sqlite3_column_int64(stmt, 14);
    ev->created_by = sqlite3_column_int64(stmt, 15);
    ev->version = sqlite3_column_int64(stmt, 16);
    ev->n_signups = sqlite3_column_int64(stmt, 17);
    ev->targets = store_col_dup(stmt, 18);
    if (ev->targets == NULL)
        ev->targets = cm_xstrdup("");
    ev->n_attended = sqlite3_column_int64(stmt, 19);
    ev->doors = store_col_dup(stmt, 20);
    if (ev->doors == NULL)
        ev->doors = cm_xstrdup("");
}

/* 1 when sql (one ? bound to key, text or, when key is NULL, id) finds a row, 0 when not,
 * negative on error. */
static int
row_exists(struct store *st, const char *sql, const char *key, int64_t id, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    if (key)
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(stmt, 1, id);
    rc = sqlite3_step(stmt);
    rc = rc == SQLITE_ROW    ? 1
         : rc == SQLITE_DONE ? 0
                             : cm_err_set(err, CM_EDB, "lookup: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

static int
bureau_require(struct store *st, const char *code, const char *what, struct cm_err *err)
{
    int rc = row_exists(st, "SELECT 1 FROM bureau WHERE code = ?1", code, 0, err);

    if (rc == 0)
        return cm_err_set(err, CM_EINPUT, "%s bureau %s: not in the store", what, code);
    return rc < 0 ? rc : CM_OK;
}

/* The foreign keys, checked first so that the message names the value. */
static int
section_require(struct store *st, const char *code, struct cm_err *err)
{
    int rc = row_exists(st, "SELECT 1 FROM section WHERE code = ?1", code, 0, err);

    if (rc == 0)
        return cm_err_set(err, CM_EINPUT, "section %s: no such section", code);
    return rc < 0 ? rc : CM_OK;
}

static int
user_require(struct store *st, int64_t id, struct cm_err *err)
{
    int rc = row_exists(st, "SELECT 1 FROM user WHERE id = ?1", NULL, id, err);

    if (rc == 0)
        return cm_err_set(err, CM_EINPUT, "user %" PRId64 ": no such user", id);
    return rc < 0 ? rc : CM_OK;
}

/* Add the targeted bureaux of a comma list (already present ones are kept as they are). */
static int
targets_add(struct store *st, int64_t id, const char *list, struct cm_err *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO event_bureau(event_id, bureau) VALUES (?1, ?2)";
    sqlite3_stmt *stmt = NULL;
    char *copy = cm_xstrdup(list ? list : ""), *save = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        goto out;
    for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        if ((rc = bureau_require(st, c, "targeted", err)) != CM_OK)
            goto out;
        sqlite3_reset(stmt);
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, c, -1, SQLITE_TRANSIENT);
        if ((rc = store_step_done(st, stmt, "insert event target", err)) != CM_OK)
            goto out;
    }
    rc = CM_OK;
out:
    sqlite3_finalize(stmt);
    free(copy);
    return rc;
}

/* The place: a bureau's point on surface, or the given point. Binds ?20 (bureau), ?21, ?22. */
#define EV_PLACE                                                                                  \
    "CASE WHEN ?20 IS NULL THEN MakePoint(?21, ?22, 4326)"                                        \
    " ELSE (SELECT ST_PointOnSurface(geom) FROM bureau WHERE code = ?20) END"

static void
bind_common(sqlite3_stmt *stmt, const struct store_event *ev)
{
    store_bind_text_or_null(stmt, 1, ev->title);
    store_bind_text_or_null(stmt, 2, ev->description);
    store_bind_text_or_null(stmt, 3, ev->address);
    store_bind_text_or_null(stmt, 4, ev->starts_at);
    store_bind_text_or_null(stmt, 5, ev->ends_at);
    sqlite3_bind_int64(stmt, 6, ev->goal_min);
    sqlite3_bind_int64(stmt, 7, ev->goal_target);
    store_bind_text_or_null(stmt, 20, ev->bureau);
    sqlite3_bind_double(stmt, 21, ev->lon);
    sqlite3_bind_double(stmt, 22, ev->lat);
}

/* Prepare an insert or update of ev and bind the fields they share; the place's bureau must
 * exist. *stmt_out owned by the caller. */
static int
prepare_write(struct store *st, const char *sql, const struct store_event *ev,
              sqlite3_stmt **stmt_out, struct cm_err *err)
{
    int rc;

    if (ev->bureau && (rc = bureau_require(st, ev->bureau, "place", err)) != CM_OK)
        return rc;
    if ((rc = store_prepare(st, sql, stmt_out, err)) != CM_OK)
        return rc;
    bind_common(*stmt_out, ev);
    return CM_OK;
}

int
store_event_insert(struct store *st, const struct store_event *ev, int64_t *id_out,
                   struct cm_err *err)
{
    static const char sql[] =
        "INSERT INTO event(title, description, address, starts_at, ends_at, goal_min,"
        " goal_target, section, kind, bureau, series_id, created_by, geom)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?20, ?10, ?11, " EV_PLACE ")";
    sqlite3_stmt *stmt = NULL;
    int64_t id;
    int rc;

    if ((rc = section_require(st, ev->section, err)) != CM_OK
        || (ev->created_by > 0 && (rc = user_require(st, ev->created_by, err)) != CM_OK)
        || (rc = prepare_write(st, sql, ev, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 8, ev->section);
    store_bind_text_or_null(stmt, 9, ev->kind);
    if (ev->series_id > 0)
        sqlite3_bind_int64(stmt, 10, ev->series_id);
    if (ev->created_by > 0)
        sqlite3_bind_int64(stmt, 11, ev->created_by);
    rc = store_step_done(st, stmt, "insert event", err);
    sqlite3_finalize(stmt);
    if (rc != CM_OK)
        return rc;
    id = sqlite3_last_insert_rowid(st->db);
    if ((rc = targets_add(st, id, ev->targets, err)) != CM_OK)
        return rc;
    *id_out = id;
    return CM_OK;
}

/* CM_ENOTFOUND when the event does not exist, CM_OK when it does. */
static int
event_require(struct store *st, int64_t id, struct cm_err *err)
{
    struct store_event ev;
    int rc = store_event_get(st, id, &ev, err);

    store_event_cleanup(&ev);
    return rc;
}

int
store_event_update(struct store *st, const struct store_event *ev, struct cm_err *err)
{
    static const char sql[] =
        "UPDATE event SET title = ?1, description = ?2, address = ?3, starts_at = ?4,"
        " kind = coalesce(?10, kind),"
        " ends_at = ?5, goal_min = ?6, goal_target = ?7, bureau = ?20, geom = " EV_PLACE ","
        " version = version + 1 WHERE id = ?8 AND version = ?9";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = prepare_write(st, sql, ev, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 8, ev->id);
    sqlite3_bind_int64(stmt, 9, ev->version);
    store_bind_text_or_null(stmt, 10, ev->kind);
    rc = store_step_done(st, stmt, "update event", err);
    sqlite3_finalize(stmt);
    if (rc != CM_OK)
        return rc;
    if (sqlite3_changes(st->db) == 0) {
        if ((rc = event_require(st, ev->id, err)) != CM_OK)
            return rc;
        return cm_err_set(err, CM_ECONFLICT,
                          "event %" PRId64 ": changed by someone else since version %" PRId64,
                          ev->id, ev->version);
    }
    /* targets dropped from the list go, unless doors were already recorded for them */
    if ((rc = store_prepare(st, "DELETE FROM event_bureau WHERE event_id = ?1 AND doors IS NULL",
                            &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, ev->id);
    rc = store_step_done(st, stmt, "update event targets", err);
    sqlite3_finalize(stmt);
    return rc == CM_OK ? targets_add(st, ev->id, ev->targets, err) : rc;
}

static int
exec_id(struct store *st, const char *sql, int64_t id, int64_t arg, const char *what,
        struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_bind_parameter_count(stmt) > 1)
        sqlite3_bind_int64(stmt, 2, arg);
    rc = store_step_done(st, stmt, what, err);
    sqlite3_finalize(stmt);
    if (rc == CM_OK && sqlite3_changes(st->db) == 0)
        rc = event_require(st, id, err);
    return rc;
}

int
store_event_cancel(struct store *st, int64_t id, struct cm_err *err)
{
    return exec_id(st,
                   "UPDATE event SET status = 'cancelled', version = version + 1"
                   " WHERE id = ?1 AND status <> 'cancelled'",
                   id, 0, "cancel event", err);
}

int
store_event_set_series(struct store *st, int64_t id, int64_t series_id, struct cm_err *err)
{
    return exec_id(st, "UPDATE event SET series_id = ?2 WHERE id = ?1", id, series_id,
                   "set event series", err);
}

int
store_event_get(struct store *st, int64_t id, struct store_event *out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(st, EV_SELECT " WHERE e.id = ?1", &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        row_read(stmt, out);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "event %" PRId64 ": no such event", id);
    } else {
        rc = cm_err_set(err, CM_EDB, "event %" PRId64 ": %s", id, sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Append one event to the array of store_event_list, taking its strings. */
struct list_acc {
    struct store_event *a;
    size_t n, cap;
};

static int
list_take(struct store_event *ev, void *arg)
{
    struct list_acc *l = arg;

    if (l->n == l->cap) {
        l->cap = cm_grow(l->cap, l->n + 1);
        l->a = cm_xreallocarray(l->a, l->cap, sizeof *l->a);
    }
    l->a[l->n++] = *ev;
    memset(ev, 0, sizeof *ev);
    return 0;
}

int
store_event_list(struct store *st, const struct store_event_filter *f, struct store_event **out,
                 size_t *n_out, struct cm_err *err)
{
    struct list_acc l = {0};
    int rc = store_event_each(st, f, list_take, &l, err);

    *out = NULL;
    *n_out = 0;
    if (rc != CM_OK) {
        store_event_list_free(l.a, l.n);
        return rc;
    }
    *out = l.a;
    *n_out = l.n;
    return CM_OK;
}

int
store_event_each(struct store *st, const struct store_event_filter *f, store_event_fn *fn,
                 void *arg, struct cm_err *err)
{
    /* with a box, the R*Tree drives the loop: only the events in the box are read */
    static const char sql_all[] = EV_SELECT " WHERE" EV_FILTER EV_ORDER;
    static const char sql_box[] =
        EV_SELECT " WHERE e.id IN (SELECT pkid FROM idx_event_geom WHERE xmin <= ?7"
                  " AND xmax >= ?5 AND ymin <= ?8 AND ymax >= ?6) AND" EV_FILTER EV_ORDER;
    sqlite3_stmt *stmt = NULL;
    struct store_event ev;
    int rc, stop = 0;

    if ((rc = store_prepare(st, f->bbox ? sql_box : sql_all, &stmt, err)) != CM_OK)
        return rc;
    store_bind_text_or_null(stmt, 1, f->section);
    store_bind_text_or_null(stmt, 2, f->after);
    sqlite3_bind_int64(stmt, 3, f->user_id > 0 ? f->user_id : 0);
    sqlite3_bind_int(stmt, 4, f->scheduled_only != 0);
    for (int i = 0; f->bbox && i < 4; i++)
        sqlite3_bind_double(stmt, 5 + i, f->bbox[i]);
    while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        row_read(stmt, &ev);
        stop = fn(&ev, arg);
        store_event_cleanup(&ev);
    }
    rc = stop || rc == SQLITE_DONE ? CM_OK
                                   : cm_err_set(err, CM_EDB, "list events: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(stmt);
    return rc;
}

int
store_event_join(struct store *st, int64_t id, int64_t user_id, const char *joined_at,
                 int *added_out, struct cm_err *err)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO event_signup(event_id, user_id, joined_at) VALUES (?1, ?2, ?3)";
    struct store_event ev;
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_event_get(st, id, &ev, err)) != CM_OK
        || (rc = user_require(st, user_id, err)) != CM_OK)
        goto out;
    if (ev.cancelled) {
        rc = cm_err_set(err, CM_EINPUT, "event %" PRId64 " is cancelled: no sign-up", id);
        goto out;
    }
    if (strcmp(ev.ends_at, joined_at) <= 0) {
        rc = cm_err_set(err, CM_EINPUT, "event %" PRId64 " ended at %s: no sign-up", id,
                        ev.ends_at);
        goto out;
    }
    if ((rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        goto out;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_text(stmt, 3, joined_at, -1, SQLITE_TRANSIENT);
    if ((rc = store_step_done(st, stmt, "join event", err)) == CM_OK)
        *added_out = sqlite3_changes(st->db) > 0;
out:
    sqlite3_finalize(stmt);
    store_event_cleanup(&ev);
    return rc;
}

/* The event, required to have started and not to be cancelled: attendance is recorded after. */
static int
event_held(struct store *st, int64_t id, const char *now, struct cm_err *err)
{
    struct store_event ev;
    int rc = store_event_get(st, id, &ev, err);

    if (rc == CM_OK && ev.cancelled)
        rc = cm_err_set(err, CM_EINPUT, "event %" PRId64 " was cancelled: nothing to record", id);
    else if (rc == CM_OK && strcmp(ev.starts_at, now) > 0)
        rc = cm_err_set(err, CM_EINPUT, "event %" PRId64 " starts at %s: record it afterwards",
                        id, ev.starts_at);
    store_event_cleanup(&ev);
    return rc;
}

int
store_event_attend(struct store *st, int64_t id, int64_t user_id, int attended, const char *now,
                   struct cm_err *err)
{
    /* someone who came without signing up is recorded too */
    static const char sql[] =
        "INSERT INTO event_signup(event_id, user_id, joined_at, attended) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (event_id, user_id) DO UPDATE SET attended = excluded.attended";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = event_held(st, id, now, err)) != CM_OK
        || (rc = user_require(st, user_id, err)) != CM_OK
        || (rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 4, attended != 0);
    rc = store_step_done(st, stmt, "record attendance", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_event_doors(struct store *st, int64_t id, const char *bureau, int64_t doors, const char *now,
                  struct cm_err *err)
{
    static const char sql[] =
        "UPDATE event_bureau SET doors = ?3 WHERE event_id = ?1 AND bureau = ?2";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (doors < 0)
        return cm_err_set(err, CM_EINPUT, "doors %" PRId64 ": must be 0 or more", doors);
    if ((rc = event_held(st, id, now, err)) != CM_OK
        || (rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, bureau, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 3, doors);
    rc = store_step_done(st, stmt, "record doors", err);
    sqlite3_finalize(stmt);
    if (rc == CM_OK && sqlite3_changes(st->db) == 0)
        rc = cm_err_set(err, CM_EINPUT, "bureau %s is not a target of event %" PRId64, bureau, id);
    return rc;
}

int
store_event_leave(struct store *st, int64_t id, int64_t user_id, int *removed_out,
                  struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = event_require(st, id, err)) != CM_OK)
        return rc;
    if ((rc = store_prepare(st, "DELETE FROM event_signup WHERE event_id = ?1 AND user_id = ?2",
                            &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, user_id);
    if ((rc = store_step_done(st, stmt, "leave event", err)) == CM_OK)
        *removed_out = sqlite3_changes(st->db) > 0;
    sqlite3_finalize(stmt);
    return rc;
}

int
store_event_feed_set(struct store *st, int64_t user_id, const unsigned char hash[32],
                     const char *created_at, struct cm_err *err)
{
    static const char sql[] = "INSERT OR REPLACE INTO event_feed(user_id, token_hash, created_at)"
                              " VALUES (?1, ?2, ?3)";
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = user_require(st, user_id, err)) != CM_OK
        || (rc = store_prepare(st, sql, &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, user_id);
    sqlite3_bind_blob(stmt, 2, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, created_at, -1, SQLITE_TRANSIENT);
    rc = store_step_done(st, stmt, "set feed token", err);
    sqlite3_finalize(stmt);
    return rc;
}

int
store_event_feed_revoke(struct store *st, int64_t user_id, int *revoked_out, struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "DELETE FROM event_feed WHERE user_id = ?1", &stmt, err)) != CM_OK)
        return rc;
    sqlite3_bind_int64(stmt, 1, user_id);
    if ((rc = store_step_done(st, stmt, "revoke feed token", err)) == CM_OK)
        *revoked_out = sqlite3_changes(st->db) > 0;
    sqlite3_finalize(stmt);
    return rc;
}

int
store_event_feed_user(struct store *st, const unsigned char hash[32], int64_t *user_out,
                      struct cm_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if ((rc = store_prepare(st, "SELECT user_id FROM event_feed WHERE token_hash = ?1", &stmt,
                            err)) != CM_OK)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, 32, SQLITE_TRANSIENT);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        *user_out = sqlite3_column_int64(stmt, 0);
        rc = CM_OK;
    } else if (rc == SQLITE_DONE) {
        rc = cm_err_set(err, CM_ENOTFOUND, "calendar feed: unknown or revoked token");
    } else {
        rc = cm_err_set(err, CM_EDB, "calendar feed: %s", sqlite3_errmsg(st->db));
    }
    sqlite3_finalize(stmt);
    return rc;
}

void
store_event_cleanup(struct store_event *ev)
{
    if (ev == NULL)
        return;
    free(ev->section);
    free(ev->kind);
    free(ev->title);
    free(ev->description);
    free(ev->address);
    free(ev->bureau);
    free(ev->starts_at);
    free(ev->ends_at);
    free(ev->targets);
    free(ev->doors);
    memset(ev, 0, sizeof *ev);
}

void
store_event_list_free(struct store_event *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        store_event_cleanup(&a[i]);
    free(a);
}
