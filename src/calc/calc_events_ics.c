/* calc_events_ics.c - RFC 5545 calendars of events (calc stage, pure: no I/O). Times are
 * written as Europe/Paris civil time with a VTIMEZONE stating the EU summer-time rule, which
 * is the rule calc_paris_offset applies, so both sides agree by construction. */
#include "calc_events.h"

#include <stdio.h>
#include <string.h>

#define ICS_FOLD 75 /* octets per line, CRLF excluded (RFC 5545 3.1) */

/* Append one content line "head:value" folded at 75 octets without splitting a UTF-8
 * sequence; value is already escaped. */
static void
ics_line(struct cm_buf *out, const char *head, const char *value)
{
    size_t col = 0;
    const char *parts[2] = {head, value};

    for (int k = 0; k < 2; k++) {
        for (const unsigned char *p = (const unsigned char *)parts[k]; *p;) {
            size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
            if (col + len > ICS_FOLD) {
                cm_buf_append(out, "\r\n ", 3);
                col = 1;
            }
            for (size_t i = 0; i < len && p[i]; i++)
                cm_buf_append(out, &p[i], 1);
            col += len;
            p += strnlen((const char *)p, len);
        }
        if (k == 0)
            cm_buf_append(out, ":", 1), col++;
    }
    cm_buf_append(out, "\r\n", 2);
}

/* TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
static void
ics_text(struct cm_buf *out, const char *head, const char *s)
{
    struct cm_buf v;

    cm_buf_init(&v);
    cm_buf_puts(&v, "");
    for (; s && *s; s++) {
        if (*s == '\\' || *s == ';' || *s == ',') {
            char e[2] = {'\\', *s};
            cm_buf_append(&v, e, 2);
        } else if (*s == '\n') {
            cm_buf_puts(&v, "\\n");
        } else if (*s != '\r') {
            cm_buf_append(&v, s, 1);
        }
    }
    ics_line(out, head, v.data);
    cm_buf_cleanup(&v);
}

/* "YYYYMMDDTHHMMSS" of UTC text in Paris civil time, or with a trailing Z in UTC. */
static void
ics_time(const char *utc_text, int64_t t, int paris, char out[20])
{
    char u[21];

    if (utc_text && calc_time_parse(utc_text, &t, NULL) != CM_OK)
        t = 0;
    calc_time_utc(paris ? t + calc_paris_offset(t) : t, u);
    snprintf(out, 20, "%.4s%.2s%.2sT%.2s%.2s%.2s%s", u, u + 5, u + 8, u + 11, u + 14, u + 17,
             paris ? "" : "Z");
}

static const char vtimezone[] = "BEGIN:VTIMEZONE\r\n"
                                "TZID:Europe/Paris\r\n"
                                "BEGIN:DAYLIGHT\r\n"
                                "TZOFFSETFROM:+0100\r\n"
                                "TZOFFSETTO:+0200\r\n"
                                "TZNAME:CEST\r\n"
                                "DTSTART:19700329T020000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                "END:DAYLIGHT\r\n"
                                "BEGIN:STANDARD\r\n"
                                "TZOFFSETFROM:+0200\r\n"
                                "TZOFFSETTO:+0100\r\n"
                                "TZNAME:CET\r\n"
                                "DTSTART:19701025T030000\r\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                "END:STANDARD\r\n"
                                "END:VTIMEZONE\r\n";

static void
ics_event(const struct store_event *ev, const char *stamp, const char *host, struct cm_buf *out)
{
    char v[128], t[20];

    cm_buf_puts(out, "BEGIN:VEVENT\r\n");
    snprintf(v, sizeof v, "event-%lld@%s", (long long)ev->id, host);
    ics_line(out, "UID", v);
    ics_line(out, "DTSTAMP", stamp);
    ics_time(ev->starts_at, 0, 1, t);
    ics_line(out, "DTSTART;TZID=Europe/Paris", t);
    ics_time(ev->ends_at, 0, 1, t);
    ics_line(out, "DTEND;TZID=Europe/Paris", t);
    ics_text(out, "SUMMARY", ev->title);
    if (ev->description && ev->description[0])
        ics_text(out, "DESCRIPTION", ev->description);
    if (ev->address && ev->address[0])
        ics_text(out, "LOCATION", ev->address);
    snprintf(v, sizeof v, "%.6f;%.6f", ev->lat, ev->lon);
    ics_line(out, "GEO", v);
    ics_text(out, "CATEGORIES", calc_event_kind_label(ev->kind));
    ics_line(out, "STATUS", ev->cancelled ? "CANCELLED" : "CONFIRMED");
    snprintf(v, sizeof v, "%lld", (long long)(ev->version > 0 ? ev->version - 1 : 0));
    ics_line(out, "SEQUENCE", v);
    cm_buf_puts(out, "END:VEVENT\r\n");
}

void
calc_ics_calendar(const struct store_event *evs, size_t n, int64_t now, const char *name,
                  const char *host, struct cm_buf *out)
{
    char stamp[20];

    ics_time(NULL, now, 0, stamp);
    cm_buf_puts(out, "BEGIN:VCALENDAR\r\n"
                     "VERSION:2.0\r\n"
                     "PRODID:-//coopmap//events//FR\r\n"
                     "CALSCALE:GREGORIAN\r\n");
    if (name)
        ics_text(out, "X-WR-CALNAME", name);
    cm_buf_puts(out, vtimezone);
    for (size_t i = 0; i < n; i++)
        ics_event(&evs[i], stamp, host ? host : "coopmap", out);
    cm_buf_puts(out, "END:VCALENDAR\r\n");
}
