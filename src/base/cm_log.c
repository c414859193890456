/* cm_log.c - stderr logger (base layer). */
#include "cm_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

int cm_log_level = CM_LOG_WARN;

static const char *const level_names[] = {"ERROR", "WARN", "INFO", "DEBUG"};

void
cm_log(int level, const char *module, const char *fmt, ...)
{
    char ts[32];
    char line[1024];
    struct tm tm;
    time_t now;
    va_list ap;

    if (level > cm_log_level || level < 0)
        return;
    now = time(NULL);
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* one fprintf so concurrent threads do not interleave within a line */
    fprintf(stderr, "%s %s %s: %s\n", ts, level_names[level], module, line);
}

int
cm_log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(s, level_names[i]) == 0)
            return i;
    }
    return -1;
}
