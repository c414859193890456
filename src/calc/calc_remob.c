/* calc_remob.c - remobilisation layers between the two rounds (calc layer, DESIGN.md layer 5):
 * finalists per constituency, turnout gap against the reference, reserve of the eliminated
 * candidates' votes, written as four layers; full compute and update after a save. */
#include "calc_elec.h"
#include "calc_remob.h"

#include "cm_log.h"
#include "cm_progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OUT 4
static const char *const out_names[N_OUT] = {"remob_gap", "remob_reserve", "remob_voters",
                                             "remob_doors"};

struct remob {
    struct store *st;
    struct store_bloc_row *blocs;
    size_t nb;
    unsigned camp;
    char camp_text[128], r1_id[96], ref_id[96];
    double rates[CALC_N_BLOCS];
    struct calc_elec r1, ref, r2;
    int has_r2, pres;
    size_t n_areas;
    char **area_keys;        /* owned, sorted, unique */
    size_t *row_area;        /* per r1 row */
    size_t *fin_off;         /* n_areas + 1: finalists of area a are fin[fin_off[a]..] */
    uint32_t *fin;           /* r1 candidate indices */
    unsigned char *area_r2, *area_ours;
    size_t nu;               /* union of r1 and ref codes */
    char (*codes)[STORE_CODE_LEN];
    double *val[N_OUT];
    long *r1_row;            /* per union code: r1 row or -1 */
    struct cm_buf stamp, notes;
};

/* Area of a result row: the nation (presidential), else the bureau's constituency (from the
 * results, else from its contour, else its commune: store_remob_round_load). */
static void
area_of(const struct remob *m, const struct calc_elec *e, size_t i, char *buf, size_t n)
{
    snprintf(buf, n, "%s", m->pres || e->d.circo[i] == NULL ? "" : e->d.circo[i]);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static long
area_find(const struct remob *m, const char *key)
{
    char *const *hit = bsearch(&key, m->area_keys, m->n_areas, sizeof *m->area_keys, cmp_str);

    return hit ? (long)(hit - m->area_keys) : -1;
}

static void
areas_build(struct remob *m)
{
    size_t n = m->r1.d.n, k = 0;
    char **keys = cm_xcalloc(n + 1, sizeof *keys), buf[64];

    for (size_t i = 0; i < n; i++) {
        area_of(m, &m->r1, i, buf, sizeof buf);
        keys[i] = cm_xstrdup(buf);
    }
    qsort(keys, n, sizeof *keys, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && strcmp(keys[k - 1], keys[i]) == 0)
            free(keys[i]);
        else
            keys[k++] = keys[i];
    }
    m->area_keys = keys;
    m->n_areas = k;
    m->row_area = cm_xcalloc(n + 1, sizeof *m->row_area);
    for (size_t i = 0; i < n; i++) {
        area_of(m, &m->r1, i, buf, sizeof buf);
        m->row_area[i] = (size_t)area_find(m, buf);
    }
}

/* Identity of a candidate across rounds: constituency, normalised name and nuance. */
static char *
cand_key(const struct store_cand *c)
{
    char name[256], nu[64], *k = cm_xmalloc(strlen(c->circo ? c->circo : "") + 330);

    calc_norm_key(c->name ? c->name : "", name, sizeof name);
    calc_norm_key(c->nuance ? c->nuance : "", nu, sizeof nu);
    sprintf(k, "%s\x1f%s\x1f%s", c->circo ? c->circo : "", name, nu);
    return k;
}

struct pair {
    size_t area;
    uint32_t cand;
};

static int
cmp_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;

    if (x->area != y->area)
        return x->area < y->area ? -1 : 1;
    return (x->cand > y->cand) - (x->cand < y->cand);
}

