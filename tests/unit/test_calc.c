/* test_calc.c - the pure formulas of the layers (potential, Pedersen, categories), bloc
 * matching, and a layer's round trip through the store (NAN kept as no data). */
#include "../tap.h"

#include "calc_geom.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
test_formulas(void)
{
    /* two bureaux by hand: left .5 -> .3, centre .3 -> .4, far right .1 -> .2; then equal */
    const double a1[7] = {0, .5, 0, .3, .1, .1, 0}, b1[7] = {0, .3, 0, .4, .1, .2, 0};
    const double a2[7] = {.1, .4, .1, .2, .1, .1, 0}, b2[7] = {.1, .4, .1, .2, .1, .1, 0};
    const double an[7] = {NAN, .5, 0, .3, .1, .1, 0};

    is_dbl(calc_po(1000, 600, 580, 145), 0.4 * 0.25, 1e-15, "PO = A/R x C/E");
    ok(isnan(calc_po(0, 0, 0, 0)), "R = 0: no data");
    ok(isnan(calc_po(100, 10, 0, 0)), "E = 0: no data");
    is_dbl(calc_po(100, 100, 90, 30), 0, 0, "no abstainers: 0");
    is_dbl(calc_pedersen(a1, b1, 7), 0.2, 1e-15, "Pedersen bureau 1 = (.2 + .1 + .1) / 2");
    is_dbl(calc_pedersen(a2, b2, 7), 0, 0, "Pedersen bureau 2: same shares = 0");
    ok(isnan(calc_pedersen(an, b1, 7)), "Pedersen with a missing share: no data");
    is_int((int)calc_category(6), 4, "+6 is stronghold");
    is_int((int)calc_category(5.999999), 3, "just under +6 is growth");
    is_int((int)calc_category(2), 3, "+2 is growth");
    is_int((int)calc_category(1.999999), 2, "just under +2 is mobilise");
    is_int((int)calc_category(-1), 2, "-1 is mobilise");
    is_int((int)calc_category(100 * (0.39 - 0.4)), 2, "-1 with floating point error is mobilise");
    is_int((int)calc_category(-1.000001), 1, "just under -1 is low");
    is_int((int)calc_category(-5), 1, "-5 is low");
    is_int((int)calc_category(-5.000001), 0, "under -5 is none");
    ok(isnan(calc_category(NAN)), "no data stays no data");
    is_str(calc_category_labels[4], "stronghold", "class 4 label");
}

static void
test_blocs(void)
{
    struct store_bloc_row rows[] = {
        {"candidate", "MELENCHON", NULL, "left", NULL},
        {"candidate", "LE PEN", NULL, "far_right", NULL},
        {"candidate", "PEN", NULL, "other", NULL},
        {"nuance", "FI", NULL, "left", NULL},
        {"nuance", "RN", NULL, "far_right", NULL},
    };
    char key[64];
    unsigned mask = 0;

    calc_norm_key("  Mélenchon / Jean-Luc ", key, sizeof key);
    is_str(key, "MELENCHON JEAN LUC", "normalised: upper, no accents, one space");
    calc_norm_key("DUPONT-AIGNAN", key, sizeof key);
    is_str(key, "DUPONT AIGNAN", "hyphen becomes a space");
    is_int(calc_bloc_match(rows, 5, 1, "MÉLENCHON", NULL), 1, "presidential surname, accented");
    is_int(calc_bloc_match(rows, 5, 1, "Jean-Luc Mélenchon", NULL), 1, "surname inside a full name");
    is_int(calc_bloc_match(rows, 5, 1, "LE PEN", NULL), 5, "longest key wins (LE PEN over PEN)");
    is_int(calc_bloc_match(rows, 5, 0, "Dupont Marie", "RN"), 5, "legislative: by nuance");
    is_int(calc_bloc_match(rows, 5, 0, "FI", NULL), 1, "large layout: column name is the nuance");
    is_int(calc_bloc_match(rows, 5, 1, "MELENCHONISTE", NULL), -1, "whole words only");
    is_int(calc_camp_parse("far_left, left,ecologist", &mask, NULL), CM_OK, "camp parsed");
    is_int((int)mask, 7, "camp mask = first three blocs");
    ok(calc_camp_parse("left,nope", &mask, NULL) == CM_EUSAGE, "unknown bloc refused");
    ok(calc_census_is_rate("DISP_MED18") && calc_census_is_rate("poverty_rate")
           && !calc_census_is_rate("C11_POP15P_CS6"),
       "rates and medians told from counts");
}

