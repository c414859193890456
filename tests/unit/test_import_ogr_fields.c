/* test_import_ogr_fields.c - code field detection on every known layout, built as in-memory
 * OGR layers with the real field names and value types, and the override flags. */
#include "../tap.h"

#include "import_ogr_fields.h"

#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A one-feature layer: names[i] = values[i]; a value starting with '#' is an integer field. */
static OGRFeatureH
feature(GDALDatasetH ds, const char *const *names, const char *const *values, int n)
{
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, names[0], NULL, wkbPolygon, NULL);
    OGRFeatureH f;

    for (int i = 0; i < n; i++) {
        OGRFieldDefnH d = OGR_Fld_Create(names[i], values[i][0] == '#' ? OFTInteger : OFTString);
        OGR_L_CreateField(lyr, d, 0);
        OGR_Fld_Destroy(d);
    }
    f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    for (int i = 0; i < n; i++) {
        if (values[i][0] == '#')
            OGR_F_SetFieldInteger(f, i, atoi(values[i] + 1));
        else
            OGR_F_SetFieldString(f, i, values[i]);
    }
    return f;
}

/* Detect the layout of a one-feature layer and return its code (or the error) in out. */
static void
code_of(GDALDatasetH ds, const struct import_contours_opts *o, const char *const *names,
        const char *const *values, int n, char *out, size_t len)
{
    OGRFeatureH f = feature(ds, names, values, n);
    struct import_layout l;
    struct cm_err err = {0};
    char code[16], com[8];

    if (import_layout_detect(OGR_F_GetDefnRef(f), o, &l, &err) == CM_OK
        && import_layout_code(&l, f, code, com, &err) == CM_OK)
        snprintf(out, len, "%s %s", code, com);
    else
        snprintf(out, len, "error %d: %s", err.code, err.msg);
    OGR_F_Destroy(f);
}

#define N(a) ((int)(sizeof(a) / sizeof(a)[0]))
#define CHECK(opts, names, values, want, what)                                                 \
    do {                                                                                       \
        code_of(ds, opts, names, values, N(names), buf, sizeof buf);                           \
        is_str(buf, want, what);                                                               \
    } while (0)

int
main(void)
{
    GDALDatasetH ds;
    char buf[600];
    struct import_contours_opts bv = {0}, iris = {0}, o;

    GDALAllRegister();
    ds = GDALCreate(GDALGetDriverByName("Memory"), "", 0, 0, 0, GDT_Unknown, NULL);
    bv.path = iris.path = "f.shp";
    iris.iris = 1;
    {
        const char *n[] = {"codeDepartement", "codeCommune", "numeroBureauVote", "codeBureauVote"};
        const char *v[] = {"01", "01002", "0001", "01002_0001"};
        CHECK(&bv, n, v, "01002_0001 01002", "Etalab codeBureauVote");
    }
    {
        const char *n[] = {"arrdt", "num_bv", "id_bv", "code_bv", "code_com"};
        const char *v[] = {"#19", "#7", "19-7", "1907", "75056"};
        CHECK(&bv, n, v, "75056_1907 75056", "Paris code_com + code_bv");
    }
    {
        const char *n[] = {"objectid", "arrondissement", "num_bv", "id_bv"};
        const char *v[] = {"#4", "#19", "#7", "19-7"};
        CHECK(&bv, n, v, "75056_1907 75056", "Paris portal arrondissement 19 + num_bv 7");
    }
    {
        const char *n[] = {"OBJECTID", "DEPCO", "TITRE", "BVOTE"};
        const char *v[] = {"#78", "29019", "Bureau n° 76", "#76"};
        CHECK(&bv, n, v, "29019_0076 29019", "Brest DEPCO + integer BVOTE");
    }
    {
        const char *n[] = {"INSEE_COM", "CODE_BV"};
        const char *v[] = {"2A004", "12"};
        CHECK(&bv, n, v, "2A004_0012 2A004", "INSEE_COM + CODE_BV (Corsica)");
    }
    {
        const char *n[] = {"id_bv", "code_com"};
        const char *v[] = {"19-5", "75056"};
        CHECK(&bv, n, v, "75056_1905 75056", "code_com + id_bv 19-5");
    }
    {
        const char *n[] = {"id_bv", "lieu"};
        const char *v[] = {"29019_0102", "x"};
        CHECK(&bv, n, v, "29019_0102 29019", "id_bv alone, commune inside");
    }
    {
        const char *n[] = {"code_bv", "code_com", "num_bv", "circo", "nom"};
        const char *v[] = {"01001_0003", "01001", "#3", "01-02", "Arec bureau 3"};
        CHECK(&bv, n, v, "01001_0003 01001", "coopmap gen: code_bv holds the whole code");
    }
    {
        const char *n[] = {"objectid", "nom", "surface"};
        const char *v[] = {"#1", "x", "#3"};
        CHECK(&bv, n, v,
              "error -2: f.shp: no bureau code field recognised (fields: objectid, nom, surface);"
              " give --code-field F, or --commune-field F --bureau-field F, or --commune CODE"
              " --bureau-field F",
              "no layout: the error lists the fields and the flags");
    }
    o = bv, o.commune = "29019";
    {
        const char *n[] = {"Numero", "BVOTE"};
        const char *v[] = {"#1", "#8"};
        CHECK(&o, n, v, "29019_0008 29019", "--commune 29019 with a BVOTE field");
    }
    o = bv, o.commune = "29019", o.bureau_field = "Numero";
    {
        const char *n[] = {"Numero", "BVOTE"};
        const char *v[] = {"#5", "#8"};
        CHECK(&o, n, v, "29019_0005 29019", "--commune + --bureau-field Numero");
    }
    o = bv, o.code_field = "ID";
    {
        const char *n[] = {"ID", "code_com"};
        const char *v[] = {"04036_1", "75056"};
        CHECK(&o, n, v, "04036_0001 04036", "--code-field with the commune inside");
    }
    o = bv, o.commune_field = "com", o.bureau_field = "bv";
    {
        const char *n[] = {"com", "bv", "code_com", "code_bv"};
        const char *v[] = {"1002", "198A", "75056", "1907"};
        CHECK(&o, n, v, "01002_198A 01002", "--commune-field + --bureau-field beat the layouts");
    }
    o = bv, o.code_field = "nope";
    {
        const char *n[] = {"codeBureauVote"};
        const char *v[] = {"01002_0001"};
        CHECK(&o, n, v, "error -1: --code-field nope: no such field in the layer",
              "--code-field naming no field: usage error");
    }
    {
        const char *n[] = {"DEPCOM", "NOM_IRIS", "IRIS", "DCOMIRIS", "TYP_IRIS"};
        const char *v[] = {"75101", "Palais Royal", "0101", "751010101", "A"};
        CHECK(&iris, n, v, "751010101 75101", "IRIS DCOMIRIS + DEPCOM");
    }
    {
        const char *n[] = {"CODE_IRIS", "INSEE_COM", "NOM_IRIS"};
        const char *v[] = {"290190101", "29019", "x"};
        CHECK(&iris, n, v, "290190101 29019", "IRIS CODE_IRIS + INSEE_COM (coopmap gen)");
    }
    {
        const char *n[] = {"iris_code", "x"};
        const char *v[] = {"#10020000", "#1"};
        CHECK(&iris, n, v, "010020000 01002", "integer iris_code padded to 9, commune from it");
    }
    GDALClose(ds);
    return tap_done();
}