/* (area, r1 candidate) of every candidate with votes in round 2, sorted and unique. */
static struct pair *
r2_pairs(struct remob *m, size_t *n_out)
{
    const struct store_round_data *d1 = &m->r1.d, *d2 = &m->r2.d;
    char **k1 = cm_xcalloc(d1->n_cand + 1, sizeof *k1), buf[64];
    long *map = cm_xcalloc(d2->n_cand + 1, sizeof *map);
    struct pair *p = NULL;
    size_t n = 0, cap = 0, k = 0;

    for (size_t c = 0; c < d1->n_cand; c++)
        k1[c] = cand_key(&d1->cand[c]);
    for (size_t c = 0; c < d2->n_cand; c++) {
        char *key = cand_key(&d2->cand[c]);
        map[c] = -1;
        for (size_t j = 0; j < d1->n_cand && map[c] < 0; j++)
            map[c] = strcmp(key, k1[j]) == 0 ? (long)j : -1;
        free(key);
    }
    for (size_t i = 0; i < d2->n; i++) {
        long a;
        area_of(m, &m->r2, i, buf, sizeof buf);
        if ((a = area_find(m, buf)) < 0)
            continue;
        for (size_t v = d2->off[i]; v < d2->off[i + 1]; v++) {
            if (d2->voix[v] <= 0 || map[d2->vote_cand[v]] < 0)
                continue;
            if (n == cap) {
                cap = cm_grow(cap, n + 1);
                p = cm_xreallocarray(p, cap, sizeof *p);
            }
            p[n].area = (size_t)a, p[n++].cand = (uint32_t)map[d2->vote_cand[v]];
        }
    }
    if (n)
        qsort(p, n, sizeof *p, cmp_pair);
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || cmp_pair(&p[k - 1], &p[i]) != 0)
            p[k++] = p[i];
    }
    for (size_t c = 0; c < d1->n_cand; c++)
        free(k1[c]);
    free(k1), free(map);
    *n_out = k;
    return p;
}

/* Rows of r1 grouped by area: order[off[a]..off[a + 1]). */
static void
rows_by_area(const struct remob *m, size_t **order_out, size_t **off_out)
{
    size_t *off = cm_xcalloc(m->n_areas + 2, sizeof *off);
    size_t *order = cm_xcalloc(m->r1.d.n + 1, sizeof *order), *pos;

    for (size_t i = 0; i < m->r1.d.n; i++)
        off[m->row_area[i] + 1]++;
    for (size_t a = 0; a < m->n_areas; a++)
        off[a + 1] += off[a];
    pos = cm_xcalloc(m->n_areas + 1, sizeof *pos);
    memcpy(pos, off, m->n_areas * sizeof *pos);
    for (size_t i = 0; i < m->r1.d.n; i++)
        order[pos[m->row_area[i]]++] = i;
    free(pos);
    *order_out = order;
    *off_out = off;
}

/* The two candidates with most votes over the rows of one area (ties: first candidate). */
static void
top_two(const struct remob *m, const size_t *rows, size_t nr, double *sum, uint32_t out[2],
        size_t *n_out)
{
    const struct store_round_data *d = &m->r1.d;
    long best[2] = {-1, -1};

    for (size_t k = 0; k < nr; k++) {
        for (size_t v = d->off[rows[k]]; v < d->off[rows[k] + 1]; v++)
            sum[d->vote_cand[v]] += (double)d->voix[v];
    }
    for (size_t c = 0; c < d->n_cand; c++) {
        if (sum[c] <= 0)
            continue;
        if (best[0] < 0 || sum[c] > sum[best[0]])
            best[1] = best[0], best[0] = (long)c;
        else if (best[1] < 0 || sum[c] > sum[best[1]])
            best[1] = (long)c;
    }
    *n_out = 0;
    for (int i = 0; i < 2; i++) {
        if (best[i] >= 0)
            out[(*n_out)++] = (uint32_t)best[i];
    }
    for (size_t k = 0; k < nr; k++) {
        for (size_t v = d->off[rows[k]]; v < d->off[rows[k] + 1]; v++)
            sum[d->vote_cand[v]] = 0;
    }
}

/* Finalists per area: the candidates with votes in round 2 when the store has round 2 there,
 * else the two with most round-1 votes. */
