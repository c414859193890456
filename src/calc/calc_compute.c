/* calc_compute.c - `coopmap compute` (calc layer): the election layers (results, potential,
 * categories, volatility) from the reference round, then the sociodemographic layers, all
 * written in one transaction. */
#include "calc_elec.h"

#include "cm_log.h"
#include "cm_progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { G_RESULTS = 1, G_POTENTIAL = 2, G_VOLATILITY = 4, G_CATEGORY = 8, G_SOCIO = 16 };
static const char *const group_names[] = {"results", "potential", "volatility", "category",
                                          "socio"};
#define N_GROUPS 5

/* Everything the election layers share. */
struct job {
    struct store *st;
    const struct calc_opts *o;
    struct calc_report *rep;
    struct store_bloc_row *blocs;
    size_t nb;
    unsigned camp;
    struct calc_elec ref;
    struct cm_buf stamp, notes;
    char refs[256], years[16], camp_text[128];
    double *val; /* scratch: ref.d.n values */
};

static int
groups_parse(const char *only, unsigned *mask, struct cm_err *err)
{
    char *dup, *save = NULL;
    int rc = CM_OK;

    *mask = (1u << N_GROUPS) - 1;
    if (only == NULL)
        return CM_OK;
    *mask = 0;
    dup = cm_xstrdup(only);
    for (char *t = strtok_r(dup, ", ", &save); t && rc == CM_OK; t = strtok_r(NULL, ", ", &save)) {
        int g = -1;
        for (int i = 0; i < N_GROUPS; i++)
            g = strcmp(group_names[i], t) == 0 ? i : g;
        if (g < 0)
            rc = cm_err_set(err, CM_EUSAGE, "--only: unknown group '%s' (results, potential,"
                            " volatility, category, socio)", t);
        else
            *mask |= 1u << g;
    }
    free(dup);
    return rc;
}

static int
put(struct job *j, const char *name, const char *grp, const char *title, const char *unit,
    const char *formula, struct cm_err *err)
{
    struct calc_out o = {name, grp, title, unit, NULL, (char *)formula, j->refs, j->years, 0,
                         j->stamp.data};

    return calc_put(j->st, &o, j->ref.d.n, (const char(*)[STORE_CODE_LEN])j->ref.d.codes,
                    j->val, &j->rep->n_layers, err);
}

static double
ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

