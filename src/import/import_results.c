/* import_results.c - `import results`: files -> one election round, in one transaction
 * (import stage). Rows failing a check are reported with file:line and rejected (fatal with
 * --strict); the round is replaced as a whole, so importing twice gives the same store. */
#include "import_results.h"

#include "cm_buf.h"
#include "cm_progress.h"
#include "import_csv_map.h"
#include "import_results_row.h"
#include "store_import.h"
#include "store_results.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct res_file {
    struct import_csv *csv; /* owned */
    struct res_map map;
};

struct res_ctx {
    const struct import_results_opts *o;
    struct res_opts ro;
    struct import_report *rep;
    struct store_results *w;          /* owned */
    struct import_csv_map bureaux;    /* bureau code -> line of its row */
    struct import_csv_map cands;      /* circo, panel, name -> candidate id */
    struct cm_buf key;
    struct res_row row, next;         /* next: the long layout's lookahead */
    struct cm_progress prog;
    long lines_before, n_derived;
    int file_i;                       /* index of the file being read */
};

/* Kind guessed from a name ("2017-legislatives-1...", "pres2027-t1.csv", "leg2024"), or NULL. */
static const char *
guess_kind_in(const char *name)
{
    static const char *const kinds[][2] = {
        {"pres", "presidentielle"}, {"leg", "legislatives"},  {"circo", "legislatives"},
        {"europ", "europeennes"},   {"munic", "municipales"}, {"region", "regionales"},
        {"depart", "departementales"}};
    const char *base = strrchr(name, '/');
    char low[256];
    size_t i;

    base = base ? base + 1 : name;
    for (i = 0; base[i] && i < sizeof low - 1; i++)
        low[i] = (char)tolower((unsigned char)base[i]);
    low[i] = '\0';
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strstr(low, kinds[i][0]))
            return kinds[i][1];
    }
    return NULL;
}

/* Kind when --kind is not given: from the file name, else the election id. */
static const char *
guess_kind(const char *path, const char *election)
{
    const char *k = guess_kind_in(path);

    if (k == NULL)
        k = guess_kind_in(election);
    return k ? k : "unknown";
}

/* Elections with lists or nuances rather than national candidates: large-layout columns
 * are nuances. */
static int
kind_has_nuances(const char *kind)
{
    return strcmp(kind, "presidentielle") != 0 && strcmp(kind, "unknown") != 0;
}

static int
layout_parse(const char *name, int *out, struct cm_err *err)
{
    *out = RES_NLAYOUTS;
    if (name == NULL)
        return CM_OK;
    for (int i = 0; i < RES_NLAYOUTS; i++) {
        if (strcmp(name, res_layout_names[i]) == 0) {
            *out = i;
            return CM_OK;
        }
    }
    return cm_err_set(err, CM_EUSAGE,
                      "--layout %s: not native2024, legacy, large, long or city", name);
}

/* A bad row: a problem in the report, or the end of the import with --strict. */
static int
reject(struct res_ctx *x, const char *file, const struct res_row *r, struct cm_err *err)
{
    char where[32];

    if (x->o->strict)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: %s (--strict: nothing imported)", file,
                          r->why_line, r->why);
    snprintf(where, sizeof where, "%ld", r->why_line);
    import_report_problem(x->rep, where, "%s", r->why);
    x->rep->rejected++;
    return CM_OK;
}

static int
candidate_id(struct res_ctx *x, const struct res_row *r, const struct res_map *m,
             const struct res_vote *v, int64_t *id, struct cm_err *err)
{
    const char *circo = m->cands_per_circo ? r->circo : "";
    const char *name = r->strs.data + v->name;
    const char *nuance = v->nuance == RES_NO_NUANCE ? NULL : r->strs.data + v->nuance;

    cm_buf_reset(&x->key);
    cm_buf_printf(&x->key, "%s\x1f%ld\x1f%s", circo, v->panel, name);
    if (import_csv_map_get(&x->cands, x->key.data, id))
        return CM_OK;
    int rc = store_results_candidate_add(x->w, circo, v->panel, name, nuance, id, err);

    if (rc != CM_OK)
        return rc;
    import_csv_map_put(&x->cands, x->key.data, *id);
    return CM_OK;
}

/* Check one complete bureau row and store it with its votes. */
static int
flush_row(struct res_ctx *x, const char *file, const struct res_map *m, struct res_row *r,
          struct cm_err *err)
{
    struct store_result_row sr;
    int64_t first, rid, cid;
    int rc;

