/* cmd_members.c - `coopmap members import FILE.csv [--dry-run] [--partial]` (cli stage). */
#include "cli.h"

#include "import_members.h"
#include "store_auth_session.h"

#include <stdio.h>
#include <time.h>

static int
members_import(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap members import FILE.csv [--dry-run] [--partial] [--report FILE] [--url URL]";
    const char *report = NULL, *url = NULL;
    struct import_members_opts o = {0};
    const struct cli_flag flags[] = {
        {"dry-run", CLI_BOOL, &o.dry_run, NULL, "print the diff (added, changed, disabled) only"},
        {"partial", CLI_BOOL, &o.partial, NULL, "import the good rows even if some are bad"},
        {"report", CLI_STR, &report, "FILE", "write every problem to FILE"},
        {"url", CLI_STR, &url, "URL", "base URL of the invitation links"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct import_report rep;
    struct import_members_diff d;
    struct store *st = NULL;
    char base[512];
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    cli_link_base(cfg, url, base, sizeof base);
    o.link_base = base;
    o.now = (int64_t)time(NULL);
    if ((rc = store_auth_init(err)) != CM_OK || (rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    import_report_init(&rep, "members", argv[0]);
    rc = import_members_run(st, argv[0], &o, &rep, &d, stdout, err);
    if (rc == CM_OK || rep.n_problems) {
        import_report_print(&rep);
        if (rc == CM_OK)
            printf("%s%ld added, %ld changed, %ld disabled, %ld unchanged\n",
                   o.dry_run ? "dry run, nothing written: " : "", d.added, d.changed, d.disabled,
                   d.unchanged);
    }
    if (report && import_report_write(&rep, report, rc == CM_OK ? err : NULL) != CM_OK && !rc)
        rc = CM_EIO;
    import_report_cleanup(&rep);
    store_close(st);
    return rc;
}

static const struct cli_cmd members_cmds[] = {
    {"import", members_import, "import the membership file"},
    {NULL, NULL, NULL},
};

int
cmd_members(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap members", members_cmds, cfg, argc - 1, argv + 1, err);
}
