/* calc_events.c - section events (calc stage): kinds, checks, Europe/Paris civil time,
 * weekly series, near-me distance. The Paris rule is computed, not read from tzdata, so the
 * results do not depend on the machine and the .ics VTIMEZONE states the same rule. */
#include "calc_events.h"

#include "cm_log.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code, *label;
} kinds[] = {
    {"porte-a-porte", "Porte-à-porte"}, {"tractage", "Tractage"}, {"marche", "Marché"},
    {"reunion", "Réunion"},             {"phoning", "Phoning"},   {"autre", "Autre"},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

/* Lower-case ASCII with à/é/è folded and spaces as '-', into out (size n). */
static void
kind_fold(const char *s, char *out, size_t n)
{
    size_t j = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p && j + 1 < n; p++) {
        if (p[0] == 0xC3 && (p[1] == 0xA0 || p[1] == 0x80)) {
            out[j++] = 'a';
            p++;
        } else if (p[0] == 0xC3 && (p[1] == 0xA9 || p[1] == 0x89 || p[1] == 0xA8 || p[1] == 0x88)) {
            out[j++] = 'e';
            p++;
        } else {
            out[j++] = *p == ' ' ? '-' : (char)tolower(*p);
        }
    }
    out[j] = '\0';
}

const char *
calc_event_kind(const char *s)
{
    char k[32];

    if (s == NULL)
        return NULL;
    kind_fold(s, k, sizeof k);
    if (strcmp(k, "other") == 0)
        return "autre";
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(k, kinds[i].code) == 0)
            return kinds[i].code;
    return NULL;
}

const char *
calc_event_kind_label(const char *kind)
{
    for (size_t i = 0; kind && i < N_KINDS; i++)
        if (strcmp(kind, kinds[i].code) == 0)
            return kinds[i].label;
    return kind ? kind : "";
}

