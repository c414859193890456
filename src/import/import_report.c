/* import_report.c - import summaries and the input file digest (import stage). */
#include "import_report.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
import_report_init(struct import_report *r, const char *kind, const char *source)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->source = source;
    cm_buf_init(&r->problems);
    cm_buf_init(&r->notes);
    cm_buf_init(&r->joins);
}

void
import_report_cleanup(struct import_report *r)
{
    cm_buf_cleanup(&r->problems);
    cm_buf_cleanup(&r->notes);
    cm_buf_cleanup(&r->joins);
}

void
import_report_problem(struct import_report *r, const char *where, const char *fmt, ...)
{
    va_list ap;

    cm_buf_printf(&r->problems, "%s:%s: ", r->source, where);
    va_start(ap, fmt);
    cm_buf_vprintf(&r->problems, fmt, ap);
    va_end(ap);
    cm_buf_puts(&r->problems, "\n");
    r->n_problems++;
}

void
import_report_note(struct import_report *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    cm_buf_vprintf(&r->notes, fmt, ap);
    va_end(ap);
    cm_buf_puts(&r->notes, "\n");
}

void
import_report_unmatched(struct import_report *r, const char *what, const char *code)
{
    cm_buf_printf(&r->joins, "%s: %s\n", what, code);
    r->n_joins++;
}

/* Print at most max lines of text; returns how many were left out. */
static long
print_lines(const char *text, long max)
{
    long n = 0, left = 0;

    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (n < max)
            printf("  %.*s\n", (int)len, p), n++;
        else
            left++;
        p = nl ? nl + 1 : p + len;
    }
    return left;
}

void
import_report_print(const struct import_report *r)
{
    long left;

    printf("%s %s: %ld read, %ld imported, %ld repaired, %ld rejected\n", r->kind, r->source,
           r->rows_read, r->imported, r->repaired, r->rejected);
    if (r->notes.len)
        print_lines(r->notes.data, 1000);
    if (r->n_problems) {
        printf("problems (%ld):\n", r->n_problems);
        if ((left = print_lines(r->problems.data, IMPORT_REPORT_SHOWN)) > 0)
            printf("  ... and %ld more (--report FILE lists all)\n", left);
    }
    if (r->n_joins) {
        printf("unmatched (%ld):\n", r->n_joins);
        if ((left = print_lines(r->joins.data, IMPORT_REPORT_SHOWN)) > 0)
            printf("  ... and %ld more (--report FILE lists all)\n", left);
    }
}

int
import_report_write(const struct import_report *r, const char *path, struct cm_err *err)
{
    FILE *f = fopen(path, "w");
    int bad;

    if (f == NULL)
        return cm_err_set(err, CM_EIO, "report %s: %s", path, strerror(errno));
    fprintf(f, "# %s %s sha256 %s\n# read %ld imported %ld repaired %ld rejected %ld\n", r->kind,
            r->source, r->sha256, r->rows_read, r->imported, r->repaired, r->rejected);
    fputs(r->notes.data ? r->notes.data : "", f);
    fputs(r->problems.data ? r->problems.data : "", f);
    fputs(r->joins.data ? r->joins.data : "", f);
    bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cm_err_set(err, CM_EIO, "report %s: write failed", path);
    return CM_OK;
}

int
import_file_sha256(const char *path, char *hex, struct cm_err *err)
{
    crypto_hash_sha256_state h;
    unsigned char buf[65536], dig[crypto_hash_sha256_BYTES];
    FILE *f = fopen(path, "rb");
    size_t n;
    int bad;

    if (f == NULL)
        return cm_err_set(err, CM_EINPUT, "%s: %s", path, strerror(errno));
    crypto_hash_sha256_init(&h);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&h, buf, n);
    bad = ferror(f);
    fclose(f);
    if (bad)
        return cm_err_set(err, CM_EIO, "%s: read error", path);
    crypto_hash_sha256_final(&h, dig);
    sodium_bin2hex(hex, 65, dig, sizeof dig);
    return CM_OK;
}
