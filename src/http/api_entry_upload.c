/* api_entry_upload.c - the Ministry's results file uploaded from the entry page (http stage):
 * the importer of `coopmap import results` merges the section's bureaux into the round, then
 * entry versions, audit and remobilisation update, all in one transaction; answers the report. */
#include "api_entry.h"

#include "calc_remob.h"
#include "cm_log.h"
#include "import_results.h"
#include "store_entry.h"
#include "store_layers.h"
#include "store_org.h"

#include <stdlib.h>
#include <string.h>

#define UPLOAD_NAME_MAX 96

/* What the importer's hooks see: the section's territory, what was left out and written. */
struct upload {
    struct cm_buf communes, bureaux; /* ",a,b," */
    long outside;
    char **codes; /* owned: bureaux written */
    size_t n, cap;
};

static int
in_list(const struct cm_buf *list, const char *code)
{
    char key[24];

    snprintf(key, sizeof key, ",%.20s,", code);
    return list->data != NULL && strstr(list->data, key) != NULL;
}

static int
upload_keep(void *ctx, const char *bureau, const char *commune)
{
    struct upload *u = ctx;

    if (in_list(&u->bureaux, bureau) || in_list(&u->communes, commune))
        return 1;
    u->outside++;
    return 0;
}

static void
upload_imported(void *ctx, const char *bureau)
{
    struct upload *u = ctx;

    if (u->n == u->cap) {
        u->cap = u->cap ? 2 * u->cap : 64;
        u->codes = cm_xreallocarray(u->codes, u->cap, sizeof *u->codes);
    }
    u->codes[u->n++] = cm_xstrdup(bureau);
}

static void
upload_cleanup(struct upload *u)
{
    store_entry_codes_free(u->codes, u->n);
    cm_buf_cleanup(&u->communes), cm_buf_cleanup(&u->bureaux);
}

/* The name the user's browser gave, reduced to a safe base name ("fichier" when none). */
static void
display_name(const char *given, char *out, size_t n)
{
    const char *base = given ? strrchr(given, '/') : NULL;
    size_t k = 0;

    base = base ? base + 1 : given;
    for (; base && *base && k + 1 < n; base++)
        out[k++] = (unsigned char)*base < ' ' || *base == '\\' ? '_' : *base;
    out[k] = '\0';
    if (k == 0)
        snprintf(out, n, "fichier");
}

/* s with every occurrence of the temp path replaced by the user's file name. */
static void
fix_name(const char *s, const char *tmp, const char *name, struct cm_buf *out)
{
    size_t lt = strlen(tmp);
    const char *p;

    cm_buf_reset(out);
    while (lt > 0 && (p = strstr(s, tmp)) != NULL) {
        cm_buf_append(out, s, (size_t)(p - s));
        cm_buf_puts(out, name);
        s = p + lt;
    }
    cm_buf_puts(out, s);
}

/* Problems "TMP:LINE: reason" as [{line, reason}]. */
static json_t *
problems_json(const char *text, const char *tmp, const char *name)
{
    json_t *arr = json_array();
    struct cm_buf one, fixed;
    size_t lt = strlen(tmp);

    cm_buf_init(&one), cm_buf_init(&fixed);
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n'), *r = p;
        char *num_end = NULL;
        long line = -1;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (strncmp(p, tmp, lt) == 0 && p[lt] == ':') {
            line = strtol(p + lt + 1, &num_end, 10);
            r = num_end && num_end[0] == ':' && num_end[1] == ' ' ? num_end + 2 : p;
        }
        cm_buf_reset(&one);
        cm_buf_append(&one, r, len - (size_t)(r - p));
        cm_buf_puts(&one, "");
        fix_name(one.data, tmp, name, &fixed);
        json_array_append_new(arr, json_pack("{s:o,s:s}", "line",
                                             line >= 0 ? json_integer(line) : json_null(),
                                             "reason", fixed.data ? fixed.data : ""));
        p = end ? end + 1 : p + len;
    }
    cm_buf_cleanup(&one), cm_buf_cleanup(&fixed);
    return arr;
}

