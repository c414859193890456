/* import_census.c - `import census`: IRIS tables -> census(iris, variable, year, value).
 * Two passes: the first finds the numeric columns (text columns such as LIBCOM and the unnamed
 * row index are left out), the second stores them (import stage). */
#include "import_census.h"

#include "cm_buf.h"
#include "cm_progress.h"
#include "import_codes.h"
#include "import_csv.h"
#include "import_csv_map.h"
#include "store_census.h"
#include "store_import.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct census_ctx {
    const struct import_census_opts *o;
    struct import_report *rep;
    int key;          /* IRIS column */
    size_t n_header;  /* fields of the header */
    int *vars;        /* owned: selected columns */
    char **names;     /* owned: their header names */
    int n_vars;
    long n_null;
};

/* A decimal number with '.' or ',' as separator; 1 and *v, 0 when empty, -1 when not a number. */
static int
parse_value(const char *f, double *v)
{
    char buf[64], *end;
    size_t n;

    while (*f == ' ')
        f++;
    n = strlen(f);
    while (n > 0 && f[n - 1] == ' ')
        n--;
    if (n == 0)
        return 0;
    if (n >= sizeof buf || !(isdigit((unsigned char)f[0]) || f[0] == '-' || f[0] == '+'
                             || f[0] == '.' || f[0] == ','))
        return -1;
    memcpy(buf, f, n);
    buf[n] = '\0';
    for (char *p = buf; *p; p++) {
        if (*p == ',')
            *p = '.';
    }
    *v = strtod(buf, &end);
    return *end == '\0' && end != buf && isfinite(*v) ? 1 : -1;
}

static int
find_key(const struct import_csv *c)
{
    static const char *const names[] = {"IRIS", "CODE_IRIS", "DCOMIRIS", "iris_code", NULL};

    for (int k = 0; names[k]; k++) {
        for (size_t i = 0; i < import_csv_nfields(c); i++) {
            if (strcasecmp(import_csv_field(c, i), names[k]) == 0)
                return (int)i;
        }
    }
    return -1;
}

/* --vars A,B: each must be a column of the header. */
static int
select_named(struct census_ctx *x, const struct import_csv *c, struct cm_err *err)
{
    char *list = cm_xstrdup(x->o->vars), *save = NULL;
    int rc = CM_OK;

    x->vars = cm_xcalloc(import_csv_nfields(c) + 1, sizeof *x->vars);
    for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int found = -1;
        for (size_t i = 0; i < import_csv_nfields(c); i++) {
            if (strcmp(import_csv_field(c, i), t) == 0)
                found = (int)i;
        }
        if (found < 0) {
            rc = cm_err_set(err, CM_EINPUT, "%s:1: no column %s (--vars)", import_csv_name(c), t);
            break;
        }
        if (found != x->key && x->n_vars < (int)import_csv_nfields(c))
            x->vars[x->n_vars++] = found;
    }
    free(list);
    return rc;
}

/* Every named column whose non-empty cells are all numbers (and at least one is). */
static int
select_numeric(struct census_ctx *x, struct cm_err *err)
{
    struct import_csv *c = NULL;
    char *bad = NULL, *seen = NULL;
    size_t nf;
    double v;
    int rc;

    if ((rc = import_csv_open(x->o->file, &c, err)) != CM_OK
        || (rc = import_csv_next(c, err)) != 1)
        goto out;
    nf = import_csv_nfields(c);
    bad = cm_xcalloc(nf, 1), seen = cm_xcalloc(nf, 1);
    while ((rc = import_csv_next(c, err)) == 1) {
        for (size_t i = 0; i < nf && i < import_csv_nfields(c); i++) {
            int p = parse_value(import_csv_field(c, i), &v);
            bad[i] |= p < 0, seen[i] |= p > 0;
        }
    }
    if (rc < 0)
        goto out;
    import_csv_close(c), c = NULL;
    if ((rc = import_csv_open(x->o->file, &c, err)) != CM_OK || import_csv_next(c, err) != 1)
        goto out;
    x->vars = cm_xcalloc(nf + 1, sizeof *x->vars);
    for (size_t i = 0; i < nf; i++) {
        if ((int)i != x->key && import_csv_field(c, i)[0] && !bad[i] && seen[i])
            x->vars[x->n_vars++] = (int)i;
    }
    rc = CM_OK;
out:
    import_csv_close(c);
    free(bad), free(seen);
    return rc;
}

/* One data row: IRIS code, then each variable; a bad row is reported and skipped. */
static int
census_row(struct census_ctx *x, struct store_census *w, const struct import_csv *c,
           struct import_csv_map *seen, struct cm_err *err)
{
    char iris[IMPORT_IRIS_LEN + 1], where[32];
    struct cm_err e = {0};
    int64_t first;
    double v;
    int rc;

