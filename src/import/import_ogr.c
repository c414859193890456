/* import_ogr.c - contours (bureaux, IRIS) from any OGR source into the store (import stage).
 * The file is checked (layer, CRS, code fields) before the store is touched; then, in one
 * transaction, this thread reads, reprojects and repairs features while a writer thread
 * (import_ogr_write.c) inserts each new area. A code met again later (Brest's split bureaux)
 * is gathered at the end and its row's geometry replaced. Any error rolls everything back. */
#include "import_ogr.h"

#include "cm_buf.h"
#include "cm_hash.h"
#include "cm_log.h"
#include "cm_progress.h"
#include "import_l93.h"
#include "import_ogr_fields.h"
#include "import_ogr_geom.h"
#include "import_ogr_write.h"
#include "store_contours.h"
#include "store_import.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum reproj { REPROJ_NONE, REPROJ_L93, REPROJ_PROJ };

struct area {
    char code[IMPORT_BUREAU_LEN + 1], commune[IMPORT_COMMUNE_LEN + 1];
    size_t first, last;    /* first and last feature (struct feat index) */
    size_t n_feats;
};

struct commune {
    char code[IMPORT_COMMUNE_LEN + 1]; /* first: the hash compares keys as strings */
    char *name;                        /* owned; NULL when the file has none */
};

struct feat {
    struct import_slice s;
    size_t next; /* next feature of the same area; SIZE_MAX ends */
};

struct imp {
    const struct import_contours_opts *o; /* borrowed */
    struct import_report *rep;            /* borrowed */
    GDALDatasetH ds;                      /* owned: GDALClose */
    OGRLayerH lyr;                        /* borrowed from ds */
    struct import_layout lay;
    enum reproj mode;
    PJ_CONTEXT *pctx;                     /* owned */
    PJ *pj;                               /* owned */
    GEOSContextHandle_t gc;               /* owned */
    struct import_arena arena;
    struct area *areas;                   /* owned */
    size_t n_areas, cap_areas;
    struct feat *feats;                   /* owned */
    size_t n_feats, cap_feats;
    size_t *slots, n_slots;               /* owned: hash of area codes, index + 1 */
    struct commune *communes;             /* owned: distinct communes met */
    size_t n_communes, cap_communes;
    size_t *cslots, n_cslots;             /* owned: hash of communes, index + 1 */
    struct import_writer *wr;             /* owned: the writer thread */
    size_t n_multi;                       /* areas made of several features */
};

static void
geos_quiet(const char *fmt, ...)
{
    (void)fmt;
}

/* "feature N" for reports: the FID when the source has one, else the sequence number. */
static const char *
feature_where(OGRFeatureH f, long seq, char *buf, size_t n)
{
    GIntBig fid = OGR_F_GetFID(f);

    snprintf(buf, n, "feature %lld", fid != OGRNullFID ? (long long)fid : (long long)seq);
    return buf;
}

