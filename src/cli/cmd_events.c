/* cmd_events.c - `coopmap events add|list|show|edit|cancel|duplicate|join|leave|near|ics|feed`:
 * section events for data staff and tests (cli stage). Times are given in Paris time unless
 * they end in Z or an offset; they are printed in UTC. --now injects the clock. */
#include "cli.h"

#include "calc_events.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Event fields as flags, shared by add and edit. */
struct ev_flags {
    char *section, *kind, *title, *description, *address, *bureau, *start, *end, *targets;
    double lon, lat;
    long min, target, created_by, version;
};

#define EV_FLAG_ROWS(f)                                                                           \
    {"kind", CLI_STR, &(f).kind, "KIND", "porte-a-porte, tractage, marche, reunion, phoning..."}, \
    {"title", CLI_STR, &(f).title, "TEXT", "title"},                                               \
    {"description", CLI_STR, &(f).description, "TEXT", "description"},                            \
    {"address", CLI_STR, &(f).address, "TEXT", "address shown to members"},                        \
    {"lon", CLI_DBL, &(f).lon, "DEG", "place: longitude (with --lat)"},                            \
    {"lat", CLI_DBL, &(f).lat, "DEG", "place: latitude"},                                          \
    {"bureau", CLI_STR, &(f).bureau, "CODE", "place: a point inside this bureau"},                 \
    {"start", CLI_STR, &(f).start, "TIME", "YYYY-MM-DDTHH:MM (Paris), or ...Z (UTC)"},             \
    {"end", CLI_STR, &(f).end, "TIME", "end, same forms"},                                         \
    {"min", CLI_INT, &(f).min, "N", "attendance goal: minimum"},                                   \
    {"target", CLI_INT, &(f).target, "N", "attendance goal: target"},                              \
    {"targets", CLI_STR, &(f).targets, "CODES", "targeted bureaux, comma separated"}

static int
open_store(struct cm_config *cfg, int write, struct store **st, struct cm_err *err)
{
    int rc = store_open(cfg->db, write ? 0 : STORE_READONLY, st, err);

    if (rc == CM_OK && write && (rc = store_begin(*st, err)) != CM_OK) {
        store_close(*st);
        *st = NULL;
    }
    return rc;
}

/* Commit when rc is CM_OK, roll back otherwise; closes the store. */
static int
close_store(struct store *st, int rc, struct cm_err *err)
{
    if (rc == CM_OK)
        rc = store_commit(st, err);
    store_rollback(st);
    store_close(st);
    return rc;
}

static int
now_utc(const char *flag, char out[21], int64_t *t_out, struct cm_err *err)
{
    int64_t t = (int64_t)time(NULL);
    int rc;

    if (flag && (rc = calc_time_parse(flag, &t, err)) != CM_OK)
        return rc;
    calc_time_utc(t, out);
    if (t_out)
        *t_out = t;
    return CM_OK;
}

/* A time flag into UTC text; NULL keeps *dst as it is. */
static int
time_flag(const char *flag, char buf[21], char **dst, struct cm_err *err)
{
    int64_t t;
    int rc;

    if (flag == NULL)
        return CM_OK;
    if ((rc = calc_time_parse(flag, &t, err)) != CM_OK)
        return rc;
    calc_time_utc(t, buf);
    *dst = buf;
    return CM_OK;
}

/* Override ev's fields with the flags given (ev's strings stay borrowed from f or bufs). */
static int
apply_flags(const struct ev_flags *f, struct store_event *ev, char s_at[21], char e_at[21],
            struct cm_err *err)
{
    int rc;

