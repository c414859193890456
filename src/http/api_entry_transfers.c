/* api_entry_transfers.c - the round-2 transfer rates per bloc in the entry page (http stage):
 * read them with their source, change them (checked 0..1, audited), and the remobilisation
 * layers recomputed with the new rates in the same transaction. */
#include "api_entry.h"

#include "calc_remob.h"
#include "cm_log.h"
#include "store_transfers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRANSFERS_DEFAULTS "data/transfers.csv"

static json_t *
rates_json(const struct store_transfer *t, size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:f,s:s?}", "bloc", t[i].bloc, "rate",
                                             t[i].rate, "note", t[i].note));
    return arr;
}

int
api_entry_transfers_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct api_entry_via via = {0};
    struct store_transfer *t = NULL;
    size_t n = 0;
    const char *section = http_arg(rq, "section");
    int rc, may_edit;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = store_transfers_load(a.st, &t, &n, err)) != CM_OK)
        goto out;
    may_edit = section && api_entry_section_enter(&a, section, &via, NULL) == CM_OK;
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:o,s:s,s:b}", "rates", rates_json(t, n), "defaults",
                                  TRANSFERS_DEFAULTS, "may_edit", may_edit));
out:
    store_transfers_free(t, n);
    http_auth_close(&a);
    return rc;
}

/* New rows from body {"rates": {bloc: rate}} over the stored ones (notes of changed rows
 * name the change); 0, or -1 with the field and message. */
static int
rates_parse(json_t *body, const struct store_transfer *old, size_t n_old, int64_t now,
            struct store_transfer *rows, char *field, char *msg, size_t n)
{
    json_t *r = json_object_get(body, "rates"), *v;
    const char *key;
    char date[16];
    time_t t = (time_t)now;
    struct tm tm;

    strftime(date, sizeof date, "%Y-%m-%d", gmtime_r(&t, &tm));
    snprintf(field, 64, "rates");
    if (!json_is_object(r))
        return snprintf(msg, n, "rates: an object {bloc: taux} est attendu"), -1;
    json_object_foreach(r, key, v) {
        if (calc_bloc_index(key) < 0)
            return snprintf(field, 64, "rates.%.40s", key),
                   snprintf(msg, n, "bloc inconnu « %.40s »", key), -1;
    }
    for (int b = 0; b < CALC_N_BLOCS; b++) {
        double x = json_number_value(v = json_object_get(r, calc_blocs[b])), prev = NAN;
        const char *note = NULL;
        snprintf(field, 64, "rates.%s", calc_blocs[b]);
        if (!json_is_number(v) || !isfinite(x) || x < 0 || x > 1)
            return snprintf(msg, n, "taux du bloc %s : un nombre entre 0 et 1 est attendu"
                            " (0,85 s'écrit 0.85)", calc_blocs[b]), -1;
        for (size_t i = 0; i < n_old; i++) {
            if (strcmp(old[i].bloc, calc_blocs[b]) == 0)
                prev = old[i].rate, note = old[i].note;
        }
        rows[b].bloc = cm_xstrdup(calc_blocs[b]);
        rows[b].rate = x;
        if (prev == x && note)
            rows[b].note = cm_xstrdup(note);
        else {
            char buf[128];
            if (isnan(prev))
                snprintf(buf, sizeof buf, "set in the page on %s", date);
            else
                snprintf(buf, sizeof buf, "changed in the page on %s (was %.4g)", date, prev);
            rows[b].note = cm_xstrdup(buf);
        }
    }
    return 0;
}

/* One transaction: the table, the audit, every bureau's remobilisation. */
static int
rates_write(struct http_auth *a, const struct api_entry_via *via,
            const struct store_transfer *rows, struct calc_remob_report *rr, int *remob_out,
            struct cm_err *err)
{
    char detail[400];
    size_t k = 0;
    int rc;

    *remob_out = 0;
    k += (size_t)snprintf(detail, sizeof detail, "transfer rates:");
    for (int b = 0; b < CALC_N_BLOCS && k < sizeof detail; b++)
        k += (size_t)snprintf(detail + k, sizeof detail - k, " %s %.4g", rows[b].bloc,
                              rows[b].rate);
    if ((rc = store_begin(a->st, err)) != CM_OK)
        return rc;
    if ((rc = store_transfers_replace(a->st, rows, CALC_N_BLOCS, err)) != CM_OK
        || (rc = api_entry_audit(a, via, "transfer_rates", detail, err)) != CM_OK) {
        store_rollback(a->st);
        return rc;
    }
    return api_entry_remob_commit(a, NULL, 0, rr, remob_out, err); /* every bureau */
}

int
api_entry_transfers_put(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct api_entry_via via = {0};
    struct store_transfer *old = NULL, rows[CALC_N_BLOCS] = {{0}};
    struct calc_remob_report rr = {0};
    json_t *body = NULL;
    size_t n_old = 0;
    char field[64], msg[200];
    int rc, remob = 0;

    (void)rest;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = api_entry_section_enter(&a, http_arg(rq, "section"), &via, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK
        || (rc = store_transfers_load(a.st, &old, &n_old, err)) != CM_OK)
        goto out;
    if (rates_parse(body, old, n_old, a.now, rows, field, msg, sizeof msg) < 0) {
        rc = api_entry_field_error(rq, field, msg);
        goto out;
    }
    if ((rc = rates_write(&a, &via, rows, &rr, &remob, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "entry", "user %lld changed the transfer rates", (long long)a.user.id);
    rc = http_send_json(rq, MHD_HTTP_OK,
                        json_pack("{s:o,s:o}", "rates", rates_json(rows, CALC_N_BLOCS), "remob",
                                  api_entry_remob_json(rq, &rr, remob)));
out:
    for (int b = 0; b < CALC_N_BLOCS; b++)
        free(rows[b].bloc), free(rows[b].note);
    store_transfers_free(old, n_old);
    calc_remob_report_cleanup(&rr);
    json_decref(body);
    http_auth_close(&a);
    return rc;
}
