/* cmd_import.c - `coopmap import KIND FILE ...`: dispatch to one importer per kind. */
#include "cli.h"

#include <stddef.h>

static const struct cli_cmd importers[] = {
    {"bureaux", cmd_import_bureaux, "polling-station contours (any OGR vector file)"},
    {"iris", cmd_import_iris, "IRIS contours (any OGR vector file)"},
    {"results", cmd_import_results, "election results per bureau (CSV layouts of the Ministry and re-publishers)"},
    {"census", cmd_import_census, "INSEE census tables per IRIS (CSV)"},
    {NULL, NULL, NULL},
};

int
cmd_import(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap import", importers, cfg, argc - 1, argv + 1, err);
}
