/* map_print.h - a printed map of a layer over an area (map stage): the area's ranking from
 * calc, the layer's values and style from map_layer, the pages from render_pdf. Shared by
 * `coopmap print` and the server's /api/print, so both print the same document. */
#ifndef MAP_PRINT_H
#define MAP_PRINT_H

#include "cm_buf.h"
#include "map_layer.h"
#include "render_pdf.h"

struct map_print_opts {
    const char *layer; /* computed layer name */
    const char *area;  /* commune, arrondissement, constituency, département, or "all" */
    const char *paper; /* "A4" or "A3" */
    int landscape, sheets, map_only;
    long limit;        /* only the first N ranked bureaux (0: all) */
    long max_sheets;   /* with sheets: refuse an area with more bureaux (0: no bound) */
};

/* Check paper and area names before any work; CM_EUSAGE names the bad option. */
int map_print_check(const struct map_print_opts *o, struct cm_err *err);
/* The layer a print name stands for: "remobilisation" (issue 9's round-2 map) is remob_voters;
 * any other name is itself (borrowed, may be NULL). */
const char *map_print_layer_name(const char *name);

/* Append the PDF of layer ml (joined to g) over o->area to out; *frame (may be NULL) says
 * where page 1's map is. CM_ENOTFOUND when the area has no bureau in the layer. */
int map_print_pdf(struct store *st, const struct render_geoms *g, const struct map_layer *ml,
                  const struct map_print_opts *o, struct cm_buf *out,
                  struct render_pdf_frame *frame, struct cm_err *err);

#endif
