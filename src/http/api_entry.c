/* api_entry.c - results typed bureau by bureau (http stage): one bureau of a round as JSON,
 * its save under the importer's consistency rules and an optimistic version, the audit of who
 * entered it, then the remobilisation layers of that bureau recomputed (new tile URLs). */
#include "api_entry.h"

#include "calc_remob.h"
#include "cm_log.h"
#include "import_codes.h"
#include "store_deleg.h"
#include "store_entry.h"
#include "store_org.h"

#include <stdlib.h>
#include <string.h>

#define ENTRY_ID_MAX API_ENTRY_ID_MAX

/* Access to a bureau through the sections holding it: the most permissive answer wins; a
 * bureau in no reachable section is "not found". Entering needs ACCESS_RESULTS_ENTER (the
 * secretary, federation staff, or a delegate holding the "results" right). */
static int
bureau_access(struct http_auth *a, const char *bureau, int enter, struct api_entry_via *via,
              struct cm_err *err)
{
    char **codes = NULL;
    size_t n = 0;
    int rc, best = CM_ENOTFOUND;

    if ((rc = store_entry_sections(a->st, bureau, &codes, &n, err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < n && best != CM_OK; i++) {
        struct store_section s = {0};
        struct access_object o = {0};
        int64_t deleg = 0;
        if (store_section_get(a->st, codes[i], 0, &s, NULL) != CM_OK)
            continue;
        o.section = s.code;
        o.federation = s.federation;
        rc = http_access_check_via(&a->user, enter ? ACCESS_RESULTS_ENTER : ACCESS_SECTION_READ,
                                   &o, &deleg);
        if (rc == CM_OK || (rc == CM_EFORBIDDEN && best == CM_ENOTFOUND)) {
            best = rc;
            snprintf(via->section, sizeof via->section, "%s", s.code);
            snprintf(via->federation, sizeof via->federation, "%s", s.federation);
            via->deleg = deleg;
        }
        store_section_cleanup(&s);
    }
    store_entry_codes_free(codes, n);
    if (best == CM_ENOTFOUND)
        return cm_err_set(err, CM_ENOTFOUND, "no such bureau in your sections");
    return best == CM_OK ? CM_OK : cm_err_set(err, best, "you may not enter results here");
}

int
api_entry_parse_rest(const char *rest, char *election, int *round, char *bureau, struct cm_err *err)
{
    size_t len = strcspn(rest, "/");
    const char *p = rest + len;

    bureau[0] = '\0';
    if (len == 0 || len >= ENTRY_ID_MAX || *p != '/' || (p[1] != '1' && p[1] != '2')
        || (p[2] != '\0' && p[2] != '/'))
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    memcpy(election, rest, len);
    election[len] = '\0';
    *round = p[1] - '0';
    if (p[2] == '/' && import_code_bureau(NULL, p + 3, bureau, NULL) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such bureau");
    return CM_OK;
}

int
api_entry_section_enter(struct http_auth *a, const char *code, struct api_entry_via *via,
                        struct cm_err *err)
{
    struct store_section s = {0};
    struct access_object o = {0};
    int rc;

    if (code == NULL || store_section_get(a->st, code, 0, &s, NULL) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    o.section = s.code;
    o.federation = s.federation;
    rc = http_access_check_via(&a->user, ACCESS_RESULTS_ENTER, &o, &via->deleg);
    if (rc == CM_EFORBIDDEN && http_access_check(&a->user, ACCESS_SECTION_READ, &o) != CM_OK)
        rc = CM_ENOTFOUND; /* a section one may not see is not there */
    if (rc != CM_OK)
        rc = cm_err_set(err, rc, rc == CM_ENOTFOUND ? "no such section"
                                 : "you may not enter results here (the secretary and the"
                                   " delegates holding the results right may)");
    snprintf(via->section, sizeof via->section, "%s", s.code);
    snprintf(via->federation, sizeof via->federation, "%s", s.federation);
    store_section_cleanup(&s);
    return rc;
}

int
api_entry_audit(struct http_auth *a, const struct api_entry_via *via, const char *action,
                const char *detail, struct cm_err *err)
{
    struct store_deleg_audit row = {0};

    row.at = a->now;
    row.actor_id = a->user.id;
    row.deleg_id = via->deleg;
    row.section = via->section;
    row.federation = via->federation;
    row.action = action;
    row.via = "http";
    row.detail = detail;
    return store_deleg_audit_add(a->st, &row, err);
}

static json_t *
count_json(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *
entry_json(const char *election, int round, const struct store_entry *e)
{
    json_t *cands = json_array();
    json_t *o;

    for (size_t i = 0; i < e->n_cands; i++)
        json_array_append_new(cands, json_pack("{s:I,s:s,s:s?,s:o}", "id", (json_int_t)e->cands[i].id,
                                               "name", e->cands[i].name, "nuance", e->cands[i].nuance,
                                               "voix", count_json(e->cands[i].voix)));
    o = json_pack("{s:s,s:i,s:s,s:s,s:s,s:b,s:I}", "election", election, "round", round, "bureau",
                  e->bureau, "commune", e->commune, "circo", e->circo, "entered", e->has_result,
                  "version", (json_int_t)e->version);
    json_object_set_new(o, "inscrits", count_json(e->has_result ? e->inscrits : -1));
    json_object_set_new(o, "votants", count_json(e->has_result ? e->votants : -1));
    json_object_set_new(o, "blancs", count_json(e->has_result ? e->blancs : -1));
    json_object_set_new(o, "nuls", count_json(e->has_result ? e->nuls : -1));
    json_object_set_new(o, "exprimes", count_json(e->has_result ? e->exprimes : -1));
    json_object_set_new(o, "candidates", cands);
    return o;
}

/* GET /api/results/ : the rounds, and the round 1 of the remobilisation setup. */
static int
rounds_send(struct http_req *rq, struct http_auth *a, struct cm_err *err)
{
    char **r = NULL;
    size_t n = 0;
    json_t *arr = json_array();
    int rc = store_entry_rounds(a->st, &r, &n, err);

    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(r[i]));
    store_entry_codes_free(r, n);
    if (rc != CM_OK) {
        json_decref(arr);
        return rc;
    }
    return http_send_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "rounds", arr));
}

/* GET /api/results/{e}/{r}?section=CODE: the section's bureaux and their state. */
static int
section_send(struct http_req *rq, struct http_auth *a, const char *election, int round,
             struct cm_err *err)
{
    const char *code = http_arg(rq, "section");
    struct store_section s = {0};
    struct access_object o = {0};
    char **b = NULL;
    int64_t *v = NULL;
    int *done = NULL;
    size_t n = 0;
    json_t *arr;
    int rc;

    if (code == NULL || store_section_get(a->st, code, 0, &s, NULL) != CM_OK)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    o.section = s.code;
    o.federation = s.federation;
    if ((rc = http_access_check(&a->user, ACCESS_SECTION_READ, &o)) != CM_OK) {
        rc = cm_err_set(err, rc, rc == CM_ENOTFOUND ? "no such section" : "not allowed");
        goto out;
    }
    if ((rc = store_entry_section_bureaux(a->st, s.id, election, round, &b, &v, &done, &n, err)))
        goto out;
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:I,s:b}", "bureau", b[i], "version",
                                             (json_int_t)v[i], "entered", done[i]));
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:s,s:b,s:o}", "section", s.code, "may_enter",
                                  http_access_check(&a->user, ACCESS_RESULTS_ENTER, &o) == CM_OK,
                                  "bureaux", arr));
