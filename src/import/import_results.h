/* import_results.h - election results per bureau from the CSV layouts of the Ministry and of
 * re-publishers into one election round (import stage). All or nothing: one transaction. */
#ifndef IMPORT_RESULTS_H
#define IMPORT_RESULTS_H

#include "import_report.h"
#include "store.h"

struct import_results_opts {
    const char *const *files; /* borrowed; n_files >= 1, imported together into one round */
    int n_files;
    const char *election;     /* election id (required) */
    int round;                /* 1 or 2 */
    const char *kind, *date, *label; /* may be NULL: kept / guessed from the file name */
    const char *layout;       /* NULL: detected from the header */
    const char *commune;      /* commune of files that have no commune column (city layout) */
    const char *dep;          /* département of files whose commune has 3 digits and no dep */
    int strict;               /* a rejected row aborts the import */
    int quiet;                /* no progress bar */
    /* For a file uploaded from the page (issue 9): */
    int merge;  /* write into the stored round (made when absent): replace only the file's
                 * bureaux, keep the other bureaux and the candidates (joined by name) */
    int in_tx;  /* inside the caller's transaction: neither begin nor commit nor rollback */
    /* 0: the row's bureau is outside what the caller may write: skipped unchecked, neither
     * imported nor rejected. NULL: every row. */
    int (*keep)(void *ctx, const char *bureau, const char *commune);
    void (*imported)(void *ctx, const char *bureau); /* after each row written; may be NULL */
    void *hook_ctx;
    const char *source_name; /* the file's name in the import log when files[0] is a temp file */
};

/* Import the files into the store (opening and closing its own transaction unless in_tx) and
 * fill rep (initialised by the caller). CM_EINPUT for bad input (nothing written), CM_EDB for
 * the store. */
int import_results_run(struct store *st, const struct import_results_opts *o,
                       struct import_report *rep, struct cm_err *err);

#endif
