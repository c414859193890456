/* calc_remob_transfers.c - the round-2 transfer-rate table as data (calc layer): parse and
 * check data/transfers.csv, turn the rows into one rate per bloc. */
#include "calc_remob.h"

#include "cm_buf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
parse_line(char *line, const char *path, long lineno, const struct store_transfer *done,
           size_t n_done, struct store_transfer *row, struct cm_err *err)
{
    char *bloc = line, *rate = strchr(line, ','), *note, *end;
    double r;

    if (rate == NULL)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: expected bloc,rate[,note]", path, lineno);
    *rate++ = '\0';
    if ((note = strchr(rate, ',')) != NULL)
        *note++ = '\0';
    if (calc_bloc_index(bloc) < 0)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: unknown bloc '%s' (far_left, left,"
                          " ecologist, centre, right, far_right, other)", path, lineno, bloc);
    for (size_t i = 0; i < n_done; i++) {
        if (strcmp(done[i].bloc, bloc) == 0)
            return cm_err_set(err, CM_EINPUT, "%s:%ld: bloc '%s' given twice", path, lineno,
                              bloc);
    }
    errno = 0;
    r = strtod(rate, &end);
    while (*end == ' ')
        end++;
    if (end == rate || *end != '\0' || errno || !isfinite(r) || r < 0 || r > 1)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: rate '%s' of bloc %s is not a number in"
                          " 0..1", path, lineno, rate, bloc);
    row->bloc = cm_xstrdup(bloc);
    row->rate = r;
    row->note = note && *note ? cm_xstrdup(note) : NULL;
    return CM_OK;
}

int
calc_transfers_parse(const char *path, struct store_transfer **rows_out, size_t *n_out,
                     struct cm_err *err)
{
    FILE *fp = fopen(path, "r");
    struct store_transfer *rows = NULL;
    double rates[CALC_N_BLOCS];
    size_t n = 0, lcap = 0;
    char *line = NULL;
    long lineno = 0;
    int rc = CM_OK;

    *rows_out = NULL;
    *n_out = 0;
    if (fp == NULL)
        return cm_err_set(err, CM_EINPUT, "open %s: %s", path, strerror(errno));
    rows = cm_xcalloc(CALC_N_BLOCS + 1, sizeof *rows);
    while (rc == CM_OK && getline(&line, &lcap, fp) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#' || (lineno == 1 && strncmp(line, "bloc,", 5) == 0))
            continue;
        if (n == CALC_N_BLOCS) /* every bloc seen once already: this one repeats */
            rc = cm_err_set(err, CM_EINPUT, "%s:%ld: more rows than blocs", path, lineno);
        else if ((rc = parse_line(line, path, lineno, rows, n, &rows[n], err)) == CM_OK)
            n++;
    }
    free(line);
    fclose(fp);
    if (rc == CM_OK && calc_transfers_rates(rows, n, rates, NULL) != CM_OK) {
        for (int b = 0; b < CALC_N_BLOCS && rc == CM_OK; b++) {
            if (isnan(rates[b]))
                rc = cm_err_set(err, CM_EINPUT, "%s: no rate for bloc %s (every bloc needs"
                                " one)", path, calc_blocs[b]);
        }
    }
    if (rc != CM_OK) {
        store_transfers_free(rows, n);
        return rc;
    }
    *rows_out = rows;
    *n_out = n;
    return CM_OK;
}

int
calc_transfers_rates(const struct store_transfer *rows, size_t n, double rates[CALC_N_BLOCS],
                     struct cm_err *err)
{
    for (int b = 0; b < CALC_N_BLOCS; b++)
        rates[b] = NAN;
    for (size_t i = 0; i < n; i++) {
        int b = calc_bloc_index(rows[i].bloc);
        if (b >= 0)
            rates[b] = rows[i].rate;
    }
    for (int b = 0; b < CALC_N_BLOCS; b++) {
        if (isnan(rates[b]))
            return cm_err_set(err, CM_EINPUT, "no transfer rate for bloc %s", calc_blocs[b]);
    }
    return CM_OK;
}