out:
    store_entry_codes_free(b, n);
    free(v), free(done);
    store_section_cleanup(&s);
    return rc;
}

int
api_entry_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_entry e = {0};
    struct api_entry_via via = {0};
    char election[ENTRY_ID_MAX], bureau[11];
    int round = 0, rc;

    if ((rc = http_auth_user(rq, &a, err)) != CM_OK)
        goto out;
    if (rest[0] == '\0') {
        rc = rounds_send(rq, &a, err);
        goto out;
    }
    if ((rc = api_entry_parse_rest(rest, election, &round, bureau, err)) != CM_OK)
        goto out;
    if (bureau[0] == '\0') {
        rc = section_send(rq, &a, election, round, err);
        goto out;
    }
    if ((rc = bureau_access(&a, bureau, 0, &via, err)) != CM_OK
        || (rc = store_entry_get(a.st, election, round, bureau, &e, err)) != CM_OK)
        goto out;
    rc = http_send_json(rq, MHD_HTTP_OK, entry_json(election, round, &e));
out:
    store_entry_cleanup(&e);
    http_auth_close(&a);
    return rc;
}

int
api_entry_field_error(struct http_req *rq, const char *field, const char *msg)
{
    return http_send_json(rq, MHD_HTTP_BAD_REQUEST,
                          json_pack("{s:{s:s,s:s,s:s}}", "error", "code", cm_err_name(CM_EINPUT),
                                    "message", msg, "field", field));
}

