/* cm_err.h - error values shared by every layer (base: libc only).
 * A failing function returns a negative enum cm_status and fills a caller's struct cm_err;
 * the first error wins, so the message names the root cause, not the last caller. */
#ifndef CM_ERR_H
#define CM_ERR_H

enum cm_status {
    CM_OK = 0,
    CM_EUSAGE = -1,     /* bad command line */
    CM_EINPUT = -2,     /* the input file or request is wrong */
    CM_EDB = -3,        /* store (SQLite/SpatiaLite) failure */
    CM_EIO = -4,        /* system call failed */
    CM_ENOMEM = -5,     /* allocation failed where we do not abort */
    CM_ENOTFOUND = -6,  /* no such object */
    CM_EAUTH = -7,      /* not authenticated */
    CM_EFORBIDDEN = -8, /* authenticated, not allowed */
    CM_ERENDER = -9,    /* cairo / png failure */
    CM_ECONFLICT = -10, /* concurrent change detected */
};

struct cm_err {
    int code;      /* enum cm_status; CM_OK while no error */
    char msg[512]; /* human message naming the input */
};

/* Record an error in err (may be NULL) unless one is already set; returns code. */
int cm_err_set(struct cm_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset err to the no-error state. */
void cm_err_clear(struct cm_err *err);

/* Short stable name of a status ("EINPUT"), for logs and JSON. */
const char *cm_err_name(int code);

/* CLI exit code for a status: 0 ok, 1 usage, 2 bad input, 3 store or system error. */
int cm_err_exit_code(int code);

#endif