    if (f->kind && (ev->kind = (char *)calc_event_kind(f->kind)) == NULL)
        return cm_err_set(err, CM_EINPUT, "--kind %s: unknown kind (one of: %s)", f->kind,
                          calc_event_kinds());
#define SET(x)                                                                                    \
    if (f->x)                                                                                     \
        ev->x = f->x;
    SET(title)
    SET(description)
    SET(address)
    SET(targets)
#undef SET
    if ((rc = time_flag(f->start, s_at, &ev->starts_at, err)) != CM_OK
        || (rc = time_flag(f->end, e_at, &ev->ends_at, err)) != CM_OK)
        return rc;
    if (!isnan(f->lon) || !isnan(f->lat)) {
        if (isnan(f->lon) || isnan(f->lat) || f->bureau)
            return cm_err_set(err, CM_EUSAGE, "give --lon and --lat together, or --bureau");
        ev->lon = f->lon;
        ev->lat = f->lat;
        ev->bureau = NULL;
    } else if (f->bureau) {
        ev->bureau = f->bureau;
    }
    if (f->min >= 0)
        ev->goal_min = f->min;
    if (f->target >= 0)
        ev->goal_target = f->target;
    return CM_OK;
}

static int
ev_add(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events add --section CODE --kind KIND --title TEXT"
                                " (--lon X --lat Y | --bureau CODE) --start TIME --end TIME [...]";
    struct ev_flags f = {.lon = NAN, .lat = NAN, .min = -1, .target = -1};
    const struct cli_flag flags[] = {
        {"section", CLI_STR, &f.section, "CODE", "section organising the event"},
        EV_FLAG_ROWS(f),
        {"created-by", CLI_INT, &f.created_by, "USER", "user id of the organiser"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_event ev = {0};
    struct store *st = NULL;
    char s_at[21], e_at[21];
    int64_t id = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0 || !f.start || !f.end || !f.kind || !f.title || !f.section)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if (isnan(f.lon) && isnan(f.lat) && !f.bureau)
        return cm_err_set(err, CM_EUSAGE, "give the place: --lon and --lat, or --bureau");
    ev.section = f.section;
    ev.created_by = f.created_by;
    if ((rc = apply_flags(&f, &ev, s_at, e_at, err)) != CM_OK
        || (rc = calc_event_check(&ev, err)) != CM_OK)
        return rc;
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    rc = close_store(st, store_event_insert(st, &ev, &id, err), err);
    if (rc == CM_OK)
        printf("event %" PRId64 " added\n", id);
    return rc;
}

static int
ev_edit(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events edit ID --version V [--title ...]";
    struct ev_flags f = {.lon = NAN, .lat = NAN, .min = -1, .target = -1, .version = -1};
    const struct cli_flag flags[] = {
        EV_FLAG_ROWS(f),
        {"version", CLI_INT, &f.version, "V", "the version you edited (see show)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_event ev = {0}, upd;
    struct store *st = NULL;
    char s_at[21], e_at[21];
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1 || f.version < 1)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_event_get(st, strtoll(argv[1], NULL, 10), &ev, err)) == CM_OK) {
        upd = ev;
        upd.version = f.version;
        if ((rc = apply_flags(&f, &upd, s_at, e_at, err)) == CM_OK
            && (rc = calc_event_check(&upd, err)) == CM_OK)
            rc = store_event_update(st, &upd, err);
    }
    store_event_cleanup(&ev);
    rc = close_store(st, rc, err);
    if (rc == CM_OK)
        printf("event %s updated\n", argv[1]);
    return rc;
}

/* Parse the single positional ID. */
static int
one_id(const char *usage, int npos, char **argv, int64_t *id, struct cm_err *err)
{
    char *end;

    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    *id = strtoll(argv[1], &end, 10);
    if (*end || *id <= 0)
        return cm_err_set(err, CM_EUSAGE, "event id '%s': expected a positive integer", argv[1]);
    return CM_OK;
}

static void
print_event(const struct store_event *e)
{
    printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%" PRId64 "/%" PRId64 "/%" PRId64 "\t%s\t%s\n",
           e->id, e->section, e->starts_at, e->ends_at, e->kind,
           e->cancelled ? "cancelled" : "scheduled",
           e->n_signups, e->goal_min, e->goal_target,
           calc_event_goal_state(e->n_signups, e->goal_min, e->goal_target), e->title);
}

