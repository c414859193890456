/* test_remob.c - remobilisation layers on a hand-made store (two bureaux of one constituency
 * and one bureau only in the reference), figures worked out by hand below; the transfer-rate
 * parser's errors; an update after a save keeps the other bureaux. */
#include "../tap.h"

#include "calc.h"
#include "calc_remob.h"
#include "store_results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const nuances[4] = {"SOC", "LR", "FN", "ECO"};

struct row {
    const char *bureau;
    int64_t r, v, e, voix[4];
};

static int
round_write(struct store *st, const char *el, const char *kind, const struct row *rows,
            size_t n)
{
    struct store_round_spec spec = {el, kind, kind, "2020-01-01", NULL, 1, "t", "0", "large", 0};
    struct store_results *w = NULL;
    int64_t cid[4], rid;
    int rc = store_results_open(st, &spec, &w, NULL);

    for (int c = 0; c < 4 && rc == CM_OK; c++)
        rc = store_results_candidate_add(w, "", -1, nuances[c], nuances[c], &cid[c], NULL);
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        struct store_result_row r = {rows[i].bureau, "00001", "C1", rows[i].r, rows[i].v,
                                     rows[i].r - rows[i].v, rows[i].e, -1, -1, 0, 1};
        rc = store_results_row_add(w, &r, &rid, NULL);
        for (int c = 0; c < 4 && rc == CM_OK; c++)
            rc = store_results_vote_add(w, rid, cid[c], rows[i].voix[c], NULL);
    }
    store_results_close(w);
    return rc;
}

static int
setup(struct store *st, const char *rates_path, const struct row *r1)
{
    static const struct row ref[] = {{"00001_0001", 1000, 700, 690, {300, 200, 100, 90}},
                                     {"00001_0002", 800, 500, 495, {150, 250, 50, 45}},
                                     {"00001_0003", 100, 50, 50, {50, 0, 0, 0}}};
    struct store_bloc_row blocs[] = {{"nuance", "SOC", NULL, "left", NULL},
                                     {"nuance", "LR", NULL, "right", NULL},
                                     {"nuance", "FN", NULL, "far_right", NULL},
                                     {"nuance", "ECO", NULL, "ecologist", NULL}};
    struct store_transfer *t = NULL;
    size_t nt = 0;
    int rc = calc_transfers_parse(rates_path, &t, &nt, NULL);

    if (rc == CM_OK && (rc = store_begin(st, NULL)) == CM_OK) {
        if ((rc = store_blocs_replace(st, blocs, 4, NULL)) == CM_OK
            && (rc = store_transfers_replace(st, t, nt, NULL)) == CM_OK
            && (rc = round_write(st, "eu2019", "europeennes", ref, 3)) == CM_OK
            && (rc = round_write(st, "leg2020", "legislatives", r1, 2)) == CM_OK)
            rc = store_commit(st, NULL);
        store_rollback(st);
    }
    store_transfers_free(t, nt);
    return rc;
}

static double
value(struct store *st, const char *layer, const char *code, int64_t *version)
{
    struct calc_layer *l = NULL;
    double v = NAN;

    if (calc_layer_load(st, layer, &l, NULL) == CM_OK) {
        v = calc_layer_value(l, code);
        if (version)
            *version = l->version;
    }
    calc_layer_free(l);
    return v;
}

static void
write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    fputs(text, fp);
    fclose(fp);
}

static void
test_parse_errors(const char *dir)
{
    char path[512];
    struct store_transfer *t = NULL;
    struct cm_err err = {0};
    size_t n = 0;

    snprintf(path, sizeof path, "%s/bad.csv", dir);
    write_file(path, "bloc,rate\nleft,0.8\nleft,0.7\n");
    is_int(calc_transfers_parse(path, &t, &n, &err), CM_EINPUT, "a bloc twice is refused");
    ok(strstr(err.msg, "bad.csv:3: bloc 'left' given twice") != NULL, "message names file:line");
    memset(&err, 0, sizeof err);
    write_file(path, "# rates\nleft,0.8x\n");
    is_int(calc_transfers_parse(path, &t, &n, &err), CM_EINPUT, "a rate with junk is refused");
    ok(strstr(err.msg, "bad.csv:2: rate '0.8x'") != NULL, "junk rate named with file:line");
}