static void
finalists_build(struct remob *m)
{
    size_t np = 0, *order, *off, k = 0;
    struct pair *p = m->has_r2 ? r2_pairs(m, &np) : NULL;
    double *sum = cm_xcalloc(m->r1.d.n_cand + 1, sizeof *sum);

    rows_by_area(m, &order, &off);
    m->fin_off = cm_xcalloc(m->n_areas + 1, sizeof *m->fin_off);
    m->fin = cm_xcalloc(np + 2 * m->n_areas + 1, sizeof *m->fin);
    m->area_r2 = cm_xcalloc(m->n_areas + 1, 1);
    m->area_ours = cm_xcalloc(m->n_areas + 1, 1);
    for (size_t a = 0, nf = 0; a < m->n_areas; a++) {
        m->fin_off[a] = nf;
        if (k < np && p[k].area == a) {
            m->area_r2[a] = 1;
            for (; k < np && p[k].area == a; k++)
                m->fin[nf++] = p[k].cand;
        } else {
            size_t n2;
            top_two(m, order + off[a], off[a + 1] - off[a], sum, m->fin + nf, &n2);
            nf += n2;
        }
        for (size_t f = m->fin_off[a]; f < nf; f++) {
            if (m->camp & (1u << m->r1.cand_bloc[m->fin[f]]))
                m->area_ours[a] = 1;
        }
        m->fin_off[a + 1] = nf;
    }
    free(p), free(sum), free(order), free(off);
}

static int
is_finalist(const struct remob *m, size_t a, uint32_t c)
{
    for (size_t f = m->fin_off[a]; f < m->fin_off[a + 1]; f++) {
        if (m->fin[f] == c)
            return 1;
    }
    return 0;
}

/* G = R1 x max(0, T_ref - T_r1) x C_ref/E_ref; NAN without a usable reference row. */
static double
turnout_gap(const struct remob *m, size_t i, long j)
{
    const struct store_round_data *d = &m->r1.d, *f = &m->ref.d;
    double t_ref, t_r1;

    if (j < 0 || d->inscrits[i] <= 0 || f->inscrits[j] <= 0 || f->exprimes[j] <= 0)
        return NAN;
    t_ref = (double)f->votants[j] / (double)f->inscrits[j];
    t_r1 = (double)d->votants[i] / (double)d->inscrits[i];
    return (double)d->inscrits[i] * fmax(0.0, t_ref - t_r1)
           * (calc_elec_camp(&m->ref, (size_t)j, m->camp) / (double)f->exprimes[j]);
}

static double
reserve(const struct remob *m, size_t i)
{
    const struct store_round_data *d = &m->r1.d;
    double r = 0;

    for (size_t v = d->off[i]; v < d->off[i + 1]; v++) {
        uint32_t c = d->vote_cand[v];
        if (!is_finalist(m, m->row_area[i], c))
            r += (double)d->voix[v] * m->rates[m->r1.cand_bloc[c]];
    }
    return r;
}

/* Values over the union of r1 and ref codes (both sorted). */
static void
values_build(struct remob *m)
{
    const struct store_round_data *d = &m->r1.d, *f = &m->ref.d;
    size_t i = 0, j = 0, n = 0, cap = d->n + f->n + 1;

    m->codes = cm_xcalloc(cap, sizeof *m->codes);
    m->r1_row = cm_xcalloc(cap, sizeof *m->r1_row);
    for (int k = 0; k < N_OUT; k++)
        m->val[k] = cm_xcalloc(cap, sizeof *m->val[k]);
    while (i < d->n || j < f->n) {
        int c = i >= d->n ? 1 : j >= f->n ? -1 : strcmp(d->codes[i], f->codes[j]);
        long ri = c <= 0 ? (long)i : -1, rj = c >= 0 ? (long)j : -1;
        double g = NAN, r = NAN;
        memcpy(m->codes[n], c <= 0 ? d->codes[i] : f->codes[j], STORE_CODE_LEN);
        m->r1_row[n] = ri;
        if (ri >= 0 && m->area_ours[m->row_area[ri]]) {
            g = turnout_gap(m, (size_t)ri, rj);
            r = reserve(m, (size_t)ri);
        }
        m->val[0][n] = g;
        m->val[1][n] = r;
        m->val[2][n] = g + r; /* NAN when either is */
        m->val[3][n] = m->val[2][n] / CALC_DOORS_PER_VOTER;
        i += c <= 0, j += c >= 0, n++;
    }
    m->nu = n;
}

/* The store's mapping and rates, or, when it has none yet, the default files. */
static int
tables_ensure(struct remob *m, const char *blocs_file, const char *transfers_file,
              struct cm_err *err)
{
    struct store_transfer *t = NULL;
    size_t nt = 0;
    int rc;

