/* store_layers_int.h - helpers shared by the layer and bloc SQL files (private to src/store/). */
#ifndef STORE_LAYERS_INT_H
#define STORE_LAYERS_INT_H

#include "store_int.h"

#include <stddef.h>

/* Step stmt to the end (then finalize it), appending one element of size bytes per row,
 * filled by fill, to *arr_out (owned, grown as needed). On error *arr_out and *n_out hold the
 * rows read so far, for the caller to free; the error names what. */
int store_collect(struct store *st, sqlite3_stmt *stmt, size_t size,
                  void (*fill)(sqlite3_stmt *stmt, void *elem), void **arr_out, size_t *n_out,
                  const char *what, struct cm_err *err);

#endif
