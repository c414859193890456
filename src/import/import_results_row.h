/* import_results_row.h - private to the results importer: one bureau's row as read, checked
 * against the consistency rules before it is stored. */
#ifndef IMPORT_RESULTS_ROW_H
#define IMPORT_RESULTS_ROW_H

#include "cm_buf.h"
#include "import_results_int.h"

#include <stddef.h>
#include <stdint.h>

#define RES_NO_NUANCE ((size_t)-1)

struct res_vote {
    long panel;        /* -1: none */
    size_t name, nuance; /* offsets into strs; nuance RES_NO_NUANCE when none */
    int64_t voix;
};

struct res_row {
    long line;
    char commune[6], bureau[11], circo[24];
    int64_t inscrits, votants, abst, blancs, nuls, exprimes; /* -1: not given */
    int nuls_derived;
    struct res_vote *votes; /* owned */
    int n_votes, cap_votes;
    struct cm_buf strs;     /* candidate names and nuances */
    char why[256];          /* first problem, empty when the row is good */
    long why_line;
};

/* What a row needs from the command line. */
struct res_opts {
    const char *commune, *dep; /* may be NULL */
};

void res_row_init(struct res_row *r);
void res_row_cleanup(struct res_row *r);
/* Record the row's first problem (later ones are dropped). */
void res_row_why(struct res_row *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reset r and read codes and totals of the current record; -1 with r->why on a bad field. */
int res_row_head(struct res_row *r, const struct import_csv *c, const struct res_map *m,
                 const struct res_opts *o);
/* Append the votes of the current record; -1 with r->why. */
int res_row_votes(struct res_row *r, const struct import_csv *c, const struct res_map *m);
/* Same totals and constituency (the long layout repeats them on every row). */
int res_row_same_totals(const struct res_row *a, const struct res_row *b);
/* Consistency checks; derives abstentions and nuls when absent; -1 with r->why. */
int res_row_check(struct res_row *r);

#endif
