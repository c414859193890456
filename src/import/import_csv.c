/* import_csv.c - streaming CSV reader with encoding detection (import stage).
 * Two passes: the first validates bytes and decides the encoding (so that a bad byte is
 * reported before anything is imported), the second splits records, converting latin-1. */
#include "import_csv.h"

#include "cm_buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_CHUNK (1u << 16)

struct import_csv {
    FILE *f;          /* owned */
    char *name;       /* owned */
    enum import_csv_encoding enc;
    char delim;
    unsigned char buf[CSV_CHUNK];
    size_t len, pos;  /* raw bytes in buf, next byte to read */
    int eof;
    char *rec;        /* owned: converted fields, each NUL-terminated */
    size_t rec_len, rec_cap;
    size_t *off;      /* owned: start of each field in rec */
    size_t nfields, off_cap;
    long line;        /* line where the current record starts */
    long next_line;   /* line of the next byte */
    long n_lines;
};

/* Encoding scan state: a strict UTF-8 decoder fed byte by byte. */
struct csv_scan {
    int need;                 /* continuation bytes still expected */
    unsigned char lo, hi;     /* allowed range of the next continuation byte */
    unsigned char lead;       /* lead byte of the sequence in progress */
    long line, n_multi, n_bad, bad_line, c1_line, nul_line;
    unsigned char bad_byte, c1_byte;
    int latin1_c1;            /* a byte 0x80..0x9F, C1 control if the file is latin-1 */
    long latin1_c1_line;
    unsigned char latin1_c1_byte;
};

static void
scan_bad(struct csv_scan *s, unsigned char b)
{
    if (s->n_bad++ == 0) {
        s->bad_line = s->line;
        s->bad_byte = b;
    }
}

/* Classify a lead byte: sets need and the range of the first continuation byte. */
static int
scan_lead(struct csv_scan *s, unsigned char b)
{
    s->lo = 0x80, s->hi = 0xBF, s->lead = b;
    if (b >= 0xC2 && b <= 0xDF)
        s->need = 1;
    else if (b >= 0xE0 && b <= 0xEF)
        s->need = 2, s->lo = b == 0xE0 ? 0xA0 : 0x80, s->hi = b == 0xED ? 0x9F : 0xBF;
    else if (b >= 0xF0 && b <= 0xF4)
        s->need = 3, s->lo = b == 0xF0 ? 0x90 : 0x80, s->hi = b == 0xF4 ? 0x8F : 0xBF;
    else
        return -1;
    return 0;
}

static void
scan_byte(struct csv_scan *s, unsigned char b)
{
    if (b >= 0x80 && b <= 0x9F && !s->latin1_c1) {
        s->latin1_c1 = 1, s->latin1_c1_line = s->line, s->latin1_c1_byte = b;
    }
    if (s->need > 0) {
        if (b >= s->lo && b <= s->hi) {
            /* U+0080..U+009F (C2 80..C2 9F) are C1 controls even in valid UTF-8 */
            if (s->lead == 0xC2 && b <= 0x9F && s->c1_line == 0)
                s->c1_line = s->line, s->c1_byte = b;
            s->lo = 0x80, s->hi = 0xBF;
            if (--s->need == 0)
                s->n_multi++;
            return;
        }
        s->need = 0;
        scan_bad(s, s->lead); /* truncated sequence; b is examined afresh */
    }
    if (b == '\n')
        s->line++;
    else if (b == 0 && s->nul_line == 0)
        s->nul_line = s->line;
    else if (b >= 0x80 && scan_lead(s, b) < 0)
        scan_bad(s, b);
}

