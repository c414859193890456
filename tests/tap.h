/* tap.h - a minimal TAP producer for the C unit tests (run by prove). Header-only. */
#ifndef TAP_H
#define TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
ok(int cond, const char *name)
{
    printf("%sok %d - %s\n", cond ? "" : "not ", ++tap_n, name);
    if (!cond)
        tap_failed++;
    return cond;
}

static inline int
is_int(long long got, long long want, const char *name)
{
    if (!ok(got == want, name))
        printf("#   got %lld, want %lld\n", got, want);
    return got == want;
}

static inline int
is_dbl(double got, double want, double tol, const char *name)
{
    int c = fabs(got - want) <= tol;
    if (!ok(c, name))
        printf("#   got %.12g, want %.12g (tol %g)\n", got, want, tol);
    return c;
}

static inline int
is_str(const char *got, const char *want, const char *name)
{
    int c = got && want && strcmp(got, want) == 0;
    if (!ok(c, name))
        printf("#   got '%s', want '%s'\n", got ? got : "(null)", want ? want : "(null)");
    return c;
}

static inline int
tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
