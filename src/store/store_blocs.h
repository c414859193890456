/* store_blocs.h - the nuance/candidate -> bloc mapping ("our camp" is a set of blocs). */
#ifndef STORE_BLOCS_H
#define STORE_BLOCS_H

#include "store.h"

#include <stddef.h>

struct store_bloc_row {
    char *kind;  /* "nuance" or "candidate" */
    char *key;   /* normalised (upper-case ASCII, no accents) */
    char *label; /* as written in the source; may be NULL */
    char *bloc;
    char *years; /* may be NULL */
};

/* Replace the whole mapping with rows (inside the caller's transaction). */
int store_blocs_replace(struct store *st, const struct store_bloc_row *rows, size_t n,
                        struct cm_err *err);
/* Load the mapping ordered by bloc, kind, key; *rows_out owned (store_blocs_free). */
int store_blocs_load(struct store *st, struct store_bloc_row **rows_out, size_t *n_out,
                     struct cm_err *err);
/* Free rows returned by store_blocs_load (or built by a caller with owned strings). */
void store_blocs_free(struct store_bloc_row *rows, size_t n);

#endif