static int
count_get(json_t *body, const char *key, int64_t *out)
{
    json_t *v = json_object_get(body, key);

    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = json_integer_value(v);
    return 0;
}

/* Read and check the posted figures into e (the importer's rules): 0 when good, otherwise
 * the offending field in *field and the message in msg. e->cands must be the bureau's. */
static int
entry_parse(json_t *body, struct store_entry *e, int64_t *version, const char **field, char *msg,
            size_t n)
{
    static const char *const keys[] = {"inscrits", "votants", "blancs", "nuls", "exprimes"};
    int64_t *vals[] = {&e->inscrits, &e->votants, &e->blancs, &e->nuls, &e->exprimes}, sum = 0;
    json_t *votes = json_object_get(body, "votes");
    size_t matched = 0;

    *field = "version";
    snprintf(msg, n, "version: the version read is expected");
    if (count_get(body, "version", version) < 0)
        return -1;
    for (size_t k = 0; k < 5; k++) {
        *field = keys[k];
        snprintf(msg, n, "%s: a whole number >= 0 is expected", keys[k]);
        if (count_get(body, keys[k], vals[k]) < 0)
            return -1;
    }
    *field = "votes";
    snprintf(msg, n, "votes: an object {candidate id: votes} is expected");
    if (votes != NULL && !json_is_object(votes))
        return -1;
    for (size_t i = 0; i < e->n_cands; i++) {
        char key[24];
        json_t *v;
        snprintf(key, sizeof key, "%lld", (long long)e->cands[i].id);
        v = json_object_get(votes, key);
        e->cands[i].voix = -1;
        matched += v != NULL;
        if (v == NULL || json_is_null(v))
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0) {
            snprintf(msg, n, "votes: %s: a whole number >= 0 is expected", e->cands[i].name);
            return -1;
        }
        sum += e->cands[i].voix = json_integer_value(v);
    }
    if (json_object_size(votes) != matched)
        return snprintf(msg, n, "votes: a candidate is not of this bureau"), -1;
    if (e->votants > e->inscrits)
        return *field = "votants", snprintf(msg, n, "votants %lld > inscrits %lld",
                                            (long long)e->votants, (long long)e->inscrits), -1;
    if (e->exprimes > e->votants)
        return *field = "exprimes", snprintf(msg, n, "exprimes %lld > votants %lld",
                                             (long long)e->exprimes, (long long)e->votants), -1;
    if (e->votants != e->exprimes + e->blancs + e->nuls)
        return *field = "votants",
               snprintf(msg, n, "votants %lld != exprimes %lld + blancs %lld + nuls %lld",
                        (long long)e->votants, (long long)e->exprimes, (long long)e->blancs,
                        (long long)e->nuls), -1;
    if (sum != e->exprimes)
        return *field = "votes", snprintf(msg, n, "sum of votes %lld != exprimes %lld",
                                          (long long)sum, (long long)e->exprimes), -1;
    return 0;
}

/* Keep only the candidates given a number (the rest get no vote row). */
static void
cands_given(struct store_entry *e)
{
    size_t k = 0;

    for (size_t i = 0; i < e->n_cands; i++) {
        if (e->cands[i].voix >= 0) {
            struct store_entry_cand t = e->cands[k];
            e->cands[k++] = e->cands[i];
            e->cands[i] = t;
        }
    }
    for (size_t i = k; i < e->n_cands; i++)
        free(e->cands[i].name), free(e->cands[i].nuance);
    e->n_cands = k;
}

