/* import_ogr.h - import of polling-station (bureau) and IRIS contours from any OGR vector
 * source into the store (import stage): codes detected and normalised, geometries
 * reprojected to EPSG:4326, repaired, gathered per code, written in one transaction. */
#ifndef IMPORT_OGR_H
#define IMPORT_OGR_H

#include "import_report.h"
#include "store.h"

struct import_contours_opts {
    int iris;                                 /* 0: bureaux, 1: IRIS */
    const char *path;                         /* borrowed: input file */
    const char *layer;                        /* layer name, NULL: the only layer */
    const char *s_srs;                        /* source CRS override ("EPSG:2154"), or NULL */
    const char *code_field;                   /* field holding the whole code, or NULL */
    const char *commune_field, *bureau_field; /* commune and bureau parts, or NULL */
    const char *commune;                      /* one commune for every feature, or NULL */
    const char *label_field;                  /* label (bureau name, NOM_IRIS), or NULL */
    long year;                                /* 0: unknown */
    int quiet;                                /* no progress bar */
};

/* Read o->path and replace, in st, the areas of every commune it covers. rep (initialised by
 * the caller) receives the counts and per-feature problems. CM_EINPUT for a file that cannot
 * be read, has no CRS, no recognised code field or no usable feature (the store unchanged);
 * CM_EUSAGE for bad flags; CM_EDB when the store fails (rolled back). */
int import_contours(struct store *st, const struct import_contours_opts *o,
                    struct import_report *rep, struct cm_err *err);

#endif
