/* cmd_remob.c - `coopmap remob`: the remobilisation layers between the two rounds, computed
 * for every bureau (--r1, --ref) or updated for the bureaux whose results were saved. */
#include "cli.h"

#include "calc_remob.h"
#include "cm_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* data/NAME from the working directory, else next to the binary (build/../data). */
static const char *
data_file(const char *name, char *buf, size_t n)
{
    ssize_t len;
    char *slash;

    snprintf(buf, n, "data/%s", name);
    if (access(buf, R_OK) == 0)
        return buf;
    if ((len = readlink("/proc/self/exe", buf, n - 1)) <= 0)
        return NULL;
    buf[len] = '\0';
    if ((slash = strrchr(buf, '/')) == NULL || (size_t)(slash - buf) + strlen(name) + 10 > n)
        return NULL;
    sprintf(slash, "/../data/%s", name);
    return access(buf, R_OK) == 0 ? buf : NULL;
}

static void
print_report(const struct calc_remob_report *r, int update)
{
    printf("remobilisation %s against %s: %zu bureaux, %zu with a value; %zu areas, %zu with a"
           " finalist of our camp, %zu with finalists from round 2\n", r->r1, r->ref,
           r->n_bureaux, r->n_values, r->n_areas, r->n_areas_ours, r->n_areas_r2);
    if (update)
        printf("updated %zu bureaux (given and same areas), %zu changed\n", r->n_recomputed,
               r->n_changed);
    printf("version %lld; load %.3f s, total %.3f s\n", (long long)r->version, r->t_load,
           r->t_total);
    if (r->notes)
        fputs(r->notes, stdout);
}

/* Comma list of codes, split in place into an owned array of borrowed strings. */
static const char **
split_codes(char *list, size_t *n_out)
{
    const char **v = NULL;
    char *save = NULL;
    size_t n = 0;

    for (char *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        v = cm_xreallocarray(v, n + 1, sizeof *v);
        v[n++] = t;
    }
    *n_out = n;
    return v;
}

int
cmd_remob(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap remob --r1 ELECTION:1 [--ref ELECTION:ROUND] [--camp BLOCS]   (every bureau)\n"
        "       coopmap remob --bureaux CODE,CODE...   (after saving those bureaux' round 1)";
    struct calc_remob_opts o = {0};
    char *bureaux = NULL, bbuf[4096], tbuf[4096];
    const struct cli_flag flags[] = {
        {"r1", CLI_STR, &o.r1, "E:1", "round 1 of the current election"},
        {"ref", CLI_STR, &o.ref, "E:R", "reference round (default: latest presidential round 1)"},
        {"bureaux", CLI_STR, &bureaux, "CODES",
         "update only these bureaux (and their constituencies) with the recorded setup"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct calc_remob_report rep = {0};
    struct store *st = NULL;
    const char **codes = NULL;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0 || (bureaux == NULL) == (o.r1 == NULL))
        return cm_err_set(err, CM_EUSAGE, "remob needs either --r1 or --bureaux (see --help)");
    o.camp = cfg->camp;
    o.blocs_file = data_file("blocs.csv", bbuf, sizeof bbuf);
    o.transfers_file = data_file("transfers.csv", tbuf, sizeof tbuf);
    if ((rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    if (bureaux) {
        codes = split_codes(bureaux, &n);
        rc = calc_remob_update(st, codes, n, &rep, err);
    } else {
        rc = calc_remob_compute(st, &o, &rep, err);
    }
    if (rc == CM_OK)
        print_report(&rep, bureaux != NULL);
    free(codes);
    calc_remob_report_cleanup(&rep);
    store_close(st);
    return rc;
}