static int
ev_show(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events show ID";
    struct store_event e = {0};
    struct store *st = NULL;
    int64_t id;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = one_id(usage, npos, argv, &id, err)) != CM_OK
        || (rc = open_store(cfg, 0, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_event_get(st, id, &e, err)) == CM_OK) {
        printf("event %" PRId64 " (version %" PRId64 ", series %" PRId64 ")\n", e.id, e.version,
               e.series_id);
        printf("section %s, %s: %s\n", e.section, calc_event_kind_label(e.kind), e.title);
        printf("status %s\nstart %s\nend %s\n", e.cancelled ? "cancelled" : "scheduled",
               e.starts_at, e.ends_at);
        printf("place %.7f %.7f%s%s\n", e.lon, e.lat, e.bureau ? " bureau " : "",
               e.bureau ? e.bureau : "");
        printf("targets %s\n", e.targets);
        printf("sign-ups %" PRId64 " (minimum %" PRId64 ", target %" PRId64 "): %s\n",
               e.n_signups, e.goal_min, e.goal_target,
               calc_event_goal_state(e.n_signups, e.goal_min, e.goal_target));
        printf("attended %" PRId64 "\ndoors %s\n", e.n_attended, e.doors);
    }
    store_event_cleanup(&e);
    store_close(st);
    return rc;
}

static int
ev_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events list [--section CODE] [--user ID] [--upcoming]";
    struct store_event_filter f = {0};
    char *section = NULL, *now_flag = NULL, now[21];
    long user = 0;
    int upcoming = 0, npos, rc;
    const struct cli_flag flags[] = {
        {"section", CLI_STR, &section, "CODE", "only this section's events"},
        {"user", CLI_INT, &user, "ID", "only events this user joined"},
        {"upcoming", CLI_BOOL, &upcoming, NULL, "only events not over yet"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_event *a = NULL;
    struct store *st = NULL;
    size_t n = 0;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = now_utc(now_flag, now, NULL, err)) != CM_OK)
        return rc;
    f.section = section;
    f.user_id = user;
    f.after = upcoming ? now : NULL;
    if ((rc = open_store(cfg, 0, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_event_list(st, &f, &a, &n, err)) == CM_OK)
        for (size_t i = 0; i < n; i++)
            print_event(&a[i]);
    store_event_list_free(a, n);
    store_close(st);
    return rc;
}

static int
ev_cancel(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events cancel ID";
    struct store *st = NULL;
    int64_t id;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = one_id(usage, npos, argv, &id, err)) != CM_OK
        || (rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    if ((rc = close_store(st, store_event_cancel(st, id, err), err)) == CM_OK)
        printf("event %" PRId64 " cancelled\n", id);
    return rc;
}

