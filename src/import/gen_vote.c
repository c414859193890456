/* gen_vote.c - generated 2027 presidential and 2028 legislative elections, two rounds each
 * (import stage): turnout and shares follow smooth fields and the town gradient; round 2
 * transfers round-1 votes by political distance; integer counts add up exactly. */
#include "gen_int.h"

#include "cm_buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEG_MAX 10

/* Position on a left-right axis drives transfers; field/fw/uw drive the geography. */
struct nuance {
    const char *code;
    double base, fw, uw, pos;
    int field;
};

static const struct nuance nuances[] = {
    {"EXG", -3.3, 0.2, 0.1, -3.0, 1}, {"COM", -2.6, 0.4, 0.3, -2.5, 1},
    {"LFI", -0.9, 0.45, 1.0, -2.0, 1}, {"SOC", -1.3, 0.4, 0.3, -1.2, 2},
    {"ECO", -1.8, 0.35, 0.8, -1.1, 2}, {"DVG", -2.8, 0.3, 0.0, -0.8, 2},
    {"REG", -3.5, 0.6, -0.2, -0.5, 9}, {"ENS", -0.7, 0.3, 0.5, 0.0, 3},
    {"DIV", -3.2, 0.3, 0.0, 0.3, 9},   {"LR", -1.5, 0.5, -0.1, 1.0, 4},
    {"DVD", -2.5, 0.4, -0.3, 1.2, 4},  {"DSV", -3.0, 0.3, -0.3, 1.8, 5},
    {"RN", -0.4, 0.6, -1.2, 2.6, 5},   {"REC", -2.2, 0.3, 0.2, 3.0, 5},
    {"EXD", -3.5, 0.3, 0.0, 3.3, 5},
};
#define N_NUANCES ((int)(sizeof nuances / sizeof nuances[0]))

static const char *const pres_nuances[GEN_MAX_CAND] = {
    "EXG", "COM", "LFI", "SOC", "ECO", "ENS", "LR", "DVD", "RN", "REC", "DIV", "DSV"};
static const char *const leg_core[] = {"RN", "ENS", "LR"};
static const char *const leg_extra[] = {
    "ECO", "COM", "EXG", "REC", "DVD", "DIV", "DVG", "REG", "DSV", "EXD"};
#define N_EXTRA ((int)(sizeof leg_extra / sizeof leg_extra[0]))

static const struct nuance *
nuance_find(const char *code)
{
    for (int k = 0; k < N_NUANCES; k++) {
        if (strcmp(nuances[k].code, code) == 0)
            return &nuances[k];
    }
    return &nuances[8]; /* DIV */
}

/* A candidate: what the writer prints, plus the model's nuance and local strength. */
struct cand {
    struct gen_cand out;
    const struct nuance *nu;
    double effect;
};

/* One election: candidates per group (one group for the presidential, one per
 * constituency for the legislative), round-1 and round-2 counts per bureau. */
struct election {
    int leg;
    long n_groups;
    struct cand *cand;  /* owned: n_groups * GEN_MAX_CAND */
    int *n_cand;        /* owned: per group */
    int *final;         /* owned: 2 slots per group */
    long *ins, *v1, *b1, *n1, *voix1; /* owned, per bureau (voix1: GEN_MAX_CAND each) */
    long *v2, *b2, *n2, *voix2;       /* voix2: 2 per bureau */
};

static double
logistic(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static double
logit(double p)
{
    return log(p / (1.0 - p));
}

/* Largest remainder: integer votes summing to e exactly; ties go to the lower slot. */
static void
allocate(long e, const double *p, int n, long *voix)
{
    double frac[GEN_MAX_CAND];
    long left = e;

    for (int k = 0; k < n; k++) {
        voix[k] = (long)floor((double)e * p[k]);
        frac[k] = (double)e * p[k] - (double)voix[k];
        left -= voix[k];
    }
    while (left > 0) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (frac[k] > frac[best])
                best = k;
        }
        voix[best]++, frac[best] = -1, left--;
    }
}

