/* cli_ogr.c - the three entry points into GDAL/OGR code, loaded on first use (cli layer).
 * GDAL and the 56 libraries it pulls in took 0.03 s to load and relocate at the start of every
 * command (0.04 s -> 0.01 s for `coopmap --version`; 5 % of a national print), yet only the
 * contour import, `gen` and the GeoJSON/CSV/GPKG exports use them. Those objects are linked
 * into build/coopmap-ogr.so (the Makefile's OGR_OBJS, with -lgdal) beside the binary; coopmap
 * itself links this file instead, which dlopens the module and calls through. The unit tests
 * link the same objects statically and do not use this file. */
#include "calc.h"
#include "gen_int.h"
#include "import_ogr.h"

#include <dlfcn.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#define OGR_MODULE "coopmap-ogr.so"

/* The module's symbol name, or NULL with err set; the module stays loaded until exit. */
static void *
ogr_symbol(const char *name, struct cm_err *err)
{
    static void *module;
    char path[PATH_MAX];
    void *fn;

    if (module == NULL) {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - sizeof OGR_MODULE - 1);
        char *slash = NULL;
        if (n > 0) {
            path[n] = '\0';
            slash = strrchr(path, '/');
        }
        if (slash == NULL) {
            cm_err_set(err, CM_EIO, "cannot find the directory of the coopmap binary");
            return NULL;
        }
        memcpy(slash + 1, OGR_MODULE, sizeof OGR_MODULE);
        if ((module = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
            cm_err_set(err, CM_EIO, "cannot load %s (built by make beside coopmap): %s", path,
                       dlerror());
            return NULL;
        }
    }
    if ((fn = dlsym(module, name)) == NULL)
        cm_err_set(err, CM_EIO, "%s: no %s in it", OGR_MODULE, name);
    return fn;
}

int
import_contours(struct store *st, const struct import_contours_opts *o,
                struct import_report *rep, struct cm_err *err)
{
    int (*fn)(struct store *, const struct import_contours_opts *, struct import_report *,
              struct cm_err *);

    *(void **)&fn = ogr_symbol("import_contours", err);
    return fn ? fn(st, o, rep, err) : CM_EIO;
}

int
gen_shp_write(const struct gen_world *w, const char *dir, struct cm_err *err)
{
    int (*fn)(const struct gen_world *, const char *, struct cm_err *);

    *(void **)&fn = ogr_symbol("gen_shp_write", err);
    return fn ? fn(w, dir, err) : CM_EIO;
}

int
calc_rank_write_ogr(struct store *st, const struct calc_rank *r, const char *driver,
                    const char *path, struct cm_err *err)
{
    int (*fn)(struct store *, const struct calc_rank *, const char *, const char *,
              struct cm_err *);

    *(void **)&fn = ogr_symbol("calc_rank_write_ogr", err);
    return fn ? fn(st, r, driver, path, err) : CM_EIO;
}
