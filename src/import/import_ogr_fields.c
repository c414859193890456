/* import_ogr_fields.c - code field detection for contour layers (import stage).
 * The known layouts are data: one table row each, tried in order (the first whose fields
 * are all present wins). Field names are matched case-insensitively, as OGR does. */
#include "import_ogr_fields.h"

#include "cm_buf.h"

#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct known_layout {
    const char *name;
    enum import_rule rule;
    const char *code, *com; /* field names; com may be NULL */
};

static const struct known_layout bureau_layouts[] = {
    {"Etalab codeBureauVote", IMPORT_RULE_FULL, "codeBureauVote", NULL},
    {"code_com + code_bv", IMPORT_RULE_PARTS, "code_bv", "code_com"},
    {"Paris portal arrondissement + num_bv", IMPORT_RULE_PARIS_ARR, "num_bv", "arrondissement"},
    {"DEPCO + BVOTE", IMPORT_RULE_PARTS, "BVOTE", "DEPCO"},
    {"INSEE_COM + CODE_BV", IMPORT_RULE_PARTS, "CODE_BV", "INSEE_COM"},
    {"code_com + id_bv", IMPORT_RULE_PARTS, "id_bv", "code_com"},
    {"id_bv", IMPORT_RULE_FULL, "id_bv", NULL},
    {NULL, IMPORT_RULE_FULL, NULL, NULL},
};

static const struct known_layout iris_layouts[] = {
    {"DCOMIRIS + DEPCOM", IMPORT_RULE_IRIS, "DCOMIRIS", "DEPCOM"},
    {"DCOMIRIS", IMPORT_RULE_IRIS, "DCOMIRIS", NULL},
    {"CODE_IRIS + INSEE_COM", IMPORT_RULE_IRIS, "CODE_IRIS", "INSEE_COM"},
    {"CODE_IRIS", IMPORT_RULE_IRIS, "CODE_IRIS", NULL},
    {"iris_code", IMPORT_RULE_IRIS, "iris_code", NULL},
    {NULL, IMPORT_RULE_IRIS, NULL, NULL},
};

/* With --commune: the bureau number alone, by name. */
static const char *const bureau_only[] = {"code_bv", "num_bv", "BVOTE", "numeroBureauVote",
                                          "id_bv", "bureau", NULL};
static const char *const commune_fields[] = {"code_com", "DEPCO", "INSEE_COM", "codeCommune",
                                             "DEPCOM", NULL};
static const char *const bureau_labels[] = {"nom", "nom_bv", "libelle", "titre", "label", NULL};
static const char *const iris_labels[] = {"NOM_IRIS", "LIB_IRIS", "nom", NULL};
static const char *const bureau_extras[] = {"circo", "codeCirconscription", "circonscription",
                                            NULL};
static const char *const iris_extras[] = {"TYP_IRIS", NULL};
static const char *const commune_names[] = {"nomCommune", "NOM_COM", "nom_commune", "LIBCOM",
                                            NULL};

static int
first_field(OGRFeatureDefnH defn, const char *const *names)
{
    int i;

    for (; *names; names++) {
        if ((i = OGR_FD_GetFieldIndex(defn, *names)) >= 0)
            return i;
    }
    return -1;
}

static int
field_flag(OGRFeatureDefnH defn, const char *flag, const char *name, int *idx, struct cm_err *err)
{
    *idx = -1;
    if (name == NULL)
        return CM_OK;
    if ((*idx = OGR_FD_GetFieldIndex(defn, name)) < 0)
        return cm_err_set(err, CM_EUSAGE, "--%s %s: no such field in the layer", flag, name);
    return CM_OK;
}

static int
not_recognised(OGRFeatureDefnH defn, const struct import_contours_opts *o, struct cm_err *err)
{
    struct cm_buf b;
    int rc;

    cm_buf_init(&b);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++)
        cm_buf_printf(&b, "%s%s", i ? ", " : "",
                      OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    if (o->iris)
        rc = cm_err_set(err, CM_EINPUT,
                        "%s: no IRIS code field recognised (fields: %s); give --code-field F"
                        " [--commune-field F]",
                        o->path, b.data ? b.data : "none");
    else
        rc = cm_err_set(err, CM_EINPUT,
                        "%s: no bureau code field recognised (fields: %s); give --code-field F,"
                        " or --commune-field F --bureau-field F, or --commune CODE"
                        " --bureau-field F",
                        o->path, b.data ? b.data : "none");
    cm_buf_cleanup(&b);
    return rc;
}

