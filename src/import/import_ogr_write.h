/* import_ogr_write.h - the store side of a contour import, on its own thread (import stage):
 * while the reader decodes, reprojects and checks features, the writer inserts the finished
 * areas. The store connection is used by the writer thread only until import_writer_join. */
#ifndef IMPORT_OGR_WRITE_H
#define IMPORT_OGR_WRITE_H

#include "import_codes.h"
#include "import_report.h"
#include "store_contours.h"

#include <stddef.h>
#include <stdint.h>

/* One area to insert, with its own copy of the coordinates (one allocation: free()). */
struct import_item {
    struct import_item *next;
    char code[IMPORT_BUREAU_LEN + 1], commune[IMPORT_COMMUNE_LEN + 1];
    char *label, *extra; /* owned (free) */
    int clear;           /* first area of its commune: delete the commune's old areas first */
    size_t area;         /* the reader's index, to find the row id after the join */
    struct store_mpoly geom; /* read-only view of the three arrays below */
    double *xy;          /* inside this allocation: 2 * n_pts */
    int *poly_nrings;    /* inside this allocation: n_polys, then ring_npts */
    int *ring_npts;      /* inside this allocation: n_rings */
};

struct import_writer;

/* A new item with room for the given polygons; arrays to be filled by the caller. */
struct import_item *import_item_new(size_t n_polys, size_t n_rings, size_t n_pts);
/* Free an item and what it owns. */
void import_item_free(struct import_item *it);

/* Start the writer thread on an open transaction; *w_out owned (import_writer_free). The
 * thread first hashes the file source (while the reader starts), then inserts items. */
int import_writer_start(struct store *st, enum store_area_kind kind, int64_t set_id,
                        const char *source, long year, struct import_writer **w_out,
                        struct cm_err *err);
/* After a successful join: hex SHA-256 of the source file (65 bytes, borrowed from w). */
const char *import_writer_sha256(const struct import_writer *w);
/* Queue an item (ownership passes to the writer). Cheap: items go over in batches. */
void import_writer_push(struct import_writer *w, struct import_item *it);
/* Nonzero once the writer has failed (the reader may stop early). */
int import_writer_failed(struct import_writer *w);
/* No more items: wait for the writer to finish; returns its status (err filled). */
int import_writer_join(struct import_writer *w, struct cm_err *err);
/* After the join: row id of the reader's area index, 0 if not inserted. */
int64_t import_writer_rowid(const struct import_writer *w, size_t area);
/* After the join: the store writer, for geometry updates and store_area_writer_finish. */
struct store_area_writer *import_writer_store(struct import_writer *w);
/* Stop (joining if needed) and free; NULL is a no-op. */
void import_writer_free(struct import_writer *w);

#endif
