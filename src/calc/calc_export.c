/* calc_export.c - a ranking written with bureau contours through OGR (calc layer):
 * GeoJSON, CSV (WKT geometry) or GeoPackage, readable by ogrinfo and QGIS. */
#include "calc_int.h"

#include "cm_buf.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

struct code_ix {
    const char *code;
    size_t i;
};

struct geoms {
    const struct calc_rank *r;
    struct code_ix *by_code; /* rows sorted by code */
    unsigned char **wkb;  /* per row, owned copies */
    size_t *len;
};

static int
cmp_by_code(const void *a, const void *b)
{
    return strcmp(((const struct code_ix *)a)->code, ((const struct code_ix *)b)->code);
}

static int
geom_cb(void *ctx, const char *code, const unsigned char *wkb, size_t len, struct cm_err *err)
{
    struct geoms *g = ctx;
    size_t lo = 0, hi = g->r->n;

    (void)err;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2, i = g->by_code[mid].i;
        int c = strcmp(g->by_code[mid].code, code);
        if (c == 0) {
            g->wkb[i] = cm_xmalloc(len);
            memcpy(g->wkb[i], wkb, len);
            g->len[i] = len;
            return CM_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CM_OK;
}

static void
add_fields(OGRLayerH lyr, const char *score)
{
    static const char *const str[] = {"code", "label", "commune", "circo", "category"};
    static const char *const real[] = {"registered", "expected_voters", "doors"};
    OGRFieldDefnH f;

    f = OGR_Fld_Create("rank", OFTInteger);
    OGR_L_CreateField(lyr, f, 1);
    OGR_Fld_Destroy(f);
    for (size_t i = 0; i < 4; i++) {
        f = OGR_Fld_Create(str[i], OFTString);
        OGR_L_CreateField(lyr, f, 1);
        OGR_Fld_Destroy(f);
    }
    f = OGR_Fld_Create(score, OFTReal);
    OGR_L_CreateField(lyr, f, 1);
    OGR_Fld_Destroy(f);
    for (size_t i = 0; i < 3; i++) {
        f = OGR_Fld_Create(real[i], OFTReal);
        OGR_L_CreateField(lyr, f, 1);
        OGR_Fld_Destroy(f);
    }
    f = OGR_Fld_Create(str[4], OFTString);
    OGR_L_CreateField(lyr, f, 1);
    OGR_Fld_Destroy(f);
}

static void
set_real(OGRFeatureH f, int i, double v)
{
    if (isnan(v))
        OGR_F_SetFieldNull(f, i);
    else
        OGR_F_SetFieldDouble(f, i, v);
}

static void
set_str(OGRFeatureH f, int i, const char *s)
{
    if (s)
        OGR_F_SetFieldString(f, i, s);
    else
        OGR_F_SetFieldNull(f, i);
}

static int
write_rows(OGRLayerH lyr, const struct calc_rank *r, const struct geoms *g, struct cm_err *err)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct calc_rank_row *row = &r->rows[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
        OGRGeometryH geom = NULL;
        OGR_F_SetFieldInteger(f, 0, (int)i + 1);
        set_str(f, 1, row->code), set_str(f, 2, row->label), set_str(f, 3, row->commune);
        set_str(f, 4, row->circo), set_real(f, 5, row->score), set_real(f, 6, row->registered);
        set_real(f, 7, row->voters), set_real(f, 8, row->doors), set_str(f, 9, row->category);
        if (g->wkb[i] && OGR_G_CreateFromWkb(g->wkb[i], NULL, &geom, (int)g->len[i])
                             == OGRERR_NONE)
            OGR_F_SetGeometryDirectly(f, geom);
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE) {
            OGR_F_Destroy(f);
            return cm_err_set(err, CM_EIO, "write bureau %s: %s", row->code,
                              CPLGetLastErrorMsg());
        }
        OGR_F_Destroy(f);
    }
    return CM_OK;
}

static int
write_ds(const struct calc_rank *r, const char *driver, const char *path, const struct geoms *g,
         struct cm_err *err)
{
    GDALDriverH drv = GDALGetDriverByName(driver);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *opts[] = {strcmp(driver, "CSV") == 0 ? "GEOMETRY=AS_WKT" : NULL, NULL};
    GDALDatasetH ds = NULL;
    OGRLayerH lyr;
    char score[160];
    int rc;

    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (drv == NULL) {
        rc = cm_err_set(err, CM_EIO, "GDAL driver %s is not available", driver);
        goto out;
    }
    if (strncmp(path, "/vsistdout", 10) != 0)
        VSIUnlink(path); /* replace, never append to, an earlier export */
    if ((ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL)) == NULL) {
        rc = cm_err_set(err, CM_EIO, "create %s: %s", path, CPLGetLastErrorMsg());
        goto out;
    }
    lyr = GDALDatasetCreateLayer(ds, r->layer->name, srs, wkbMultiPolygon, opts);
    if (lyr == NULL) {
        rc = cm_err_set(err, CM_EIO, "%s: create layer: %s", path, CPLGetLastErrorMsg());
        goto out;
    }
    calc_rank_score_field(r, score, sizeof score);
    add_fields(lyr, score);
    rc = write_rows(lyr, r, g, err);
out:
    if (ds) {
        CPLErrorReset();
        GDALClose(ds); /* void in GDAL 3.6: a failed flush shows as the last error */
        if (rc == CM_OK && CPLGetLastErrorType() >= CE_Failure)
            rc = cm_err_set(err, CM_EIO, "close %s: %s", path, CPLGetLastErrorMsg());
    }
    OSRDestroySpatialReference(srs);
    return rc;
}

int
calc_rank_write_ogr(struct store *st, const struct calc_rank *r, const char *driver,
                    const char *path, struct cm_err *err)
{
    struct geoms g = {r, cm_xcalloc(r->n + 1, sizeof(struct code_ix)),
                      cm_xcalloc(r->n + 1, sizeof(unsigned char *)),
                      cm_xcalloc(r->n + 1, sizeof(size_t))};
    int rc;

    GDALAllRegister();
    for (size_t i = 0; i < r->n; i++)
        g.by_code[i] = (struct code_ix){r->rows[i].code, i};
    qsort(g.by_code, r->n, sizeof *g.by_code, cmp_by_code);
    if ((rc = store_geoms_each(st, "bureau", 4326, geom_cb, &g, err)) == CM_OK)
        rc = write_ds(r, driver, path, &g, err);
    for (size_t i = 0; i < r->n; i++)
        free(g.wkb[i]);
    free(g.by_code), free(g.wkb), free(g.len);
    return rc;
}