static int
open_layer(struct imp *im, struct cm_err *err)
{
    const struct import_contours_opts *o = im->o;
    int n;

    if (access(o->path, R_OK) != 0)
        return cm_err_set(err, CM_EINPUT, "%s: cannot read the file", o->path);
    CPLErrorReset();
    im->ds = GDALOpenEx(o->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (im->ds == NULL)
        return cm_err_set(err, CM_EINPUT, "%s: not a readable vector file (%s)", o->path,
                          CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown format");
    n = GDALDatasetGetLayerCount(im->ds);
    if (o->layer) {
        if ((im->lyr = GDALDatasetGetLayerByName(im->ds, o->layer)) == NULL)
            return cm_err_set(err, CM_EUSAGE, "%s: no layer named '%s'", o->path, o->layer);
        return CM_OK;
    }
    if (n == 0)
        return cm_err_set(err, CM_EINPUT, "%s: no vector layer", o->path);
    if (n > 1) {
        struct cm_buf b;
        int rc;
        cm_buf_init(&b);
        for (int i = 0; i < n; i++)
            cm_buf_printf(&b, "%s%s", i ? ", " : "",
                          OGR_L_GetName(GDALDatasetGetLayer(im->ds, i)));
        rc = cm_err_set(err, CM_EUSAGE, "%s has %d layers (%s): choose one with --layer NAME",
                        o->path, n, b.data);
        cm_buf_cleanup(&b);
        return rc;
    }
    im->lyr = GDALDatasetGetLayer(im->ds, 0);
    return CM_OK;
}

static int
same_crs(OGRSpatialReferenceH a, int epsg)
{
    static const char *const opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                                       "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL};
    OGRSpatialReferenceH b = OSRNewSpatialReference(NULL);
    int same = OSRImportFromEPSG(b, epsg) == OGRERR_NONE && OSRIsSameEx(a, b, opts);

    OSRRelease(b);
    return same;
}

/* A PROJ pipeline from src to EPSG:4326, both in lon/lat (easting/northing) order. */
static int
proj_setup(struct imp *im, OGRSpatialReferenceH src, struct cm_err *err)
{
    static const char *const wkt_opts[] = {"FORMAT=WKT2_2018", NULL};
    char *wkt = NULL;
    PJ *s = NULL, *t = NULL, *raw = NULL;
    int rc = CM_OK;

    im->pctx = proj_context_create();
    if (OSRExportToWktEx(src, &wkt, wkt_opts) != OGRERR_NONE
        || (s = proj_create(im->pctx, wkt)) == NULL
        || (t = proj_create(im->pctx, "EPSG:4326")) == NULL
        || (raw = proj_create_crs_to_crs_from_pj(im->pctx, s, t, NULL, NULL)) == NULL
        || (im->pj = proj_normalize_for_visualization(im->pctx, raw)) == NULL)
        rc = cm_err_set(err, CM_EINPUT, "%s: no transformation from its CRS to EPSG:4326 (%s)",
                        im->o->path, proj_errno_string(proj_context_errno(im->pctx)));
    CPLFree(wkt);
    proj_destroy(s);
    proj_destroy(t);
    proj_destroy(raw);
    return rc;
}

static int
crs_setup(struct imp *im, struct cm_err *err)
{
    const struct import_contours_opts *o = im->o;
    OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(im->lyr), src = NULL; /* lsrs borrowed */
    int rc = CM_OK;

    if (o->s_srs) {
        src = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(src, o->s_srs) != OGRERR_NONE) {
            OSRRelease(src);
            return cm_err_set(err, CM_EUSAGE, "--s-srs %s: unknown CRS (try EPSG:2154)",
                              o->s_srs);
        }
    } else if (lsrs == NULL) {
        return cm_err_set(err, CM_EINPUT,
                          "%s: layer %s has no CRS (a shapefile without .prj, TopoJSON): give"
                          " it with --s-srs EPSG:NNNN (2154 Lambert-93, 4326 longitude/latitude)",
                          o->path, OGR_L_GetName(im->lyr));
    } else {
        src = OSRClone(lsrs);
    }
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    if (same_crs(src, 4326))
        im->mode = REPROJ_NONE;
    else if (same_crs(src, 2154))
        im->mode = REPROJ_L93;
    else if ((rc = proj_setup(im, src, err)) == CM_OK)
        im->mode = REPROJ_PROJ;
    OSRRelease(src);
    return rc;
}

/* Reproject a slice in place; 0 when every point came out finite. */
static int
reproject(struct imp *im, const struct import_slice *s)
{
    double *xy = im->arena.xy + 2 * s->pt0;

    if (im->mode == REPROJ_L93)
        import_l93_inverse(xy, s->n_pts);
    else if (im->mode == REPROJ_PROJ)
        proj_trans_generic(im->pj, PJ_FWD, xy, 16, s->n_pts, xy + 1, 16, s->n_pts, NULL, 0, 0,
                           NULL, 0, 0);
    for (size_t i = 0; i < 2 * s->n_pts; i++) {
        if (!isfinite(xy[i]) || fabs(xy[i]) > 360)
            return -1;
    }
    return 0;
}

static void
slots_grow(size_t **slots, size_t *n_slots, size_t n, const char *keys, size_t stride)
{
    if (2 * (n + 1) <= *n_slots)
        return;
    *n_slots = *n_slots ? 2 * *n_slots : 1024;
    free(*slots);
    *slots = cm_xcalloc(*n_slots, sizeof **slots);
    for (size_t k = 0; k < n; k++)
        *cm_slot_find(*slots, *n_slots, keys, stride, keys + k * stride) = k + 1;
}

/* Index of the area with this code, created (*created = 1) when new. */
static size_t
area_find(struct imp *im, const char *code, const char *commune, int *created)
{
    size_t *slot;

    slots_grow(&im->slots, &im->n_slots, im->n_areas, (const char *)im->areas, sizeof *im->areas);
    slot = cm_slot_find(im->slots, im->n_slots, (const char *)im->areas, sizeof *im->areas, code);
    *created = *slot == 0;
    if (*slot)
        return *slot - 1;
    if (im->n_areas == im->cap_areas) {
        im->cap_areas = cm_grow(im->cap_areas, im->n_areas + 1);
        im->areas = cm_xreallocarray(im->areas, im->cap_areas, sizeof *im->areas);
    }
    memset(&im->areas[im->n_areas], 0, sizeof *im->areas);
    strcpy(im->areas[im->n_areas].code, code);
    strcpy(im->areas[im->n_areas].commune, commune);
    *slot = im->n_areas + 1;
    return im->n_areas++;
}

static char *
field_dup(OGRFeatureH f, int i)
{
    const char *s;

    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    s = OGR_F_GetFieldAsString(f, i);
    return *s ? cm_xstrdup(s) : NULL;
}

/* Record a commune and its name (f's name field); 1 when it was not met before. */
static int
commune_add(struct imp *im, const char *commune, OGRFeatureH f)
{
    size_t *slot, stride = sizeof *im->communes;

    slots_grow(&im->cslots, &im->n_cslots, im->n_communes, (const char *)im->communes, stride);
    slot = cm_slot_find(im->cslots, im->n_cslots, (const char *)im->communes, stride, commune);
    if (*slot)
        return 0;
    if (im->n_communes == im->cap_communes) {
        im->cap_communes = cm_grow(im->cap_communes, im->n_communes + 1);
        im->communes = cm_xreallocarray(im->communes, im->cap_communes, stride);
    }
    strcpy(im->communes[im->n_communes].code, commune);
    im->communes[im->n_communes].name = field_dup(f, im->lay.f_cname);
    *slot = ++im->n_communes;
    return 1;
}

/* Hand a new area to the writer with a copy of its first feature's polygons. */
static void
push_area(struct imp *im, OGRFeatureH f, size_t a, const struct import_slice *s)
{
    const struct import_arena *ar = &im->arena;
    struct import_item *it = import_item_new(s->n_polys, s->n_rings, s->n_pts);

    memcpy(it->code, im->areas[a].code, sizeof it->code);
    memcpy(it->commune, im->areas[a].commune, sizeof it->commune);
    it->label = field_dup(f, im->lay.f_label);
    it->extra = field_dup(f, im->lay.f_extra);
    it->clear = commune_add(im, it->commune, f);
    it->area = a;
    memcpy(it->xy, ar->xy + 2 * s->pt0, 2 * s->n_pts * sizeof *it->xy);
    memcpy(it->poly_nrings, ar->poly_nrings + s->poly0, s->n_polys * sizeof(int));
    memcpy(it->ring_npts, ar->ring_npts + s->ring0, s->n_rings * sizeof(int));
    import_writer_push(im->wr, it);
}

static void
area_add_feature(struct imp *im, OGRFeatureH f, const char *code, const char *commune,
                 const struct import_slice *s)
{
    int created;
    size_t a = area_find(im, code, commune, &created), k;
    struct area *ar = &im->areas[a];

    if (im->n_feats == im->cap_feats) {
        im->cap_feats = cm_grow(im->cap_feats, im->n_feats + 1);
        im->feats = cm_xreallocarray(im->feats, im->cap_feats, sizeof *im->feats);
    }
    k = im->n_feats++;
    im->feats[k].s = *s;
    im->feats[k].next = SIZE_MAX;
    if (created) {
        ar->first = k;
        push_area(im, f, a, s);
    } else {
        im->feats[ar->last].next = k;
        if (ar->n_feats == 1)
            im->n_multi++;
    }
    ar->n_feats++;
    ar->last = k;
}

static void
reject(struct imp *im, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
reject(struct imp *im, const char *where, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    import_report_problem(im->rep, where, "%s: skipped", msg);
    im->rep->rejected++;
}

/* "feature N", formatted only for a feature with a problem */
#define WHERE feature_where(f, seq, where, sizeof where)

/* One feature: code, polygons, reprojection, validity, then its area. */
static void
read_feature(struct imp *im, OGRFeatureH f, long seq)
{
    char where[48], code[IMPORT_BUREAU_LEN + 1], commune[IMPORT_COMMUNE_LEN + 1];
    struct cm_err cerr = {0};
    OGRGeometryH g = OGR_F_GetGeometryRef(f); /* borrowed from f */
    struct import_slice s;
    enum import_geom_status st, chk;

    if (import_layout_code(&im->lay, f, code, commune, &cerr) != CM_OK)
        return reject(im, WHERE, "%s", cerr.msg);
    if (g == NULL || OGR_G_IsEmpty(g))
        return reject(im, WHERE, "%s has no geometry", code);
    st = import_geom_read(&im->arena, g, &s);
    if (st == IMPORT_GEOM_NOT_POLYGON)
        return reject(im, WHERE, "%s is a %s, not a polygon", code, OGR_G_GetGeometryName(g));
    if (st == IMPORT_GEOM_EMPTY) {
        import_arena_truncate(&im->arena, &s);
        return reject(im, WHERE, "%s: every ring has fewer than 4 points", code);
    }
    if (reproject(im, &s) != 0) {
        import_arena_truncate(&im->arena, &s);
        return reject(im, WHERE, "%s: coordinates outside the CRS's domain", code);
    }
    chk = import_geom_check(im->gc, &im->arena, &s);
    if (chk == IMPORT_GEOM_EMPTY) {
        import_arena_truncate(&im->arena, &s);
        return reject(im, WHERE, "%s: invalid geometry that cannot be repaired", code);
    }
    if (st == IMPORT_GEOM_REPAIRED || chk == IMPORT_GEOM_REPAIRED) {
        im->rep->repaired++;
        import_report_problem(im->rep, WHERE, "%s: invalid geometry repaired", code);
    }
    area_add_feature(im, f, code, commune, &s);
    im->rep->imported++;
}

static int
read_all(struct imp *im, struct cm_err *err)
{
    struct cm_progress bar;
    OGRFeatureH f;
    GIntBig total = OGR_L_GetFeatureCount(im->lyr, FALSE);
    long seq = 0;
    int rc = CM_OK;

    cm_progress_start(&bar, "reading", total > 0 ? (long)total : 0, im->o->quiet);
    OGR_L_ResetReading(im->lyr);
    for (;;) {
        CPLErrorReset();
        f = OGR_L_GetNextFeature(im->lyr); /* owned: OGR_F_Destroy */
        if (CPLGetLastErrorType() >= CE_Failure) {
            rc = cm_err_set(err, CM_EINPUT, "%s:feature %ld: read error: %s", im->o->path, seq,
                            CPLGetLastErrorMsg());
            OGR_F_Destroy(f);
            break;
        }
        if (f == NULL)
            break;
        im->rep->rows_read++;
        read_feature(im, f, seq++);
        OGR_F_Destroy(f);
        if ((seq & 1023) == 0) {
            cm_progress_update(&bar, seq);
            if (import_writer_failed(im->wr))
                break; /* the join reports why */
        }
    }
    cm_progress_end(&bar);
    return rc;
}

/* Areas met in several features: gather them into one MultiPolygon (merged where the parts
 * touch or overlap) and replace the geometry the writer stored from the first feature. */
static int
gather_multi(struct imp *im, struct store_area_writer *sw, struct cm_err *err)
{
    struct import_slice *parts = NULL, out;
    size_t cap = 0;
    int rc = CM_OK;

    for (size_t a = 0; a < im->n_areas && rc == CM_OK && im->n_multi; a++) {
        struct area *ar = &im->areas[a];
        size_t n = 0;
        if (ar->n_feats < 2)
            continue;
        if (ar->n_feats > cap) {
            cap = ar->n_feats;
            parts = cm_xreallocarray(parts, cap, sizeof *parts);
        }
        for (size_t k = ar->first; k != SIZE_MAX; k = im->feats[k].next)
            parts[n++] = im->feats[k].s;
        if (import_geom_gather(im->gc, &im->arena, parts, n, &out) == IMPORT_GEOM_EMPTY) {
            import_report_problem(im->rep, ar->code, "%zu features gather into nothing"
                                  " polygonal: the first one is kept", n);
            continue;
        }
        struct store_mpoly m = import_slice_mpoly(&im->arena, &out);
        rc = store_area_set_geom(sw, import_writer_rowid(im->wr, a), &m, err);
        import_arena_truncate(&im->arena, &out);
    }
    free(parts);
    return rc;
}

static int
cmp_commune(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Commune rows for every commune met, with their département: 3 characters overseas (97x),
 * else 2 (2A, 75). */
static int
add_communes(struct imp *im, struct store *st, struct cm_err *err)
{
    const char **codes = cm_xcalloc(im->n_communes + 1, sizeof *codes);
    const char **deps = cm_xcalloc(im->n_communes + 1, sizeof *deps);
    const char **names = cm_xcalloc(im->n_communes + 1, sizeof *names);
    char (*dep)[4] = cm_xcalloc(im->n_communes + 1, sizeof *dep);
    int rc;

    for (size_t i = 0; i < im->n_communes; i++) {
        const char *c = im->communes[i].code;
        memcpy(dep[i], c, strncmp(c, "97", 2) == 0 ? 3 : 2);
        codes[i] = c, deps[i] = dep[i], names[i] = im->communes[i].name;
    }
    rc = store_communes_add(st, codes, deps, names, im->n_communes, err);
    free(codes), free(deps), free(names), free(dep);
    return rc;
}

/* After the writer thread: gathering, communes, the set's metadata, the log. */
static int
write_end(struct imp *im, struct store *st, int64_t set_id, struct cm_err *err)
{
    struct import_report *rep = im->rep;
    struct store_area_writer *sw = import_writer_store(im->wr);
    struct store_import_log log = {rep->kind, rep->source, rep->sha256, NULL, rep->rows_read,
                                   rep->imported, rep->repaired, rep->rejected};
    struct store_contour_set set = {im->o->iris ? STORE_IRIS : STORE_BUREAU, im->o->path,
                                    rep->sha256, im->o->year, NULL, rep->imported,
                                    (long)im->n_areas};
    struct cm_buf csv;
    int rc;

    cm_buf_init(&csv);
    qsort(im->communes, im->n_communes, sizeof *im->communes, cmp_commune);
    for (size_t i = 0; i < im->n_communes; i++)
        cm_buf_printf(&csv, "%s%s", i ? "," : "", im->communes[i].code);
    set.communes = csv.data ? csv.data : "";
    if ((rc = gather_multi(im, sw, err)) != CM_OK
        || (rc = store_area_writer_finish(sw, err)) != CM_OK
        || (rc = store_contour_set_close(st, &set, set_id, err)) != CM_OK)
        goto out;
    if ((rc = add_communes(im, st, err)) == CM_OK)
        rc = store_import_log_add(st, &log, err);
out:
    cm_buf_cleanup(&csv);
    return rc;
}

/* The transaction: set, writer thread, features, then the end of the write. */
static int
import_tx(struct imp *im, struct store *st, struct cm_err *err)
{
    enum store_area_kind kind = im->o->iris ? STORE_IRIS : STORE_BUREAU;
    int64_t set_id = 0;
    double t[4];
    int rc, wrc;

    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_contour_set_open(st, kind, im->o->path, &set_id, err)) != CM_OK
        || (rc = import_writer_start(st, kind, set_id, im->o->path, im->o->year, &im->wr, err))
               != CM_OK)
        goto out;
    t[0] = cm_now();
    rc = read_all(im, err);
    t[1] = cm_now();
    wrc = import_writer_join(im->wr, err); /* the store is ours again */
    t[2] = cm_now();
    if (rc == CM_OK)
        rc = wrc;
    if (rc == CM_OK)
        memcpy(im->rep->sha256, import_writer_sha256(im->wr), sizeof im->rep->sha256);
    if (rc == CM_OK && im->n_areas == 0)
        rc = cm_err_set(err, CM_EINPUT, "%s: no usable feature (%ld read, %ld rejected)",
                        im->o->path, im->rep->rows_read, im->rep->rejected);
    if (rc == CM_OK)
        rc = write_end(im, st, set_id, err);
    t[3] = cm_now();
    if (rc == CM_OK)
        rc = store_commit(st, err);
    cm_log(CM_LOG_DEBUG, "import", "seconds: read %.3f, writer drain %.3f, gather + index %.3f,"
           " commit %.3f", t[1] - t[0], t[2] - t[1], t[3] - t[2], cm_now() - t[3]);
out:
    if (rc != CM_OK)
        store_rollback(st);
    return rc;
}

static void
imp_cleanup(struct imp *im)
{
    import_writer_free(im->wr);
    free(im->areas);
    for (size_t i = 0; i < im->n_communes; i++)
        free(im->communes[i].name);
    free(im->communes);
    free(im->cslots);
    free(im->feats);
    free(im->slots);
    import_arena_cleanup(&im->arena);
    proj_destroy(im->pj);
    if (im->pctx)
        proj_context_destroy(im->pctx);
    if (im->gc)
        GEOS_finish_r(im->gc);
    if (im->ds)
        GDALClose(im->ds);
}

static int
prepare(struct imp *im, struct cm_err *err)
{
    char **ignored;
    int rc;

    if ((rc = open_layer(im, err)) != CM_OK
        || (rc = import_layout_detect(OGR_L_GetLayerDefn(im->lyr), im->o, &im->lay, err))
               != CM_OK
        || (rc = crs_setup(im, err)) != CM_OK)
        return rc;
    /* attributes we do not need are not even decoded: a third of the read time on a .dbf */
    ignored = import_layout_ignored(OGR_L_GetLayerDefn(im->lyr), &im->lay);
    OGR_L_SetIgnoredFields(im->lyr, (const char **)ignored);
    CSLDestroy(ignored);
    return CM_OK;
}

int
import_contours(struct store *st, const struct import_contours_opts *o,
                struct import_report *rep, struct cm_err *err)
{
    struct imp im = {0};
    double t0 = cm_now();
    int rc;

    im.o = o;
    im.rep = rep;
    import_arena_init(&im.arena);
    im.gc = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(im.gc, geos_quiet);
    GEOSContext_setErrorHandler_r(im.gc, geos_quiet);
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if ((rc = prepare(&im, err)) == CM_OK)
        rc = import_tx(&im, st, err);
    if (rc == CM_OK || rep->rows_read > 0)
        import_report_note(rep, "layout: %s; %s; %zu %s from %ld features", im.lay.name,
                           im.mode == REPROJ_L93    ? "Lambert-93 inverse"
                           : im.mode == REPROJ_PROJ ? "reprojected with PROJ"
                                                    : "already EPSG:4326",
                           im.n_areas, o->iris ? "IRIS" : "bureaux", rep->imported);
    cm_log(CM_LOG_DEBUG, "import", "%s: %.3f s", o->path, cm_now() - t0);
    CPLPopErrorHandler();
    imp_cleanup(&im);
    return rc;
}
