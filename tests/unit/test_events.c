/* test_events.c - pure functions of calc_events: Europe/Paris offsets at the changes of time
 * (instants from python's zoneinfo), time parsing, haversine, the near-me box (checked with
 * the destination-point formula), kinds, goals, RFC 5545 folding and escaping. */
#include "../tap.h"
#include "calc_events.h"

#include <stdlib.h>

static void
test_time(void)
{
    struct cm_err err = {0};
    int64_t t = 0;
    char s[21];

    /* 2030-03-31T01:00Z and 2030-10-27T01:00Z: the changes (zoneinfo) */
    is_int(calc_paris_offset(1901149200 - 1), 3600, "31 March 2030 00:59:59Z: winter");
    is_int(calc_paris_offset(1901149200), 7200, "31 March 2030 01:00Z: summer");
    is_int(calc_paris_offset(1919293200 - 1), 7200, "27 October 2030 00:59:59Z: summer");
    is_int(calc_paris_offset(1919293200), 3600, "27 October 2030 01:00Z: winter");
    is_int(calc_paris_offset(1711846800), 7200, "31 March 2024 01:00Z: summer");
    is_int(calc_paris_offset(1711846800 - 1), 3600, "31 March 2024 00:59:59Z: winter");
    is_int(calc_time_parse("2030-03-31T03:30", &t, &err), CM_OK, "parse Paris time");
    is_int(t, 1901151000, "03:30 on the spring change is 01:30Z");
    is_int(calc_time_parse("2030-03-31T02:30", &t, &err), CM_OK, "a skipped time parses");
    is_int(t, 1901151000, "02:30 skipped in spring is taken an hour later");
    calc_time_parse("2030-10-27T02:30", &t, &err);
    is_int(t, 1919291400, "02:30 repeated in autumn: the first one (00:30Z)");
    calc_time_parse("2030-03-13T18:30:00+01:00", &t, &err);
    is_int(t, 1899653400, "explicit offset");
    calc_time_parse("1999-12-31T23:59:59Z", &t, &err);
    is_int(t, 946684799, "UTC with seconds");
    calc_time_utc(946684799, s);
    is_str(s, "1999-12-31T23:59:59Z", "format UTC");
    is_int(calc_time_parse("2030-02-29T10:00", &t, NULL), CM_EINPUT, "29 February 2030 refused");
    is_int(calc_time_parse("2028-02-29T10:00", &t, NULL), CM_OK, "29 February 2028 accepted");
    is_int(calc_time_parse("2030-01-01T24:00", &t, NULL), CM_EINPUT, "hour 24 refused");
    is_int(calc_time_parse("2030-01-01T10:00 Z", &t, NULL), CM_EINPUT, "trailing junk refused");
    is_int(calc_time_parse("2030-1-01T10:00", &t, NULL), CM_EINPUT, "one-digit month refused");
    int64_t w[4];
    calc_event_weekly(1899653400, 4, w); /* 13 March 2030 18:30 Paris; change on the 31st */
    is_int(w[2] - w[1], 7 * 86400, "weekly: a week before the change");
    is_int(w[3] - w[2], 7 * 86400 - 3600, "weekly: an hour less across the change");
}

