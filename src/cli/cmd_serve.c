/* cmd_serve.c - `coopmap serve`: the map server on --bind/--port until SIGINT or SIGTERM. */
#include "cli.h"

#include "http.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SERVE_LEAFLET_DIR "/usr/share/javascript/leaflet" /* Debian libjs-leaflet */

int
cmd_serve(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap serve [--db FILE] [--bind ADDR] [--port N]"
                                " [--access-log FILE|-|off]";
    const char *access = "-", *leaflet = SERVE_LEAFLET_DIR;
    const struct cli_flag flags[] = {
        {"access-log", CLI_STR, &access, "FILE",
         "one line per request: '-' stderr (default), "
         "'off', or a file (appended)"},
        {"leaflet-dir", CLI_STR, &leaflet, "DIR",
         "Leaflet's files (default " SERVE_LEAFLET_DIR ")"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct http_options opt = {0};
    FILE *log = NULL;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "serve takes no argument (see --help)");
    if (strcmp(access, "-") == 0) {
        log = stderr;
    } else if (strcmp(access, "off") != 0 && (log = fopen(access, "a")) == NULL) {
        return cm_err_set(err, CM_EIO, "access log %s: %s", access, strerror(errno));
    }
    if (log && log != stderr)
        setvbuf(log, NULL, _IOLBF, 0);
    opt = (struct http_options){.db = cfg->db,
                                .bind = cfg->bind,
                                .port = cfg->port,
                                .threads = cfg->threads,
                                .web_dir = cfg->web_dir,
                                .leaflet_dir = leaflet,
                                .tiles_dir = cfg->tiles_dir,
                                .print_max_sheets = cfg->print_max_sheets,
                                .access_log = log};
    rc = http_serve(&opt, err);
    if (log && log != stderr)
        fclose(log);
    return rc;
}
