/* test_import_l93.c - the direct Lambert-93 inverse agrees with PROJ over metropolitan France. */
#include "../tap.h"
#include "import_l93.h"

#include <proj.h>

int
main(void)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(ctx, "EPSG:2154", "EPSG:4326", NULL);
    PJ *pj = raw ? proj_normalize_for_visualization(ctx, raw) : NULL;
    double worst = 0, xy[2];
    int n = 0;

    ok(pj != NULL, "PROJ builds EPSG:2154 -> EPSG:4326");
    if (pj == NULL)
        return tap_done();
    /* a grid over the projection's domain (Corsica to Dunkirk, Brest to Strasbourg) */
    for (double x = 80000; x <= 1250000; x += 9750) {
        for (double y = 6030000; y <= 7140000; y += 9250) {
            PJ_COORD c = proj_coord(x, y, 0, 0), g;
            double d;
            xy[0] = x, xy[1] = y;
            import_l93_inverse(xy, 1);
            g = proj_trans(pj, PJ_FWD, c);
            d = fmax(fabs(g.xy.x - xy[0]), fabs(g.xy.y - xy[1]));
            if (d > worst)
                worst = d;
            n++;
        }
    }
    ok(n > 10000, "grid of more than 10 000 points");
    is_dbl(worst, 0, 1e-9, "largest difference from PROJ below 1e-9 degree");
    printf("# worst difference %.3g degree over %d points\n", worst, n);
    /* a known point: the projection origin */
    xy[0] = 700000, xy[1] = 6600000;
    import_l93_inverse(xy, 1);
    is_dbl(xy[0], 3.0, 1e-10, "origin longitude 3 E");
    is_dbl(xy[1], 46.5, 1e-10, "origin latitude 46.5 N");
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    return tap_done();
}
