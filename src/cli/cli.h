/* cli.h - command-line front end: per-command flag tables, shared config flags, dispatch. */
#ifndef CLI_H
#define CLI_H

#include "cm_config.h"
#include "cm_err.h"

enum cli_type { CLI_STR, CLI_INT, CLI_BOOL, CLI_DBL };

struct cli_flag {
    const char *name; /* long flag without "--" */
    enum cli_type type;
    void *dst;        /* char ** (borrowed from argv), long *, int *, double * */
    const char *arg;  /* placeholder in --help, e.g. "FILE" */
    const char *help;
};

struct cli_cmd {
    const char *name;
    int (*fn)(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
    const char *help;
};

/* Parse argv[1..] (argv[0] is the command path) against flags (terminated by name == NULL)
 * and the config table. Positionals are compacted into argv; *npos_out is their count.
 * Returns CM_OK, CM_EUSAGE (err says why), or 1 when --help was printed. */
int cli_parse(const char *usage, const struct cli_flag *flags, struct cm_config *cfg, int argc,
              char **argv, int *npos_out, struct cm_err *err);

/* Dispatch argv[0] among cmds (terminated by name == NULL); prints the list for --help. */
int cli_dispatch(const char *prog, const struct cli_cmd *cmds, struct cm_config *cfg, int argc,
                 char **argv, struct cm_err *err);

/* Commands (cmd_*.c). */
int cmd_info(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_import(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_print(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_config(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_section(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_user(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_members(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
/* Base URL of the one-time links: url when given, else http://bind:port (cmd_user.c). */
void cli_link_base(const struct cm_config *cfg, const char *url, char *out, unsigned long n);
int cmd_import_bureaux(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_import_iris(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_gen(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_serve(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_import_results(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_import_census(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_tiles(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_compute(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_layers(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_rank(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_export(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_blocs(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_transfers(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_remob(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_events(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);
int cmd_delegate(struct cm_config *cfg, int argc, char **argv, struct cm_err *err);

#endif