/* Code fields from the flags; *done set when the flags decide. */
static int
from_flags(OGRFeatureDefnH defn, const struct import_contours_opts *o, struct import_layout *l,
           int *done, struct cm_err *err)
{
    int rc, fc, fcom, fb;

    *done = 0;
    if ((rc = field_flag(defn, "code-field", o->code_field, &fc, err)) != CM_OK
        || (rc = field_flag(defn, "commune-field", o->commune_field, &fcom, err)) != CM_OK
        || (rc = field_flag(defn, "bureau-field", o->bureau_field, &fb, err)) != CM_OK)
        return rc;
    if (o->iris && o->bureau_field)
        return cm_err_set(err, CM_EUSAGE, "--bureau-field is for bureaux, not IRIS");
    if (fc >= 0) {
        l->name = "--code-field";
        l->rule = o->iris ? IMPORT_RULE_IRIS : fcom >= 0 || o->commune ? IMPORT_RULE_PARTS
                                                                        : IMPORT_RULE_FULL;
        l->f_code = fc, l->f_com = fcom;
    } else if (fb >= 0 || (o->commune && !o->iris)) {
        if (fb < 0 && (fb = first_field(defn, bureau_only)) < 0)
            return not_recognised(defn, o, err);
        if (fcom < 0 && o->commune == NULL && (fcom = first_field(defn, commune_fields)) < 0)
            return cm_err_set(err, CM_EUSAGE, "%s: --bureau-field needs --commune-field F or"
                              " --commune CODE", o->path);
        l->name = o->commune ? "--commune + bureau field" : "--commune-field + --bureau-field";
        l->rule = IMPORT_RULE_PARTS;
        l->f_code = fb, l->f_com = o->commune ? -1 : fcom;
    } else {
        return CM_OK;
    }
    *done = 1;
    return CM_OK;
}

int
import_layout_detect(OGRFeatureDefnH defn, const struct import_contours_opts *o,
                     struct import_layout *l, struct cm_err *err)
{
    const struct known_layout *k;
    int rc, done;

    memset(l, 0, sizeof *l);
    l->f_com = l->f_label = l->f_extra = l->f_cname = -1;
    l->commune = o->commune;
    if ((rc = from_flags(defn, o, l, &done, err)) != CM_OK)
        return rc;
    for (k = o->iris ? iris_layouts : bureau_layouts; !done && k->name; k++) {
        int fc = OGR_FD_GetFieldIndex(defn, k->code);
        int fcom = k->com ? OGR_FD_GetFieldIndex(defn, k->com) : -1;
        if (fc < 0 || (k->com && fcom < 0))
            continue;
        l->name = k->name, l->rule = k->rule, l->f_code = fc, l->f_com = fcom;
        done = 1;
    }
    if (!done)
        return not_recognised(defn, o, err);
    if ((rc = field_flag(defn, "label-field", o->label_field, &l->f_label, err)) != CM_OK)
        return rc;
    if (l->f_label < 0)
        l->f_label = first_field(defn, o->iris ? iris_labels : bureau_labels);
    l->f_extra = first_field(defn, o->iris ? iris_extras : bureau_extras);
    l->f_cname = first_field(defn, commune_names);
    return CM_OK;
}

static int
paris_code(const struct import_layout *l, OGRFeatureH f, char *code, struct cm_err *err)
{
    char raw[32];
    int arr = OGR_F_GetFieldAsInteger(f, l->f_com), num = OGR_F_GetFieldAsInteger(f, l->f_code);

    if (!OGR_F_IsFieldSetAndNotNull(f, l->f_com) || !OGR_F_IsFieldSetAndNotNull(f, l->f_code)
        || arr < 1 || arr > 20 || num < 1 || num > 99)
        return cm_err_set(err, CM_EINPUT, "bad arrondissement '%s' or num_bv '%s'",
                          OGR_F_GetFieldAsString(f, l->f_com),
                          OGR_F_GetFieldAsString(f, l->f_code));
    snprintf(raw, sizeof raw, "%d", arr * 100 + num);
    return import_code_bureau(l->commune ? l->commune : "75056", raw, code, err);
}

/* Bounded copy; a longer value is cut, which the code checks then refuse. */
static void
copy_field(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);

    memcpy(dst, src, len);
    dst[len] = '\0';
}

int
import_layout_code(const struct import_layout *l, OGRFeatureH f, char *code, char *commune,
                   struct cm_err *err)
{
    char raw[64], cbuf[64];
    const char *com = l->commune;
    int rc;

    /* copies: OGR formats a non-string field into one buffer that the next call reuses */
    copy_field(raw, sizeof raw, OGR_F_GetFieldAsString(f, l->f_code));
    if (com == NULL && l->f_com >= 0) {
        copy_field(cbuf, sizeof cbuf, OGR_F_GetFieldAsString(f, l->f_com));
        com = cbuf;
    }

    switch (l->rule) {
    case IMPORT_RULE_PARIS_ARR: rc = paris_code(l, f, code, err); break;
    case IMPORT_RULE_FULL: rc = import_code_bureau(l->commune, raw, code, err); break;
    case IMPORT_RULE_PARTS: rc = import_code_bureau(com, raw, code, err); break;
    case IMPORT_RULE_IRIS:
        if ((rc = import_code_iris(raw, code, err)) != CM_OK)
            return rc;
        if (com == NULL || *com == '\0') {
            memcpy(commune, code, IMPORT_COMMUNE_LEN);
            commune[IMPORT_COMMUNE_LEN] = '\0';
            return import_code_commune(NULL, commune, commune, err);
        }
        return import_code_commune(NULL, com, commune, err);
    default: return cm_err_set(err, CM_EINPUT, "unknown layout");
    }
    if (rc == CM_OK) {
        memcpy(commune, code, IMPORT_COMMUNE_LEN);
        commune[IMPORT_COMMUNE_LEN] = '\0';
    }
    return rc;
}

char **
import_layout_ignored(OGRFeatureDefnH defn, const struct import_layout *l)
{
    char **list = NULL;

    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        if (i != l->f_code && i != l->f_com && i != l->f_label && i != l->f_extra
            && i != l->f_cname)
            list = CSLAddString(list, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    return list;
}
