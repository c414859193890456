/* import_members.h - the membership file -> accounts (import stage). Columns (header names in
 * English or French, any order): member number, email, first name, last name, section code,
 * function ("secrétaire de section", "trésorier", "secrétaire fédéral"...). Accounts are
 * recognised by e-mail; roles follow the functions; new members get an invitation link;
 * members no longer in the file are disabled, never deleted. One transaction. */
#ifndef IMPORT_MEMBERS_H
#define IMPORT_MEMBERS_H

#include "import_report.h"
#include "store.h"

#include <stdint.h>
#include <stdio.h>

struct import_members_opts {
    int dry_run;           /* print the diff, change nothing */
    int partial;           /* import the good rows even when some are bad */
    const char *link_base; /* invitation links are link_base + "/static/login.html#link=" + token */
    int64_t now;           /* clock (Unix seconds) */
};

struct import_members_diff {
    long added, changed, disabled, unchanged;
};

/* Import path into st. The diff (one line per added, changed or disabled member, named by
 * member number) and, unless dry_run, the invitation links go to out. Bad rows (no e-mail,
 * no member number, unknown section, duplicates) are listed in rep with their line; then the
 * import stops with CM_EINPUT unless opts->partial. */
int import_members_run(struct store *st, const char *path, const struct import_members_opts *opts,
                       struct import_report *rep, struct import_members_diff *diff, FILE *out,
                       struct cm_err *err);

/* Roles a function implies, as "role:scope" appended to out (comma separated); returns 0 for
 * a function we do not know (the member keeps plain membership), 1 otherwise. Exposed for
 * tests. */
int import_members_function(const char *function, const char *section, const char *federation,
                            struct cm_buf *out);

#endif
