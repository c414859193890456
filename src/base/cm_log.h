/* cm_log.h - leveled logging to stderr, one line per event: "time LEVEL module: message".
 * Never log names, addresses, votes, passwords or tokens: log ids. */
#ifndef CM_LOG_H
#define CM_LOG_H

enum cm_log_level { CM_LOG_ERROR, CM_LOG_WARN, CM_LOG_INFO, CM_LOG_DEBUG };

extern int cm_log_level; /* the only global: messages above it are dropped before formatting */

/* Log one line if level <= cm_log_level. */
void cm_log(int level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse "error|warn|info|debug"; returns the level or -1. */
int cm_log_level_parse(const char *s);

#endif