int
main(void)
{
    static const struct row r1[] = {{"00001_0001", 1000, 500, 480, {200, 150, 80, 50}},
                                    {"00001_0002", 800, 400, 390, {100, 200, 60, 30}}};
    struct row r1b[2] = {r1[0], r1[1]};
    char dir[] = "/tmp/test_remob_XXXXXX", db[512], rates[512], cmd[600];
    struct calc_remob_opts o = {"leg2020:1", "eu2019:1", NULL, NULL, NULL};
    struct calc_remob_report rep = {0};
    const char *const one[] = {"00001_0002"};
    struct store *st = NULL;
    int64_t v0 = 0, v1 = 0;

    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(db, sizeof db, "%s/s.db", dir);
    snprintf(rates, sizeof rates, "%s/rates.csv", dir);
    write_file(rates, "bloc,rate\nfar_left,0.85\nleft,0.85\necologist,0.75\ncentre,0.25\n"
                      "right,0.10\nfar_right,0.05\nother,0.20\n");
    ok(store_open(db, 0, &st, NULL) == CM_OK && setup(st, rates, r1) == CM_OK, "store set up");
    is_int(calc_remob_compute(st, &o, &rep, NULL), CM_OK, "full compute");
    is_int((long long)rep.n_bureaux, 3, "three bureaux (two in r1, one only in ref)");
    is_int((long long)rep.n_areas_ours, 1, "finalists LR (350) and SOC (300): ours");
    calc_remob_report_cleanup(&rep);
    /* 0001: G = 1000 x (0.7 - 0.5) x 390/690; reserve = FN 80 x 0.05 + ECO 50 x 0.75 */
    is_dbl(value(st, "remob_gap", "00001_0001", NULL), 200.0 * 390 / 690, 1e-9, "gap 0001");
    is_dbl(value(st, "remob_reserve", "00001_0001", NULL), 41.5, 1e-12, "reserve 0001");
    is_dbl(value(st, "remob_voters", "00001_0002", &v0), 100.0 * 195 / 495 + 25.5, 1e-9,
           "voters 0002 = 800 x (0.625 - 0.5) x 195/495 + 60 x 0.05 + 30 x 0.75");
    is_dbl(value(st, "remob_doors", "00001_0002", NULL), (100.0 * 195 / 495 + 25.5) / 1.4,
           1e-9, "doors = voters / 1.4");
    ok(isnan(value(st, "remob_voters", "00001_0003", NULL)), "bureau only in ref: no data");
    /* bureau 0002 saved again with 100 more voters (all SOC): gap 0, reserve unchanged */
    r1b[1].v = 500, r1b[1].e = 490, r1b[1].voix[0] = 200;
    ok(store_begin(st, NULL) == CM_OK
           && round_write(st, "leg2020", "legislatives", r1b, 2) == CM_OK
           && store_commit(st, NULL) == CM_OK, "round 1 saved with bureau 0002 changed");
    is_int(calc_remob_update(st, one, 1, &rep, NULL), CM_OK, "update of bureau 0002");
    is_int((long long)rep.n_changed, 1, "one bureau changed");
    calc_remob_report_cleanup(&rep);
    is_dbl(value(st, "remob_voters", "00001_0002", &v1), 25.5, 1e-12,
           "0002: turnout now equals the reference, voters = reserve");
    ok(v1 != v0, "version changed");
    is_dbl(value(st, "remob_reserve", "00001_0001", NULL), 41.5, 1e-12, "0001 kept");
    test_parse_errors(dir);
    store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return tap_done();
}
