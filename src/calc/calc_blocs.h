/* calc_blocs.h - the nuance/candidate -> bloc mapping and "our camp" (calc layer). */
#ifndef CALC_BLOCS_H
#define CALC_BLOCS_H

#include "cm_err.h"
#include "store_blocs.h"

#include <stddef.h>

#define CALC_N_BLOCS 7

extern const char *const calc_blocs[CALC_N_BLOCS]; /* far_left ... other */
extern const char *const calc_category_labels[5];   /* index 0 none .. 4 stronghold */

/* Index of a bloc name in calc_blocs, or -1. */
int calc_bloc_index(const char *name);
/* Normalise a nuance or name into out (size n): upper-case ASCII, accents stripped, every
 * run of other characters one space, trimmed. */
void calc_norm_key(const char *s, char *out, size_t n);
/* Parse a blocs CSV (kind,key,bloc[,years[,label]]); rows owned (store_blocs_free). */
int calc_blocs_parse(const char *path, struct store_bloc_row **rows_out, size_t *n_out,
                     struct cm_err *err);
/* Bloc index of a candidate: presidential elections match the surname first, others the
 * nuance first; -1 when unmapped. */
int calc_bloc_match(const struct store_bloc_row *rows, size_t n, int presidential,
                    const char *name, const char *nuance);
/* Parse a comma list of blocs into mask bits (1 << index); CM_EUSAGE names a bad bloc. */
int calc_camp_parse(const char *camp, unsigned *mask_out, struct cm_err *err);

#endif