/* Our EPSG:3035 against PROJ's own transformation, from Brest to Strasbourg and Corsica. */
static void
test_laea(void)
{
    static const double pts[][2] = {{2.35, 48.85}, {-4.49, 48.39}, {7.75, 48.58},
                                    {9.15, 41.39}, {5.37, 43.30}, {-1.79, 43.36}};
    PJ *p = proj_create_crs_to_crs(NULL, "EPSG:4326", "EPSG:3035", NULL), *n;
    double worst = 0;

    if (!ok(p != NULL, "PROJ knows EPSG:4326 -> EPSG:3035"))
        return;
    n = proj_normalize_for_visualization(NULL, p);
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        PJ_COORD c = proj_trans(n, PJ_FWD, proj_coord(pts[i][0], pts[i][1], 0, 0));
        double x, y;
        calc_laea3035(pts[i][0], pts[i][1], &x, &y);
        worst = fmax(worst, fmax(fabs(x - c.xy.x), fabs(y - c.xy.y)));
    }
    is_dbl(worst, 0, 1e-3, "calc_laea3035 equals PROJ to the millimetre");
    proj_destroy(n);
    proj_destroy(p);
}

/* Area of a shell with a hole plus a triangle, read from WKB in both byte orders by
 * calc_geoms, against the same rings projected by PROJ and measured by GEOS from WKT. */
static void
test_wkb(void)
{
    static const double shell[][2] = {{2.30, 48.80}, {2.32, 48.80}, {2.32, 48.82}, {2.30, 48.82},
                                      {2.30, 48.80}};
    static const double hole[][2] = {{2.305, 48.805}, {2.31, 48.805}, {2.31, 48.81},
                                     {2.305, 48.81}, {2.305, 48.805}};
    static const double tri[][2] = {{2.40, 48.80}, {2.41, 48.80}, {2.41, 48.81}, {2.40, 48.80}};
    const double(*rings[3])[2] = {shell, hole, tri};
    const int len[3] = {5, 5, 4};
    const char *sep[3] = {"MULTIPOLYGON(((", "),(", ")),(("};
    PJ *p0 = proj_create_crs_to_crs(NULL, "EPSG:4326", "EPSG:3035", NULL);
    PJ *p = proj_normalize_for_visualization(NULL, p0);
    GEOSContextHandle_t gh = GEOS_init_r();
    GEOSWKTReader *wr = GEOSWKTReader_create_r(gh);
    GEOSWKBWriter *ww = GEOSWKBWriter_create_r(gh);
    char ll[1024] = "", xy[1024] = "";
    double want = 0;

    for (int r = 0; r < 3; r++) {
        strcat(ll, sep[r]), strcat(xy, sep[r]);
        for (int k = 0; k < len[r]; k++) {
            PJ_COORD c = proj_trans(p, PJ_FWD, proj_coord(rings[r][k][0], rings[r][k][1], 0, 0));
            char pt[96];
            snprintf(pt, sizeof pt, "%s%.9f %.9f", k ? "," : "", rings[r][k][0], rings[r][k][1]);
            strcat(ll, pt);
            snprintf(pt, sizeof pt, "%s%.6f %.6f", k ? "," : "", c.xy.x, c.xy.y);
            strcat(xy, pt);
        }
    }
    strcat(ll, ")))"), strcat(xy, ")))");
    GEOSGeometry *gw = GEOSWKTReader_read_r(gh, wr, xy), *gl = GEOSWKTReader_read_r(gh, wr, ll);
    GEOSArea_r(gh, gw, &want);
    for (int order = 0; order < 2; order++) {
        struct calc_geoms g = {0};
        size_t n;
        double got = 0;
        GEOSWKBWriter_setByteOrder_r(gh, ww, order ? GEOS_WKB_XDR : GEOS_WKB_NDR);
        unsigned char *wkb = GEOSWKBWriter_write_r(gh, ww, gl, &n);
        calc_geoms_add(&g, "75056_0001", wkb, n, NULL);
        calc_geoms_build(&g, 2);
        ok(g.geom[0] != NULL, order ? "big-endian WKB read" : "little-endian WKB read");
        if (g.geom[0])
            GEOSArea_r(gh, g.geom[0], &got);
        is_dbl(got / want, 1, 1e-9, "multipolygon with a hole: area as PROJ + GEOS");
        GEOSFree_r(gh, wkb);
        calc_geoms_free(&g, gh);
    }
    ok(want > 3e6 && want < 4e6, "the test polygon is about 3.5 km2");
    GEOSGeom_destroy_r(gh, gw), GEOSGeom_destroy_r(gh, gl);
    GEOSWKTReader_destroy_r(gh, wr), GEOSWKBWriter_destroy_r(gh, ww);
    GEOS_finish_r(gh);
    proj_destroy(p);
    proj_destroy(p0);
}

