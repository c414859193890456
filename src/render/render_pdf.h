/* render_pdf.h - printed maps (render layer): a vector PDF with the section map (title,
 * legend, scale bar, north arrow, formula, sources), the ranked table, and optionally one
 * sheet per bureau for canvassers. The map is drawn by render_draw, as the tiles are. */
#ifndef RENDER_PDF_H
#define RENDER_PDF_H

#include "cm_buf.h"
#include "cm_err.h"
#include "render_geoms.h"
#include "render_style.h"

/* One ranked bureau; strings borrowed, NULL or NAN where unknown. */
struct render_pdf_row {
    const char *code, *label, *category;
    double score, registered, voters, doors;
};

/* Everything a print needs; all borrowed. */
struct render_pdf {
    const char *title;    /* layer title, e.g. "Potentiel de nos abstentionnistes" */
    const char *area;     /* what the map covers, e.g. "75120" */
    const char *refs;     /* reference elections */
    const char *formula;  /* the layer's formula in words */
    const char *years;    /* data years */
    const char *sources;  /* attribution line */
    const char *date;     /* print date, e.g. "2026-11-24" */
    const char *score_name; /* table header of the score column */
    const struct render_geoms *geoms;
    const struct render_style *style;
    const double *values;          /* aligned with geoms, NAN = no data */
    const unsigned char *in_area;  /* aligned with geoms: 1 = a bureau of the printed area */
    const struct render_pdf_row *rows; /* ranked bureaux of the area */
    size_t n_rows;
    double page_w, page_h; /* points (A4 portrait 595.28 x 841.89) */
    int sheets;            /* 1: one extra A4 page per ranked bureau */
    int map_only;          /* 1: the map page alone, no table */
};

/* Where page 1's map went: the EPSG:3857 box drawn and its rectangle on the page in points
 * (origin top left). Lets a caller (or a test) locate a bureau on the printed page. */
struct render_pdf_frame {
    double minx, miny, maxx, maxy; /* EPSG:3857 */
    double x, y, w, h;             /* points */
    int pages;
};

/* Paper size by name ("A4", "A3"), portrait unless landscape; CM_EUSAGE for another name. */
int render_pdf_paper(const char *name, int landscape, double *w, double *h, struct cm_err *err);

/* Append the PDF to out; *frame (may be NULL) describes page 1's map. CM_ERENDER on a cairo
 * failure. */
int render_pdf_buf(const struct render_pdf *p, struct cm_buf *out, struct render_pdf_frame *frame,
                   struct cm_err *err);

#endif
