/* cm_buf.h - growable byte buffer and aborting allocators (base layer).
 * Allocation failure of small objects aborts, as in Redis and kore: there is no sane recovery. */
#ifndef CM_BUF_H
#define CM_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct cm_buf {
    char *data; /* owned; always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
};

/* malloc that aborts on failure. */
void *cm_xmalloc(size_t size);
/* calloc(n, size) with an overflow check; aborts on failure or overflow. */
void *cm_xcalloc(size_t n, size_t size);
/* realloc(p, n * size) with an overflow check; aborts on failure or overflow. */
void *cm_xreallocarray(void *p, size_t n, size_t size);
/* strdup that aborts on failure; NULL gives NULL. */
char *cm_xstrdup(const char *s);
/* Growth policy for arrays: returns the new capacity (at least need), doubling. */
size_t cm_grow(size_t cap, size_t need);

/* Initialise an empty buffer (no allocation). */
void cm_buf_init(struct cm_buf *b);
/* Free the buffer's memory and reset it. */
void cm_buf_cleanup(struct cm_buf *b);
/* Drop content, keep memory. */
void cm_buf_reset(struct cm_buf *b);
/* Append n bytes. */
void cm_buf_append(struct cm_buf *b, const void *p, size_t n);
/* Append a NUL-terminated string. */
void cm_buf_puts(struct cm_buf *b, const char *s);
/* Append formatted text. */
void cm_buf_printf(struct cm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cm_buf_vprintf(struct cm_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Take ownership of the content (caller frees); the buffer is reset. Never NULL. */
char *cm_buf_take(struct cm_buf *b);

#endif
