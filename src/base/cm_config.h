/* cm_config.h - one table of options: defaults -> COOPMAP_* environment -> command-line flags.
 * The same table drives parsing, --help and `coopmap config`. */
#ifndef CM_CONFIG_H
#define CM_CONFIG_H

#include "cm_err.h"

enum cm_opt_type { CM_OPT_STR, CM_OPT_INT, CM_OPT_BOOL };

struct cm_config {
    char *db;        /* owned: store file */
    char *camp;      /* owned: comma-separated blocs of "our camp" */
    char *bind;      /* owned: address the server binds */
    char *tiles_dir; /* owned: tile cache directory */
    char *web_dir;   /* owned: static page directory */
    char *log_level; /* owned: error|warn|info|debug */
    long port;       /* TCP port of the server */
    long threads;    /* worker threads (0: number of cores) */
    long print_max_sheets; /* server: most bureau sheets one print request may ask for */
    int quiet;       /* no progress bar */
};

struct cm_opt {
    const char *name;      /* flag --name; env COOPMAP_NAME (upper, '-' -> '_') */
    enum cm_opt_type type;
    const char *def;       /* default as text */
    unsigned long offset;  /* offsetof(struct cm_config, field) */
    const char *help;
};

/* The option table, terminated by a row with name == NULL. */
extern const struct cm_opt cm_config_opts[];

/* Fill cfg with defaults, then apply COOPMAP_* variables; a bad value is CM_EUSAGE. */
int cm_config_init(struct cm_config *cfg, struct cm_err *err);
/* Release the strings cfg owns. */
void cm_config_cleanup(struct cm_config *cfg);
/* Set option opt (a table row) from text; CM_EUSAGE names the option on a bad value. */
int cm_config_set(struct cm_config *cfg, const struct cm_opt *opt, const char *value,
                  struct cm_err *err);
/* Find a table row by flag name, or NULL. */
const struct cm_opt *cm_config_find(const char *name);
/* Current value of a row as text into buf (size n). */
void cm_config_format(const struct cm_config *cfg, const struct cm_opt *opt, char *buf,
                      unsigned long n);

#endif
