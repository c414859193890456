/* test_entry.c - store_entry on a temporary store: one bureau read, saved under the version
 * check (conflict writes nothing), a candidate of another round refused, a bureau entered for
 * the first time, the round-1 bureaux of the remobilisation setup. */
#include "../tap.h"

#include "store.h"
#include "store_entry.h"
#include "store_results.h"
#include "store_transfers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Round e1:1 with candidates A and B and one result (75056_0101: A 30, B 25). */
static int
fixture(struct store *st, int64_t cand[2], struct cm_err *err)
{
    struct store_round_spec spec = {"e1", "legislatives", "legislatives", NULL, NULL, 1, "t", "x", "t", 0};
    struct store_result_row row = {"75056_0101", "75056", NULL, 100, 60, 40, 55, 3, 2, 0, 1};
    struct store_results *w = NULL;
    int64_t rid = 0;
    int rc;

    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_results_open(st, &spec, &w, err)) == CM_OK
        && (rc = store_results_candidate_add(w, "", -1, "A", "SOC", &cand[0], err)) == CM_OK
        && (rc = store_results_candidate_add(w, "", -1, "B", "LR", &cand[1], err)) == CM_OK
        && (rc = store_results_row_add(w, &row, &rid, err)) == CM_OK
        && (rc = store_results_vote_add(w, rid, cand[0], 30, err)) == CM_OK
        && (rc = store_results_vote_add(w, rid, cand[1], 25, err)) == CM_OK)
        rc = store_commit(st, err);
    store_results_close(w);
    store_rollback(st);
    return rc;
}

/* Save in its own transaction (rolled back on error, as the server does). */
static int
save(struct store *st, const struct store_entry *e, int64_t expect, int64_t *v)
{
    int rc = store_begin(st, NULL);

    if (rc == CM_OK && (rc = store_entry_save(st, "e1", 1, e, expect, 0, 1, v, NULL)) == CM_OK)
        return store_commit(st, NULL);
    store_rollback(st);
    return rc;
}

int
main(void)
{
    char path[] = "/tmp/coopmap-test-entry-XXXXXX";
    struct cm_err err = {0};
    struct store *st = NULL;
    struct store_entry e = {0}, g = {0};
    int64_t cand[2] = {0}, v = 0;
    char **codes = NULL;
    size_t n = 0;
    int fd = mkstemp(path);

    if (fd < 0)
        return 1;
    close(fd);
    unlink(path);
    is_int(store_open(path, 0, &st, &err), CM_OK, "store created");
    is_int(fixture(st, cand, &err), CM_OK, "round e1:1 with two candidates and one result");
    is_int(store_entry_get(st, "e1", 2, "75056_0101", &e, NULL), CM_ENOTFOUND, "absent round: not found");
    is_int(store_entry_get(st, "e1", 1, "75056_0101", &e, &err), CM_OK, "get 75056_0101");
    ok(e.has_result && e.version == 0 && e.votants == 60 && e.blancs == 3, "figures, version 0");
    ok(e.n_cands == 2 && e.cands[0].voix == 30 && e.cands[1].voix == 25, "candidates with their votes");

    e.votants = 50, e.exprimes = 45, e.cands[0].voix = 20;
    is_int(save(st, &e, 0, &v), CM_OK, "save with the version read");
    is_int((int)v, 1, "version 1");
    e.votants = 40;
    is_int(save(st, &e, 0, &v), CM_ECONFLICT, "same version again: conflict");
    is_int(store_entry_get(st, "e1", 1, "75056_0101", &g, &err), CM_OK, "get again");
    ok(g.version == 1 && g.votants == 50 && g.cands[0].voix == 20, "the first save stands, the second wrote nothing");
    store_entry_cleanup(&g);
    e.cands[1].id = 9999;
    is_int(save(st, &e, 1, &v), CM_EINPUT, "a candidate not of the round is refused");
    store_entry_cleanup(&e);

    is_int(store_entry_get(st, "e1", 1, "75056_0102", &e, &err), CM_OK, "get a bureau without result");
    ok(!e.has_result && strcmp(e.commune, "75056") == 0 && e.n_cands == 2 && e.cands[0].voix < 0,
       "not entered: commune from its code, candidates without votes");
    e.inscrits = 10, e.votants = 5, e.blancs = 0, e.nuls = 0, e.exprimes = 5;
    e.cands[0].voix = 5, e.n_cands = 1;
    is_int(save(st, &e, 0, &v), CM_OK, "first entry of 75056_0102");
    e.n_cands = 2;
    store_entry_cleanup(&e);
    is_int(store_entry_get(st, "e1", 1, "75056_0102", &e, &err), CM_OK, "get it back");
    ok(e.has_result && e.version == 1 && e.cands[0].voix == 5 && e.cands[1].voix < 0, "entered, one vote row");
    store_entry_cleanup(&e);

    is_int(store_entry_r1_bureaux(st, &codes, &n, &err), CM_OK, "round-1 bureaux without a setup");
    is_int((int)n, 0, "none");
    store_entry_codes_free(codes, n);
    store_begin(st, NULL);
    store_remob_setup_put(st, "e1:1", "e1:1", "left", NULL);
    store_commit(st, NULL);
    is_int(store_entry_r1_bureaux(st, &codes, &n, &err), CM_OK, "round-1 bureaux of the setup");
    ok(n == 2 && strcmp(codes[0], "75056_0101") == 0 && strcmp(codes[1], "75056_0102") == 0, "both, sorted");
    store_entry_codes_free(codes, n);
    store_close(st);
    unlink(path);
    return tap_done();
}
