/* cmd_import_contours.c - `coopmap import bureaux|iris FILE`: flags -> import_contours. */
#include "cli.h"

#include "import_ogr.h"
#include "store.h"

#include <stdio.h>

static int
run(struct cm_config *cfg, int iris, int argc, char **argv, struct cm_err *err)
{
    const char *usage = iris ? "coopmap import iris FILE [options]"
                             : "coopmap import bureaux FILE [options]";
    struct import_contours_opts o = {0};
    const char *report = NULL;
    struct import_report rep;
    struct store *st = NULL;
    int npos, rc;
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &o.layer, "NAME", "layer to read in a multi-layer source"},
        {"s-srs", CLI_STR, &o.s_srs, "CRS", "source CRS when the file has none (EPSG:2154)"},
        {"code-field", CLI_STR, &o.code_field, "F", "field holding the whole code"},
        {"commune-field", CLI_STR, &o.commune_field, "F", "field holding the commune code"},
        {"bureau-field", CLI_STR, &o.bureau_field, "F", "field holding the bureau number"},
        {"commune", CLI_STR, &o.commune, "CODE", "INSEE code of the commune of every feature"},
        {"label-field", CLI_STR, &o.label_field, "F", "field holding the label"},
        {"year", CLI_INT, &o.year, "Y", "year of the contours"},
        {"report", CLI_STR, &report, "FILE", "write every problem to FILE"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "%s: one input FILE is needed (see --help)",
                          usage);
    if (o.year < 0 || o.year > 9999)
        return cm_err_set(err, CM_EUSAGE, "--year %ld: not a year", o.year);
    o.iris = iris;
    o.path = argv[0];
    o.quiet = cfg->quiet;
    import_report_init(&rep, iris ? "iris" : "bureaux", o.path);
    if ((rc = store_open(cfg->db, 0, &st, err)) == CM_OK)
        rc = import_contours(st, &o, &rep, err);
    store_close(st);
    if (rc == CM_OK)
        import_report_print(&rep);
    else
        rep.imported = rep.repaired = 0; /* rolled back: the report must not claim otherwise */
    if (report && (rc == CM_OK || rep.rows_read > 0)) {
        int wrc = import_report_write(&rep, report, err);
        if (rc == CM_OK)
            rc = wrc;
    }
    import_report_cleanup(&rep);
    return rc;
}

int
cmd_import_bureaux(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return run(cfg, 0, argc, argv, err);
}

int
cmd_import_iris(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return run(cfg, 1, argc, argv, err);
}