/* Pass 1: decide the encoding or fail naming the first bad line. */
static int
csv_scan_file(struct import_csv *c, struct cm_err *err)
{
    struct csv_scan s;
    size_t n;

    memset(&s, 0, sizeof s);
    s.line = 1;
    while ((n = fread(c->buf, 1, sizeof c->buf, c->f)) > 0) {
        for (size_t i = 0; i < n; i++)
            scan_byte(&s, c->buf[i]);
    }
    if (ferror(c->f))
        return cm_err_set(err, CM_EIO, "%s: read error", c->name);
    if (s.need > 0)
        scan_bad(&s, s.lead);
    c->n_lines = s.line;
    if (s.nul_line)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: NUL byte (not a text file)", c->name,
                          s.nul_line);
    if (s.n_bad == 0) {
        c->enc = IMPORT_CSV_UTF8;
        if (s.c1_line)
            return cm_err_set(err, CM_EINPUT, "%s:%ld: C1 control character U+%04X", c->name,
                              s.c1_line, 0x80u + (s.c1_byte & 0x1Fu));
    } else if (s.n_multi > 0) {
        return cm_err_set(err, CM_EINPUT,
                          "%s:%ld: invalid UTF-8 byte 0x%02X (the rest of the file is UTF-8)",
                          c->name, s.bad_line, s.bad_byte);
    } else {
        c->enc = IMPORT_CSV_LATIN1;
        if (s.latin1_c1)
            return cm_err_set(err, CM_EINPUT,
                              "%s:%ld: byte 0x%02X is a C1 control character, not ISO-8859-1 "
                              "text (neither UTF-8)",
                              c->name, s.latin1_c1_line, s.latin1_c1_byte);
    }
    if (fseek(c->f, 0, SEEK_SET) != 0)
        return cm_err_set(err, CM_EIO, "%s: cannot rewind: %s", c->name, strerror(errno));
    return CM_OK;
}

static int
csv_fill(struct import_csv *c)
{
    if (c->eof)
        return 0;
    c->len = fread(c->buf, 1, sizeof c->buf, c->f);
    c->pos = 0;
    if (c->len == 0)
        c->eof = 1;
    return c->len > 0;
}

/* Next raw byte or -1 at end of file. */
static inline int
csv_getc(struct import_csv *c)
{
    if (c->pos >= c->len && !csv_fill(c))
        return -1;
    return c->buf[c->pos++];
}

static inline int
csv_peek(struct import_csv *c)
{
    if (c->pos >= c->len && !csv_fill(c))
        return -1;
    return c->buf[c->pos];
}

/* Delimiter: whichever of ';' and ',' occurs more often outside quotes in the first line. */
static void
csv_detect_delim(struct import_csv *c)
{
    size_t n_semi = 0, n_comma = 0;
    int quoted = 0;

    if (c->pos >= c->len)
        csv_fill(c);
    for (size_t i = c->pos; i < c->len && (quoted || c->buf[i] != '\n'); i++) {
        if (c->buf[i] == '"')
            quoted = !quoted;
        else if (!quoted && c->buf[i] == ';')
            n_semi++;
        else if (!quoted && c->buf[i] == ',')
            n_comma++;
    }
    c->delim = n_comma > n_semi ? ',' : ';';
}

static int
csv_start(struct import_csv *c, struct import_csv **out, struct cm_err *err)
{
    int rc;

    *out = NULL;
    if ((rc = csv_scan_file(c, err)) != CM_OK) {
        import_csv_close(c);
        return rc;
    }
    c->next_line = 1;
    csv_fill(c);
    if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
    csv_detect_delim(c);
    *out = c;
    return CM_OK;
}

int
import_csv_open(const char *path, struct import_csv **out, struct cm_err *err)
{
    struct import_csv *c;
    FILE *f = fopen(path, "rb");

    *out = NULL;
    if (f == NULL)
        return cm_err_set(err, CM_EINPUT, "%s: %s", path, strerror(errno));
    c = cm_xcalloc(1, sizeof *c);
    c->f = f;
    c->name = cm_xstrdup(path);
    return csv_start(c, out, err);
}

int
import_csv_open_mem(const char *name, const void *data, size_t len, struct import_csv **out,
                    struct cm_err *err)
{
    struct import_csv *c = cm_xcalloc(1, sizeof *c);

    *out = NULL;
    c->name = cm_xstrdup(name);
    if (len == 0) { /* fmemopen refuses a zero size; an empty input has no record */
        c->eof = 1, c->n_lines = 1, c->next_line = 1, c->delim = ';';
        *out = c;
        return CM_OK;
    }
    if ((c->f = fmemopen((void *)(uintptr_t)data, len, "rb")) == NULL) {
        import_csv_close(c);
        return cm_err_set(err, CM_EIO, "%s: fmemopen: %s", name, strerror(errno));
    }
    return csv_start(c, out, err);
}

void
import_csv_close(struct import_csv *c)
{
    if (c == NULL)
        return;
    if (c->f)
        fclose(c->f);
    free(c->name);
    free(c->rec);
    free(c->off);
    free(c);
}