static int
layers_turnout(struct job *j, struct cm_err *err)
{
    const struct store_round_data *d = &j->ref.d;
    char f[400];
    int rc;

    for (size_t i = 0; i < d->n; i++)
        j->val[i] = (double)d->inscrits[i];
    if ((rc = put(j, "registered", "results", "Registered voters", "voters",
                  "R = inscrits", err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < d->n; i++)
        j->val[i] = ratio((double)d->votants[i], (double)d->inscrits[i]);
    if ((rc = put(j, "turnout", "results", "Turnout", "ratio", "V / R : votants sur inscrits ;"
                  " pas de donnée si R = 0", err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < d->n; i++)
        j->val[i] = ratio((double)(d->inscrits[i] - d->votants[i]), (double)d->inscrits[i]);
    if ((rc = put(j, "abstention", "results", "Abstention", "ratio", "A / R avec A = R - V abstentions ;"
                  " pas de donnée si R = 0", err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < d->n; i++)
        j->val[i] = ratio(calc_elec_camp(&j->ref, i, j->camp), (double)d->exprimes[i]);
    snprintf(f, sizeof f, "C / E : voix de notre camp (%s) sur exprimés ; pas de donnée si E = 0",
             j->camp_text);
    return put(j, "camp_share", "results", "Share of our camp", "ratio", f, err);
}

/* Share in E of every bloc present and of every candidate (presidential) or nuance. */
static int
layers_shares(struct job *j, struct cm_err *err)
{
    const struct calc_elec *e = &j->ref;
    const struct store_round_data *d = &e->d;
    char name[160], title[200], f[400];
    int rc;

    for (int b = 0; b < CALC_N_BLOCS; b++) {
        if (!(e->bloc_present & (1u << b)))
            continue;
        for (size_t i = 0; i < d->n; i++)
            j->val[i] = ratio(e->bloc_votes[i * CALC_N_BLOCS + (size_t)b], (double)d->exprimes[i]);
        snprintf(name, sizeof name, "bloc_%s", calc_blocs[b]);
        snprintf(title, sizeof title, "Share of bloc %s", calc_blocs[b]);
        snprintf(f, sizeof f, "voix du bloc %s (data/blocs.csv) sur exprimés E",
                 calc_blocs[b]);
        if ((rc = put(j, name, "results", title, "ratio", f, err)) != CM_OK)
            return rc;
    }
    for (size_t k = 0; k < e->n_keys; k++) {
        for (size_t i = 0; i < d->n; i++)
            j->val[i] = ratio(e->key_votes[i * e->n_keys + k], (double)d->exprimes[i]);
        snprintf(name, sizeof name, "share_%s", e->keys[k]);
        snprintf(title, sizeof title, "Share of %s", e->keys[k]);
        snprintf(f, sizeof f, "voix de %s %s sur exprimés E",
                 calc_elec_presidential(&e->r) ? "la candidature" : "la nuance", e->keys[k]);
        if ((rc = put(j, name, "results", title, "ratio", f, err)) != CM_OK)
            return rc;
    }
    return CM_OK;
}

static int
layers_potential(struct job *j, struct cm_err *err)
{
    const struct store_round_data *d = &j->ref.d;
    char f[512];
    int rc;

    for (size_t i = 0; i < d->n; i++)
        j->val[i] = calc_po(d->inscrits[i], d->votants[i], d->exprimes[i],
                             (int64_t)calc_elec_camp(&j->ref, i, j->camp));
    snprintf(f, sizeof f, "PO = (A/R) x (C/E), A = R - V abstentions, R inscrits, C voix de"
             " notre camp (%s), E exprimés ; pas de donnée si R = 0 ou E = 0", j->camp_text);
    if ((rc = put(j, "potential", "potential", "Potential of our abstainers", "ratio", f,
                  err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < d->n; i++)
        j->val[i] = isnan(j->val[i]) ? NAN : j->val[i] * (double)d->inscrits[i];
    if ((rc = put(j, "potential_voters", "potential", "Expected voters among our abstainers",
                  "voters", "L = R x PO", err)) != CM_OK)
        return rc;
    for (size_t i = 0; i < d->n; i++)
        j->val[i] = isnan(j->val[i]) ? NAN : j->val[i] / CALC_DOORS_PER_VOTER;
    return put(j, "potential_doors", "potential", "Doors to knock", "doors",
               "L / 1,4 (46,0 M d'inscrits pour 33,2 M de logements)", err);
}

static const char *
area_key(const struct job *j, size_t i, char *buf)
{
    const char *a = j->o->cat_area ? j->o->cat_area : "commune";

    if (strcmp(a, "all") == 0)
        return "";
    if (strcmp(a, "circo") == 0)
        return j->ref.d.circo[i] ? j->ref.d.circo[i] : "";
    memcpy(buf, j->ref.d.codes[i], 5);
    buf[5] = '\0';
    return buf;
}

struct area_row {
    char key[32];
    size_t i;
};

static int
cmp_area(const void *a, const void *b)
{
    return strcmp(((const struct area_row *)a)->key, ((const struct area_row *)b)->key);
}

/* d_b = 100 x (C_b/E_b - C_area/E_area): the area's share is its total result. */
static void
deviations(struct job *j, double *dev)
{
    size_t n = j->ref.d.n;
    struct area_row *rows = cm_xcalloc(n + 1, sizeof *rows);
    char buf[6];

    for (size_t i = 0; i < n; i++) {
        snprintf(rows[i].key, sizeof rows[i].key, "%s", area_key(j, i, buf));
        rows[i].i = i;
    }
    qsort(rows, n, sizeof *rows, cmp_area);
    for (size_t a = 0, z; a < n; a = z) {
        double c = 0, e = 0;
        for (z = a; z < n && strcmp(rows[z].key, rows[a].key) == 0; z++) {
            c += calc_elec_camp(&j->ref, rows[z].i, j->camp);
            e += (double)j->ref.d.exprimes[rows[z].i];
        }
        for (size_t k = a; k < z; k++) {
            size_t i = rows[k].i;
            double s = ratio(calc_elec_camp(&j->ref, i, j->camp), (double)j->ref.d.exprimes[i]);
            dev[i] = e > 0 && !isnan(s) ? 100 * (s - c / e) : NAN;
        }
    }
    free(rows);
}

static int
layers_category(struct job *j, struct cm_err *err)
{
    const char *area = j->o->cat_area ? j->o->cat_area : "commune";
    struct calc_out o = {"category", "category", "Category", "class",
                         "none|low|mobilise|growth|stronghold", NULL, j->refs, j->years, 1,
                         NULL};
    char f[512];
    int rc;

    deviations(j, j->val);
    snprintf(f, sizeof f, "d = 100 x (C/E - C_zone/E_zone), en points, zone = %s : notre camp"
             " (%s) contre sa part dans toute la zone", area, j->camp_text);
    cm_buf_printf(&j->stamp, "area=%s;", area);
    if ((rc = put(j, "category_gap", "category", "Gap to the area's share", "points", f, err))
        != CM_OK)
        return rc;
    for (size_t i = 0; i < j->ref.d.n; i++)
        j->val[i] = calc_category(j->val[i]);
    snprintf(f, sizeof f, "d = 100 x (C/E - C_zone/E_zone), zone = %s, camp %s : d >= +6"
             " bastion, +2..+6 croissance, -1..+2 à mobiliser, -5..-1 faible, < -5 absent", area,
             j->camp_text);
    o.formula = f;
    o.stamp = j->stamp.data;
    return calc_put(j->st, &o, j->ref.d.n, (const char(*)[STORE_CODE_LEN])j->ref.d.codes,
                    j->val, &j->rep->n_layers, err);
}

static void
bloc_shares(const struct calc_elec *e, size_t i, double *s)
{
    double ex = (double)e->d.exprimes[i];

    for (int b = 0; b < CALC_N_BLOCS; b++)
        s[b] = ex > 0 ? e->bloc_votes[i * CALC_N_BLOCS + (size_t)b] / ex : NAN;
}

/* P_b over the bureaux of `to`, merged by code with `from` (both sorted). */
static void
pedersen_all(const struct calc_elec *from, const struct calc_elec *to, double *p, double *pv)
{
    double a[CALC_N_BLOCS], b[CALC_N_BLOCS];
    size_t k = 0;

    for (size_t i = 0; i < to->d.n; i++) {
        int c = 1;
        while (k < from->d.n && (c = strcmp(from->d.codes[k], to->d.codes[i])) < 0)
            k++;
        p[i] = pv[i] = NAN;
        if (k >= from->d.n || c != 0)
            continue;
        bloc_shares(from, k, a);
        bloc_shares(to, i, b);
        p[i] = calc_pedersen(a, b, CALC_N_BLOCS);
        pv[i] = isnan(p[i]) ? NAN : p[i] * (double)to->d.votants[i];
    }
}

static int
volatility_rounds(struct job *j, struct calc_elec *from, struct calc_elec *to, int *to_is_ref,
                  struct cm_err *err)
{
    char *el = NULL;
    int round, rc;

    *to_is_ref = j->o->to == NULL;
    if (j->o->to) {
        if ((rc = calc_ref_parse(j->o->to, &el, &round, err)) == CM_OK)
            rc = calc_elec_load(j->st, el, round, j->blocs, j->nb, to, NULL, err);
        free(el);
        el = NULL;
        if (rc != CM_OK)
            return rc;
    }
    if (j->o->from) {
        if ((rc = calc_ref_parse(j->o->from, &el, &round, err)) == CM_OK)
            rc = calc_elec_load(j->st, el, round, j->blocs, j->nb, from, NULL, err);
        free(el);
        return rc;
    }
    const struct calc_elec *t = *to_is_ref ? &j->ref : to;
    if ((rc = store_round_latest(j->st, NULL, t->r.round, t->r.election, t->r.date, &from->r,
                                 NULL)) != CM_OK)
        return CM_ENOTFOUND;
    return calc_elec_fill(j->st, j->blocs, j->nb, from, NULL, err);
}

static int
layers_volatility(struct job *j, struct cm_err *err)
{
    struct calc_elec from = {0}, to = {0};
    struct calc_out o = {"volatility", "volatility", "Volatility (Pedersen)", "index", NULL,
                         NULL, NULL, NULL, 0, NULL};
    struct cm_buf stamp, f, refs;
    const struct calc_elec *t;
    double *pv = NULL;
    int to_is_ref, rc;
    char a[128], b[128];

    cm_buf_init(&stamp), cm_buf_init(&f), cm_buf_init(&refs);
    if ((rc = volatility_rounds(j, &from, &to, &to_is_ref, err)) == CM_ENOTFOUND
        && j->o->from == NULL) {
        cm_buf_printf(&j->notes, "volatility skipped: no earlier round to compare %s with"
                      " (give --from ELECTION:ROUND)\n", j->ref.r.election);
        rc = CM_OK;
        goto out;
    }
    if (rc != CM_OK)
        goto out;
    t = to_is_ref ? &j->ref : &to;
    calc_elec_refs(&from, a, sizeof a);
    calc_elec_refs(t, b, sizeof b);
    cm_buf_printf(&refs, "%s -> %s", a, b);
    j->rep->volatility = cm_xstrdup(refs.data);
    pv = cm_xcalloc(t->d.n + 1, sizeof *pv);
    double *p = cm_xcalloc(t->d.n + 1, sizeof *p);
    pedersen_all(&from, t, p, pv);
    calc_elec_stamp(&from, &stamp);
    calc_elec_stamp(t, &stamp);
    cm_buf_printf(&stamp, "blocs=%s", j->stamp.data);
    cm_buf_printf(&f, "P = 1/2 x somme sur les blocs |part(%s) - part(%s)|, parts des exprimés ;"
                  " bureaux présents aux deux scrutins avec E > 0", from.r.election, t->r.election);
    o.refs = refs.data, o.stamp = stamp.data;
    snprintf(a, sizeof a, "%.4s-%.4s", from.r.date ? from.r.date : "?", t->r.date ? t->r.date : "?");
    o.years = a;
    o.formula = f.data;
    rc = calc_put(j->st, &o, t->d.n, (const char(*)[STORE_CODE_LEN])t->d.codes, p,
                  &j->rep->n_layers, err);
    free(p);
    if (rc != CM_OK)
        goto out;
    cm_buf_printf(&f, " ; x V, votants de %s", t->r.election);
    o.formula = f.data;
    o.name = "volatility_voters", o.title = "Volatile voters (P x V)", o.unit = "voters";
    rc = calc_put(j->st, &o, t->d.n, (const char(*)[STORE_CODE_LEN])t->d.codes, pv,
                  &j->rep->n_layers, err);
out:
    free(pv);
    cm_buf_cleanup(&stamp), cm_buf_cleanup(&f), cm_buf_cleanup(&refs);
    calc_elec_cleanup(&from);
    calc_elec_cleanup(&to);
    return rc;
}

/* The store's mapping, or, when it has none yet, the file (default data/blocs.csv). */
static int
blocs_ensure(struct job *j, struct cm_err *err)
{
    const char *path = j->o->blocs_file;
    int rc;

    if ((rc = store_blocs_load(j->st, &j->blocs, &j->nb, err)) != CM_OK || j->nb > 0)
        return rc;
    if (path == NULL)
        return cm_err_set(err, CM_EINPUT, "the store has no bloc mapping and data/blocs.csv was"
                          " not found: coopmap blocs import FILE, or compute --blocs FILE");
    if ((rc = calc_blocs_parse(path, &j->blocs, &j->nb, err)) != CM_OK)
        return rc;
    cm_log(CM_LOG_INFO, "calc", "bloc mapping loaded from %s (%zu rows)", path, j->nb);
    return store_blocs_replace(j->st, j->blocs, j->nb, err);
}

static int
ref_find(struct job *j, struct cm_err *err)
{
    char *el = NULL;
    int round, rc;

    if (j->o->ref) {
        if ((rc = calc_ref_parse(j->o->ref, &el, &round, err)) == CM_OK)
            rc = store_round_find(j->st, el, round, &j->ref.r, err);
        free(el);
        return rc;
    }
    if (store_round_latest(j->st, "pres", 1, NULL, NULL, &j->ref.r, NULL) == CM_OK)
        return CM_OK;
    if (store_round_latest(j->st, NULL, 1, NULL, NULL, &j->ref.r, NULL) == CM_OK) {
        cm_buf_printf(&j->notes, "no presidential round 1 in the store: reference is the latest"
                      " round 1, %s\n", j->ref.r.election);
        return CM_OK;
    }
    return cm_err_set(err, CM_EINPUT, "no round 1 in the store: import results first, or give"
                      " --ref ELECTION:ROUND");
}

static int
ref_load(struct job *j, struct cm_err *err)
{
    uint64_t h = CALC_HASH_INIT;
    int rc;

    if ((rc = ref_find(j, err)) != CM_OK
        || (rc = calc_elec_fill(j->st, j->blocs, j->nb, &j->ref, &j->notes, err)) != CM_OK)
        return rc;
    if (!(j->ref.bloc_present & j->camp))
        return cm_err_set(err, CM_EINPUT, "%s round %d: no candidate of our camp (%s) stood,"
                          " so C = 0 everywhere; choose another --ref (a round 1) or --camp",
                          j->ref.r.election, j->ref.r.round, j->camp_text);
    if (j->ref.d.n == 0)
        return cm_err_set(err, CM_EINPUT, "%s round %d has no results", j->ref.r.election,
                          j->ref.r.round);
    for (size_t i = 0; i < j->nb; i++) {
        h = calc_hash(h, j->blocs[i].kind, strlen(j->blocs[i].kind) + 1);
        h = calc_hash(h, j->blocs[i].key, strlen(j->blocs[i].key) + 1);
        h = calc_hash(h, j->blocs[i].bloc, strlen(j->blocs[i].bloc) + 1);
    }
    calc_elec_stamp(&j->ref, &j->stamp);
    cm_buf_printf(&j->stamp, "camp=%s;blocs=%llx;", j->camp_text, (unsigned long long)h);
    calc_elec_refs(&j->ref, j->refs, sizeof j->refs);
    snprintf(j->years, sizeof j->years, "%.4s", j->ref.r.date ? j->ref.r.date : "?");
    j->rep->n_bureaux = j->ref.d.n;
    j->rep->ref = cm_xcalloc(1, strlen(j->ref.r.election) + 8);
    sprintf(j->rep->ref, "%s:%d", j->ref.r.election, j->ref.r.round);
    return CM_OK;
}

static int
election_layers(struct job *j, unsigned groups, struct cm_err *err)
{
    double t0 = cm_now();
    int rc;

    if ((rc = ref_load(j, err)) != CM_OK)
        return rc;
    for (int g = 0; g < N_GROUPS - 1; g++) {
        if ((groups & (1u << g)) && (rc = store_layers_delete_group(j->st, group_names[g], err))
            != CM_OK)
            return rc;
    }
    j->val = cm_xcalloc(j->ref.d.n + 1, sizeof *j->val);
    if ((groups & G_RESULTS)
        && ((rc = layers_turnout(j, err)) != CM_OK || (rc = layers_shares(j, err)) != CM_OK))
        return rc;
    if ((groups & G_POTENTIAL) && (rc = layers_potential(j, err)) != CM_OK)
        return rc;
    if ((groups & G_VOLATILITY) && (rc = layers_volatility(j, err)) != CM_OK)
        return rc;
    if ((groups & G_CATEGORY) && (rc = layers_category(j, err)) != CM_OK)
        return rc;
    j->rep->t_election = cm_now() - t0;
    return CM_OK;
}

int
calc_compute(struct store *st, const struct calc_opts *opts, struct calc_report *rep,
             struct cm_err *err)
{
    struct job j = {0};
    unsigned groups;
    double t0;
    int rc;

    memset(rep, 0, sizeof *rep);
    j.st = st, j.o = opts, j.rep = rep;
    cm_buf_init(&j.stamp), cm_buf_init(&j.notes);
    if (opts->cat_area && strcmp(opts->cat_area, "commune") != 0
        && strcmp(opts->cat_area, "circo") != 0 && strcmp(opts->cat_area, "all") != 0) {
        rc = cm_err_set(err, CM_EUSAGE, "--category-area: '%s' is not commune, circo or all",
                        opts->cat_area);
        goto out;
    }
    if ((rc = groups_parse(opts->only, &groups, err)) != CM_OK
        || (rc = calc_camp_parse(opts->camp ? opts->camp : "far_left,left,ecologist", &j.camp,
                                 err)) != CM_OK)
        goto out;
    snprintf(j.camp_text, sizeof j.camp_text, "%s", opts->camp ? opts->camp
                                                               : "far_left,left,ecologist");
    if ((rc = store_begin(st, err)) != CM_OK)
        goto out;
    if ((rc = blocs_ensure(&j, err)) != CM_OK)
        goto out;
    if ((groups & ~(unsigned)G_SOCIO) && (rc = election_layers(&j, groups, err)) != CM_OK)
        goto out;
    t0 = cm_now();
    if ((groups & G_SOCIO) && (rc = store_layers_delete_group(st, "socio", err)) == CM_OK)
        rc = calc_socio(st, rep, err);
    rep->t_socio = cm_now() - t0;
    if (rc == CM_OK)
        rc = store_commit(st, err);
out:
    store_rollback(st);
    if (j.notes.len)
        rep->notes = cm_xstrdup(j.notes.data);
    store_blocs_free(j.blocs, j.nb);
    calc_elec_cleanup(&j.ref);
    cm_buf_cleanup(&j.stamp), cm_buf_cleanup(&j.notes);
    free(j.val);
    return rc;
}

void
calc_report_cleanup(struct calc_report *rep)
{
    free(rep->ref), free(rep->volatility), free(rep->notes);
    memset(rep, 0, sizeof *rep);
}
