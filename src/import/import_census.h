/* import_census.h - INSEE census tables per IRIS (RP, FILOSOFI, re-published extracts) into
 * the census table, one transaction (import stage). Empty (secret) cells become NULL. */
#ifndef IMPORT_CENSUS_H
#define IMPORT_CENSUS_H

#include "import_report.h"
#include "store.h"

struct import_census_opts {
    const char *file; /* borrowed */
    long year;
    const char *vars; /* comma list of columns, or NULL: every numeric column */
    int quiet;
};

/* Import one file; the same year and variables are replaced. CM_EINPUT for bad input. */
int import_census_run(struct store *st, const struct import_census_opts *o,
                      struct import_report *rep, struct cm_err *err);

#endif
