/* store_rtree.c - bulk (re)build of a SpatiaLite R*Tree index by Sort-Tile-Recursive packing
 * (store layer). Inserting 70k boxes one by one costs 0.5 s: each insert rewrites its leaf
 * node and often splits. Here every box is sorted once and the nodes are written directly in
 * SQLite's R*Tree format (ext/rtree/rtree.c: node = 2-byte depth (root only), 2-byte cell
 * count, cells of 8-byte rowid + 4 big-endian floats, min rounded down and max up), with the
 * _rowid and _parent shadow tables. rtreecheck() in tests/10-import-contours.t checks it. */
#include "store_rtree.h"

#include "cm_buf.h"
#include "store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RTREE_CELL 24 /* rowid + 4 floats */

struct cell {
    int64_t id;     /* rowid (leaf) or child node number */
    float box[4];   /* xmin, xmax, ymin, ymax */
};

struct level {
    struct cell *cells; /* owned */
    size_t n;
};

static void
put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void
put_cell(unsigned char *p, const struct cell *c)
{
    uint64_t id = (uint64_t)c->id;
    uint32_t u;

    put_be32(p, (uint32_t)(id >> 32));
    put_be32(p + 4, (uint32_t)id);
    for (int k = 0; k < 4; k++) {
        memcpy(&u, &c->box[k], 4);
        put_be32(p + 8 + 4 * k, u);
    }
}

/* A float box that contains the double box (min rounded down, max rounded up). */
static void
box_round(const double *mbr, float *box)
{
    const double d[4] = {mbr[0], mbr[2], mbr[1], mbr[3]}; /* xmin xmax ymin ymax */

    for (int k = 0; k < 4; k++) {
        float f = (float)d[k];
        if ((k % 2 == 0 && f > d[k]) || (k % 2 == 1 && f < d[k]))
            f = nextafterf(f, k % 2 == 0 ? -INFINITY : INFINITY);
        box[k] = f;
    }
}

static int
cmp_x(const void *a, const void *b)
{
    const float *p = ((const struct cell *)a)->box, *q = ((const struct cell *)b)->box;
    float x = p[0] + p[1], y = q[0] + q[1];

    return (x > y) - (x < y);
}

static int
cmp_y(const void *a, const void *b)
{
    const float *p = ((const struct cell *)a)->box, *q = ((const struct cell *)b)->box;
    float x = p[2] + p[3], y = q[2] + q[3];

    return (x > y) - (x < y);
}

/* STR order: vertical slabs by x centre, each sorted by y centre. */
static void
str_sort(struct cell *c, size_t n, size_t per_node)
{
    size_t leaves = (n + per_node - 1) / per_node;
    size_t slabs = (size_t)ceil(sqrt((double)leaves)), slab = slabs * per_node;

    qsort(c, n, sizeof *c, cmp_x);
    for (size_t i = 0; i < n; i += slab)
        qsort(c + i, n - i < slab ? n - i : slab, sizeof *c, cmp_y);
}

struct writer {
    struct store *st;
    sqlite3_stmt *node, *rowid, *parent; /* owned */
    unsigned char *blob;                 /* owned: one node */
    int node_size, per_node;
    int64_t next_node;
};

/* Write the nodes holding cells c[0..n-1] at depth; returns the level above in *up. */
static int
write_level(struct writer *w, const struct cell *c, size_t n, int depth, int is_root,
            struct level *up, struct cm_err *err)
{
    size_t nn = is_root ? 1 : (n + (size_t)w->per_node - 1) / (size_t)w->per_node;
    int rc = CM_OK;

    up->cells = cm_xcalloc(nn ? nn : 1, sizeof *up->cells);
    up->n = nn;
    for (size_t k = 0; k < nn && rc == CM_OK; k++) {
        size_t i0 = k * (size_t)w->per_node;
        size_t i1 = i0 + (size_t)w->per_node < n ? i0 + (size_t)w->per_node : n;
        int64_t no = is_root ? 1 : w->next_node++;
        struct cell *u = &up->cells[k];
        memset(w->blob, 0, (size_t)w->node_size);
        w->blob[0] = (unsigned char)(is_root ? depth >> 8 : 0);
        w->blob[1] = (unsigned char)(is_root ? depth : 0);
        w->blob[2] = (unsigned char)((i1 - i0) >> 8), w->blob[3] = (unsigned char)(i1 - i0);
        u->id = no;
        for (size_t i = i0; i < i1; i++) {
            put_cell(w->blob + 4 + RTREE_CELL * (i - i0), &c[i]);
            for (int b = 0; b < 4; b++) {
                if (i == i0 || (b % 2 == 0 ? c[i].box[b] < u->box[b] : c[i].box[b] > u->box[b]))
                    u->box[b] = c[i].box[b];
            }
            /* a leaf maps each rowid to its node; an inner node is each child's parent */
            sqlite3_stmt *s = depth == 0 ? w->rowid : w->parent;
            sqlite3_bind_int64(s, 1, c[i].id);
            sqlite3_bind_int64(s, 2, no);
            if ((rc = store_step_done(w->st, s, "R*Tree map", err)) != CM_OK)
                return rc;
        }
        sqlite3_bind_int64(w->node, 1, no);
        sqlite3_bind_blob(w->node, 2, w->blob, w->node_size, SQLITE_STATIC);
        rc = store_step_done(w->st, w->node, "R*Tree node", err);
    }
    return rc;
}

