/* render_tile.h - XYZ tile arithmetic in EPSG:3857 (render layer: pure math, no cairo).
 * Spherical Mercator on a sphere of radius 6378137 m; y of XYZ tiles grows southwards. */
#ifndef RENDER_TILE_H
#define RENDER_TILE_H

#define RENDER_EARTH_R 6378137.0
#define RENDER_ORIGIN 20037508.342789244 /* pi * R: half the width of the world in metres */
#define RENDER_MAX_LAT 85.0511287798066  /* latitude where the square world ends */
#define RENDER_ZMAX 20                    /* deepest zoom we accept */

struct render_bbox {
    double minx, miny, maxx, maxy;
};

/* Inclusive range of tiles at zoom z. */
struct render_tile_range {
    int z;
    long x0, y0, x1, y1;
};

/* Bounding box in EPSG:3857 metres of tile z/x/y. */
struct render_bbox render_tile_bbox(int z, long x, long y);
/* Metres per pixel of a 256 px tile at zoom z. */
double render_resolution(int z);
/* Project WGS84 lon/lat (degrees) to EPSG:3857; latitude is clamped to +-RENDER_MAX_LAT. */
void render_lonlat_to_3857(double lon, double lat, double *x, double *y);
/* Inverse of render_lonlat_to_3857. */
void render_3857_to_lonlat(double x, double y, double *lon, double *lat);
/* Tiles of zoom z that intersect b (EPSG:3857), clipped to the world. */
struct render_tile_range render_tile_range(const struct render_bbox *b, int z);
/* Number of tiles in r. */
long render_tile_range_count(const struct render_tile_range *r);
/* 1 if a and b overlap (touching edges do not count). */
int render_bbox_intersects(const struct render_bbox *a, const struct render_bbox *b);
/* Parse "z" or "z0-z1" into *z0, *z1 (0..RENDER_ZMAX, z0 <= z1); returns 0 or -1. */
int render_zoom_parse(const char *s, int *z0, int *z1);

#endif
