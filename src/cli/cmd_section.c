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

/* A territory being built: kind and canonical code of each item. */
struct terr {
    size_t n, cap;
    const char **kinds;
    char (*codes)[IMPORT_BUREAU_LEN + 1];
};

static void
terr_add(struct terr *t, const char *kind, const char *code)
{
    if (t->n == t->cap) {
        t->cap = cm_grow(t->cap, t->n + 1);
        t->kinds = cm_xreallocarray(t->kinds, t->cap, sizeof *t->kinds);
        t->codes = cm_xreallocarray(t->codes, t->cap, sizeof *t->codes);
    }
    t->kinds[t->n] = kind;
    snprintf(t->codes[t->n++], sizeof *t->codes, "%s", code);
}

/* One item as typed: a bureau ("29019_0076", "29019_76"), a commune (29019), or a Paris,
 * Lyon or Marseille arrondissement (75120), which stands for its bureaux in the store: their
 * commune is the city's (75056), so the arrondissement code alone would match none. */
static int
terr_item(struct store *st, struct terr *t, const char *raw, struct cm_err *err)
{
    char code[IMPORT_BUREAU_LEN + 1], commune[6], prefix[IMPORT_BUREAU_LEN + 1], num[3];
    char (*codes)[STORE_CODE_LEN] = NULL;
    size_t n = 0;
    int rc;

    if (strchr(raw, '_')) {
        if ((rc = import_code_bureau(NULL, raw, code, err)) == CM_OK)
            terr_add(t, "bureau", code);
        return rc;
    }
    if ((rc = import_code_commune(NULL, raw, code, err)) != CM_OK)
        return rc;
    if (!import_code_arrondissement(code, commune, num)) {
        terr_add(t, "commune", code);
        return CM_OK;
    }
    snprintf(prefix, sizeof prefix, "%s_%s", commune, num);
    if ((rc = store_bureaux_with_prefix(st, prefix, &codes, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        terr_add(t, "bureau", codes[i]);
    free(codes);
    if (n == 0)
        return cm_err_set(err, CM_EINPUT, "arrondissement %s: no bureau %s* in the store (import"
                          " the contours first)", code, prefix);
    return CM_OK;
}

static int
section_territory(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap section set-territory CODE [COMMUNE|ARRONDISSEMENT|BUREAU ...]  (replaces the"
        " territory; communes as 29019, arrondissements as 75120, bureaux as 29019_0076)";
    struct store *st = NULL;
    struct store_section s = {0};
    struct terr t = {0};
    int npos, rc, nb = 0;

    if ((rc = cli_parse(usage, NULL, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos < 1)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if ((rc = store_open(cfg->db, 0, &st, err)) != CM_OK
        || (rc = store_section_get(st, argv[0], 0, &s, err)) != CM_OK)
        goto out;
    for (int i = 1; i < npos && rc == CM_OK; i++)
        rc = terr_item(st, &t, argv[i], err);
    const char **codes = cm_xcalloc(t.n ? t.n : 1, sizeof *codes);
    for (size_t i = 0; i < t.n; i++)
        codes[i] = t.codes[i], nb += t.kinds[i][0] == 'b';
    if (rc == CM_OK && (rc = store_begin(st, err)) == CM_OK
        && (rc = store_section_set_territory(st, s.id, t.kinds, codes, t.n, err)) == CM_OK
        && (rc = store_commit(st, err)) == CM_OK)
        printf("section %s: %d communes, %d bureaux\n", s.code, (int)t.n - nb, nb);
    free(codes);
out:
    if (st)
        store_rollback(st);
    store_section_cleanup(&s);
    store_close(st);
    free(t.kinds);
    free(t.codes);
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