static int
ev_duplicate(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events duplicate ID --weeks N";
    long weeks = 0;
    const struct cli_flag flags[] = {
        {"weeks", CLI_INT, &weeks, "N", "events in the series, this one included (2-104)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    int64_t id, *ids = NULL;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = one_id(usage, npos, argv, &id, err)) != CM_OK)
        return rc;
    if (weeks < 2 || weeks > 104)
        return cm_err_set(err, CM_EINPUT, "--weeks %ld: expected 2 to 104", weeks);
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    ids = cm_xcalloc((size_t)weeks, sizeof *ids);
    rc = close_store(st, calc_events_weekly_series(st, id, (size_t)weeks, ids, err), err);
    for (long i = 0; rc == CM_OK && i < weeks - 1; i++)
        printf("event %" PRId64 " added\n", ids[i]);
    free(ids);
    return rc;
}

/* join and leave: one click, idempotent. */
static int
ev_signup(struct cm_config *cfg, int argc, char **argv, int join, struct cm_err *err)
{
    static const char usage[] = "coopmap events join|leave ID --user USER [--now TIME]";
    char *now_flag = NULL, now[21];
    long user = 0;
    const struct cli_flag flags[] = {
        {"user", CLI_INT, &user, "USER", "member user id"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    int64_t id;
    int npos, rc, changed = 0;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = one_id(usage, npos, argv, &id, err)) != CM_OK
        || (rc = now_utc(now_flag, now, NULL, err)) != CM_OK)
        return rc;
    if (user <= 0)
        return cm_err_set(err, CM_EUSAGE, "--user: a positive user id is required");
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    rc = join ? store_event_join(st, id, user, now, &changed, err)
              : store_event_leave(st, id, user, &changed, err);
    if ((rc = close_store(st, rc, err)) == CM_OK)
        printf("user %ld %s event %" PRId64 "\n", user,
               join ? (changed ? "joined" : "had already joined")
                    : (changed ? "left" : "had not joined"),
               id);
    return rc;
}

static int
ev_join(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_signup(cfg, argc, argv, 1, err);
}

static int
ev_leave(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_signup(cfg, argc, argv, 0, err);
}

/* After the event: attend (presence of one member) and doors (per targeted bureau). */
static int
ev_record(struct cm_config *cfg, int argc, char **argv, int doors_cmd, struct cm_err *err)
{
    static const char usage[] = "coopmap events attend ID --user USER [--absent] |"
                                " events doors ID --bureau CODE --doors N";
    char *now_flag = NULL, *bureau = NULL, now[21];
    long user = 0, doors = -1;
    int absent = 0;
    const struct cli_flag flags[] = {
        {"user", CLI_INT, &user, "USER", "attend: the member"},
        {"absent", CLI_BOOL, &absent, NULL, "attend: record the member as absent"},
        {"bureau", CLI_STR, &bureau, "CODE", "doors: a targeted bureau"},
        {"doors", CLI_INT, &doors, "N", "doors: doors knocked there"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    int64_t id;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = one_id(usage, npos, argv, &id, err)) != CM_OK
        || (rc = now_utc(now_flag, now, NULL, err)) != CM_OK)
        return rc;
    if (doors_cmd ? (bureau == NULL || doors == -1) : user <= 0)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    rc = doors_cmd ? store_event_doors(st, id, bureau, doors, now, err)
                   : store_event_attend(st, id, user, !absent, now, err);
    if ((rc = close_store(st, rc, err)) == CM_OK)
        printf("event %" PRId64 ": recorded\n", id);
    return rc;
}

static int
ev_attend(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_record(cfg, argc, argv, 0, err);
}

static int
ev_doors(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_record(cfg, argc, argv, 1, err);
}

static int
ev_near(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap events near --lon X --lat Y --km N [--now TIME]";
    double lon = NAN, lat = NAN, km = 10;
    char *now_flag = NULL, now[21];
    const struct cli_flag flags[] = {
        {"lon", CLI_DBL, &lon, "DEG", "longitude"},
        {"lat", CLI_DBL, &lat, "DEG", "latitude"},
        {"km", CLI_DBL, &km, "N", "radius in km (default 10)"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_event *a = NULL;
    struct store *st = NULL;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = now_utc(now_flag, now, NULL, err)) != CM_OK)
        return rc;
    if (npos != 0 || isnan(lon) || isnan(lat))
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = open_store(cfg, 0, &st, err)) != CM_OK)
        return rc;
    if ((rc = calc_events_near(st, lon, lat, km, now, &a, &n, err)) == CM_OK)
        for (size_t i = 0; i < n; i++)
            printf("%" PRId64 "\t%.1f\t%s\t%s\t%s\n", a[i].id, a[i].dist_m, a[i].starts_at,
                   a[i].kind, a[i].title);
    store_event_list_free(a, n);
    store_close(st);
    return rc;
}