    if (x->o->keep && r->bureau[0] && !x->o->keep(x->o->hook_ctx, r->bureau, r->commune))
        return CM_OK; /* outside what the caller may write: not ours to check */
    if (!r->why[0] && import_csv_map_get(&x->bureaux, r->bureau, &first))
        res_row_why(r, r->line, "duplicate bureau %s (first at %s%sline %lld)", r->bureau,
                    first >> 40 == x->file_i ? "" : x->o->files[first >> 40],
                    first >> 40 == x->file_i ? "" : " ", (long long)(first & 0xFFFFFFFFFFll));
    for (int i = 0; !r->why[0] && i < r->n_votes; i++) {
        for (int j = 0; j < i; j++) {
            if (r->votes[j].panel == r->votes[i].panel
                && strcmp(r->strs.data + r->votes[j].name, r->strs.data + r->votes[i].name) == 0)
                res_row_why(r, r->line, "candidate %s listed twice for bureau %s",
                            r->strs.data + r->votes[i].name, r->bureau);
        }
    }
    if (r->why[0] || res_row_check(r) < 0)
        return reject(x, file, r, err);
    /* the file index rides above the line number: duplicates across files name both */
    import_csv_map_put(&x->bureaux, r->bureau, (int64_t)x->file_i << 40 | r->line);
    sr = (struct store_result_row){r->bureau, r->commune, r->circo[0] ? r->circo : NULL,
                                   r->inscrits, r->votants, r->abst, r->exprimes, r->blancs,
                                   r->nuls, r->nuls_derived, r->line};
    if ((rc = store_results_row_add(x->w, &sr, &rid, err)) != CM_OK)
        return rc;
    for (int i = 0; i < r->n_votes; i++) {
        if ((rc = candidate_id(x, r, m, &r->votes[i], &cid, err)) != CM_OK
            || (rc = store_results_vote_add(x->w, rid, cid, r->votes[i].voix, err)) != CM_OK)
            return rc;
    }
    x->n_derived += r->nuls_derived;
    x->rep->imported++;
    if (x->o->imported)
        x->o->imported(x->o->hook_ctx, r->bureau);
    return CM_OK;
}

/* Long layout: records of one bureau follow each other and repeat the totals. */
static int
long_record(struct res_ctx *x, struct res_file *f, int *pending, struct cm_err *err)
{
    struct res_row *n = &x->next, tmp;
    int bad = res_row_head(n, f->csv, &f->map, &x->ro) < 0;

    if (*pending && !bad && strcmp(n->bureau, x->row.bureau) == 0) {
        if (!res_row_same_totals(n, &x->row))
            res_row_why(&x->row, n->line, "totals differ from line %ld for bureau %s",
                        x->row.line, n->bureau);
        else if (res_row_votes(&x->row, f->csv, &f->map) < 0 && !x->row.why[0])
            res_row_why(&x->row, n->line, "bad vote");
        return CM_OK;
    }
    if (*pending) {
        int rc = flush_row(x, import_csv_name(f->csv), &f->map, &x->row, err);
        if (rc != CM_OK)
            return rc;
    }
    /* swap: the new record's head becomes the pending row */
    tmp = x->row;
    x->row = *n, *n = tmp;
    *pending = 1;
    if (!bad)
        res_row_votes(&x->row, f->csv, &f->map);
    return CM_OK;
}

static int
import_file(struct res_ctx *x, struct res_file *f, struct cm_err *err)
{
    const char *name = import_csv_name(f->csv);
    int rc, pending = 0;

    x->rep->source = name;
    while ((rc = import_csv_next(f->csv, err)) == 1) {
        x->rep->rows_read++;
        if ((x->rep->rows_read & 1023) == 0)
            cm_progress_update(&x->prog, x->lines_before + import_csv_line(f->csv));
        if (f->map.layout == RES_LONG) {
            if ((rc = long_record(x, f, &pending, err)) != CM_OK)
                return rc;
            continue;
        }
        if (res_row_head(&x->row, f->csv, &f->map, &x->ro) == 0)
            res_row_votes(&x->row, f->csv, &f->map);
        if ((rc = flush_row(x, name, &f->map, &x->row, err)) != CM_OK)
            return rc;
    }
    if (rc < 0)
        return rc;
    if (pending && (rc = flush_row(x, name, &f->map, &x->row, err)) != CM_OK)
        return rc;
    x->lines_before += import_csv_lines_total(f->csv);
    return CM_OK;
}

/* Open every file and map its header before anything is written. */
static int
open_files(const struct import_results_opts *o, struct res_file *files, const char *kind,
           struct cm_buf *layouts, long *lines, struct cm_err *err)
{
    int rc, layout;

    if ((rc = layout_parse(o->layout, &layout, err)) != CM_OK)
        return rc;
    for (int i = 0; i < o->n_files; i++) {
        struct res_file *f = &files[i];
        if ((rc = import_csv_open(o->files[i], &f->csv, err)) != CM_OK)
            return rc;
        if ((rc = import_csv_next(f->csv, err)) < 0)
            return rc;
        if (rc == 0)
            return cm_err_set(err, CM_EINPUT, "%s: empty file", o->files[i]);
        if ((rc = res_map_header(f->csv, layout, kind_has_nuances(kind), o->dep != NULL,
                                 o->commune != NULL, &f->map, err)) != CM_OK)
            return rc;
        if (strcmp(kind, "presidentielle") == 0)
            f->map.cands_per_circo = 0; /* national candidates */
        if (!strstr(layouts->data ? layouts->data : "", res_layout_names[f->map.layout]))
            cm_buf_printf(layouts, "%s%s", layouts->len ? "+" : "",
                          res_layout_names[f->map.layout]);
        *lines += import_csv_lines_total(f->csv);
    }
    return CM_OK;
}