    if ((rc = store_blocs_load(m->st, &m->blocs, &m->nb, err)) != CM_OK)
        return rc;
    if (m->nb == 0 && blocs_file == NULL)
        return cm_err_set(err, CM_EINPUT, "the store has no bloc mapping: coopmap blocs import"
                          " data/blocs.csv");
    if (m->nb == 0 && ((rc = calc_blocs_parse(blocs_file, &m->blocs, &m->nb, err)) != CM_OK
                       || (rc = store_blocs_replace(m->st, m->blocs, m->nb, err)) != CM_OK))
        return rc;
    if ((rc = store_transfers_load(m->st, &t, &nt, err)) != CM_OK)
        return rc;
    if (nt == 0 && transfers_file == NULL)
        rc = cm_err_set(err, CM_EINPUT, "the store has no transfer rates: coopmap transfers"
                        " import data/transfers.csv");
    else if (nt == 0 && (rc = calc_transfers_parse(transfers_file, &t, &nt, err)) == CM_OK)
        rc = store_transfers_replace(m->st, t, nt, err);
    if (rc == CM_OK)
        rc = calc_transfers_rates(t, nt, m->rates, err);
    store_transfers_free(t, nt);
    return rc;
}

/* Load e->r's data through the remobilisation loader (rows with their areas) and map its
 * candidates to blocs; only bloc votes are tallied (the layers need no per-key shares). */
static int
elec_load(struct remob *m, struct calc_elec *e, enum store_remob_filter f, struct cm_err *err)
{
    int rc;

    store_round_data_cleanup(&e->d);
    free(e->cand_bloc), free(e->bloc_votes);
    if ((rc = store_remob_round_load(m->st, e->r.id, f, &e->d, err)) != CM_OK)
        return rc;
    e->cand_bloc = cm_xcalloc(e->d.n_cand + 1, sizeof *e->cand_bloc);
    for (size_t c = 0; c < e->d.n_cand; c++) {
        int b = calc_bloc_match(m->blocs, m->nb, calc_elec_presidential(&e->r), e->d.cand[c].name,
                                e->d.cand[c].nuance);
        e->cand_bloc[c] = b >= 0 ? b : calc_bloc_index("other");
    }
    e->bloc_votes = cm_xcalloc(e->d.n * CALC_N_BLOCS + 1, sizeof *e->bloc_votes);
    for (size_t i = 0; i < e->d.n; i++) {
        for (size_t v = e->d.off[i]; v < e->d.off[i + 1]; v++)
            e->bloc_votes[i * CALC_N_BLOCS + (size_t)e->cand_bloc[e->d.vote_cand[v]]]
                += (double)e->d.voix[v];
    }
    return CM_OK;
}

static int
round_find(struct remob *m, const char *id, struct calc_elec *e, struct cm_err *err)
{
    char *el = NULL;
    int round, rc;

    if ((rc = calc_ref_parse(id, &el, &round, err)) == CM_OK)
        rc = store_round_find(m->st, el, round, &e->r, err);
    free(el);
    return rc;
}

/* Find r1, ref (default: latest presidential round 1 before r1) and r2 when stored. */
static int
rounds_find(struct remob *m, const char *r1, const char *ref, struct cm_err *err)
{
    char *el = NULL;
    int round, rc;

    if ((rc = calc_ref_parse(r1, &el, &round, err)) != CM_OK)
        return rc;
    free(el);
    if (round != 1)
        return cm_err_set(err, CM_EUSAGE, "--r1 %s: remobilisation starts from a round 1", r1);
    if ((rc = round_find(m, r1, &m->r1, err)) != CM_OK)
        return rc;
    if (ref)
        rc = round_find(m, ref, &m->ref, err);
    else if (store_round_latest(m->st, "pres", 1, m->r1.r.election, m->r1.r.date, &m->ref.r,
                                NULL) != CM_OK)
        rc = cm_err_set(err, CM_EINPUT, "no presidential round 1 before %s to compare with:"
                        " give --ref ELECTION:ROUND", m->r1.r.election);
    if (rc != CM_OK)
        return rc;
    m->has_r2 = store_round_find(m->st, m->r1.r.election, 2, &m->r2.r, NULL) == CM_OK;
    snprintf(m->r1_id, sizeof m->r1_id, "%s:%d", m->r1.r.election, m->r1.r.round);
    snprintf(m->ref_id, sizeof m->ref_id, "%s:%d", m->ref.r.election, m->ref.r.round);
    m->pres = calc_elec_presidential(&m->r1.r);
    return CM_OK;
}

