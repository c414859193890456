/* render_tile.c - XYZ tile arithmetic in EPSG:3857 (render layer). */
#include "render_tile.h"

#include <math.h>
#include <stdlib.h>

struct render_bbox
render_tile_bbox(int z, long x, long y)
{
    double size = 2.0 * RENDER_ORIGIN / (double)(1L << z);
    struct render_bbox b;

    b.minx = -RENDER_ORIGIN + (double)x * size;
    b.maxx = b.minx + size;
    b.maxy = RENDER_ORIGIN - (double)y * size;
    b.miny = b.maxy - size;
    return b;
}

double
render_resolution(int z)
{
    return 2.0 * RENDER_ORIGIN / 256.0 / ldexp(1.0, z);
}

void
render_lonlat_to_3857(double lon, double lat, double *x, double *y)
{
    if (lat > RENDER_MAX_LAT)
        lat = RENDER_MAX_LAT;
    if (lat < -RENDER_MAX_LAT)
        lat = -RENDER_MAX_LAT;
    *x = RENDER_EARTH_R * lon * M_PI / 180.0;
    *y = RENDER_EARTH_R * log(tan(M_PI / 4.0 + lat * M_PI / 360.0));
}

void
render_3857_to_lonlat(double x, double y, double *lon, double *lat)
{
    *lon = x / RENDER_EARTH_R * 180.0 / M_PI;
    *lat = (2.0 * atan(exp(y / RENDER_EARTH_R)) - M_PI / 2.0) * 180.0 / M_PI;
}

static long
clampl(long v, long lo, long hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

struct render_tile_range
render_tile_range(const struct render_bbox *b, int z)
{
    double n = ldexp(1.0, z), w = 2.0 * RENDER_ORIGIN;
    struct render_tile_range r;

    r.z = z;
    /* The max edge uses ceil - 1 so a box ending exactly on a tile edge does not pull in the
     * next tile. */
    r.x0 = clampl((long)floor((b->minx + RENDER_ORIGIN) / w * n), 0, (long)n - 1);
    r.x1 = clampl((long)ceil((b->maxx + RENDER_ORIGIN) / w * n) - 1, 0, (long)n - 1);
    r.y0 = clampl((long)floor((RENDER_ORIGIN - b->maxy) / w * n), 0, (long)n - 1);
    r.y1 = clampl((long)ceil((RENDER_ORIGIN - b->miny) / w * n) - 1, 0, (long)n - 1);
    if (r.x1 < r.x0)
        r.x1 = r.x0;
    if (r.y1 < r.y0)
        r.y1 = r.y0;
    return r;
}

long
render_tile_range_count(const struct render_tile_range *r)
{
    return (r->x1 - r->x0 + 1) * (r->y1 - r->y0 + 1);
}

int
render_bbox_intersects(const struct render_bbox *a, const struct render_bbox *b)
{
    return a->minx < b->maxx && b->minx < a->maxx && a->miny < b->maxy && b->miny < a->maxy;
}

int
render_zoom_parse(const char *s, int *z0, int *z1)
{
    char *end;
    long a, b;

    a = strtol(s, &end, 10);
    if (end == s)
        return -1;
    b = a;
    if (*end == '-') {
        const char *p = end + 1;
        b = strtol(p, &end, 10);
        if (end == p)
            return -1;
    }
    if (*end != '\0' || a < 0 || b > RENDER_ZMAX || a > b)
        return -1;
    *z0 = (int)a;
    *z1 = (int)b;
    return 0;
}
