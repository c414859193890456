/* cmd_transfers.c - `coopmap transfers import FILE` and `coopmap transfers list`: the round-2
 * transfer rates per bloc used by the remobilisation layers. */
#include "cli.h"

#include "calc_remob.h"

#include <stdio.h>
#include <string.h>

static int
transfers_import(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap transfers import FILE (bloc,rate[,note], every bloc)";
    struct store_transfer *rows = NULL;
    struct store *st = NULL;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "transfers import needs one FILE (see --help)");
    if ((rc = calc_transfers_parse(argv[0], &rows, &n, err)) != CM_OK)
        return rc;
    if ((rc = store_open(cfg->db, 0, &st, err)) == CM_OK
        && (rc = store_begin(st, err)) == CM_OK) {
        if ((rc = store_transfers_replace(st, rows, n, err)) == CM_OK)
            rc = store_commit(st, err);
        store_rollback(st);
    }
    if (rc == CM_OK)
        printf("%zu transfer rates imported from %s (run coopmap remob to update the layers)\n",
               n, argv[0]);
    store_transfers_free(rows, n);
    store_close(st);
    return rc;
}

static int
transfers_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap transfers list";
    struct store_transfer *rows = NULL;
    struct store *st = NULL;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "transfers list takes no argument");
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK
        || (rc = store_transfers_load(st, &rows, &n, err)) != CM_OK)
        goto out;
    if (n == 0)
        printf("no transfer rates yet: coopmap transfers import data/transfers.csv\n");
    for (int b = 0; b < CALC_N_BLOCS; b++) { /* in bloc order, far_left to other */
        for (size_t i = 0; i < n; i++) {
            if (strcmp(rows[i].bloc, calc_blocs[b]) == 0)
                printf("%-10s %.4f  %s\n", rows[i].bloc, rows[i].rate,
                       rows[i].note ? rows[i].note : "");
        }
    }
out:
    store_transfers_free(rows, n);
    store_close(st);
    return rc;
}

int
cmd_transfers(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const struct cli_cmd sub[] = {
        {"import", transfers_import, "replace the transfer rates with a CSV file"},
        {"list", transfers_list, "show the transfer rates per bloc"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch("coopmap transfers", sub, cfg, argc - 1, argv + 1, err);
}