static int
rounds_load_all(struct remob *m, struct cm_err *err)
{
    int rc;

    if ((rc = elec_load(m, &m->r1, STORE_REMOB_ALL, err)) != CM_OK
        || (rc = elec_load(m, &m->ref, STORE_REMOB_ALL, err)) != CM_OK)
        return rc;
    return m->has_r2 ? elec_load(m, &m->r2, STORE_REMOB_ALL, err) : CM_OK;
}

/* Only the areas of the given bureaux: their round-1 rows give the areas, whose rows (both
 * rounds) are loaded, then the reference rows of those bureaux. */
static int
rounds_load_areas(struct remob *m, const char *const *codes, size_t n, struct cm_err *err)
{
    const char **keys = NULL;
    size_t nk = 0;
    int rc;

    if ((rc = store_remob_filter_set(m->st, 0, codes, n, err)) != CM_OK
        || (rc = elec_load(m, &m->r1, STORE_REMOB_CODES, err)) != CM_OK)
        return rc;
    keys = cm_xcalloc(m->r1.d.n + n + 1, sizeof *keys);
    for (size_t i = 0; i < m->r1.d.n; i++)
        keys[i] = m->r1.d.circo[i] ? m->r1.d.circo[i] : "";
    if ((rc = store_remob_filter_set(m->st, 1, keys, m->r1.d.n, err)) != CM_OK
        || (rc = elec_load(m, &m->r1, STORE_REMOB_AREAS, err)) != CM_OK
        || (m->has_r2 && (rc = elec_load(m, &m->r2, STORE_REMOB_AREAS, err)) != CM_OK))
        goto out;
    keys = cm_xreallocarray(keys, m->r1.d.n + n + 1, sizeof *keys); /* the areas' rows */
    for (size_t i = 0; i < m->r1.d.n; i++)
        keys[nk++] = m->r1.d.codes[i];
    for (size_t i = 0; i < n; i++)
        keys[nk++] = codes[i];
    if ((rc = store_remob_filter_set(m->st, 0, keys, nk, err)) == CM_OK)
        rc = elec_load(m, &m->ref, STORE_REMOB_CODES, err);
out:
    free(keys);
    return rc;
}

/* Identity of the inputs other than the values: rounds, camp, mapping, rates. Import times
 * are left out so that an update and a full compute of the same data give the same version. */
static void
stamp_build(struct remob *m)
{
    uint64_t h = CALC_HASH_INIT;

    for (size_t i = 0; i < m->nb; i++) {
        h = calc_hash(h, m->blocs[i].kind, strlen(m->blocs[i].kind) + 1);
        h = calc_hash(h, m->blocs[i].key, strlen(m->blocs[i].key) + 1);
        h = calc_hash(h, m->blocs[i].bloc, strlen(m->blocs[i].bloc) + 1);
    }
    cm_buf_printf(&m->stamp, "r1=%s;ref=%s;camp=%s;blocs=%llx;rates=", m->r1_id, m->ref_id,
                  m->camp_text, (unsigned long long)h);
    for (int b = 0; b < CALC_N_BLOCS; b++)
        cm_buf_printf(&m->stamp, "%.17g,", m->rates[b]);
}

/* Setup, then the rounds: every bureau (codes NULL) or the areas of codes. */
static int
remob_prepare(struct remob *m, const char *r1, const char *ref, const char *camp,
              const char *blocs_file, const char *transfers_file, const char *const *codes,
              size_t n, struct cm_err *err)
{
    int rc;

    snprintf(m->camp_text, sizeof m->camp_text, "%s", camp ? camp : "far_left,left,ecologist");
    cm_buf_init(&m->stamp), cm_buf_init(&m->notes);
    if ((rc = calc_camp_parse(m->camp_text, &m->camp, err)) != CM_OK
        || (rc = tables_ensure(m, blocs_file, transfers_file, err)) != CM_OK
        || (rc = rounds_find(m, r1, ref, err)) != CM_OK)
        return rc;
    if (codes == NULL || m->pres) /* a presidential's area is the country */
        rc = rounds_load_all(m, err);
    else
        rc = rounds_load_areas(m, codes, n, err);
    if (rc != CM_OK)
        return rc;
    stamp_build(m);
    areas_build(m);
    finalists_build(m);
    values_build(m);
    return CM_OK;
}

