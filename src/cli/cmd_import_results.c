/* cmd_import_results.c - `coopmap import results` and `coopmap import census`: flags ->
 * importer -> report (cli stage). */
#include "cli.h"

#include "import_census.h"
#include "import_results.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int
valid_date(const char *d)
{
    static const char pat[] = "dddd-dd-dd";

    if (strlen(d) != sizeof pat - 1)
        return 0;
    for (size_t i = 0; pat[i]; i++) {
        if (pat[i] == 'd' ? !isdigit((unsigned char)d[i]) : d[i] != pat[i])
            return 0;
    }
    return 1;
}

/* Print the report (and write --report FILE) after a success, or after a failure where no row
 * was valid (the problems say why); a failed import wrote nothing, so its counts would lie. */
static int
report_out(const struct import_report *rep, const char *path, int rc, struct cm_err *err)
{
    int wrc;

    if (rep->rows_read == 0 || (rc != CM_OK && (rep->imported > 0 || rep->n_problems == 0)))
        return rc;
    import_report_print(rep);
    if (path && (wrc = import_report_write(rep, path, err)) != CM_OK && rc == CM_OK)
        rc = wrc;
    return rc;
}

int
cmd_import_results(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap import results FILE... (several files fill one round) --election ID --round N [--kind K] [--date YYYY-MM-DD]"
        " [--label TEXT] [--layout L] [--commune CODE] [--dep CODE] [--strict] [--report FILE]";
    struct import_results_opts o = {0};
    const char *report = NULL;
    long round = 0;
    int npos, rc;
    const struct cli_flag flags[] = {
        {"election", CLI_STR, &o.election, "ID", "election id, e.g. leg2024 (required)"},
        {"round", CLI_INT, &round, "N", "round 1 or 2 (required)"},
        {"kind", CLI_STR, &o.kind, "K", "presidentielle, legislatives, ... (default: file name)"},
        {"date", CLI_STR, &o.date, "YYYY-MM-DD", "date of round 1"},
        {"label", CLI_STR, &o.label, "TEXT", "label shown in maps and prints"},
        {"layout", CLI_STR, &o.layout, "L", "native2024, legacy, large, long or city (default: "
                                            "detected from the header)"},
        {"commune", CLI_STR, &o.commune, "CODE", "INSEE commune of a file without commune "
                                                 "column (city layout)"},
        {"dep", CLI_STR, &o.dep, "CODE", "département of a file with 3-digit communes and no "
                                         "département column"},
        {"strict", CLI_BOOL, &o.strict, NULL, "a rejected row aborts the import (nothing written)"},
        {"report", CLI_STR, &report, "FILE", "write every problem and unmatched code to FILE"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct import_report rep;
    struct store *st = NULL;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos < 1)
        return cm_err_set(err, CM_EUSAGE, "import results needs a FILE (see --help)");
    if (o.election == NULL || (round != 1 && round != 2))
        return cm_err_set(err, CM_EUSAGE, "import results needs --election ID and --round 1|2");
    if (o.date && !valid_date(o.date))
        return cm_err_set(err, CM_EUSAGE, "--date %s: expected YYYY-MM-DD", o.date);
    o.files = (const char *const *)argv, o.n_files = npos, o.round = (int)round;
    o.quiet = cfg->quiet;
    import_report_init(&rep, "results", argv[0]);
    if ((rc = store_open(cfg->db, 0, &st, err)) == CM_OK)
        rc = import_results_run(st, &o, &rep, err);
    rc = report_out(&rep, report, rc, err);
    store_close(st);
    import_report_cleanup(&rep);
    return rc;
}

int
cmd_import_census(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap import census FILE --year Y [--vars A,B] [--report FILE]";
    struct import_census_opts o = {0};
    const char *report = NULL;
    int npos, rc;
    const struct cli_flag flags[] = {
        {"year", CLI_INT, &o.year, "Y", "census year (required)"},
        {"vars", CLI_STR, &o.vars, "A,B", "columns to import (default: every numeric column)"},
        {"report", CLI_STR, &report, "FILE", "write every problem to FILE"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct import_report rep;
    struct store *st = NULL;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "import census needs one FILE (see --help)");
    if (o.year < 1900 || o.year > 2100)
        return cm_err_set(err, CM_EUSAGE, "import census needs --year Y (1900..2100)");
    o.file = argv[0], o.quiet = cfg->quiet;
    import_report_init(&rep, "census", argv[0]);
    if ((rc = store_open(cfg->db, 0, &st, err)) == CM_OK)
        rc = import_census_run(st, &o, &rep, err);
    rc = report_out(&rep, report, rc, err);
    store_close(st);
    import_report_cleanup(&rep);
    return rc;
}