/* ics ID: one event; feed --user: the events a member joined, cancelled ones included. */
static int
ev_calendar(struct cm_config *cfg, int argc, char **argv, int feed, struct cm_err *err)
{
    static const char usage[] = "coopmap events ics ID | events feed (--user USER | --token T)";
    char *now_flag = NULL, *token = NULL, now[21];
    long user = 0;
    const struct cli_flag flags[] = {
        {"user", CLI_INT, &user, "USER", "feed: the member"},
        {"token", CLI_STR, &token, "T", "feed: the member's secret feed token"},
        {"now", CLI_STR, &now_flag, "TIME", "DTSTAMP (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_event_filter f = {0};
    struct store_event *a = NULL;
    struct store *st = NULL;
    struct cm_buf out;
    int64_t id = 0, t;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (!feed && (rc = one_id(usage, npos, argv, &id, err)) != CM_OK)
        || (rc = now_utc(now_flag, now, &t, err)) != CM_OK)
        return rc;
    if (feed && (npos != 0 || (user <= 0) == (token == NULL)))
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = open_store(cfg, 0, &st, err)) != CM_OK)
        return rc;
    f.user_id = user;
    if (feed && token && (rc = calc_events_feed_user(st, token, &f.user_id, err)) != CM_OK) {
        store_close(st);
        return rc;
    }
    if (feed) {
        rc = store_event_list(st, &f, &a, &n, err);
    } else {
        a = cm_xcalloc(1, sizeof *a);
        rc = store_event_get(st, id, a, err);
        n = 1;
    }
    if (rc == CM_OK) {
        cm_buf_init(&out);
        calc_ics_calendar(a, n, t, feed ? "coopmap: mes actions" : NULL, NULL, &out);
        if (fwrite(out.data, 1, out.len, stdout) != out.len)
            rc = cm_err_set(err, CM_EIO, "write calendar to stdout failed");
        cm_buf_cleanup(&out);
    }
    store_event_list_free(a, n);
    store_close(st);
    return rc;
}

static int
ev_ics(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_calendar(cfg, argc, argv, 0, err);
}

static int
ev_feed(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_calendar(cfg, argc, argv, 1, err);
}

/* feed-token: a new secret (the old one stops working); feed-revoke: none at all. */
static int
ev_feed_token(struct cm_config *cfg, int argc, char **argv, int revoke, struct cm_err *err)
{
    static const char usage[] = "coopmap events feed-token|feed-revoke --user USER";
    char now[21], token[CALC_FEED_TOKEN_LEN + 1];
    long user = 0;
    const struct cli_flag flags[] = {
        {"user", CLI_INT, &user, "USER", "the member"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    int npos, rc, revoked = 0;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK
        || (rc = now_utc(NULL, now, NULL, err)) != CM_OK)
        return rc;
    if (npos != 0 || user <= 0)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = open_store(cfg, 1, &st, err)) != CM_OK)
        return rc;
    rc = revoke ? store_event_feed_revoke(st, user, &revoked, err)
                : calc_events_feed_new(st, user, now, token, err);
    if ((rc = close_store(st, rc, err)) == CM_OK && revoke)
        printf("user %ld: feed %s\n", user, revoked ? "revoked" : "was not set");
    else if (rc == CM_OK)
        printf("%s\n", token);
    return rc;
}

static int
ev_feed_new(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_feed_token(cfg, argc, argv, 0, err);
}

static int
ev_feed_revoke(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return ev_feed_token(cfg, argc, argv, 1, err);
}

static const struct cli_cmd subs[] = {
    {"add", ev_add, "create an event (place: a point or a bureau; goals; targeted bureaux)"},
    {"edit", ev_edit, "change an event, refused if someone changed it since --version"},
    {"show", ev_show, "one event with sign-ups against its goals"},
    {"list", ev_list, "events by start time: id section start end kind status n/min/target"},
    {"cancel", ev_cancel, "cancel an event (members who joined see it cancelled)"},
    {"duplicate", ev_duplicate, "repeat an event weekly at the same Paris time"},
    {"join", ev_join, "sign a member up (idempotent)"},
    {"leave", ev_leave, "remove a member's sign-up (idempotent)"},
    {"attend", ev_attend, "after the event: a member was present (or --absent)"},
    {"doors", ev_doors, "after the event: doors knocked in one targeted bureau"},
    {"near", ev_near, "upcoming events within N km, nearest first: id metres start kind title"},
    {"ics", ev_ics, "RFC 5545 calendar of one event on stdout"},
    {"feed", ev_feed, "RFC 5545 calendar of the events a member joined (by user or token)"},
    {"feed-token", ev_feed_new, "print a new secret feed token for a member (old one revoked)"},
    {"feed-revoke", ev_feed_revoke, "revoke a member's feed token"},
    {NULL, NULL, NULL},
};

int
cmd_events(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap events", subs, cfg, argc - 1, argv + 1, err);
}