static void
remob_cleanup(struct remob *m)
{
    store_blocs_free(m->blocs, m->nb);
    calc_elec_cleanup(&m->r1), calc_elec_cleanup(&m->ref), calc_elec_cleanup(&m->r2);
    for (size_t a = 0; a < m->n_areas; a++)
        free(m->area_keys[a]);
    free(m->area_keys), free(m->row_area), free(m->fin_off), free(m->fin);
    free(m->area_r2), free(m->area_ours), free(m->codes), free(m->r1_row);
    for (int k = 0; k < N_OUT; k++)
        free(m->val[k]);
    cm_buf_cleanup(&m->stamp), cm_buf_cleanup(&m->notes);
}

static void
formulas(const struct remob *m, struct cm_buf f[N_OUT])
{
    static const char *const rule =
        "finalistes = candidatures ayant des voix au tour 2 s'il est dans la base, sinon les deux"
        " premières du tour 1, par circonscription (nationales pour une présidentielle) ; pas"
        " de donnée sans résultat du tour 1 ou quand aucun finaliste n'est de notre camp";

    cm_buf_printf(&f[0], "G = R x max(0, T_ref - T_t1) x C_ref/E_ref, T = V/R participation, R"
                  " inscrits de %s, C voix de notre camp (%s) et E exprimés de %s ; pas de"
                  " donnée sans le bureau dans la référence ou si R, R_ref ou E_ref = 0 ;"
                  " %s", m->r1_id, m->camp_text, m->ref_id, rule);
    cm_buf_printf(&f[1], "somme sur les candidatures éliminées en %s de leurs voix x le"
                  " taux de report au tour 2 de leur bloc (", m->r1_id);
    for (int b = 0; b < CALC_N_BLOCS; b++)
        cm_buf_printf(&f[1], "%s%s %.2f", b ? ", " : "", calc_blocs[b], m->rates[b]);
    cm_buf_printf(&f[1], " ; coopmap transfers list) ; %s", rule);
    cm_buf_printf(&f[2], "G + réserve : voix à gagner pour le tour 2 (remob_gap + remob_reserve)");
    cm_buf_printf(&f[3], "(G + réserve) / 1,4 (46,0 M d'inscrits pour 33,2 M de logements)");
}

static int
layers_write(struct remob *m, size_t n, const char (*codes)[STORE_CODE_LEN],
             double *const val[N_OUT], struct cm_err *err)
{
    static const char *const titles[N_OUT] = {
        "Turnout gap: our voters who stayed home (G)", "Reserve of the eliminated candidates",
        "Voters to win for round 2", "Doors to knock for round 2"};
    static const char *const units[N_OUT] = {"voters", "voters", "voters", "doors"};
    struct cm_buf f[N_OUT];
    char refs[600], a[256], b[256], years[16];
    int rc = CM_OK;

    calc_elec_refs(&m->r1, a, sizeof a);
    calc_elec_refs(&m->ref, b, sizeof b);
    snprintf(refs, sizeof refs, "%s contre %s", a, b);
    snprintf(years, sizeof years, "%.4s-%.4s", m->ref.r.date ? m->ref.r.date : "?",
             m->r1.r.date ? m->r1.r.date : "?");
    if (strncmp(years, years + 5, 4) == 0)
        years[4] = '\0';
    for (int k = 0; k < N_OUT; k++)
        cm_buf_init(&f[k]);
    formulas(m, f);
    for (int k = 0; k < N_OUT && rc == CM_OK; k++) {
        struct calc_out o = {out_names[k], "remob", titles[k], units[k], NULL, f[k].data, refs,
                             years, 0, m->stamp.data};
        rc = calc_put(m->st, &o, n, codes, val[k], NULL, err);
    }
    for (int k = 0; k < N_OUT; k++)
        cm_buf_cleanup(&f[k]);
    return rc;
}

