/* test_import_ogr_store.c - the store side of contour imports: SpatiaLite blobs written
 * directly, the bulk-built R*Tree, replace-by-commune, set reuse, trigger restoration.
 * Checked through SpatiaLite's own SQL functions on a second connection. */
#include "../tap.h"

#include "store.h"
#include "store_contours.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static sqlite3 *
peek_open(const char *path)
{
    sqlite3 *db = NULL;

    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_enable_load_extension(db, 1);
    sqlite3_exec(db, "SELECT load_extension('mod_spatialite')", NULL, NULL, NULL);
    return db;
}

/* First column of the first row as text into buf. */
static const char *
q(sqlite3 *db, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *s = NULL;

    snprintf(buf, n, "(error)");
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        snprintf(buf, n, "%s",
                 sqlite3_column_text(s, 0) ? (const char *)sqlite3_column_text(s, 0) : "NULL");
    else
        printf("# %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return buf;
}

/* A square of side d at (x, y), with a square hole when hole != 0. */
struct square {
    int nrings[1], npts[2];
    double xy[20];
};

static struct store_mpoly
square(struct square *s, double x, double y, double d, int hole)
{
    const double ring[10] = {x, y, x + d, y, x + d, y + d, x, y + d, x, y};
    const double in[10] = {x + d / 4, y + d / 4, x + d / 4, y + d / 2, x + d / 2,
                           y + d / 2, x + d / 2, y + d / 4, x + d / 4, y + d / 4};
    struct store_mpoly m;

    for (int i = 0; i < 10; i++)
        s->xy[i] = ring[i], s->xy[10 + i] = in[i];
    s->nrings[0] = hole ? 2 : 1;
    s->npts[0] = s->npts[1] = 5;
    m.n_polys = 1, m.poly_nrings = s->nrings, m.ring_npts = s->npts, m.xy = s->xy;
    return m;
}

/* One import of n squares for commune com (codes com_0001...), from source src. */
static int
load(struct store *st, const char *src, const char *com, int n, double x0)
{
    struct cm_err err = {0};
    struct store_area_writer *w = NULL;
    struct store_contour_set set = {STORE_BUREAU, src, "00", 0, com, n, n};
    int64_t id = 0;
    int rc;

    if ((rc = store_begin(st, &err))
        || (rc = store_contour_set_open(st, STORE_BUREAU, src, &id, &err))
        || (rc = store_area_writer_new(st, STORE_BUREAU, id, src, 2017, &w, &err)))
        goto out;
    rc = store_area_clear_commune(w, com, &err);
    for (int i = 0; i < n && rc == CM_OK; i++) {
        char code[16];
        struct square sq;
        struct store_area a = {
            code, com, "label", NULL,
            square(&sq, x0 + (i % 40) * 0.01, 45 + (i / 40) * 0.01, 0.01, i == 0)};
        snprintf(code, sizeof code, "%s_%04d", com, i + 1);
        rc = store_area_add(w, &a, NULL, &err);
    }
    if (rc == CM_OK && (rc = store_area_writer_finish(w, &err)) == CM_OK
        && (rc = store_contour_set_close(st, &set, id, &err)) == CM_OK)
        rc = store_commit(st, &err);
out:
    if (rc)
        printf("# load: %s\n", err.msg);
    store_area_writer_free(w);
    store_rollback(st);
    return rc;
}

int
main(void)
{
    char path[] = "/tmp/coopmap-test-contours-XXXXXX", b[256];
    struct cm_err err = {0};
    struct store *st = NULL;
    sqlite3 *db;
    int fd = mkstemp(path);

    if (fd < 0)
        return 1;
    close(fd);
    unlink(path);
    is_int(store_open(path, 0, &st, &err), CM_OK, "store created");
    is_int(load(st, "a.shp", "01001", 3000, 2.0), CM_OK, "3000 squares of 01001 from a.shp");
    is_int(load(st, "b.shp", "01002", 50, 3.0), CM_OK, "50 squares of 01002 from b.shp");
    db = peek_open(path);
    is_str(q(db, "SELECT AsText(geom) FROM bureau WHERE code = '01001_0001'", b, sizeof b),
           "MULTIPOLYGON(((2 45, 2.01 45, 2.01 45.01, 2 45.01, 2 45), (2.0025 45.0025, 2.0025 "
           "45.005, 2.005 45.005, 2.005 45.0025, 2.0025 45.0025)))",
           "direct blob reads back as the MultiPolygon with its hole");
    is_str(q(db,
             "SELECT count(*) FROM bureau WHERE ST_IsValid(geom) AND ST_Srid(geom) = 4326"
             " AND GeometryType(geom) = 'MULTIPOLYGON'",
             b, sizeof b),
           "3050", "every blob is a valid MULTIPOLYGON 4326");
    is_str(q(db,
             "SELECT MbrMaxX(geom) || ' ' || MbrMaxY(geom) FROM bureau WHERE code = '01002_0050'",
             b, sizeof b),
           "3.1 45.02", "blob MBR");
    is_str(q(db, "SELECT rtreecheck('idx_bureau_geom')", b, sizeof b), "ok", "R*Tree sound");
    is_str(q(db,
             "SELECT count(*) FROM idx_bureau_geom i JOIN bureau b ON b.id = i.pkid"
             " WHERE i.xmin <= MbrMinX(b.geom) AND i.xmax >= MbrMaxX(b.geom)"
             " AND i.ymin <= MbrMinY(b.geom) AND i.ymax >= MbrMaxY(b.geom)",
             b, sizeof b),
           "3050", "one box per row, containing its geometry");
    is_str(q(db,
             "SELECT group_concat(code) FROM bureau WHERE id IN (SELECT rowid FROM SpatialIndex"
             " WHERE f_table_name = 'bureau' AND search_frame = MakePoint(3.015, 45.005, 4326))"
             " AND ST_Contains(geom, MakePoint(3.015, 45.005, 4326))",
             b, sizeof b),
           "01002_0002", "SpatialIndex query through the packed tree");
    is_str(q(db,
             "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bureau'", b,
             sizeof b),
           "8", "the eight SpatiaLite triggers are back");
    sqlite3_close(db);

    /* re-import a.shp with fewer rows: same set id, old rows gone; b.shp untouched */
    is_int(load(st, "a.shp", "01001", 10, 2.0), CM_OK, "a.shp again with 10 squares");
    db = peek_open(path);
    is_str(q(db, "SELECT group_concat(id || ':' || source || ':' || n_areas, ' ') FROM contour_set",
             b, sizeof b),
           "1:a.shp:10 2:b.shp:50", "set ids kept, counts replaced");
    is_str(q(db, "SELECT count(*) || ' ' || (SELECT count(*) FROM idx_bureau_geom) FROM bureau", b,
             sizeof b),
           "60 60", "60 rows and 60 index entries");
    is_str(q(db, "SELECT rtreecheck('idx_bureau_geom')", b, sizeof b), "ok", "R*Tree still sound");
    sqlite3_close(db);

    /* another source covering 01002 replaces b.shp's areas; the emptied set disappears */
    is_int(load(st, "c.shp", "01002", 5, 3.0), CM_OK, "c.shp covers 01002");
    db = peek_open(path);
    is_str(q(db, "SELECT group_concat(source, ' ') FROM contour_set", b, sizeof b), "a.shp c.shp",
           "b.shp's set deleted once empty");
    is_str(q(db, "SELECT count(*) FROM bureau WHERE commune = '01002'", b, sizeof b), "5",
           "01002 now holds c.shp's 5 areas");
    is_str(q(db,
             "SELECT rtreecheck('idx_bureau_geom') || ' ' || (SELECT count(*) FROM"
             " idx_bureau_geom) || ' ' || (SELECT count(*) FROM idx_bureau_geom i JOIN bureau b"
             " ON b.id = i.pkid)",
             b, sizeof b),
           "ok 15 15", "no index entry left for the deleted rows");
    is_str(q(db,
             "SELECT last_delete IS NOT NULL AND last_insert IS NOT NULL FROM"
             " geometry_columns_time WHERE f_table_name = 'bureau'",
             b, sizeof b),
           "1", "geometry_columns_time stamped once for the load");
    sqlite3_close(db);
    store_close(st);
    unlink(path);
    snprintf(b, sizeof b, "%s-wal", path), unlink(b);
    snprintf(b, sizeof b, "%s-shm", path), unlink(b);
    return tap_done();
}
