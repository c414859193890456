/* import_ogr_fields.h - which attribute fields of a contour layer hold the codes, the label
 * and the circonscription/IRIS type (import stage): known layouts, or the user's flags. */
#ifndef IMPORT_OGR_FIELDS_H
#define IMPORT_OGR_FIELDS_H

#include "import_codes.h"
#include "import_ogr.h"

#include <ogr_api.h>

enum import_rule {
    IMPORT_RULE_FULL,      /* one field holds commune and bureau ("01002_0001") */
    IMPORT_RULE_PARTS,     /* commune field (or fixed commune) + bureau field */
    IMPORT_RULE_PARIS_ARR, /* Paris portal: arrondissement * 100 + num_bv, commune 75056 */
    IMPORT_RULE_IRIS,      /* IRIS code (+ optional commune field, else its first 5 chars) */
};

struct import_layout {
    const char *name;      /* static: what was recognised, for the report */
    enum import_rule rule;
    int f_code;            /* full code, bureau part, num_bv or IRIS code */
    int f_com;             /* commune part or arrondissement; -1: none */
    int f_label, f_extra;  /* label, circonscription or TYP_IRIS; -1: none */
    int f_cname;           /* commune name (nomCommune, NOM_COM); -1: none */
    const char *commune;   /* borrowed: fixed commune (--commune), or NULL */
};

/* Choose the fields from o's flags or the known layouts. CM_EUSAGE for a flag naming a
 * missing field; CM_EINPUT when nothing is recognised: the message lists the layer's fields
 * and the flags to use. */
int import_layout_detect(OGRFeatureDefnH defn, const struct import_contours_opts *o,
                         struct import_layout *l, struct cm_err *err);

/* The canonical code (11 bytes: bureau "INSEE_BBBB" or 9-char IRIS) and commune (6 bytes)
 * of feature f. CM_EINPUT with the reason when the values do not make a code. */
int import_layout_code(const struct import_layout *l, OGRFeatureH f, char *code, char *commune,
                       struct cm_err *err);

/* Fields the importer does not read (for OGR_L_SetIgnoredFields): a CSL list, CSLDestroy. */
char **import_layout_ignored(OGRFeatureDefnH defn, const struct import_layout *l);

#endif