static void
report_fill(const struct remob *m, struct calc_remob_report *rep)
{
    rep->r1 = cm_xstrdup(m->r1_id);
    rep->ref = cm_xstrdup(m->ref_id);
    rep->n_bureaux = m->nu;
    rep->n_values = 0;
    for (size_t i = 0; i < m->nu; i++)
        rep->n_values += !isnan(m->val[2][i]);
    rep->n_areas = m->n_areas;
    for (size_t a = 0; a < m->n_areas; a++)
        rep->n_areas_r2 += m->area_r2[a], rep->n_areas_ours += m->area_ours[a];
    if (m->notes.len)
        rep->notes = cm_xstrdup(m->notes.data);
}

static int64_t
voters_version(struct store *st, struct cm_err *err)
{
    struct calc_layer *l = NULL;
    int64_t v = 0;

    if (calc_layer_load(st, "remob_voters", &l, err) == CM_OK)
        v = l->version;
    calc_layer_free(l);
    return v;
}

int
calc_remob_compute(struct store *st, const struct calc_remob_opts *o,
                   struct calc_remob_report *rep, struct cm_err *err)
{
    struct remob m = {0};
    double t0 = cm_now();
    int rc;

    memset(rep, 0, sizeof *rep);
    m.st = st;
    if (o->r1 == NULL)
        return cm_err_set(err, CM_EUSAGE, "remob needs --r1 ELECTION:1 (round 1 of the"
                          " current election)");
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = remob_prepare(&m, o->r1, o->ref, o->camp, o->blocs_file, o->transfers_file,
                            NULL, 0, err))
        != CM_OK)
        goto out;
    rep->t_load = cm_now() - t0;
    report_fill(&m, rep);
    if (rep->n_areas_ours == 0) {
        rc = cm_err_set(err, CM_EINPUT, "%s: no candidate of our camp (%s) is a finalist"
                        " anywhere, so there is no one to remobilise for; check --camp and"
                        " the bloc mapping", m.r1_id, m.camp_text);
        goto out;
    }
    if ((rc = store_layers_delete_group(st, "remob", err)) != CM_OK
        || (rc = layers_write(&m, m.nu, (const char(*)[STORE_CODE_LEN])m.codes, m.val, err))
               != CM_OK
        || (rc = store_remob_setup_put(st, m.r1_id, m.ref_id, m.camp_text, err)) != CM_OK
        || (rc = store_commit(st, err)) != CM_OK)
        goto out;
    rep->version = voters_version(st, NULL);
    rep->t_total = cm_now() - t0;
out:
    store_rollback(st);
    remob_cleanup(&m);
    return rc;
}

static int
cmp_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Which union codes to recompute: the given bureaux and every r1 bureau of their areas. */
static unsigned char *
affected_build(const struct remob *m, const char *const *codes, size_t n)
{
    unsigned char *area, *aff = cm_xcalloc(m->nu + 1, 1);
    char(*given)[STORE_CODE_LEN];

    if (codes == NULL) { /* a refresh: every bureau */
        memset(aff, 1, m->nu);
        return aff;
    }
    area = cm_xcalloc(m->n_areas + 1, 1);
    given = cm_xcalloc(n + 1, sizeof *given);

    for (size_t i = 0; i < n; i++) {
        const char(*hit)[STORE_CODE_LEN];
        strncpy(given[i], codes[i], STORE_CODE_LEN - 1);
        hit = bsearch(given[i], m->r1.d.codes, m->r1.d.n, sizeof *hit, cmp_code);
        if (hit)
            area[m->row_area[hit - m->r1.d.codes]] = 1;
    }
    qsort(given, n, sizeof *given, cmp_code);
    for (size_t u = 0; u < m->nu; u++) {
        long r = m->r1_row[u];
        aff[u] = (r >= 0 && area[m->row_area[r]])
                 || bsearch(m->codes[u], given, n, sizeof *given, cmp_code) != NULL;
    }
    free(area), free(given);
    return aff;
}

