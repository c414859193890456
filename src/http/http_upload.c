/* http_upload.c - the request body of the upload route streamed to a private temp file (http
 * stage): bounded by HTTP_MAX_UPLOAD, mode 0600, unlinked when the request completes. */
#include "http_access_req.h"
#include "http_int.h"

#include "cm_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
http_upload_route(const char *method, const char *url)
{
    size_t n = strlen(url), k = strlen(HTTP_UPLOAD_SUFFIX);

    return strcmp(method, "POST") == 0 && strncmp(url, "/api/results/", 13) == 0 && n > 13 + k
           && strcmp(url + n - k, HTTP_UPLOAD_SUFFIX) == 0;
}

static int
upload_open(struct http_req *rq)
{
    const char *dir = getenv("TMPDIR");

    snprintf(rq->upload_path, sizeof rq->upload_path, "%s/coopmap-upload-XXXXXX",
             dir && dir[0] && strlen(dir) < 32 ? dir : "/tmp");
    rq->upload_fd = mkstemp(rq->upload_path); /* 0600: only this user reads it */
    if (rq->upload_fd < 0) {
        cm_log(CM_LOG_ERROR, "http", "upload temp file %s: %s", rq->upload_path, strerror(errno));
        rq->upload_path[0] = '\0';
        return -1;
    }
    return 0;
}

void
http_upload_chunk(struct http_req *rq, const char *data, size_t n)
{
    if (rq->too_big || rq->upload_failed)
        return;
    if (rq->upload_len + n > HTTP_MAX_UPLOAD) {
        rq->too_big = 1;
        return;
    }
    if (rq->upload_path[0] == '\0' && upload_open(rq) < 0) {
        rq->upload_failed = 1;
        return;
    }
    while (n > 0) {
        ssize_t w = write(rq->upload_fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            cm_log(CM_LOG_ERROR, "http", "upload temp file: %s", strerror(errno));
            rq->upload_failed = 1;
            return;
        }
        data += w, n -= (size_t)w, rq->upload_len += (size_t)w;
    }
}

void
http_upload_close(struct http_req *rq)
{
    if (rq->upload_fd >= 0)
        close(rq->upload_fd);
    rq->upload_fd = -1;
    if (rq->upload_path[0])
        unlink(rq->upload_path);
    rq->upload_path[0] = '\0';
}

int
http_upload_session(struct http_req *rq, struct cm_err *err)
{
    struct http_auth a = {0};
    int rc = http_auth_user(rq, &a, err);

    http_auth_close(&a);
    return rc;
}
