/* import_report.h - what every import tells its user: counts, problems by file and line,
 * joins; printed at the end (first 20 problems) and, with --report FILE, written in full. */
#ifndef IMPORT_REPORT_H
#define IMPORT_REPORT_H

#include "cm_buf.h"
#include "cm_err.h"

#define IMPORT_REPORT_SHOWN 20

struct import_report {
    const char *kind;   /* borrowed: "bureaux", "iris", "results", "census" */
    const char *source; /* borrowed: input file path */
    char sha256[65];    /* hex digest of the input file */
    long rows_read, imported, repaired, rejected;
    struct cm_buf problems; /* owned: one "file:line: reason" per line */
    long n_problems;
    struct cm_buf notes;    /* owned: one informative line per line (derived values...) */
    struct cm_buf joins;    /* owned: unmatched codes, one "section: code" per line */
    long n_joins;
};

/* Start an empty report for an input file. */
void import_report_init(struct import_report *r, const char *kind, const char *source);
/* Free what the report owns. */
void import_report_cleanup(struct import_report *r);
/* Record a problem; where is "line 12" or "feature 7". */
void import_report_problem(struct import_report *r, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Record an informative note (shown in full, keep them few). */
void import_report_note(struct import_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Record an unmatched code under a heading such as "results without contour". */
void import_report_unmatched(struct import_report *r, const char *what, const char *code);
/* Print the summary to stdout (first IMPORT_REPORT_SHOWN problems and unmatched codes). */
void import_report_print(const struct import_report *r);
/* Write every problem and unmatched code to path. */
int import_report_write(const struct import_report *r, const char *path, struct cm_err *err);

/* Hex SHA-256 of a file's bytes into hex (65 bytes). */
int import_file_sha256(const char *path, char *hex, struct cm_err *err);

#endif