static void
test_roundtrip(void)
{
    char path[] = "/tmp/coopmap-test-calc-XXXXXX";
    char codes[3][STORE_CODE_LEN] = {"75056_0101", "75056_0102", "75056_0103"};
    double val[3] = {0.25, NAN, -0.0};
    struct calc_out o = {"potential", "potential", "t", "ratio", NULL, "f", "r", "2017", 0, "s"};
    struct calc_layer *l = NULL;
    struct store *st = NULL;
    size_t count = 0;
    int64_t v1;
    int fd = mkstemp(path);

    if (fd < 0)
        return;
    close(fd);
    unlink(path);
    is_int(store_open(path, 0, &st, NULL), CM_OK, "store created");
    is_int(calc_layer_load(st, "potential", &l, NULL), CM_ENOTFOUND, "never computed: ENOTFOUND");
    store_begin(st, NULL);
    is_int(calc_put(st, &o, 3, (const char(*)[STORE_CODE_LEN])codes, val, &count, NULL), CM_OK,
           "layer written");
    store_commit(st, NULL);
    is_int(calc_layer_load(st, "potential", &l, NULL), CM_OK, "layer loaded");
    is_int((long long)l->n, 3, "three bureaux");
    is_dbl(calc_layer_value(l, "75056_0101"), 0.25, 0, "value by code");
    ok(isnan(calc_layer_value(l, "75056_0102")), "no data comes back as NAN");
    ok(isnan(calc_layer_value(l, "75056_9999")), "unknown bureau is NAN");
    v1 = l->version;
    {
        char **names = NULL;
        size_t nn = 0;
        is_int(calc_layer_names(st, &names, &nn, NULL), CM_OK, "layer names listed");
        ok(nn == 1 && strcmp(names[0], "potential") == 0, "one layer: potential");
        for (size_t i = 0; i < nn; i++)
            free(names[i]);
        free(names);
    }
    ok(v1 > 0 && v1 < (1LL << 53), "version is a positive JSON-safe integer");
    calc_layer_free(l);
    val[0] = 0.26;
    store_begin(st, NULL);
    calc_put(st, &o, 3, (const char(*)[STORE_CODE_LEN])codes, val, &count, NULL);
    store_commit(st, NULL);
    calc_layer_load(st, "potential", &l, NULL);
    ok(l->version != v1, "a changed value changes the version");
    calc_layer_free(l);
    store_close(st);
    unlink(path);
}

int
main(void)
{
    test_formulas();
    test_blocs();
    test_laea();
    test_wkb();
    test_roundtrip();
    return tap_done();
}