/* Notes, one per line, as an array of strings. */
static json_t *
lines_json(const char *text, const char *tmp, const char *name)
{
    json_t *arr = json_array();
    struct cm_buf one, fixed;

    cm_buf_init(&one), cm_buf_init(&fixed);
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        cm_buf_reset(&one);
        cm_buf_append(&one, p, len);
        cm_buf_puts(&one, "");
        fix_name(one.data, tmp, name, &fixed);
        json_array_append_new(arr, json_string(fixed.data ? fixed.data : ""));
        p = end ? end + 1 : p + len;
    }
    cm_buf_cleanup(&one), cm_buf_cleanup(&fixed);
    return arr;
}

static json_t *
report_json(const struct import_report *rep, const struct upload *u, const char *tmp,
            const char *name)
{
    return json_pack("{s:s,s:I,s:I,s:I,s:I,s:o,s:o}", "file", name, "rows_read",
                     (json_int_t)rep->rows_read, "joined", (json_int_t)rep->imported, "rejected",
                     (json_int_t)rep->rejected, "outside", (json_int_t)u->outside, "problems",
                     problems_json(rep->problems.data, tmp, name), "notes",
                     lines_json(rep->notes.data, tmp, name));
}

/* The territory lists of the section as ",a,b,". */
static void
territory_load(const struct store_section *s, struct upload *u)
{
    cm_buf_printf(&u->communes, ",%s,", s->communes ? s->communes : "");
    cm_buf_printf(&u->bureaux, ",%s,", s->bureaux ? s->bureaux : "");
}

struct upload_job {
    const char *election, *kind, *path, *name;
    int round, strict;
    struct api_entry_via via;
};

/* The importer over the temp file, merged into the round for the territory's bureaux only;
 * inside the caller's transaction. */
static int
upload_import(struct http_auth *a, const struct upload_job *j, struct upload *u,
              struct import_report *rep, struct cm_err *err)
{
    struct import_results_opts o = {0};
    const char *files[1] = {j->path};
    char source[UPLOAD_NAME_MAX + 32];
    int rc;

    snprintf(source, sizeof source, "%s (sent from the page)", j->name);
    o.files = files, o.n_files = 1, o.election = j->election, o.round = j->round;
    o.kind = j->kind, o.quiet = 1, o.merge = 1, o.in_tx = 1;
    o.keep = upload_keep, o.imported = upload_imported, o.hook_ctx = u;
    o.source_name = source;
    rc = import_results_run(a->st, &o, rep, err);
    if (rc == CM_EINPUT && rep->imported == 0 && rep->rejected == 0 && u->outside > 0) {
        cm_err_clear(err);
        rc = cm_err_set(err, CM_EINPUT, "%s: none of its %ld bureaux is in the territory of"
                        " section %s", j->path, u->outside, j->via.section);
    }
    if (rc == CM_OK && j->strict && rep->rejected > 0) {
        const char *first = rep->problems.data ? rep->problems.data : "";
        rc = cm_err_set(err, CM_EINPUT, "%s: %ld rejected rows, nothing written (first: %.*s)",
                        j->path, rep->rejected, (int)strcspn(first, "\n"), first);
    }
    return rc;
}

/* One transaction: import, entry versions, audit, remobilisation of the bureaux written. */
static int
upload_write(struct http_auth *a, const struct upload_job *j, struct upload *u,
             struct import_report *rep, struct calc_remob_report *rr, int *remob_out,
             struct cm_err *err)
{
    char what[UPLOAD_NAME_MAX + 32], detail[UPLOAD_NAME_MAX + 160];
    int rc;

    *remob_out = 0;
    snprintf(what, sizeof what, "upload %s", j->name);
    if ((rc = store_begin(a->st, err)) != CM_OK)
        return rc;
    if ((rc = upload_import(a, j, u, rep, err)) != CM_OK
        || (rc = store_entry_bump(a->st, j->election, j->round, (const char *const *)u->codes,
                                  u->n, a->user.id, a->now, what, err)) != CM_OK)
        goto out;
    snprintf(detail, sizeof detail, "upload results file %s (%s round %d): %ld bureaux written,"
             " %ld rejected%s", j->name, j->election, j->round, rep->imported, rep->rejected,
             j->via.deleg ? ", by delegation" : "");
    if ((rc = api_entry_audit(a, &j->via, "results_upload", detail, err)) != CM_OK)
        goto out;
    return api_entry_remob_commit(a, (const char *const *)u->codes, u->n, rr, remob_out, err);
out:
    store_rollback(a->st);
    return rc;
}

