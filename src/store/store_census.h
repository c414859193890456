/* store_census.h - writing census values per IRIS, variable and year, inside the caller's
 * transaction; a value that is statistically secret is stored as NULL, never 0. */
#ifndef STORE_CENSUS_H
#define STORE_CENSUS_H

#include "store.h"

struct store_census;

/* Prepare the statements for one year of one source file; *out owned (store_census_close). */
int store_census_open(struct store *st, long year, const char *source, struct store_census **out,
                      struct cm_err *err);
/* Finalize the statements; NULL is a no-op. */
void store_census_close(struct store_census *w);
/* Delete the values of one variable for the year that came from the same source file name
 * (re-importing a file replaces it; files of other départements stay). Values of the same
 * IRIS, variable and year from another file are then overwritten by store_census_put. */
int store_census_clear(struct store_census *w, const char *variable, struct cm_err *err);
/* Store one value; has_value 0 stores NULL (secret). */
int store_census_put(struct store_census *w, const char *iris, const char *variable,
                     int has_value, double value, struct cm_err *err);

#endif