static void
on_unmatched(void *ctx, const char *what, const char *code)
{
    import_report_unmatched(ctx, what, code);
}

/* Joins with the contours, notes and the import log; then commit. */
static int
finish(struct res_ctx *x, struct store *st, const char *source, const char *sha,
       struct cm_err *err)
{
    struct store_import_log log = {"results", source, sha, NULL, 0, 0, 0, 0};
    int64_t n_contours = 0;
    int rc;

    if (x->rep->imported == 0)
        return cm_err_set(err, CM_EINPUT, "%s: no valid row (%ld rejected)", source,
                          x->rep->rejected);
    if (x->n_derived)
        import_report_note(x->rep, "nuls derived as votants - blancs - exprimes for %ld rows"
                           " (the file has no nuls column)", x->n_derived);
    if ((rc = store_results_joins(x->w, on_unmatched, x->rep, &n_contours, err)) != CM_OK)
        return rc;
    if (n_contours == 0)
        import_report_note(x->rep, "no bureau contours in the store: joins not checked");
    log.rows_read = x->rep->rows_read, log.imported = x->rep->imported;
    log.rejected = x->rep->rejected;
    if ((rc = store_import_log_add(st, &log, err)) != CM_OK)
        return rc;
    return x->o->in_tx ? CM_OK : store_commit(st, err);
}

/* Source names and digests of all files, joined. */
static int
sources(const struct import_results_opts *o, struct cm_buf *src, struct cm_buf *sha,
        struct import_report *rep, struct cm_err *err)
{
    char hex[65];
    int rc;

    for (int i = 0; i < o->n_files; i++) {
        if ((rc = import_file_sha256(o->files[i], hex, err)) != CM_OK)
            return rc;
        cm_buf_printf(src, "%s%s", i ? " + " : "",
                      o->source_name && o->n_files == 1 ? o->source_name : o->files[i]);
        cm_buf_printf(sha, "%s%s", i ? "," : "", hex);
        if (i == 0)
            memcpy(rep->sha256, hex, sizeof hex);
    }
    return CM_OK;
}

static int
run_files(struct res_ctx *x, struct store *st, struct res_file *files, long lines,
          const char *src, const char *sha, struct cm_err *err)
{
    int rc = CM_OK;

    cm_progress_start(&x->prog, "results", lines, x->o->quiet);
    for (int i = 0; i < x->o->n_files; i++) {
        x->file_i = i;
        if ((rc = import_file(x, &files[i], err)) != CM_OK)
            break;
    }
    cm_progress_end(&x->prog);
    x->rep->source = src;
    if (x->o->n_files > 1)
        import_report_note(x->rep, "files: %s", src);
    return rc != CM_OK ? rc : finish(x, st, src, sha, err);
}

int
import_results_run(struct store *st, const struct import_results_opts *o,
                   struct import_report *rep, struct cm_err *err)
{
    struct res_file *files = cm_xcalloc((size_t)o->n_files, sizeof *files);
    struct res_ctx x;
    struct cm_buf src, sha, layouts;
    struct store_round_spec spec;
    const char *kind = o->kind ? o->kind : guess_kind(o->files[0], o->election);
    long lines = 0;
    int rc;

    memset(&x, 0, sizeof x);
    x.o = o, x.rep = rep, x.ro.commune = o->commune, x.ro.dep = o->dep;
    import_csv_map_init(&x.bureaux);
    import_csv_map_init(&x.cands);
    cm_buf_init(&x.key), cm_buf_init(&src), cm_buf_init(&sha), cm_buf_init(&layouts);
    res_row_init(&x.row), res_row_init(&x.next);
    if ((rc = sources(o, &src, &sha, rep, err)) != CM_OK
        || (rc = open_files(o, files, kind, &layouts, &lines, err)) != CM_OK
        || (!o->in_tx && (rc = store_begin(st, err)) != CM_OK))
        goto out;
    spec = (struct store_round_spec){o->election, o->kind, kind, o->date, o->label,
                                     o->round, src.data, sha.data, layouts.data, o->merge};
    if ((rc = store_results_open(st, &spec, &x.w, err)) == CM_OK)
        rc = run_files(&x, st, files, lines, src.data, sha.data, err);
    if (!o->in_tx)
        store_rollback(st); /* no-op after a commit */
out:
    rep->source = o->files[0];
    store_results_close(x.w);
    for (int i = 0; i < o->n_files; i++) {
        import_csv_close(files[i].csv);
        res_map_cleanup(&files[i].map);
    }
    free(files);
    import_csv_map_cleanup(&x.bureaux), import_csv_map_cleanup(&x.cands);
    cm_buf_cleanup(&x.key), cm_buf_cleanup(&src), cm_buf_cleanup(&sha);
    cm_buf_cleanup(&layouts);
    res_row_cleanup(&x.row), res_row_cleanup(&x.next);
    return rc;
}
