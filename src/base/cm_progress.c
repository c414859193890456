/* cm_progress.c - terminal progress bar (base layer). */
#include "cm_progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double
cm_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cm_progress_start(struct cm_progress *p, const char *label, long total, int quiet)
{
    p->label = label;
    p->total = total;
    p->done = 0;
    p->last = 0;
    p->on = !quiet && isatty(STDERR_FILENO);
}

void
cm_progress_update(struct cm_progress *p, long done)
{
    double now;
    int width = 30, fill;

    p->done = done;
    if (!p->on)
        return;
    now = cm_now();
    if (now - p->last < 0.1 && done != p->total)
        return;
    p->last = now;
    if (p->total > 0) {
        fill = (int)((double)width * (double)done / (double)p->total);
        if (fill > width)
            fill = width;
        fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld", p->label, fill,
                "##############################", width - fill, "", done, p->total);
    } else {
        fprintf(stderr, "\r%s %ld", p->label, done);
    }
    fflush(stderr);
}

void
cm_progress_end(struct cm_progress *p)
{
    if (p->on)
        fprintf(stderr, "\r\033[K");
}
