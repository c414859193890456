/* gen_shp.c - the generator's shapefiles (import stage): bureaux.shp and iris.shp, EPSG:2154,
 * UTF-8 attributes, written with OGR's "ESRI Shapefile" driver. The DBF header date is
 * pinned so that two runs give the same bytes. */
#include "gen_int.h"

#include "cm_buf.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>

struct shp_field {
    const char *name;
    OGRFieldType type;
    int width;
};

struct shp_out {
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRFeatureDefnH defn;
    char path[1024];
};

static void
shp_close(struct shp_out *o)
{
    if (o->ds)
        GDALClose(o->ds);
    o->ds = NULL;
}

static int
shp_open(struct shp_out *o, const char *dir, const char *name, const struct shp_field *fields,
         struct cm_err *err)
{
    static const char *const lco[] = {"ENCODING=UTF-8", "DBF_DATE_LAST_UPDATE=2027-01-01", NULL};
    GDALDriverH drv = GDALGetDriverByName("ESRI Shapefile");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    int rc = CM_OK;

    snprintf(o->path, sizeof o->path, "%s/%s.shp", dir, name);
    if (drv == NULL || OSRImportFromEPSG(srs, 2154) != OGRERR_NONE) {
        rc = cm_err_set(err, CM_EIO, "%s: no shapefile driver or no EPSG:2154 in PROJ", o->path);
        goto out;
    }
    CPLErrorReset();
    GDALDeleteDataset(drv, o->path); /* replace: a shapefile is five files */
    if ((o->ds = GDALCreate(drv, o->path, 0, 0, 0, GDT_Unknown, NULL)) == NULL
        || (o->lyr = GDALDatasetCreateLayer(o->ds, name, srs, wkbPolygon, (char **)lco)) == NULL) {
        rc = cm_err_set(err, CM_EIO, "%s: %s", o->path, CPLGetLastErrorMsg());
        goto out;
    }
    for (const struct shp_field *f = fields; f->name; f++) {
        OGRFieldDefnH fd = OGR_Fld_Create(f->name, f->type);
        OGR_Fld_SetWidth(fd, f->width);
        if (OGR_L_CreateField(o->lyr, fd, 1) != OGRERR_NONE)
            rc = cm_err_set(err, CM_EIO, "%s: field %s: %s", o->path, f->name,
                            CPLGetLastErrorMsg());
        OGR_Fld_Destroy(fd);
    }
    o->defn = OGR_L_GetLayerDefn(o->lyr);
out:
    OSRRelease(srs);
    return rc;
}

/* Append one feature whose attributes the caller set on f; takes ownership of f. */
static int
shp_put(struct shp_out *o, OGRFeatureH f, const struct gen_cells *c, long i, struct cm_err *err)
{
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    const double *xy = c->xy + 2 * c->off[i];
    int rc = CM_OK;

    OGR_G_SetPoints(ring, (int)(c->off[i + 1] - c->off[i]), xy, 2 * sizeof *xy, xy + 1,
                    2 * sizeof *xy, NULL, 0);
    OGR_G_AddGeometryDirectly(poly, ring);
    OGR_F_SetGeometryDirectly(f, poly);
    if (OGR_L_CreateFeature(o->lyr, f) != OGRERR_NONE)
        rc = cm_err_set(err, CM_EIO, "%s: feature %ld: %s", o->path, i, CPLGetLastErrorMsg());
    OGR_F_Destroy(f);
    return rc;
}

static void
fill_bureau(const struct gen_world *w, long i, OGRFeatureH f)
{
    const struct gen_commune *c = &w->com[w->b_com[i]];
    const struct gen_circo *ci = &w->circo[w->b_circo[i]];
    char buf[128];

    snprintf(buf, sizeof buf, "%s_%04d", c->code, w->b_num[i]);
    OGR_F_SetFieldString(f, 0, buf);
    OGR_F_SetFieldString(f, 1, c->code);
    OGR_F_SetFieldInteger(f, 2, w->b_num[i]);
    snprintf(buf, sizeof buf, "%s-%02d", gen_deps[ci->dep].code, ci->num);
    OGR_F_SetFieldString(f, 3, buf);
    snprintf(buf, sizeof buf, "%s bureau %d", c->name, w->b_num[i]);
    OGR_F_SetFieldString(f, 4, buf);
}

static void
fill_iris(const struct gen_world *w, long i, OGRFeatureH f)
{
    OGR_F_SetFieldString(f, 0, w->i_code[i]);
    OGR_F_SetFieldString(f, 1, w->com[w->i_com[i]].code);
    OGR_F_SetFieldString(f, 2, w->i_name[i]);
}

/* One layer: features in code order (order), attributes set by fill. */
struct layer_spec {
    const char *name;
    const struct shp_field *fields;
    long n;
    const long *order;
    const struct gen_cells *cells;
    void (*fill)(const struct gen_world *w, long i, OGRFeatureH f);
};

static int
write_layer(const struct gen_world *w, const char *dir, const struct layer_spec *ls,
            struct cm_err *err)
{
    struct shp_out o = {0};
    struct cm_progress pg;
    char label[64];
    int rc;

    if ((rc = shp_open(&o, dir, ls->name, ls->fields, err)) != CM_OK)
        goto out;
    snprintf(label, sizeof label, "%s.shp", ls->name);
    cm_progress_start(&pg, label, ls->n, w->quiet);
    for (long k = 0; k < ls->n && rc == CM_OK; k++) {
        OGRFeatureH f = OGR_F_Create(o.defn);
        ls->fill(w, ls->order[k], f);
        rc = shp_put(&o, f, ls->cells, ls->order[k], err);
        if ((k & 1023) == 0)
            cm_progress_update(&pg, k);
    }
    cm_progress_end(&pg);
out:
    shp_close(&o);
    return rc;
}

int
gen_shp_write(const struct gen_world *w, const char *dir, struct cm_err *err)
{
    int rc;

    static const struct shp_field bv_fields[] = {
        {"code_bv", OFTString, 10}, {"code_com", OFTString, 5}, {"num_bv", OFTInteger, 4},
        {"circo", OFTString, 5},    {"nom", OFTString, 80},     {NULL, OFTString, 0}};
    static const struct shp_field iris_fields[] = {
        {"CODE_IRIS", OFTString, 9}, {"INSEE_COM", OFTString, 5}, {"NOM_IRIS", OFTString, 80},
        {NULL, OFTString, 0}};
    const struct layer_spec bv = {"bureaux", bv_fields, w->n, w->b_order, &w->bcells,
                                  fill_bureau};
    const struct layer_spec iris = {"iris", iris_fields, w->m, w->i_order, &w->icells,
                                    fill_iris};

    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if ((rc = write_layer(w, dir, &bv, err)) == CM_OK)
        rc = write_layer(w, dir, &iris, err);
    CPLPopErrorHandler();
    return rc;
}