    snprintf(where, sizeof where, "%ld", import_csv_line(c));
    if (import_csv_nfields(c) < x->n_header) { /* a cut row must not read as secret cells */
        import_report_problem(x->rep, where, "%zu fields, the header has %zu",
                              import_csv_nfields(c), x->n_header);
        return x->rep->rejected++, CM_OK;
    }
    if (import_code_iris(import_csv_field(c, (size_t)x->key), iris, &e) != CM_OK) {
        import_report_problem(x->rep, where, "%s", e.msg);
        return x->rep->rejected++, CM_OK;
    }
    if (import_csv_map_get(seen, iris, &first)) {
        import_report_problem(x->rep, where, "duplicate IRIS %s (first at line %lld)", iris,
                              (long long)first);
        return x->rep->rejected++, CM_OK;
    }
    for (int i = 0; i < x->n_vars; i++) {
        const char *f = import_csv_field(c, (size_t)x->vars[i]);
        if (parse_value(f, &v) < 0) {
            import_report_problem(x->rep, where, "%s '%s' is not a number", x->names[i], f);
            return x->rep->rejected++, CM_OK;
        }
    }
    import_csv_map_put(seen, iris, import_csv_line(c));
    for (int i = 0; i < x->n_vars; i++) {
        int has = parse_value(import_csv_field(c, (size_t)x->vars[i]), &v) > 0;
        x->n_null += !has;
        if ((rc = store_census_put(w, iris, x->names[i], has, has ? v : 0.0, err)) != CM_OK)
            return rc;
    }
    x->rep->imported++;
    return CM_OK;
}

/* Header: the IRIS key and the variables (named, or every numeric column). */
static int
census_header(struct census_ctx *x, const struct import_csv *c, struct cm_err *err)
{
    int rc;

    x->n_header = import_csv_nfields(c);
    if ((x->key = find_key(c)) < 0)
        return cm_err_set(err, CM_EINPUT,
                          "%s:%ld: missing IRIS column (IRIS, CODE_IRIS, DCOMIRIS or iris_code)",
                          import_csv_name(c), import_csv_line(c));
    rc = x->o->vars ? select_named(x, c, err) : select_numeric(x, err);
    if (rc != CM_OK)
        return rc;
    if (x->n_vars == 0)
        return cm_err_set(err, CM_EINPUT, "%s:1: no numeric column to import", x->o->file);
    x->names = cm_xcalloc((size_t)x->n_vars, sizeof *x->names);
    for (int i = 0; i < x->n_vars; i++)
        x->names[i] = cm_xstrdup(import_csv_field(c, (size_t)x->vars[i]));
    return CM_OK;
}

static int
census_rows(struct census_ctx *x, struct store *st, struct import_csv *c, struct cm_err *err)
{
    struct store_census *w = NULL;
    struct import_csv_map seen;
    struct cm_progress prog;
    const char *base = strrchr(x->o->file, '/');
    int rc;

    import_csv_map_init(&seen);
    if ((rc = store_census_open(st, x->o->year, base ? base + 1 : x->o->file, &w, err))
        != CM_OK)
        goto out;
    for (int i = 0; i < x->n_vars; i++) {
        if ((rc = store_census_clear(w, x->names[i], err)) != CM_OK)
            goto out;
    }
    cm_progress_start(&prog, "census", import_csv_lines_total(c), x->o->quiet);
    while ((rc = import_csv_next(c, err)) == 1) {
        x->rep->rows_read++;
        if ((rc = census_row(x, w, c, &seen, err)) != CM_OK)
            break;
        if ((x->rep->rows_read & 1023) == 0)
            cm_progress_update(&prog, import_csv_line(c));
    }
    cm_progress_end(&prog);
    if (rc > 0)
        rc = CM_OK;
out:
    store_census_close(w);
    import_csv_map_cleanup(&seen);
    return rc;
}

static void
census_notes(struct census_ctx *x)
{
    struct cm_buf b;

    cm_buf_init(&b);
    for (int i = 0; i < x->n_vars; i++)
        cm_buf_printf(&b, "%s%s", i ? "," : "", x->names[i]);
    import_report_note(x->rep, "%d variables, year %ld: %s", x->n_vars, x->o->year, b.data);
    import_report_note(x->rep, "%ld empty (secret) cells stored as NULL", x->n_null);
    cm_buf_cleanup(&b);
}

int
import_census_run(struct store *st, const struct import_census_opts *o,
                  struct import_report *rep, struct cm_err *err)
{
    struct census_ctx x = {o, rep, -1, 0, NULL, NULL, 0, 0};
    struct store_import_log log = {"census", o->file, rep->sha256, NULL, 0, 0, 0, 0};
    struct import_csv *c = NULL;
    int rc;

    if ((rc = import_file_sha256(o->file, rep->sha256, err)) != CM_OK
        || (rc = import_csv_open(o->file, &c, err)) != CM_OK)
        goto out;
    if ((rc = import_csv_next(c, err)) <= 0) {
        rc = rc < 0 ? rc : cm_err_set(err, CM_EINPUT, "%s: empty file", o->file);
        goto out;
    }
    if ((rc = census_header(&x, c, err)) != CM_OK || (rc = store_begin(st, err)) != CM_OK)
        goto out;
    if ((rc = census_rows(&x, st, c, err)) == CM_OK && rep->imported == 0)
        rc = cm_err_set(err, CM_EINPUT, "%s: no valid row (%ld rejected)", o->file,
                        rep->rejected);
    if (rc == CM_OK) {
        census_notes(&x);
        log.rows_read = rep->rows_read, log.imported = rep->imported;
        log.rejected = rep->rejected;
        if ((rc = store_import_log_add(st, &log, err)) == CM_OK)
            rc = store_commit(st, err);
    }
    store_rollback(st);
out:
    import_csv_close(c);
    for (int i = 0; i < x.n_vars && x.names; i++)
        free(x.names[i]);
    free(x.names);
    free(x.vars);
    return rc;
}
