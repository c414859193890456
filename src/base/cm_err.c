/* cm_err.c - the single place where errors are created (one breakpoint catches all). */
#include "cm_err.h"

#include <stdarg.h>
#include <stdio.h>

int
cm_err_set(struct cm_err *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || err->code != CM_OK)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void
cm_err_clear(struct cm_err *err)
{
    if (err == NULL)
        return;
    err->code = CM_OK;
    err->msg[0] = '\0';
}

const char *
cm_err_name(int code)
{
    switch (code) {
    case CM_OK: return "OK";
    case CM_EUSAGE: return "EUSAGE";
    case CM_EINPUT: return "EINPUT";
    case CM_EDB: return "EDB";
    case CM_EIO: return "EIO";
    case CM_ENOMEM: return "ENOMEM";
    case CM_ENOTFOUND: return "ENOTFOUND";
    case CM_EAUTH: return "EAUTH";
    case CM_EFORBIDDEN: return "EFORBIDDEN";
    case CM_ERENDER: return "ERENDER";
    case CM_ECONFLICT: return "ECONFLICT";
    }
    return "EUNKNOWN";
}

int
cm_err_exit_code(int code)
{
    switch (code) {
    case CM_OK: return 0;
    case CM_EUSAGE: return 1;
    case CM_EINPUT:
    case CM_ENOTFOUND:
    case CM_ECONFLICT: return 2;
    }
    return 3;
}
