/* import_ogr_write.c - writer thread of the contour import (import stage).
 * Reading (OGR, reprojection, GEOS) and writing (SQLite, R*Tree) cost about the same on a
 * national file; on two cores, overlapping them halves the wall time. Items cross in
 * batches under one mutex: the reader takes the lock once per IMPORT_BATCH items. */
#include "import_ogr_write.h"

#include "cm_buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_BATCH 128

struct import_writer {
    struct store *st;                /* borrowed; used by the thread only until the join */
    struct store_area_writer *sw;    /* owned */
    pthread_t thread;
    int started, joined;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct import_item *head, *tail; /* shared queue (under mu) */
    int closed;                      /* under mu */
    int failed;                      /* under mu */
    struct import_item *bhead, *btail; /* the reader's batch, not yet shared */
    size_t n_batch;
    struct cm_err err;               /* the thread's error */
    int rc;
    const char *source;              /* borrowed: file to hash */
    char sha256[65];
    int64_t *rowids;                 /* owned: by reader area index */
    size_t n_rowids;
};

struct import_item *
import_item_new(size_t n_polys, size_t n_rings, size_t n_pts)
{
    size_t off_xy = (sizeof(struct import_item) + 15) & ~(size_t)15;
    size_t off_int = off_xy + 2 * n_pts * sizeof(double);
    struct import_item *it = cm_xmalloc(off_int + (n_polys + n_rings) * sizeof(int));
    char *base = (char *)it;

    memset(it, 0, sizeof *it);
    it->xy = (double *)(void *)(base + off_xy);
    it->poly_nrings = (int *)(void *)(base + off_int);
    it->ring_npts = it->poly_nrings + n_polys;
    it->geom.n_polys = (int)n_polys;
    it->geom.xy = it->xy;
    it->geom.poly_nrings = it->poly_nrings;
    it->geom.ring_npts = it->ring_npts;
    return it;
}

void
import_item_free(struct import_item *it)
{
    if (it == NULL)
        return;
    free(it->label);
    free(it->extra);
    free(it);
}

static void
record_rowid(struct import_writer *w, size_t area, int64_t rowid)
{
    if (area >= w->n_rowids) {
        size_t n = cm_grow(w->n_rowids, area + 1);
        w->rowids = cm_xreallocarray(w->rowids, n, sizeof *w->rowids);
        memset(w->rowids + w->n_rowids, 0, (n - w->n_rowids) * sizeof *w->rowids);
        w->n_rowids = n;
    }
    w->rowids[area] = rowid;
}

static int
write_item(struct import_writer *w, const struct import_item *it)
{
    struct store_area a = {it->code, it->commune, it->label, it->extra, it->geom};
    int64_t rowid = 0;
    int rc;

    if (it->clear && (rc = store_area_clear_commune(w->sw, it->commune, &w->err)) != CM_OK)
        return rc;
    if ((rc = store_area_add(w->sw, &a, &rowid, &w->err)) != CM_OK)
        return rc;
    record_rowid(w, it->area, rowid);
    return CM_OK;
}

static void *
writer_main(void *arg)
{
    struct import_writer *w = arg;
    struct import_item *list, *next;

    /* hashing the input is as long as reading a tenth of it: done here, off the reader */
    w->rc = import_file_sha256(w->source, w->sha256, &w->err);
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (w->head == NULL && !w->closed)
            pthread_cond_wait(&w->cv, &w->mu);
        list = w->head;
        w->head = w->tail = NULL;
        if (list == NULL) { /* closed and drained */
            pthread_mutex_unlock(&w->mu);
            break;
        }
        pthread_mutex_unlock(&w->mu);
        for (; list; list = next) {
            next = list->next;
            if (w->rc == CM_OK && (w->rc = write_item(w, list)) != CM_OK) {
                pthread_mutex_lock(&w->mu);
                w->failed = 1;
                pthread_mutex_unlock(&w->mu);
            }
            import_item_free(list);
        }
    }
    return NULL;
}

int
import_writer_start(struct store *st, enum store_area_kind kind, int64_t set_id,
                    const char *source, long year, struct import_writer **w_out,
                    struct cm_err *err)
{
    struct import_writer *w = cm_xcalloc(1, sizeof *w);
    int rc;

    w->st = st;
    w->source = source;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if ((rc = store_area_writer_new(st, kind, set_id, source, year, &w->sw, err)) != CM_OK) {
        import_writer_free(w);
        return rc;
    }
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        import_writer_free(w);
        return cm_err_set(err, CM_EIO, "cannot start the writer thread");
    }
    w->started = 1;
    *w_out = w;
    return CM_OK;
}

static void
flush_batch(struct import_writer *w)
{
    if (w->bhead == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    if (w->tail)
        w->tail->next = w->bhead;
    else
        w->head = w->bhead;
    w->tail = w->btail;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    w->bhead = w->btail = NULL;
    w->n_batch = 0;
}

void
import_writer_push(struct import_writer *w, struct import_item *it)
{
    it->next = NULL;
    if (w->btail)
        w->btail->next = it;
    else
        w->bhead = it;
    w->btail = it;
    if (++w->n_batch >= IMPORT_BATCH)
        flush_batch(w);
}

int
import_writer_failed(struct import_writer *w)
{
    int f;

    pthread_mutex_lock(&w->mu);
    f = w->failed;
    pthread_mutex_unlock(&w->mu);
    return f;
}

int
import_writer_join(struct import_writer *w, struct cm_err *err)
{
    if (!w->joined && w->started) {
        flush_batch(w);
        pthread_mutex_lock(&w->mu);
        w->closed = 1;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->thread, NULL);
        w->joined = 1;
    }
    if (w->rc != CM_OK)
        return cm_err_set(err, w->rc, "%s", w->err.msg);
    return CM_OK;
}

const char *
import_writer_sha256(const struct import_writer *w)
{
    return w->sha256;
}

int64_t
import_writer_rowid(const struct import_writer *w, size_t area)
{
    return area < w->n_rowids ? w->rowids[area] : 0;
}

struct store_area_writer *
import_writer_store(struct import_writer *w)
{
    return w->sw;
}

void
import_writer_free(struct import_writer *w)
{
    struct import_item *next;

    if (w == NULL)
        return;
    import_writer_join(w, NULL);
    for (struct import_item *it = w->bhead; it; it = next) {
        next = it->next;
        import_item_free(it);
    }
    store_area_writer_free(w->sw);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w->rowids);
    free(w);
}