/* "election/round/upload" -> election, round. */
static int
upload_target(const char *rest, char *election, int *round, struct cm_err *err)
{
    char buf[API_ENTRY_ID_MAX + 16], bureau[11];
    size_t n = strlen(rest), k = strlen(HTTP_UPLOAD_SUFFIX);

    if (n <= k || n - k >= sizeof buf || strcmp(rest + n - k, HTTP_UPLOAD_SUFFIX) != 0)
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    memcpy(buf, rest, n - k);
    buf[n - k] = '\0';
    if (api_entry_parse_rest(buf, election, round, bureau, err) != CM_OK || bureau[0] != '\0')
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    return CM_OK;
}

/* 400 with the message and the report (what was read, the rejected lines). */
static int
upload_refused(struct http_req *rq, const struct cm_err *e, json_t *report, const char *tmp,
               const char *name)
{
    struct cm_buf msg;
    int rc;

    cm_buf_init(&msg);
    fix_name(e->msg, tmp, name, &msg);
    rc = http_send_json(rq, MHD_HTTP_BAD_REQUEST,
                        json_pack("{s:{s:s,s:s},s:o}", "error", "code", cm_err_name(CM_EINPUT),
                                  "message", msg.data ? msg.data : "", "report", report));
    cm_buf_cleanup(&msg);
    return rc;
}

/* Who, which section and round; the upload itself follows. */
static int
upload_prepare(struct http_req *rq, struct http_auth *a, const char *rest, char *election,
               struct upload_job *j, struct store_round *r, struct upload *u, struct cm_err *err)
{
    struct store_section s = {0};
    int rc;

    if ((rc = http_auth_user(rq, a, err)) != CM_OK
        || (rc = upload_target(rest, election, &j->round, err)) != CM_OK
        || (rc = api_entry_section_enter(a, http_arg(rq, "section"), &j->via, err)) != CM_OK
        || (rc = store_section_get(a->st, j->via.section, 0, &s, err)) != CM_OK
        || (rc = store_round_find(a->st, election, j->round, r, err)) != CM_OK)
        goto out;
    if (rq->upload_path[0] == '\0' || rq->upload_len == 0) {
        rc = cm_err_set(err, CM_EINPUT, "the file sent is empty");
        goto out;
    }
    territory_load(&s, u);
    j->election = election, j->kind = r->kind, j->path = rq->upload_path;
    j->strict = http_arg(rq, "strict") && strcmp(http_arg(rq, "strict"), "1") == 0;
out:
    store_section_cleanup(&s);
    return rc;
}

int
api_entry_upload(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct upload_job j = {0};
    struct store_round r = {0};
    struct upload u = {0};
    struct import_report rep;
    struct calc_remob_report rr = {0};
    char election[API_ENTRY_ID_MAX], name[UPLOAD_NAME_MAX];
    int rc, remob = 0;

    display_name(http_arg(rq, "name"), name, sizeof name);
    j.name = name;
    import_report_init(&rep, "results", name);
    cm_buf_init(&u.communes), cm_buf_init(&u.bureaux);
    if ((rc = upload_prepare(rq, &a, rest, election, &j, &r, &u, err)) != CM_OK)
        goto out;
    rc = upload_write(&a, &j, &u, &rep, &rr, &remob, err);
    if (rc == CM_EINPUT) {
        rc = upload_refused(rq, err, report_json(&rep, &u, j.path, name), j.path, name);
        goto out;
    }
    if (rc != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "entry", "user %lld uploaded %s round %d: %ld bureaux, %ld rejected",
           (long long)a.user.id, election, j.round, rep.imported, rep.rejected);
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:o,s:o}", "report", report_json(&rep, &u, j.path, name),
                                  "remob", api_entry_remob_json(rq, &rr, remob)));
out:
    calc_remob_report_cleanup(&rr);
    import_report_cleanup(&rep);
    store_round_cleanup(&r);
    upload_cleanup(&u);
    http_auth_close(&a);
    return rc;
}
