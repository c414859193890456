/* cm_config.c - table-driven configuration (base layer). */
#include "cm_config.h"

#include "cm_buf.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPT(name, type, def, field, help) {name, type, def, offsetof(struct cm_config, field), help}

const struct cm_opt cm_config_opts[] = {
    OPT("db", CM_OPT_STR, "coopmap.db", db, "store file (SpatiaLite)"),
    OPT("camp", CM_OPT_STR, "far_left,left,ecologist", camp, "blocs counted as our camp"),
    OPT("bind", CM_OPT_STR, "127.0.0.1", bind, "address the server listens on"),
    OPT("port", CM_OPT_INT, "8080", port, "TCP port of the server"),
    OPT("threads", CM_OPT_INT, "0", threads, "worker threads (0: one per core)"),
    OPT("print-max-sheets", CM_OPT_INT, "400", print_max_sheets,
        "server: most bureau sheets one print request may ask for"),
    OPT("tiles-dir", CM_OPT_STR, "tiles", tiles_dir, "tile cache directory"),
    OPT("web-dir", CM_OPT_STR, "web", web_dir, "directory of the web page"),
    OPT("log-level", CM_OPT_STR, "warn", log_level, "error, warn, info or debug"),
    OPT("quiet", CM_OPT_BOOL, "0", quiet, "no progress bar"),
    {NULL, CM_OPT_STR, NULL, 0, NULL},
};

static void *
field(struct cm_config *cfg, const struct cm_opt *opt)
{
    return (char *)cfg + opt->offset;
}

int
cm_config_set(struct cm_config *cfg, const struct cm_opt *opt, const char *value,
              struct cm_err *err)
{
    char *end;
    long v;

    switch (opt->type) {
    case CM_OPT_STR: {
        char **p = field(cfg, opt);
        free(*p);
        *p = cm_xstrdup(value);
        return CM_OK;
    }
    case CM_OPT_INT:
        errno = 0;
        v = strtol(value, &end, 10);
        if (errno || end == value || *end != '\0' || v < 0)
            return cm_err_set(err, CM_EUSAGE, "--%s: '%s' is not a non-negative integer",
                              opt->name, value);
        *(long *)field(cfg, opt) = v;
        return CM_OK;
    case CM_OPT_BOOL:
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0)
            *(int *)field(cfg, opt) = 1;
        else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0
                 || strcmp(value, "no") == 0 || value[0] == '\0')
            *(int *)field(cfg, opt) = 0;
        else
            return cm_err_set(err, CM_EUSAGE, "--%s: '%s' is not a boolean", opt->name, value);
        return CM_OK;
    }
    return cm_err_set(err, CM_EUSAGE, "--%s: bad option type", opt->name);
}

static void
env_name(const char *name, char *buf, size_t n)
{
    size_t i = (size_t)snprintf(buf, n, "COOPMAP_");

    for (; *name && i + 1 < n; name++, i++)
        buf[i] = *name == '-' ? '_' : (char)toupper((unsigned char)*name);
    buf[i] = '\0';
}

int
cm_config_init(struct cm_config *cfg, struct cm_err *err)
{
    char env[64];
    const char *v;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        if ((rc = cm_config_set(cfg, o, o->def, err)) != CM_OK)
            return rc;
    }
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        env_name(o->name, env, sizeof env);
        if ((v = getenv(env)) != NULL && (rc = cm_config_set(cfg, o, v, err)) != CM_OK)
            return rc;
    }
    return CM_OK;
}

void
cm_config_cleanup(struct cm_config *cfg)
{
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        if (o->type == CM_OPT_STR) {
            char **p = field(cfg, o);
            free(*p);
            *p = NULL;
        }
    }
}

const struct cm_opt *
cm_config_find(const char *name)
{
    for (const struct cm_opt *o = cm_config_opts; o->name; o++) {
        if (strcmp(o->name, name) == 0)
            return o;
    }
    return NULL;
}

void
cm_config_format(const struct cm_config *cfg, const struct cm_opt *opt, char *buf,
                 unsigned long n)
{
    const char *base = (const char *)cfg + opt->offset;

    switch (opt->type) {
    case CM_OPT_STR: snprintf(buf, n, "%s", *(char *const *)(const void *)base); break;
    case CM_OPT_INT: snprintf(buf, n, "%ld", *(const long *)(const void *)base); break;
    case CM_OPT_BOOL: snprintf(buf, n, "%d", *(const int *)(const void *)base); break;
    }
}
