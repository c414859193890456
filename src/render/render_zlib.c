/* render_zlib.c - the deflate level of cairo's PDF streams (render layer).
 * cairo has no setting for it: every PDF content stream is opened with deflateInit() at zlib's
 * default level (6), and deflate was a third of `coopmap print`. On the content stream of the
 * 70,000-bureau A3 map (6.2 MB of path text): level 6 takes 0.276 s for 1.31 MB, level 4
 * 0.072 s for 1.38 MB, level 2 0.052 s for 1.65 MB, level 1 0.046 s for 1.71 MB; the whole
 * print went from 0.89 s to 0.59 s at level 4 and 0.56 s at level 2. Level 2: the map prints
 * at once and the file stays smaller than Mapnik's 2.5 MB for the same map.
 * This definition comes before libz's in the dynamic linker's search (the Makefile links it
 * into coopmap with --undefined=deflateInit_), so callers asking for the default level get
 * level 2; a caller naming a level keeps it (libpng and GDAL use deflateInit2 or name one).
 * The stream format is unchanged: any reader inflates it. */
#include <zlib.h>

/* The level used when a caller asks for Z_DEFAULT_COMPRESSION. */
#define RENDER_ZLIB_DEFAULT_LEVEL 2

/* zlib's deflateInit() macro expands to this; same contract as zlib's own. */
int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);

int
deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    if (level == Z_DEFAULT_COMPRESSION)
        level = RENDER_ZLIB_DEFAULT_LEVEL;
    /* what zlib's own deflateInit_ does, with its default window and memory level */
    return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version,
                         stream_size);
}
