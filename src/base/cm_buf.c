/* cm_buf.c - growable buffer and aborting allocators (base layer). */
#include "cm_buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t size)
{
    fprintf(stderr, "coopmap: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
cm_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p == NULL)
        oom(size);
    return p;
}

void *
cm_xcalloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom(n * size);
    return p;
}

void *
cm_xreallocarray(void *p, size_t n, size_t size)
{
    void *q;

    if (size != 0 && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    q = realloc(p, n != 0 && size != 0 ? n * size : 1);
    if (q == NULL)
        oom(n * size);
    return q;
}

char *
cm_xstrdup(const char *s)
{
    size_t n;
    char *p;

    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    p = cm_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

size_t
cm_grow(size_t cap, size_t need)
{
    size_t c = cap ? cap : 16;

    while (c < need) {
        if (c > SIZE_MAX / 2)
            oom(SIZE_MAX);
        c *= 2;
    }
    return c;
}

void
cm_buf_init(struct cm_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void
cm_buf_cleanup(struct cm_buf *b)
{
    free(b->data);
    cm_buf_init(b);
}

void
cm_buf_reset(struct cm_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void
reserve(struct cm_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        oom(SIZE_MAX);
    if (b->len + extra + 1 <= b->cap)
        return;
    b->cap = cm_grow(b->cap, b->len + extra + 1);
    b->data = cm_xreallocarray(b->data, b->cap, 1);
}

void
cm_buf_append(struct cm_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
cm_buf_puts(struct cm_buf *b, const char *s)
{
    cm_buf_append(b, s, strlen(s));
}

void
cm_buf_vprintf(struct cm_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void
cm_buf_printf(struct cm_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cm_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *
cm_buf_take(struct cm_buf *b)
{
    char *p;

    if (b->data == NULL)
        return cm_xstrdup("");
    p = b->data;
    cm_buf_init(b);
    return p;
}