/* Pack cells (sorted in place) into a tree whose root is node 1. */
static int
pack(struct writer *w, struct cell *cells, size_t n, struct cm_err *err)
{
    struct level cur = {cells, n}, up = {NULL, 0};
    int depth = 0, rc = CM_OK, owned = 0;

    for (;;) {
        int is_root = cur.n <= (size_t)w->per_node;
        if (!is_root)
            str_sort(cur.cells, cur.n, (size_t)w->per_node);
        rc = write_level(w, cur.cells, cur.n, depth, is_root, &up, err);
        if (owned)
            free(cur.cells);
        cur = up, owned = 1, depth++;
        if (rc != CM_OK || is_root)
            break;
    }
    free(cur.cells);
    return rc;
}

/* Every box the index holds for a row still in table, plus the new ones. */
static int
collect(struct store *st, const char *table, const char *rtree, const struct store_box *add,
        size_t n_add, struct cell **out, size_t *n_out, struct cm_err *err)
{
    sqlite3_stmt *sel = NULL;
    char *sql = sqlite3_mprintf("SELECT i.* FROM \"%w\" i WHERE EXISTS"
                                " (SELECT 1 FROM \"%w\" t WHERE t.rowid = i.pkid)", rtree, table);
    size_t n = 0, cap = n_add + 1024;
    struct cell *c = cm_xcalloc(cap, sizeof *c);
    int rc = store_prepare(st, sql, &sel, err), step;

    sqlite3_free(sql);
    while (rc == CM_OK && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        if (n == cap)
            c = cm_xreallocarray(c, cap = cm_grow(cap, n + 1), sizeof *c);
        c[n].id = sqlite3_column_int64(sel, 0);
        for (int k = 0; k < 4; k++)
            c[n].box[k] = (float)sqlite3_column_double(sel, k + 1); /* already floats */
        n++;
    }
    if (rc == CM_OK && step != SQLITE_DONE)
        rc = cm_err_set(err, CM_EDB, "read %s: %s", rtree, sqlite3_errmsg(st->db));
    sqlite3_finalize(sel);
    if (n + n_add > cap)
        c = cm_xreallocarray(c, cap = n + n_add, sizeof *c);
    for (size_t i = 0; i < n_add; i++, n++) {
        c[n].id = add[i].rowid;
        box_round(add[i].mbr, c[n].box);
    }
    *out = c;
    *n_out = n;
    return rc;
}

int
store_rtree_rebuild(struct store *st, const char *table, const struct store_box *add,
                    size_t n_add, struct cm_err *err)
{
    char rtree[64];
    struct writer w = {st, NULL, NULL, NULL, NULL, 0, 0, 2};
    struct cell *cells = NULL;
    size_t n = 0;
    int64_t size = 0;
    char *sql;
    int rc;

    snprintf(rtree, sizeof rtree, "idx_%s_geom", table);
    sql = sqlite3_mprintf("SELECT length(data) FROM \"%w_node\" WHERE nodeno = 1", rtree);
    rc = store_query_int64(st, sql, &size, err);
    sqlite3_free(sql);
    if (rc != CM_OK)
        return rc;
    if (size < 4 + RTREE_CELL * 2)
        return cm_err_set(err, CM_EDB, "%s: unexpected R*Tree node size %lld", rtree,
                          (long long)size);
    w.node_size = (int)size;
    w.per_node = (int)((size - 4) / RTREE_CELL);
    if ((rc = collect(st, table, rtree, add, n_add, &cells, &n, err)) != CM_OK)
        goto out;
    sql = sqlite3_mprintf("DELETE FROM \"%w_node\"; DELETE FROM \"%w_rowid\";"
                          " DELETE FROM \"%w_parent\";", rtree, rtree, rtree);
    rc = store_exec(st, sql, "clear R*Tree", err);
    sqlite3_free(sql);
    if (rc != CM_OK)
        goto out;
    w.blob = cm_xmalloc((size_t)size);
#define PREP(stmt, fmt)                                                                        \
    do {                                                                                       \
        sql = sqlite3_mprintf(fmt, rtree);                                                     \
        rc = store_prepare(st, sql, &(stmt), err);                                             \
        sqlite3_free(sql);                                                                     \
        if (rc != CM_OK)                                                                       \
            goto out;                                                                          \
    } while (0)
    PREP(w.node, "INSERT INTO \"%w_node\"(nodeno, data) VALUES (?, ?)");
    PREP(w.rowid, "INSERT INTO \"%w_rowid\"(rowid, nodeno) VALUES (?, ?)");
    PREP(w.parent, "INSERT INTO \"%w_parent\"(nodeno, parentnode) VALUES (?, ?)");
#undef PREP
    rc = pack(&w, cells, n, err);
out:
    free(cells);
    free(w.blob);
    sqlite3_finalize(w.node);
    sqlite3_finalize(w.rowid);
    sqlite3_finalize(w.parent);
    return rc;
}
