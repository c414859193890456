/* import_csv.h - a streaming CSV reader for untrusted files (import stage): delimiter `;` or `,`
 * detected from the header, quoted fields with doubled quotes, CRLF, BOM, bounded sizes,
 * encoding detected (UTF-8 kept, ISO-8859-1 converted to UTF-8), line numbers for messages.
 * Ownership: a reader comes from import_csv_open/_open_mem and goes to import_csv_close;
 * field pointers are valid until the next import_csv_next. */
#ifndef IMPORT_CSV_H
#define IMPORT_CSV_H

#include "cm_err.h"

#include <stddef.h>

#define IMPORT_CSV_MAX_RECORD (8u << 20) /* bytes of one record once converted */
#define IMPORT_CSV_MAX_FIELD (1u << 20)  /* bytes of one field */
#define IMPORT_CSV_MAX_FIELDS 8192       /* fields in one record */

enum import_csv_encoding { IMPORT_CSV_UTF8, IMPORT_CSV_LATIN1 };

struct import_csv;

/* Open path: scans it once for its encoding (an invalid byte is CM_EINPUT naming the line),
 * then detects the delimiter from the first line. */
int import_csv_open(const char *path, struct import_csv **out, struct cm_err *err);
/* Same on a memory buffer (borrowed until close); name is used in messages. */
int import_csv_open_mem(const char *name, const void *data, size_t len, struct import_csv **out,
                        struct cm_err *err);
/* Close; NULL is a no-op. */
void import_csv_close(struct import_csv *c);

/* Read the next record: 1 when one was read, 0 at end of file, CM_EINPUT (with file:line) when
 * a bound is exceeded or a quote never closes. Blank lines are skipped. */
int import_csv_next(struct import_csv *c, struct cm_err *err);
/* Number of fields of the current record. */
size_t import_csv_nfields(const struct import_csv *c);
/* Field i of the current record, UTF-8, NUL-terminated; "" when i is out of range. */
const char *import_csv_field(const struct import_csv *c, size_t i);
/* Line (1-based) where the current record starts. */
long import_csv_line(const struct import_csv *c);
/* Lines in the file (counted by the encoding scan), for progress bars. */
long import_csv_lines_total(const struct import_csv *c);
/* Detected delimiter and encoding; the file name as given. */
char import_csv_delim(const struct import_csv *c);
enum import_csv_encoding import_csv_encoding(const struct import_csv *c);
const char *import_csv_name(const struct import_csv *c);

#endif
