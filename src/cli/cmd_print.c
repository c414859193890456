/* cmd_print.c - `coopmap print`: a printable PDF of a layer over an area (cli layer: options,
 * store, and the file; the document itself comes from map_print, as the server's does). */
#include "cli.h"

#include "cm_buf.h"
#include "cm_file.h"
#include "map_print.h"

#include <stdio.h>
#include <string.h>

static int
frame_write(const char *path, const struct render_pdf_frame *f, struct cm_err *err)
{
    char json[512];
    int n = snprintf(json, sizeof json,
                     "{\"minx\":%.3f,\"miny\":%.3f,\"maxx\":%.3f,\"maxy\":%.3f,"
                     "\"x\":%.3f,\"y\":%.3f,\"w\":%.3f,\"h\":%.3f,\"pages\":%d}\n",
                     f->minx, f->miny, f->maxx, f->maxy, f->x, f->y, f->w, f->h, f->pages);

    return cm_file_write_atomic(path, json, (size_t)n, err);
}

static int
print_run(struct store *st, const struct map_print_opts *o, const char *out,
          const char *frame_json, struct cm_err *err)
{
    struct render_geoms *g = NULL;
    struct map_layer ml = {0};
    struct render_pdf_frame frame = {0};
    struct cm_buf pdf;
    int rc;

    cm_buf_init(&pdf);
    if ((rc = map_geoms_load(st, &g, err)) == CM_OK
        && (rc = map_layer_load(st, o->layer, g, &ml, err)) == CM_OK
        && (rc = map_print_pdf(st, g, &ml, o, &pdf, &frame, err)) == CM_OK
        && (rc = cm_file_write_atomic(out, pdf.data, pdf.len, err)) == CM_OK) {
        printf("%s: %d page%s, layer %s, area %s\n", out, frame.pages, frame.pages > 1 ? "s" : "",
               o->layer, o->area);
        if (frame_json)
            rc = frame_write(frame_json, &frame, err);
    }
    cm_buf_cleanup(&pdf);
    map_layer_cleanup(&ml);
    render_geoms_free(g);
    return rc;
}

int
cmd_print(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap print --layer L --area CODE|all [--paper A4|A3] [--landscape] [--sheets]"
        " [--out FILE.pdf]";
    struct map_print_opts o = {.paper = "A4"};
    const char *out = NULL, *frame_json = NULL;
    const struct cli_flag flags[] = {
        {"layer", CLI_STR, &o.layer, "L", "layer to map (see coopmap layers; remobilisation ="
                                          " remob_voters)"},
        {"area", CLI_STR, &o.area, "CODE", "commune, arrondissement, constituency, département, or all"},
        {"paper", CLI_STR, &o.paper, "A4|A3", "paper size (default A4)"},
        {"landscape", CLI_BOOL, &o.landscape, NULL, "landscape instead of portrait"},
        {"sheets", CLI_BOOL, &o.sheets, NULL, "add one A4 sheet per bureau for canvassers"},
        {"map-only", CLI_BOOL, &o.map_only, NULL, "the map page alone, without the ranked table"},
        {"limit", CLI_INT, &o.limit, "N", "only the N best-ranked bureaux (default all)"},
        {"out", CLI_STR, &out, "FILE", "PDF to write (default LAYER-AREA.pdf)"},
        {"frame-json", CLI_STR, &frame_json, "FILE", "write where page 1's map is (for scripts)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    char defout[256];
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    o.layer = map_print_layer_name(o.layer);
    if ((rc = map_print_check(&o, err)) != CM_OK)
        return rc;
    if (out == NULL) {
        snprintf(defout, sizeof defout, "%s-%s.pdf", o.layer, o.area);
        out = defout;
    }
    if ((rc = store_open(cfg->db, STORE_READONLY, &st, err)) != CM_OK)
        return rc;
    rc = print_run(st, &o, out, frame_json, err);
    store_close(st);
    return rc;
}