static int
same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Merge the stored layers (old) with the recomputed codes into out arrays over n_out codes. */
static void
merge(const struct remob *m, const unsigned char *aff, struct calc_layer *const old[N_OUT],
      char (**codes_out)[STORE_CODE_LEN], double *val[N_OUT], size_t *n_out,
      struct calc_remob_report *rep)
{
    size_t i = 0, u = 0, n = 0, cap = old[0]->n + m->nu + 1;
    char(*codes)[STORE_CODE_LEN] = cm_xcalloc(cap, sizeof *codes);

    for (int k = 0; k < N_OUT; k++)
        val[k] = cm_xcalloc(cap, sizeof *val[k]);
    while (i < old[0]->n || u < m->nu) {
        int c = i >= old[0]->n ? 1 : u >= m->nu ? -1 : strcmp(old[0]->codes[i], m->codes[u]);
        int take_new = c >= 0 && aff[u];
        if (c > 0 && !aff[u]) { /* neither stored nor recomputed: stays out */
            u++;
            continue;
        }
        memcpy(codes[n], take_new ? m->codes[u] : old[0]->codes[i], STORE_CODE_LEN);
        for (int k = 0; k < N_OUT; k++)
            val[k][n] = take_new ? m->val[k][u] : old[k]->value[i];
        if (take_new) {
            rep->n_recomputed++;
            rep->n_changed += c != 0 || !same(old[2]->value[i], m->val[2][u]);
        }
        i += c <= 0, u += c >= 0, n++;
    }
    *codes_out = codes;
    *n_out = n;
}

static int
old_load(struct store *st, struct calc_layer *old[N_OUT], struct cm_err *err)
{
    int rc = CM_OK;

    for (int k = 0; k < N_OUT && rc == CM_OK; k++)
        rc = calc_layer_load(st, out_names[k], &old[k], err);
    for (int k = 1; k < N_OUT && rc == CM_OK; k++) {
        if (old[k]->n != old[0]->n || memcmp(old[k]->codes, old[0]->codes, old[0]->n * 11))
            rc = cm_err_set(err, CM_EDB, "remobilisation layers disagree on their bureaux:"
                            " run a full coopmap remob --r1 ...");
    }
    return rc;
}

int
calc_remob_update(struct store *st, const char *const *codes, size_t n,
                  struct calc_remob_report *rep, struct cm_err *err)
{
    struct store_remob_setup s = {0};
    struct calc_layer *old[N_OUT] = {0};
    struct remob m = {0};
    char(*mc)[STORE_CODE_LEN] = NULL;
    double *mv[N_OUT] = {0}, t0 = cm_now();
    unsigned char *aff = NULL;
    size_t mn = 0;
    int rc, own = !store_in_transaction(st);

    memset(rep, 0, sizeof *rep);
    m.st = st;
    if (own && (rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_remob_setup_get(st, &s, err)) != CM_OK
        || (rc = remob_prepare(&m, s.r1, s.ref, s.camp, NULL, NULL, codes, n, err)) != CM_OK
        || (rc = old_load(st, old, err)) != CM_OK)
        goto out;
    rep->t_load = cm_now() - t0;
    report_fill(&m, rep);
    aff = affected_build(&m, codes, n);
    merge(&m, aff, old, &mc, mv, &mn, rep);
    if ((rc = layers_write(&m, mn, (const char(*)[STORE_CODE_LEN])mc, mv, err)) != CM_OK
        || (own && (rc = store_commit(st, err)) != CM_OK))
        goto out;
    rep->version = voters_version(st, NULL);
    rep->t_total = cm_now() - t0;
out:
    if (own)
        store_rollback(st);
    for (int k = 0; k < N_OUT; k++)
        calc_layer_free(old[k]), free(mv[k]);
    free(mc), free(aff);
    store_remob_setup_cleanup(&s);
    remob_cleanup(&m);
    return rc;
}

int
calc_remob_refresh(struct store *st, struct calc_remob_report *rep, struct cm_err *err)
{
    return calc_remob_update(st, NULL, 0, rep, err); /* NULL: every bureau */
}

void
calc_remob_report_cleanup(struct calc_remob_report *rep)
{
    free(rep->r1), free(rep->ref), free(rep->notes);
    memset(rep, 0, sizeof *rep);
}