const char *
calc_event_kinds(void)
{
    return "porte-a-porte, tractage, marche, reunion, phoning, autre";
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Day number of the last Sunday of a 31-day month. */
static int64_t
last_sunday(int64_t y, int m)
{
    int64_t z = days_from_civil(y, m, 31);
    int64_t wd = ((z + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
    return z - wd;
}

int
calc_paris_offset(int64_t t)
{
    int64_t y;
    int m, d;

    civil_from_days(floor_div(t, 86400), &y, &m, &d);
    int64_t start = last_sunday(y, 3) * 86400 + 3600, end = last_sunday(y, 10) * 86400 + 3600;
    return t >= start && t < end ? 7200 : 3600;
}

int64_t
calc_paris_to_utc(int64_t local)
{
    int64_t u = local - 7200;

    return calc_paris_offset(u) == 7200 ? u : local - 3600;
}

void
calc_time_utc(int64_t t, char out[21])
{
    int64_t y, days = floor_div(t, 86400), s = t - days * 86400;
    int m, d;
    char b[64]; /* the compiler cannot bound the fields; they fit in 20 */

    civil_from_days(days, &y, &m, &d);
    snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y % 10000, m, d, (int)(s / 3600),
             (int)(s / 60 % 60), (int)(s % 60));
    memcpy(out, b, 20);
    out[20] = '\0';
}

/* n digits at s into *v; 0 when they are not all digits. */
static int
digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

int
calc_time_parse(const char *s, int64_t *utc_out, struct cm_err *err)
{
    int y, mo, d, h, mi, se = 0, oh, om, len = 16;
    const char *z;
    int64_t local;

    if (s == NULL || strlen(s) < 16 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo)
        || s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ')
        || !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
        goto bad;
    if (s[16] == ':' && !(digits(s + 17, 2, &se) && (len = 19)))
        goto bad;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59)
        goto bad;
    {
        int64_t cy;
        int cm, cd;
        civil_from_days(days_from_civil(y, mo, d), &cy, &cm, &cd);
        if (cm != mo || cd != d) /* 31 April */
            goto bad;
    }
    local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    z = s + len; /* the zone */
    if (strcmp(z, "Z") == 0) {
        *utc_out = local;
    } else if (*z == '\0') {
        *utc_out = calc_paris_to_utc(local);
    } else if ((*z == '+' || *z == '-') && strlen(z) == 6 && digits(z + 1, 2, &oh) && z[3] == ':'
               && digits(z + 4, 2, &om) && oh < 15 && om < 60) {
        *utc_out = local - (*z == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    } else {
        goto bad;
    }
    return CM_OK;
bad:
    return cm_err_set(err, CM_EINPUT,
                      "time '%s': expected YYYY-MM-DDTHH:MM[:SS] then Z, +HH:MM or nothing"
                      " (Paris time)",
                      s ? s : "");
}

int
calc_event_check(const struct store_event *ev, struct cm_err *err)
{
    int64_t a, b;
    int rc;

    if (ev->title == NULL || ev->title[0] == '\0')
        return cm_err_set(err, CM_EINPUT, "event: the title is empty");
    if (ev->section == NULL || ev->section[0] == '\0')
        return cm_err_set(err, CM_EINPUT, "event '%s': no section", ev->title);
    if (ev->kind == NULL || calc_event_kind(ev->kind) == NULL
        || strcmp(calc_event_kind(ev->kind), ev->kind) != 0)
        return cm_err_set(err, CM_EINPUT, "event '%s': unknown kind '%s' (one of: %s)", ev->title,
                          ev->kind ? ev->kind : "", calc_event_kinds());
    if ((rc = calc_time_parse(ev->starts_at, &a, err)) != CM_OK
        || (rc = calc_time_parse(ev->ends_at, &b, err)) != CM_OK)
        return rc;
    if (b <= a)
        return cm_err_set(err, CM_EINPUT, "event '%s': end %s is not after start %s", ev->title,
                          ev->ends_at, ev->starts_at);
    if (ev->goal_min < 0 || ev->goal_target < 0)
        return cm_err_set(err, CM_EINPUT, "event '%s': negative attendance goal", ev->title);
    if (ev->goal_min > ev->goal_target)
        return cm_err_set(err, CM_EINPUT,
                          "event '%s': goal minimum %lld > target %lld", ev->title,
                          (long long)ev->goal_min, (long long)ev->goal_target);
    if (ev->bureau == NULL
        && !(fabs(ev->lon) <= 180 && fabs(ev->lat) <= 90 && !isnan(ev->lon) && !isnan(ev->lat)))
        return cm_err_set(err, CM_EINPUT, "event '%s': place %g, %g is not a lon/lat point",
                          ev->title, ev->lon, ev->lat);
    return CM_OK;
}

void
calc_event_weekly(int64_t start, size_t n, int64_t *out)
{
    int64_t local = start + calc_paris_offset(start);

    for (size_t k = 0; k < n; k++)
        out[k] = calc_paris_to_utc(local + (int64_t)k * 7 * 86400);
}

double
calc_haversine_m(double lon1, double lat1, double lon2, double lat2)
{
    const double r = M_PI / 180;
    double s1 = sin((lat2 - lat1) * r / 2), s2 = sin((lon2 - lon1) * r / 2);
    double a = s1 * s1 + cos(lat1 * r) * cos(lat2 * r) * s2 * s2;

    return 2 * CALC_EARTH_RADIUS_M * asin(sqrt(a < 1 ? a : 1));
}

void
calc_event_box(double lon, double lat, double km, double box_out[4])
{
    double d = km * 1000 / CALC_EARTH_RADIUS_M, dlat = d * 180 / M_PI;
    double s = sin(d) / cos(lat * M_PI / 180);

    box_out[1] = lat - dlat;
    box_out[3] = lat + dlat;
    if (box_out[1] <= -90 || box_out[3] >= 90 || s >= 1 || d >= M_PI / 2) {
        box_out[0] = -180; /* the circle reaches a pole: every longitude */
        box_out[2] = 180;
        box_out[1] = box_out[1] < -90 ? -90 : box_out[1];
        box_out[3] = box_out[3] > 90 ? 90 : box_out[3];
        return;
    }
    /* widest longitude of the circle, at its tangent points (not at the centre's latitude) */
    double dlon = asin(s) * 180 / M_PI;
    box_out[0] = lon - dlon;
    box_out[2] = lon + dlon;
    if (box_out[0] < -180 || box_out[2] > 180) { /* across the antimeridian: keep it simple */
        box_out[0] = -180;
        box_out[2] = 180;
    }
}

static int
near_cmp(const void *pa, const void *pb)
{
    const struct store_event *a = pa, *b = pb;
    int c = (a->dist_m > b->dist_m) - (a->dist_m < b->dist_m);

    if (c == 0)
        c = strcmp(a->starts_at, b->starts_at);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int
calc_events_near(struct store *st, double lon, double lat, double km, const char *now,
                 struct store_event **out, size_t *n_out, struct cm_err *err)
{
    double box[4];
    struct store_event_filter f = {.after = now, .scheduled_only = 1, .bbox = box};
    struct store_event *a = NULL;
    size_t n = 0, kept = 0;
    int rc;

    *out = NULL;
    *n_out = 0;
    if (!(km > 0 && km <= 1000) || !(fabs(lon) <= 180 && fabs(lat) <= 90))
        return cm_err_set(err, CM_EINPUT, "near %g, %g within %g km: expected lon/lat and"
                                          " 0 < km <= 1000", lon, lat, km);
    calc_event_box(lon, lat, km, box);
    if ((rc = store_event_list(st, &f, &a, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        a[i].dist_m = calc_haversine_m(lon, lat, a[i].lon, a[i].lat);
        if (a[i].dist_m <= km * 1000)
            a[kept++] = a[i];
        else
            store_event_cleanup(&a[i]);
    }
    cm_log(CM_LOG_DEBUG, "events", "near: %zu in the R*Tree box, %zu within %g km", n, kept, km);
    qsort(a, kept, sizeof *a, near_cmp);
    *out = a;
    *n_out = kept;
    return CM_OK;
}

int
calc_events_weekly_series(struct store *st, int64_t id, size_t n, int64_t *ids_out,
                          struct cm_err *err)
{
    struct store_event ev;
    int64_t a, b, *starts = NULL;
    char s_at[21], e_at[21];
    int rc;

    if (n < 2 || n > 104)
        return cm_err_set(err, CM_EINPUT, "series of %zu events: expected 2 to 104", n);
    if ((rc = store_event_get(st, id, &ev, err)) != CM_OK)
        goto out;
    if (ev.cancelled) {
        rc = cm_err_set(err, CM_EINPUT, "event %lld is cancelled: no series", (long long)id);
        goto out;
    }
    if ((rc = calc_time_parse(ev.starts_at, &a, err)) != CM_OK
        || (rc = calc_time_parse(ev.ends_at, &b, err)) != CM_OK)
        goto out;
    if (ev.series_id == 0 && (rc = store_event_set_series(st, id, id, err)) != CM_OK)
        goto out;
    starts = cm_xcalloc(n, sizeof *starts);
    calc_event_weekly(a, n, starts);
    struct store_event copy = ev;
    copy.series_id = ev.series_id ? ev.series_id : id;
    copy.starts_at = s_at;
    copy.ends_at = e_at;
    for (size_t k = 1; k < n; k++) {
        calc_time_utc(starts[k], s_at);
        calc_time_utc(starts[k] + (b - a), e_at);
        if ((rc = store_event_insert(st, &copy, &ids_out[k - 1], err)) != CM_OK)
            goto out;
    }
out:
    free(starts);
    store_event_cleanup(&ev);
    return rc;
}

const char *
calc_event_goal_state(int64_t n, int64_t goal_min, int64_t goal_target)
{
    if (n >= goal_target && n >= goal_min)
        return "target reached";
    return n >= goal_min ? "minimum reached" : "below minimum";
}
