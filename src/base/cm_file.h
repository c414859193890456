/* cm_file.h - whole-file writes that never leave a partial file behind (base layer). */
#ifndef CM_FILE_H
#define CM_FILE_H

#include "cm_err.h"

#include <stddef.h>

/* Write len bytes to path through path.tmp, fsync'd and renamed over path; on error nothing is
 * left (neither path nor path.tmp changes). CM_EIO names the file. */
int cm_file_write_atomic(const char *path, const void *data, size_t len, struct cm_err *err);

#endif
