/* cm_file.c - whole-file writes that never leave a partial file behind (base layer). */
#include "cm_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
cm_file_write_atomic(const char *path, const void *data, size_t len, struct cm_err *err)
{
    char tmp[4096];
    const char *p = data;
    int fd, rc = CM_OK;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return cm_err_set(err, CM_EIO, "%s: path too long", path);
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
        return cm_err_set(err, CM_EIO, "%s: %s", tmp, strerror(errno));
    while (len > 0 && rc == CM_OK) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = cm_err_set(err, CM_EIO, "%s: write: %s", tmp, strerror(errno));
        else
            p += w, len -= (size_t)w;
    }
    if (rc == CM_OK && fsync(fd) != 0)
        rc = cm_err_set(err, CM_EIO, "%s: fsync: %s", tmp, strerror(errno));
    if (close(fd) != 0 && rc == CM_OK)
        rc = cm_err_set(err, CM_EIO, "%s: close: %s", tmp, strerror(errno));
    if (rc == CM_OK && rename(tmp, path) != 0)
        rc = cm_err_set(err, CM_EIO, "%s: rename: %s", path, strerror(errno));
    if (rc != CM_OK)
        unlink(tmp);
    return rc;
}
