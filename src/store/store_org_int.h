/* store_org_int.h - private to the organisation and account files of src/store/: a step
 * helper shared by store_org.c and store_auth*.c. */
#ifndef STORE_ORG_INT_H
#define STORE_ORG_INT_H

#include "store_int.h"

/* Step a statement expected to change exactly one row; CM_ENOTFOUND when none did. */
int store_org_step_one(struct store *st, sqlite3_stmt *stmt, const char *what,
                       struct cm_err *err);

#endif
