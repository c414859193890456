/* cmd_blocs.c - `coopmap blocs import FILE` and `coopmap blocs list`: the nuance/candidate ->
 * bloc mapping that defines "our camp". */
#include "cli.h"

#include "calc_blocs.h"

#include <stdio.h>

static int
blocs_import(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap blocs import FILE (kind,key,bloc[,years[,label]])";
    struct store_bloc_row *rows = NULL;
    struct store *st = NULL;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "blocs import needs one FILE (see --help)");
    if ((rc = calc_blocs_parse(argv[0], &rows, &n, err)) != CM_OK)
        return rc;
    if ((rc = store_open(cfg->db, 0, &st, err)) == CM_OK
        && (rc = store_begin(st, err)) == CM_OK) {
        if ((rc = store_blocs_replace(st, rows, n, err)) == CM_OK)
            rc = store_commit(st, err);
        store_rollback(st);
    }
    if (rc == CM_OK)
        printf("%zu bloc mappings imported from %s (run coopmap compute to update the layers)\n",
               n, argv[0]);
    store_blocs_free(rows, n);
    store_close(st);
    return rc;
}

static int
blocs_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap blocs list";
    struct store_bloc_row *rows = NULL;
    struct store *st = NULL;
    unsigned camp = 0;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "blocs list takes no argument");
    if ((rc = calc_camp_parse(cfg->camp, &camp, err)) != CM_OK
        || (rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK
        || (rc = store_blocs_load(st, &rows, &n, err)) != CM_OK)
        goto out;
    if (n == 0)
        printf("no bloc mapping yet: coopmap blocs import data/blocs.csv\n");
    for (size_t i = 0; i < n; i++) {
        int b = calc_bloc_index(rows[i].bloc);
        printf("%-10s %-9s %-16s %-12s %s%s\n", rows[i].bloc, rows[i].kind, rows[i].key,
               rows[i].years ? rows[i].years : "", rows[i].label ? rows[i].label : "",
               b >= 0 && (camp & (1u << b)) ? "  [our camp]" : "");
    }
out:
    store_blocs_free(rows, n);
    store_close(st);
    return rc;
}

int
cmd_blocs(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const struct cli_cmd sub[] = {
        {"import", blocs_import, "replace the mapping with a CSV file"},
        {"list", blocs_list, "show the mapping and which blocs are our camp (--camp)"},
        {NULL, NULL, NULL},
    };

    return cli_dispatch("coopmap blocs", sub, cfg, argc - 1, argv + 1, err);
}