/* Votants, blancs, nuls from rates, with at least one valid vote. */
static void
turnout(long ins, double t, double rb, double rn, long *v, long *b, long *nu)
{
    *v = lround((double)ins * t);
    *v = *v < 1 ? 1 : *v > ins ? ins : *v;
    *b = lround((double)*v * rb), *nu = lround((double)*v * rn);
    while (*b + *nu >= *v) {
        if (*nu > 0)
            (*nu)--;
        else
            (*b)--;
    }
}

/* Names already given in an election: no two candidates share surname and first name. */
struct name_set {
    uint64_t *slot; /* owned; 0 is empty */
    uint64_t mask;
};

static int
name_add(struct name_set *s, const struct gen_person *p)
{
    uint64_t h = 1469598103934665603ULL;

    for (const char *c = p->surname; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    h = (h ^ '|') * 1099511628211ULL;
    for (const char *c = p->first; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    h |= 1;
    for (uint64_t i = h;; i++) {
        if (s->slot[i & s->mask] == h)
            return 0;
        if (s->slot[i & s->mask] == 0) {
            s->slot[i & s->mask] = h;
            return 1;
        }
    }
}

/* Panel numbers 1..n in a random but fixed order; candidates are then listed by panel, as
 * the Ministry lists them, each with a name of their own. */
static void
panels(uint64_t seed, uint64_t key, struct cand *c, int n, struct name_set *names)
{
    double h[GEN_MAX_CAND];

    for (int k = 0; k < n; k++)
        h[k] = gen_hash_unif(seed, GEN_S_CANDIDATES, key, (uint64_t)k);
    for (int k = 0; k < n; k++) {
        c[k].out.panel = 1;
        for (int j = 0; j < n; j++)
            c[k].out.panel += h[j] < h[k] || (h[j] == h[k] && j < k);
    }
    for (int k = 1; k < n; k++) {
        struct cand t = c[k];
        int j = k;
        for (; j > 0 && c[j - 1].out.panel > t.out.panel; j--)
            c[j] = c[j - 1];
        c[j] = t;
    }
    for (int k = 0; k < n; k++) {
        for (uint64_t a = 0;; a++) {
            int dup = 0;
            gen_person(seed, key * 64 + (uint64_t)k + a * 1000003, &c[k].out.person);
            for (int j = 0; j < k; j++)
                dup |= strcmp(c[j].out.person.surname, c[k].out.person.surname) == 0;
            if (!dup && name_add(names, &c[k].out.person))
                break;
        }
    }
}

static void
cand_set(struct cand *c, const char *nuance, double effect)
{
    c->nu = nuance_find(nuance);
    c->out.nuance = c->nu->code;
    c->effect = effect;
}

/* Presidential: the same 12 candidates everywhere. */
static void
pres_candidates(const struct gen_world *w, struct election *el, struct name_set *names)
{
    el->n_cand[0] = GEN_MAX_CAND;
    for (int k = 0; k < GEN_MAX_CAND; k++)
        cand_set(&el->cand[k], pres_nuances[k], 0);
    panels(w->seed, 0, el->cand, GEN_MAX_CAND, names);
}

/* Legislative: 4-10 per constituency: RN, ENS, LR, the locally stronger of LFI and SOC,
 * then others drawn without replacement; each with a local strength. */
static void
leg_candidates(const struct gen_world *w, struct election *el, struct name_set *names)
{
    for (long g = 0; g < el->n_groups; g++) {
        struct cand *c = el->cand + g * GEN_MAX_CAND;
        const struct gen_circo *k = &w->circo[g];
        int n = 4 + (int)(7 * gen_hash_unif(w->seed, GEN_S_CANDIDATES, (uint64_t)g, 1)), m = 0;
        int taken[N_EXTRA] = {0};
        double radical = gen_field_at(&w->field[1], k->x, k->y);
        const char *left = radical > gen_field_at(&w->field[2], k->x, k->y) ? "LFI" : "SOC";

        for (int j = 0; j < 3; j++)
            cand_set(&c[m++], leg_core[j], 0);
        cand_set(&c[m++], left, 0);
        for (int d = 0; m < n; d++) {
            double u = gen_hash_unif(w->seed, GEN_S_CANDIDATES, (uint64_t)g, 10 + (uint64_t)d);
            int e = (int)(N_EXTRA * u);
            if (!taken[e]) {
                taken[e] = 1;
                cand_set(&c[m++], leg_extra[e], 0);
            }
        }
        for (int j = 0; j < n; j++)
            c[j].effect =
                0.3 * gen_hash_normal(w->seed, GEN_S_CANDIDATES, (uint64_t)g, 40 + (uint64_t)j);
        el->n_cand[g] = n;
        panels(w->seed, 1 + (uint64_t)g, c, n, names);
    }
}

#define NFIELD GEN_NFIELD

static double
noise(const struct gen_world *w, const struct election *el, long i, int what)
{
    return gen_hash_normal(w->seed, GEN_S_VOTE, (uint64_t)i, (uint64_t)(el->leg * 10000 + what));
}

static long
group_of(const struct gen_world *w, const struct election *el, long i)
{
    return el->leg ? w->b_circo[i] : 0;
}

static void
round1_bureau(const struct gen_world *w, struct election *el, const double *f, long i)
{
    long g = group_of(w, el, i), *voix = el->voix1 + i * GEN_MAX_CAND;
    const struct cand *c = el->cand + g * GEN_MAX_CAND;
    double u = w->urb[i] - 0.5, p[GEN_MAX_CAND], sum = 0;
    double t = logistic((el->leg ? 0.55 : 1.3) + 0.35 * f[0] - 0.4 * u + 0.12 * noise(w, el, i, 1));

    turnout(el->ins[i], t, logistic(-4.2 + 0.25 * noise(w, el, i, 2)),
            logistic(-4.8 + 0.25 * noise(w, el, i, 3)), &el->v1[i], &el->b1[i], &el->n1[i]);
    for (int k = 0; k < el->n_cand[g]; k++) {
        const struct nuance *nu = c[k].nu;
        p[k] = exp(nu->base + nu->fw * f[nu->field] + nu->uw * u + c[k].effect
                   + 0.15 * noise(w, el, i, 10 + k));
        sum += p[k];
    }
    for (int k = 0; k < el->n_cand[g]; k++)
        p[k] /= sum;
    allocate(el->v1[i] - el->b1[i] - el->n1[i], p, el->n_cand[g], voix);
}

/* Round 2: each round-1 vote goes to the closer finalist, or to blank/abstention when both
 * are far from it; the share of such orphan votes also lowers turnout. */
static void
round2_bureau(const struct gen_world *w, struct election *el, const double *f, long i)
{
    long g = group_of(w, el, i), e1 = el->v1[i] - el->b1[i] - el->n1[i];
    const struct cand *c = el->cand + g * GEN_MAX_CAND;
    const struct cand *a = &c[el->final[2 * g]], *b = &c[el->final[2 * g + 1]];
    double pa = 0, pb = 0, lost = 0, share[2], t1 = (double)el->v1[i] / (double)el->ins[i];

    for (int k = 0; k < el->n_cand[g]; k++) {
        double s = (double)el->voix1[i * GEN_MAX_CAND + k] / (double)e1;
        double aa = &c[k] == a ? 1 : exp(-1.1 * fabs(c[k].nu->pos - a->nu->pos));
        double ab = &c[k] == b ? 1 : exp(-1.1 * fabs(c[k].nu->pos - b->nu->pos));
        pa += s * aa / (aa + ab + 0.5), pb += s * ab / (aa + ab + 0.5);
        lost += s * 0.5 / (aa + ab + 0.5);
    }
    share[0] = logistic(logit(fmin(fmax(pa / (pa + pb), 0.01), 0.99)) + 0.1 * noise(w, el, i, 30));
    share[1] = 1 - share[0];
    t1 = fmin(fmax(t1, 0.02), 0.98);
    t1 = logistic(logit(t1) + 0.12 * f[8] - 0.8 * (lost - 0.15) + 0.05 * noise(w, el, i, 31));
    turnout(el->ins[i], t1, 0.01 + 0.12 * lost, 0.005 + 0.02 * lost, &el->v2[i], &el->b2[i],
            &el->n2[i]);
    allocate(el->v2[i] - el->b2[i] - el->n2[i], share, 2, el->voix2 + 2 * i);
}

/* Per group, the two best round-1 totals (in panel order), or the round-2 winner. */
static void
finalists(const struct gen_world *w, struct election *el)
{
    long *tot = cm_xcalloc((size_t)el->n_groups * GEN_MAX_CAND, sizeof *tot);

    for (long i = 0; i < w->n; i++) {
        for (int k = 0; k < GEN_MAX_CAND; k++)
            tot[group_of(w, el, i) * GEN_MAX_CAND + k] += el->voix1[i * GEN_MAX_CAND + k];
    }
    for (long g = 0; g < el->n_groups; g++) {
        const long *t = tot + g * GEN_MAX_CAND;
        int a = 0, b = -1;
        for (int k = 1; k < el->n_cand[g]; k++) {
            if (t[k] > t[a])
                b = a, a = k;
            else if (b < 0 || t[k] > t[b])
                b = k;
        }
        if (el->cand[g * GEN_MAX_CAND + a].out.panel > el->cand[g * GEN_MAX_CAND + b].out.panel)
            a ^= b, b ^= a, a ^= b;
        el->final[2 * g] = a, el->final[2 * g + 1] = b;
    }
    free(tot);
}

/* Round-2 candidates: copies of the finalists, the group's winner marked elected. */
static struct gen_cand *
round2_candidates(const struct gen_world *w, const struct election *el)
{
    struct gen_cand *t2 = cm_xcalloc((size_t)el->n_groups * 2, sizeof *t2);
    long *tot = cm_xcalloc((size_t)el->n_groups * 2, sizeof *tot);

    for (long i = 0; i < w->n; i++) {
        tot[2 * group_of(w, el, i)] += el->voix2[2 * i];
        tot[2 * group_of(w, el, i) + 1] += el->voix2[2 * i + 1];
    }
    for (long g = 0; g < el->n_groups; g++) {
        for (int k = 0; k < 2; k++)
            t2[2 * g + k] = el->cand[g * GEN_MAX_CAND + el->final[2 * g + k]].out;
        t2[2 * g + (tot[2 * g + 1] > tot[2 * g])].elected = 1;
    }
    free(tot);
    return t2;
}

static int
write_round(const struct gen_world *w, const struct election *el, const struct gen_cand *t2,
            const char *dir, const char *name, struct cm_err *err)
{
    struct gen_csv *csv = NULL;
    struct cm_progress pg;
    int width = t2 ? 2 : el->leg ? LEG_MAX : GEN_MAX_CAND, rc;

    if ((rc = gen_csv_open(&csv, dir, name, width, err)) != CM_OK)
        return rc;
    cm_progress_start(&pg, name, w->n, w->quiet);
    for (long k = 0; k < w->n; k++) {
        long i = w->b_order[k], g = group_of(w, el, i);
        const struct gen_commune *c = &w->com[w->b_com[i]];
        struct gen_row r = {gen_deps[c->dep].code, gen_deps[c->dep].name, c->code, c->name,
                            w->b_num[i], el->ins[i], 0, 0, 0, 0, {0}, {0}};
        r.votants = t2 ? el->v2[i] : el->v1[i];
        r.blancs = t2 ? el->b2[i] : el->b1[i];
        r.nuls = t2 ? el->n2[i] : el->n1[i];
        r.n_cand = t2 ? 2 : el->n_cand[g];
        for (int j = 0; j < r.n_cand; j++) {
            r.cand[j] = t2 ? &t2[2 * g + j] : &el->cand[g * GEN_MAX_CAND + j].out;
            r.voix[j] = t2 ? el->voix2[2 * i + j] : el->voix1[i * GEN_MAX_CAND + j];
        }
        gen_csv_row(csv, &r);
        if ((k & 4095) == 0)
            cm_progress_update(&pg, k);
    }
    cm_progress_end(&pg);
    return gen_csv_close(csv, err);
}

static void
election_init(const struct gen_world *w, struct election *el, int leg)
{
    size_t n = (size_t)w->n;
    struct name_set names;

    el->leg = leg;
    el->n_groups = leg ? w->n_circo : 1;
    el->cand = cm_xcalloc((size_t)el->n_groups * GEN_MAX_CAND, sizeof *el->cand);
    el->n_cand = cm_xcalloc((size_t)el->n_groups, sizeof *el->n_cand);
    el->final = cm_xcalloc((size_t)el->n_groups * 2, sizeof *el->final);
    el->ins = cm_xcalloc(n, sizeof *el->ins);
    el->v1 = cm_xcalloc(n, sizeof *el->v1), el->b1 = cm_xcalloc(n, sizeof *el->b1);
    el->n1 = cm_xcalloc(n, sizeof *el->n1);
    el->voix1 = cm_xcalloc(n * GEN_MAX_CAND, sizeof *el->voix1);
    el->v2 = cm_xcalloc(n, sizeof *el->v2), el->b2 = cm_xcalloc(n, sizeof *el->b2);
    el->n2 = cm_xcalloc(n, sizeof *el->n2), el->voix2 = cm_xcalloc(n * 2, sizeof *el->voix2);
    names.mask = 1;
    while (names.mask < 2 * (uint64_t)el->n_groups * GEN_MAX_CAND)
        names.mask <<= 1;
    names.slot = cm_xcalloc(names.mask, sizeof *names.slot);
    names.mask--;
    if (leg)
        leg_candidates(w, el, &names);
    else
        pres_candidates(w, el, &names);
    free(names.slot);
}

static void
election_count(const struct gen_world *w, struct election *el, const double *fld)
{
    for (long i = 0; i < w->n; i++)
        round1_bureau(w, el, fld + i * NFIELD, i);
    finalists(w, el);
    for (long i = 0; i < w->n; i++)
        round2_bureau(w, el, fld + i * NFIELD, i);
}

static void
election_cleanup(struct election *el)
{
    free(el->cand), free(el->n_cand), free(el->final), free(el->ins);
    free(el->v1), free(el->b1), free(el->n1), free(el->voix1);
    free(el->v2), free(el->b2), free(el->n2), free(el->voix2);
}

/* Registered voters: about 700 a bureau, more in towns; the roll moves ~1% a year. */
static void
inscrits(const struct gen_world *w, struct election *pres, struct election *leg)
{
    for (long i = 0; i < w->n; i++) {
        double v = 700.0 * exp(0.3 * gen_hash_normal(w->seed, GEN_S_VOTE, (uint64_t)i, 0))
                   * (0.8 + 0.4 * w->urb[i]);
        pres->ins[i] = lround(fmin(fmax(v, 60), 4000));
        v = 1 + 0.012 * gen_hash_normal(w->seed, GEN_S_VOTE, (uint64_t)i, 5);
        v *= (double)pres->ins[i];
        leg->ins[i] = lround(fmax(v, 60));
    }
}

static int
election_write(const struct gen_world *w, const struct election *el, const char *dir,
               const char *stem, struct cm_err *err)
{
    char name[64];
    struct gen_cand *t2 = round2_candidates(w, el);
    int rc;

    snprintf(name, sizeof name, "%s-t1.csv", stem);
    if ((rc = write_round(w, el, NULL, dir, name, err)) == CM_OK) {
        snprintf(name, sizeof name, "%s-t2.csv", stem);
        rc = write_round(w, el, t2, dir, name, err);
    }
    free(t2);
    return rc;
}

int
gen_vote_write(const struct gen_world *w, const char *dir, struct gen_report *rep,
               struct cm_err *err)
{
    double *fld = cm_xcalloc((size_t)w->n * NFIELD, sizeof *fld);
    struct election pres = {0}, leg = {0};
    int rc;

    for (long i = 0; i < w->n; i++) {
        for (int k = 0; k < NFIELD; k++)
            fld[i * NFIELD + k] = gen_field_at(&w->field[k], w->bx[i], w->by[i]);
    }
    election_init(w, &pres, 0);
    election_init(w, &leg, 1);
    inscrits(w, &pres, &leg);
    election_count(w, &pres, fld);
    election_count(w, &leg, fld);
    rep->inscrits_pres = 0;
    for (long i = 0; i < w->n; i++)
        rep->inscrits_pres += pres.ins[i];
    if ((rc = election_write(w, &pres, dir, "pres2027", err)) == CM_OK)
        rc = election_write(w, &leg, dir, "leg2028", err);
    free(fld);
    election_cleanup(&pres);
    election_cleanup(&leg);
    return rc;
}
