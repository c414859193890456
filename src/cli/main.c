/* main.c - the coopmap program: config from the environment, then one subcommand. */
#include "cli.h"

#include <stdio.h>

static const struct cli_cmd commands[] = {
    {"import", cmd_import, "load contours (bureaux, iris), election results, census tables"},
    {"info", cmd_info, "what the store holds: counts, elections, contour sets, census"},
    {"section", cmd_section, "sections of the party: add, list, set their territory"},
    {"user", cmd_user, "accounts: add, list, disable, enable, reset, grant"},
    {"members", cmd_members, "import the membership file (accounts, roles, invitations)"},
    {"blocs", cmd_blocs, "nuance/candidate -> bloc mapping: import FILE, list"},
    {"compute", cmd_compute, "compute the targeting layers (results, potential, volatility...)"},
    {"transfers", cmd_transfers, "round-2 transfer rates per bloc: import FILE, list"},
    {"remob", cmd_remob, "remobilisation layers between the two rounds (gap, reserve, doors)"},
    {"layers", cmd_layers, "list computed layers: formula, references, years, version"},
    {"rank", cmd_rank, "bureaux ranked by a layer, with registered, expected voters, doors"},
    {"export", cmd_export, "write a layer with bureau contours: geojson, csv or gpkg"},
    {"tiles", cmd_tiles, "pre-render a layer's map tiles into a directory or an MBTiles file"},
    {"print", cmd_print, "printable PDF map of a layer over an area, ranked table, bureau sheets"},
    {"gen", cmd_gen, "write a deterministic country-like data set (contours, census, results)"},
    {"serve", cmd_serve, "serve the web map, tiles and JSON API (libmicrohttpd)"},
    {"events", cmd_events, "section events: add, list, cancel, join, near me, calendars (.ics)"},
    {"delegate", cmd_delegate, "delegated rights on a section: grant, list, revoke"},
    {"config", cmd_config, "show the effective options and where each can be set"},
    {NULL, NULL, NULL},
};

int
main(int argc, char **argv)
{
    struct cm_err err = {0};
    struct cm_config cfg;
    int rc;

    if ((rc = cm_config_init(&cfg, &err)) == CM_OK)
        rc = cli_dispatch("coopmap", commands, &cfg, argc - 1, argv + 1, &err);
    cm_config_cleanup(&cfg);
    if (rc == 1)
        return 0; /* --help */
    if (rc != CM_OK) {
        fprintf(stderr, "coopmap: %s\n", err.msg[0] ? err.msg : cm_err_name(rc));
        return cm_err_exit_code(rc);
    }
    return 0;
}
