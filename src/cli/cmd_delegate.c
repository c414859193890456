/* cmd_delegate.c - `coopmap delegate grant|list|revoke` (cli stage): delegated rights on a
 * section. A grant names its grantor and obeys the same policy as the server (a delegate hands
 * on no more than they hold, not beyond their expiry); --now injects the clock. */
#include "cli.h"

#include "api_deleg.h"
#include "calc_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
clock_flag(const char *flag, int64_t *now, struct cm_err *err)
{
    *now = (int64_t)time(NULL);
    return flag ? calc_time_parse(flag, now, err) : CM_OK;
}

static int
dg_grant(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap delegate grant GRANTOR_EMAIL GRANTEE_EMAIL --section S"
                                " --rights events,results,members,print --until YYYY-MM-DD";
    char *section = NULL, *rights = NULL, *until = NULL, *now_flag = NULL;
    const struct cli_flag flags[] = {
        {"section", CLI_STR, &section, "CODE", "the section the rights apply to"},
        {"rights", CLI_STR, &rights, "LIST", "events, results, members, print (comma list)"},
        {"until", CLI_STR, &until, "DATE", "last day of the delegation (Paris time)"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct api_deleg_req r = {.via = "cli"};
    struct store_user g = {0};
    struct store *st = NULL;
    int64_t id = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 2 || !section || !rights || !until)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    r.section = section;
    r.grantee_email = argv[1];
    if ((rc = clock_flag(now_flag, &r.now, err)) != CM_OK
        || (rc = store_rights_parse(rights, &r.rights, err)) != CM_OK
        || (rc = api_deleg_until(until, &r.until, err)) != CM_OK
        || (rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    if (store_user_get(st, 0, argv[0], &g, NULL) != CM_OK || g.disabled)
        rc = cm_err_set(err, CM_EINPUT, "grantor %s: no active account", argv[0]);
    else if ((rc = store_deleg_grants_load(st, &g, r.now, err)) == CM_OK)
        rc = api_deleg_grant(st, &g, &r, &id, err);
    if (rc == CM_ENOTFOUND || rc == CM_EFORBIDDEN) /* refused by the policy: bad input here */
        rc = CM_EINPUT; /* the message (first error) says why */
    if (rc == CM_OK)
        printf("delegation %lld granted\n", (long long)id);
    store_user_cleanup(&g);
    store_close(st);
    return rc;
}

static int
dg_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap delegate list [--section S] [--federation F]";
    char *section = NULL, *federation = NULL, *now_flag = NULL;
    const struct cli_flag flags[] = {
        {"section", CLI_STR, &section, "CODE", "only this section's"},
        {"federation", CLI_STR, &federation, "CODE", "only this federation's sections'"},
        {"now", CLI_STR, &now_flag, "TIME", "the clock, for the state column"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_deleg *d = NULL;
    struct store *st = NULL;
    char r[40], exp[21];
    int64_t now;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = clock_flag(now_flag, &now, err)) != CM_OK
        || (rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_deleg_list(st, section, federation, &d, &n, err)) == CM_OK) {
        printf("id\tsection\tgrantor\tgrantee\trights\texpires_at\tparent\tstate\n");
        for (size_t i = 0; i < n; i++) {
            store_rights_format(d[i].rights, r, sizeof r);
            calc_time_utc(d[i].expires_at, exp);
            printf("%lld\t%s\t%lld\t%lld\t%s\t%s\t%lld\t%s\n", (long long)d[i].id, d[i].section,
                   (long long)d[i].grantor_id, (long long)d[i].grantee_id, r, exp,
                   (long long)d[i].parent_id,
                   d[i].revoked_at ? "revoked" : d[i].expires_at <= now ? "expired" : "active");
        }
    }
    free(d);
    store_close(st);
    return rc;
}

static int
dg_revoke(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap delegate revoke ID";
    char *now_flag = NULL, what[64];
    const struct cli_flag flags[] = {
        {"now", CLI_STR, &now_flag, "TIME", "the clock (default: now)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store_deleg d = {0};
    struct store_deleg_audit row = {0};
    struct store *st = NULL;
    int64_t now, id;
    size_t n = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1 || (id = strtoll(argv[0], NULL, 10)) <= 0)
        return cm_err_set(err, CM_EUSAGE, "%s", usage);
    if ((rc = clock_flag(now_flag, &now, err)) != CM_OK
        || (rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    snprintf(what, sizeof what, "revoke delegation %lld", (long long)id);
    if ((rc = store_deleg_get(st, id, &d, err)) == CM_OK && (rc = store_begin(st, err)) == CM_OK) {
        row = (struct store_deleg_audit){now, 0, 0, d.section, d.federation, "section_action",
                                         "cli", what};
        if ((rc = store_deleg_revoke(st, id, now, &n, err)) == CM_OK
            && (rc = store_deleg_audit_add(st, &row, err)) == CM_OK)
            rc = store_commit(st, err);
        store_rollback(st);
    }
    if (rc == CM_ENOTFOUND)
        rc = CM_EINPUT; /* an id that names nothing is bad input; the message says so */
    if (rc == CM_OK)
        printf("delegation %lld revoked (%zu with its re-delegations)\n", (long long)id, n);
    store_close(st);
    return rc;
}

static const struct cli_cmd delegate_cmds[] = {
    {"grant", dg_grant, "hand named rights on a section to a member until a date"},
    {"list", dg_list, "delegations of a section, a federation, or all"},
    {"revoke", dg_revoke, "revoke a delegation and its re-delegations"},
    {NULL, NULL, NULL},
};

int
cmd_delegate(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap delegate", delegate_cmds, cfg, argc - 1, argv + 1, err);
}