static inline void
rec_put(struct import_csv *c, unsigned char b)
{
    if (c->rec_len + 3 > c->rec_cap) {
        c->rec_cap = cm_grow(c->rec_cap, c->rec_len + 3);
        c->rec = cm_xreallocarray(c->rec, c->rec_cap, 1);
    }
    if (b >= 0x80 && c->enc == IMPORT_CSV_LATIN1) {
        c->rec[c->rec_len++] = (char)(0xC0 | (b >> 6));
        c->rec[c->rec_len++] = (char)(0x80 | (b & 0x3F));
    } else {
        c->rec[c->rec_len++] = (char)b;
    }
}

/* Close the current field; CM_EINPUT when a bound is exceeded. */
static int
field_end(struct import_csv *c, struct cm_err *err)
{
    size_t start = c->off[c->nfields];

    if (c->rec_len - start > IMPORT_CSV_MAX_FIELD)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: field %zu longer than %u bytes", c->name,
                          c->line, c->nfields + 1, IMPORT_CSV_MAX_FIELD);
    rec_put(c, '\0');
    if (++c->nfields >= IMPORT_CSV_MAX_FIELDS)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: more than %d fields", c->name, c->line,
                          IMPORT_CSV_MAX_FIELDS);
    if (c->nfields + 1 > c->off_cap) {
        c->off_cap = cm_grow(c->off_cap, c->nfields + 1);
        c->off = cm_xreallocarray(c->off, c->off_cap, sizeof *c->off);
    }
    c->off[c->nfields] = c->rec_len;
    return CM_OK;
}

/* Split one physical record (a quoted field may span lines). Returns 1, 0 at EOF, or error. */
static int
csv_record(struct import_csv *c, struct cm_err *err)
{
    int b, quoted = 0, at_start = 1, rc, any = 0;

    c->rec_len = 0, c->nfields = 0, c->line = c->next_line;
    if (c->off_cap == 0) {
        c->off_cap = 64;
        c->off = cm_xreallocarray(NULL, c->off_cap, sizeof *c->off);
    }
    c->off[0] = 0;
    while ((b = csv_getc(c)) >= 0) {
        any = 1;
        if (c->rec_len > IMPORT_CSV_MAX_RECORD)
            return cm_err_set(err, CM_EINPUT, "%s:%ld: record longer than %u bytes%s", c->name,
                              c->line, IMPORT_CSV_MAX_RECORD,
                              quoted ? " (a quote never closes?)" : "");
        if (quoted) {
            if (b == '"') {
                if (csv_peek(c) == '"')
                    c->pos++, rec_put(c, '"');
                else
                    quoted = 0;
                continue;
            }
            if (b == '\n')
                c->next_line++;
            rec_put(c, (unsigned char)b);
        } else if (b == c->delim) {
            if ((rc = field_end(c, err)) != CM_OK)
                return rc;
            at_start = 1;
            continue;
        } else if (b == '\n' || (b == '\r' && csv_peek(c) == '\n')) {
            if (b == '\r')
                c->pos++;
            c->next_line++;
            break;
        } else if (b == '"' && at_start) {
            quoted = 1;
        } else {
            rec_put(c, (unsigned char)b);
        }
        at_start = 0;
    }
    if (quoted)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: quoted field never closes", c->name, c->line);
    if (!any)
        return 0;
    if ((rc = field_end(c, err)) != CM_OK)
        return rc;
    return 1;
}

int
import_csv_next(struct import_csv *c, struct cm_err *err)
{
    int rc;

    do {
        if ((rc = csv_record(c, err)) <= 0)
            return rc;
    } while (c->nfields == 1 && c->rec[0] == '\0'); /* blank line */
    return 1;
}

size_t
import_csv_nfields(const struct import_csv *c)
{
    return c->nfields;
}

const char *
import_csv_field(const struct import_csv *c, size_t i)
{
    return i < c->nfields ? c->rec + c->off[i] : "";
}

long
import_csv_line(const struct import_csv *c)
{
    return c->line;
}

long
import_csv_lines_total(const struct import_csv *c)
{
    return c->n_lines;
}

char
import_csv_delim(const struct import_csv *c)
{
    return c->delim;
}

enum import_csv_encoding
import_csv_encoding(const struct import_csv *c)
{
    return c->enc;
}

const char *
import_csv_name(const struct import_csv *c)
{
    return c->name;
}