static void
test_distance(void)
{
    double box[4], d = 25000, r = CALC_EARTH_RADIUS_M, lon0 = 2.35, lat0 = 48.85;
    int inside = 1;
    double edge[4] = {1e9, 1e9, -1e9, -1e9};

    is_dbl(calc_haversine_m(0, 0, 0, 1), r * M_PI / 180, 1e-6, "one degree of meridian");
    is_dbl(calc_haversine_m(0, 0, 180, 0), r * M_PI, 1e-6, "antipodes on the equator");
    calc_event_box(lon0, lat0, d / 1000, box);
    /* destination points at distance d on every bearing (spherical direct formula) */
    for (int b = 0; b < 3600; b++) {
        double th = b * M_PI / 1800, p1 = lat0 * M_PI / 180, dd = d / r;
        double p2 = asin(sin(p1) * cos(dd) + cos(p1) * sin(dd) * cos(th));
        double l2 = lon0 + atan2(sin(th) * sin(dd) * cos(p1), cos(dd) - sin(p1) * sin(p2)) * 180
                               / M_PI;
        p2 *= 180 / M_PI;
        inside &= l2 >= box[0] - 1e-9 && l2 <= box[2] + 1e-9 && p2 >= box[1] - 1e-9
                  && p2 <= box[3] + 1e-9;
        edge[0] = fmin(edge[0], l2), edge[1] = fmin(edge[1], p2);
        edge[2] = fmax(edge[2], l2), edge[3] = fmax(edge[3], p2);
    }
    ok(inside, "every point of the 25 km circle is in the box");
    is_dbl(box[0], edge[0], 1e-5, "box west edge touches the circle");
    is_dbl(box[2], edge[2], 1e-5, "box east edge touches the circle");
    is_dbl(box[1], edge[1], 1e-5, "box south edge touches the circle");
    is_dbl(box[3], edge[3], 1e-5, "box north edge touches the circle");
    calc_event_box(0, 89.9, 50, box);
    ok(box[0] == -180 && box[2] == 180 && box[3] == 90, "near the pole: every longitude");
}

static void
test_kinds(void)
{
    is_str(calc_event_kind("Porte-à-porte"), "porte-a-porte", "kind with accent and capital");
    is_str(calc_event_kind("MARCHÉ"), "marche", "kind upper case with accent");
    is_str(calc_event_kind("réunion"), "reunion", "réunion");
    is_str(calc_event_kind("other"), "autre", "other = autre");
    ok(calc_event_kind("karaoke") == NULL, "unknown kind");
    is_str(calc_event_kind_label("marche"), "Marché", "label");
    is_str(calc_event_goal_state(2, 3, 5), "below minimum", "2 of 3/5");
    is_str(calc_event_goal_state(3, 3, 5), "minimum reached", "3 of 3/5");
    is_str(calc_event_goal_state(5, 3, 5), "target reached", "5 of 3/5");
    is_str(calc_event_goal_state(0, 0, 0), "target reached", "no goal");
}

static void
test_ics(void)
{
    struct store_event ev = {0};
    struct cm_buf b;
    char desc[400], *p, *line, *save = NULL;
    int longest = 0, folded = 0, bare_lf = 0;

    for (int i = 0; i < 60; i++)
        memcpy(desc + i * 5, "é,;\\x", 6); /* 2-octet é placed to cross the fold */
    ev.id = 42, ev.title = "A;B,C", ev.description = desc, ev.kind = "tractage";
    ev.starts_at = "2030-07-14T08:00:00Z", ev.ends_at = "2030-07-14T10:00:00Z", ev.version = 3;
    cm_buf_init(&b);
    calc_ics_calendar(&ev, 1, 946684799, NULL, "example.org", &b);
    for (size_t i = 0; i < b.len; i++)
        bare_lf += b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r');
    is_int(bare_lf, 0, "CRLF only");
    ok(strstr(b.data, "\r\nDTSTART;TZID=Europe/Paris:20300714T100000\r\n") != NULL,
       "DTSTART in Paris summer time");
    ok(strstr(b.data, "\r\nSUMMARY:A\\;B\\,C\r\n") != NULL, "SUMMARY escaped");
    ok(strstr(b.data, "\r\nUID:event-42@example.org\r\n") != NULL, "UID");
    ok(strstr(b.data, "\r\nDTSTAMP:19991231T235959Z\r\n") != NULL, "DTSTAMP in UTC");
    ok(strstr(b.data, "\r\nSEQUENCE:2\r\n") != NULL, "SEQUENCE = version - 1");
    p = cm_xstrdup(b.data);
    for (line = strtok_r(p, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        int n = (int)strlen(line);
        longest = n > longest ? n : longest;
        folded += line[0] == ' ';
        /* a continuation never starts inside a UTF-8 sequence */
        ok(line[0] != ' ' || ((unsigned char)line[1] & 0xC0) != 0x80, "fold between characters");
    }
    ok(longest <= 75, "no line over 75 octets");
    ok(folded >= 5, "the long description is folded");
    free(p);
    cm_buf_cleanup(&b);
}

int
main(void)
{
    test_time();
    test_distance();
    test_kinds();
    test_ics();
    return tap_done();
}
