/* cli_args.c - flag parsing driven by tables: the command's own flags, then the config table. */
#include "cli.h"

#include "cm_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
print_help(const char *usage, const struct cli_flag *flags)
{
    char def[256];
    struct cm_config dflt;

    printf("usage: %s\n\noptions:\n", usage);
    for (const struct cli_flag *f = flags; f && f->name; f++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", f->name, f->arg ? " " : "", f->arg ? f->arg : "");
        printf("  %-26s %s\n", left, f->help);
    }
    printf("\ncommon options (also COOPMAP_<NAME> in the environment):\n");
    if (cm_config_init(&dflt, NULL) != CM_OK)
        return;
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        char left[64];
        cm_config_format(&dflt, o, def, sizeof def);
        snprintf(left, sizeof left, "--%s%s", o->name, o->type == CM_OPT_BOOL ? "" : " V");
        printf("  %-26s %s (default: %s)\n", left, o->help, def);
    }
    cm_config_cleanup(&dflt);
}

static int
set_flag(const struct cli_flag *f, const char *v, struct cm_err *err)
{
    char *end;

    switch (f->type) {
    case CLI_STR: *(const char **)f->dst = v; return CM_OK;
    case CLI_BOOL: *(int *)f->dst = 1; return CM_OK;
    case CLI_INT:
        errno = 0;
        *(long *)f->dst = strtol(v, &end, 10);
        if (errno || end == v || *end)
            return cm_err_set(err, CM_EUSAGE, "--%s: '%s' is not an integer", f->name, v);
        return CM_OK;
    case CLI_DBL:
        errno = 0;
        *(double *)f->dst = strtod(v, &end);
        if (errno || end == v || *end)
            return cm_err_set(err, CM_EUSAGE, "--%s: '%s' is not a number", f->name, v);
        return CM_OK;
    }
    return CM_EUSAGE;
}

static const struct cli_flag *
find_flag(const struct cli_flag *flags, const char *name, size_t n)
{
    for (const struct cli_flag *f = flags; f && f->name; f++) {
        if (strlen(f->name) == n && strncmp(f->name, name, n) == 0)
            return f;
    }
    return NULL;
}

/* One "--name[=value]" argument at argv[*i]; may consume argv[*i + 1]. */
static int
parse_one(const struct cli_flag *flags, struct cm_config *cfg, int argc, char **argv, int *i,
          struct cm_err *err)
{
    const char *name = argv[*i] + 2, *eq = strchr(name, '='), *val = NULL;
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    const struct cli_flag *f = find_flag(flags, name, n);
    const struct cm_opt *o = NULL;
    char oname[64];
    int is_bool;

    if (f == NULL) {
        snprintf(oname, sizeof oname, "%.*s", (int)n, name);
        if ((o = cm_config_find(oname)) == NULL)
            return cm_err_set(err, CM_EUSAGE, "unknown option --%s (see --help)", oname);
    }
    is_bool = f ? f->type == CLI_BOOL : o->type == CM_OPT_BOOL;
    if (eq)
        val = eq + 1;
    else if (is_bool)
        val = "1";
    else if (*i + 1 < argc)
        val = argv[++*i];
    else
        return cm_err_set(err, CM_EUSAGE, "option --%.*s needs a value", (int)n, name);
    return f ? set_flag(f, val, err) : cm_config_set(cfg, o, val, err);
}

int
cli_parse(const char *usage, const struct cli_flag *flags, struct cm_config *cfg, int argc,
          char **argv, int *npos_out, struct cm_err *err)
{
    int npos = 0, rc, level, dashdash = 0;

    for (int i = 1; i < argc; i++) {
        if (dashdash || argv[i][0] != '-' || argv[i][1] == '\0') {
            argv[npos++] = argv[i];
        } else if (strcmp(argv[i], "--") == 0) {
            dashdash = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help(usage, flags);
            return 1;
        } else if (argv[i][1] != '-') {
            return cm_err_set(err, CM_EUSAGE, "unknown option %s (see --help)", argv[i]);
        } else if ((rc = parse_one(flags, cfg, argc, argv, &i, err)) != CM_OK) {
            return rc;
        }
    }
    *npos_out = npos;
    if ((level = cm_log_level_parse(cfg->log_level)) < 0)
        return cm_err_set(err, CM_EUSAGE, "--log-level: '%s' is not error, warn, info or debug",
                          cfg->log_level);
    cm_log_level = level;
    return CM_OK;
}

int
cli_dispatch(const char *prog, const struct cli_cmd *cmds, struct cm_config *cfg, int argc,
             char **argv, struct cm_err *err)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0
        || strcmp(argv[0], "help") == 0) {
        printf("usage: %s COMMAND [options]   (COMMAND --help for its options)\n\ncommands:\n",
               prog);
        for (const struct cli_cmd *c = cmds; c->name; c++)
            printf("  %-12s %s\n", c->name, c->help);
        return argc < 1 ? cm_err_set(err, CM_EUSAGE, "a command is needed") : 1;
    }
    for (const struct cli_cmd *c = cmds; c->name; c++) {
        if (strcmp(c->name, argv[0]) == 0)
            return c->fn(cfg, argc, argv, err);
    }
    return cm_err_set(err, CM_EUSAGE, "unknown command '%s' (see %s --help)", argv[0], prog);
}