/* One transaction: version check, result and votes, entry log, audit row (with the
 * delegation used, if any), and the remobilisation layers of the bureau (none when no setup
 * was computed: *remob_out 0). */
static int
entry_write(struct http_auth *a, const char *election, int round, const struct store_entry *e,
            int64_t expect, const struct api_entry_via *via, int64_t *version,
            struct calc_remob_report *rep, int *remob_out, struct cm_err *err)
{
    const char *codes[1] = {e->bureau};
    char detail[200];
    int rc;

    *remob_out = 0;
    if ((rc = store_begin(a->st, err)) != CM_OK)
        return rc;
    if ((rc = store_entry_save(a->st, election, round, e, expect, a->user.id, a->now, version,
                               err)) != CM_OK)
        goto out;
    snprintf(detail, sizeof detail, "enter results of bureau %s (%s round %d), version %lld%s",
             e->bureau, election, round, (long long)*version, via->deleg ? ", by delegation" : "");
    if ((rc = api_entry_audit(a, via, "results_entry", detail, err)) != CM_OK)
        goto out;
    return api_entry_remob_commit(a, codes, 1, rep, remob_out, err);
out:
    store_rollback(a->st);
    return rc;
}

int
api_entry_remob_commit(struct http_auth *a, const char *const *codes, size_t n,
                       struct calc_remob_report *rep, int *remob_out, struct cm_err *err)
{
    int rc;

    *remob_out = 0;
    if ((rc = calc_remob_update(a->st, codes, n, rep, err)) == CM_OK)
        *remob_out = 1;
    else if (rc == CM_ENOTFOUND) /* no remobilisation setup yet: results only */
        rc = CM_OK, cm_err_clear(err);
    if (rc == CM_OK)
        rc = store_commit(a->st, err);
    if (rc != CM_OK)
        store_rollback(a->st);
    return rc;
}

json_t *
api_entry_remob_json(struct http_req *rq, const struct calc_remob_report *rep, int done)
{
    if (!done)
        return json_null();
    if (rep->n_changed > 0)
        http_watch_wake(rq->srv->watch); /* new tile URLs now, not at the next poll */
    return json_pack("{s:I,s:I,s:f}", "version", (json_int_t)rep->version, "changed",
                     (json_int_t)rep->n_changed, "seconds", rep->t_total);
}

int
api_entry_save(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_entry e = {0};
    json_t *body = NULL;
    struct api_entry_via via = {0};
    char election[ENTRY_ID_MAX], bureau[11], msg[256];
    const char *field = NULL;
    struct calc_remob_report rep = {0};
    int64_t expect = 0, version = 0;
    int round = 0, remob = 0, rc;

    if (rq->upload) /* POST .../upload: a whole file, streamed aside (http_upload.c) */
        return api_entry_upload(rq, rest, err);
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_entry_parse_rest(rest, election, &round, bureau, err)) != CM_OK)
        goto out;
    if (bureau[0] == '\0') {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such page");
        goto out;
    }
    if ((rc = bureau_access(&a, bureau, 1, &via, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK
        || (rc = store_entry_get(a.st, election, round, bureau, &e, err)) != CM_OK)
        goto out;
    if (entry_parse(body, &e, &expect, &field, msg, sizeof msg) < 0) {
        rc = api_entry_field_error(rq, field, msg);
        goto out;
    }
    cands_given(&e);
    if ((rc = entry_write(&a, election, round, &e, expect, &via, &version, &rep, &remob, err))
        != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "entry", "user %lld saved %s round %d bureau %s (version %lld)",
           (long long)a.user.id, election, round, bureau, (long long)version);
    rc = http_send_json(rq, MHD_HTTP_OK, json_pack("{s:s,s:I,s:o}", "bureau", bureau, "version",
                                                   (json_int_t)version, "remob",
                                                   api_entry_remob_json(rq, &rep, remob)));
out:
    calc_remob_report_cleanup(&rep);
    json_decref(body);
    store_entry_cleanup(&e);
    http_auth_close(&a);
    return rc;
}
