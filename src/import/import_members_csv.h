/* import_members_csv.h - a small CSV reader for the membership file (import stage): separator
 * guessed from the header (';', ',' or tab), UTF-8 with or without BOM, RFC 4180 quotes
 * (fields may span lines), CRLF or LF. Kept minimal until a shared reader lands. */
#ifndef IMPORT_MEMBERS_CSV_H
#define IMPORT_MEMBERS_CSV_H

#include "cm_buf.h"
#include "cm_err.h"

#include <stddef.h>
#include <stdio.h>

struct import_members_csv {
    FILE *f;            /* owned */
    const char *path;   /* borrowed, for messages */
    char sep;
    long line;          /* line where the current record starts (1-based) */
    long next_line;     /* line the next record starts on */
    struct cm_buf text; /* owned: the record's fields, NUL-separated */
    char **fields;      /* owned array; the strings point into text */
    size_t *offs;       /* owned: field starts in text, while text may still move */
    size_t n, cap;
};

/* Open path and guess the separator from its first line. CM_EINPUT if it cannot be read. */
int import_members_csv_open(const char *path, struct import_members_csv *c, struct cm_err *err);
/* Read the next record into c->fields / c->n (valid until the next call): 1 a record, 0 end
 * of file, CM_EINPUT for an unterminated quote (the message names file and line). */
int import_members_csv_next(struct import_members_csv *c, struct cm_err *err);
/* Close the file and free the buffers; safe on a zeroed struct. */
void import_members_csv_close(struct import_members_csv *c);

#endif
