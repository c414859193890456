/* cm_progress.h - a progress bar on stderr when it is a terminal, silent otherwise. */
#ifndef CM_PROGRESS_H
#define CM_PROGRESS_H

struct cm_progress {
    const char *label; /* borrowed */
    long total;        /* 0: unknown */
    long done;
    double last;       /* time of the last redraw, seconds */
    int on;            /* drawing enabled */
};

/* Start a bar; drawn only if !quiet and stderr is a TTY. */
void cm_progress_start(struct cm_progress *p, const char *label, long total, int quiet);
/* Set the count done; redraws at most 10 times a second. */
void cm_progress_update(struct cm_progress *p, long done);
/* Erase the bar. */
void cm_progress_end(struct cm_progress *p);
/* Monotonic clock in seconds. */
double cm_now(void);

#endif
