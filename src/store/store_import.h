/* store_import.h - the import log: one row per import, written inside the import's
 * transaction so that a rolled-back import leaves no trace either. */
#ifndef STORE_IMPORT_H
#define STORE_IMPORT_H

#include "store.h"

struct store_import_log {
    const char *kind, *source, *sha256, *message; /* borrowed; message may be NULL */
    long rows_read, imported, repaired, rejected;
};

/* Append one import_log row (inside the caller's transaction). */
int store_import_log_add(struct store *st, const struct store_import_log *log,
                         struct cm_err *err);

#endif
