/* cmd_section.c - `coopmap section add|list|set-territory`: the organisation on the command
 * line (cli stage). Federations are created on first use. */
#include "cli.h"

#include "cm_buf.h"
#include "import_codes.h"
#include "store_org.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
section_add(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap section add CODE NAME --federation DEP [--federation-name NAME]";
    const char *fed = NULL, *fed_name = NULL;
    const struct cli_flag flags[] = {
        {"federation", CLI_STR, &fed, "DEP", "département code of the federation (29, 2A, 971)"},
        {"federation-name", CLI_STR, &fed_name, "NAME", "name of the federation"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    int64_t id = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 2 || fed == NULL)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if ((rc = store_open(cfg->db, 0, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_begin(st, err)) == CM_OK) {
        if ((rc = store_federation_ensure(st, fed, fed_name, err)) == CM_OK
            && (rc = store_section_add(st, argv[0], argv[1], fed, &id, err)) == CM_OK)
            rc = store_commit(st, err);
        else
            store_rollback(st);
    }
    if (rc == CM_OK)
        printf("section %s added (federation %s, id %lld)\n", argv[0], fed, (long long)id);
    store_close(st);
    return rc;
}

static json_t *
section_json(const struct store_section *s)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:I}", "code", s->code, "name", s->name, "federation",
                     s->federation, "communes", s->communes, "bureaux", s->bureaux, "members",
                     (json_int_t)s->n_members);
}

static int
section_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap section list [--federation DEP] [--json]";
    const char *fed = NULL;
    int json = 0, npos, rc;
    const struct cli_flag flags[] = {
        {"federation", CLI_STR, &fed, "DEP", "only this federation's sections"},
        {"json", CLI_BOOL, &json, NULL, "print JSON"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_section *a = NULL;
    size_t n = 0;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    if ((rc = store_section_list(st, fed, &a, &n, err)) == CM_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            if (json)
                json_array_append_new(arr, section_json(&a[i]));
            else
                printf("%-12s %-4s %6lld members  %s  [communes %s] [bureaux %s]\n", a[i].code,
                       a[i].federation, (long long)a[i].n_members, a[i].name, a[i].communes,
                       a[i].bureaux);
        }
        if (json && json_dumpf(arr, stdout, JSON_INDENT(2)) == 0)
            putchar('\n');
        json_decref(arr);
    }
    store_section_list_free(a, n);
    store_close(st);
    return rc;
}

/* Canonical code of one territory item: a commune (5 characters) or a bureau ("29019_0076",
 * "29019_76"): kind and code into the caller's buffers. */
static int
territory_code(const char *raw, const char **kind, char *code, struct cm_err *err)
{
    if (strchr(raw, '_')) {
        *kind = "bureau";
        return import_code_bureau(NULL, raw, code, err);
    }
    *kind = "commune";
    return import_code_commune(NULL, raw, code, err);
}

static int
section_territory(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap section set-territory CODE [COMMUNE|BUREAU ...]  (replaces the territory;"
        " communes as 29019, bureaux as 29019_0076)";
    struct store *st = NULL;
    struct store_section s = {0};
    const char **kinds = NULL, **codes = NULL;
    char(*buf)[IMPORT_BUREAU_LEN + 1] = NULL;
    int npos, rc, nb = 0;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos < 1)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    kinds = cm_xcalloc((size_t)npos, sizeof *kinds);
    codes = cm_xcalloc((size_t)npos, sizeof *codes);
    buf = cm_xcalloc((size_t)npos, sizeof *buf);
    for (int i = 1; i < npos; i++) {
        if ((rc = territory_code(argv[i], &kinds[i - 1], buf[i - 1], err)) != CM_OK)
            goto out;
        codes[i - 1] = buf[i - 1];
        nb += kinds[i - 1][0] == 'b';
    }
    if ((rc = store_open(cfg->db, 0, &st, err)) != CM_OK
        || (rc = store_section_get(st, argv[0], 0, &s, err)) != CM_OK
        || (rc = store_begin(st, err)) != CM_OK)
        goto out;
    if ((rc = store_section_set_territory(st, s.id, kinds, codes, (size_t)npos - 1, err)) != CM_OK
        || (rc = store_commit(st, err)) != CM_OK)
        goto out;
    printf("section %s: %d communes, %d bureaux\n", s.code, npos - 1 - nb, nb);
out:
    if (st)
        store_rollback(st);
    store_section_cleanup(&s);
    store_close(st);
    free(kinds);
    free(codes);
    free(buf);
    return rc;
}

static const struct cli_cmd section_cmds[] = {
    {"add", section_add, "add a section to a federation"},
    {"list", section_list, "list sections with their territory and member counts"},
    {"set-territory", section_territory, "replace a section's communes and bureaux"},
    {NULL, NULL, NULL},
};

int
cmd_section(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap section", section_cmds, cfg, argc - 1, argv + 1, err);
}
