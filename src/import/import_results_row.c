/* import_results_row.c - one results record: codes, totals and votes read from the mapped
 * columns, then the consistency checks every row must pass (import stage). */
#include "import_results_row.h"

#include "import_codes.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RES_MAX_COUNT 1000000000000LL /* no bureau has a trillion voters */

void
res_row_init(struct res_row *r)
{
    memset(r, 0, sizeof *r);
    cm_buf_init(&r->strs);
}

void
res_row_cleanup(struct res_row *r)
{
    free(r->votes);
    cm_buf_cleanup(&r->strs);
    memset(r, 0, sizeof *r);
}

void
res_row_why(struct res_row *r, long line, const char *fmt, ...)
{
    va_list ap;

    if (r->why[0])
        return; /* the first problem is the one to fix */
    r->why_line = line;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
}

/* A count: digits (a zero fraction such as "12.0" or "12,00" is accepted). *v = -1 when the
 * field is empty. Returns 0, or -1 with the reason in r. */
static int
parse_count(struct res_row *r, long line, const char *f, const char *what, int64_t *v)
{
    const char *p = f;
    int64_t n = 0;

    while (*p == ' ')
        p++;
    *v = -1;
    if (*p == '\0')
        return 0;
    if (*p == '-' && isdigit((unsigned char)p[1])) {
        res_row_why(r, line, "negative %s %s", what, f);
        return -1;
    }
    for (; isdigit((unsigned char)*p); p++) {
        if (n > RES_MAX_COUNT / 10) { /* keeps every sum far from overflow */
            res_row_why(r, line, "%s '%s' is too large", what, f);
            return -1;
        }
        n = n * 10 + (*p - '0');
    }
    if ((*p == '.' || *p == ',') && p > f) {
        for (p++; *p == '0'; p++)
            ;
    }
    while (*p == ' ')
        p++;
    if (*p != '\0' || !isdigit((unsigned char)f[strspn(f, " ")])) {
        res_row_why(r, line, "%s '%s' is not a whole number", what, f);
        return -1;
    }
    *v = n;
    return 0;
}

static int
count_col(struct res_row *r, const struct import_csv *c, int idx, const char *what, int64_t *v)
{
    *v = -1;
    return idx < 0 ? 0 : parse_count(r, import_csv_line(c), import_csv_field(c, idx), what, v);
}

/* Constituency as "DD-NN", the département taken from the commune code: "2" and "02" (number
 * within the département) and "2902" (département + number, Ministry 2024) give "29-02". */
static void
row_circo(struct res_row *r, const char *raw)
{
    size_t dl = strncmp(r->commune, "97", 2) == 0 ? 3 : 2, len;
    const char *num = raw;

    while (*raw == ' ')
        raw++;
    len = strlen(raw);
    if (len > dl && len <= dl + 2 && strncmp(raw, r->commune, dl) == 0
        && strspn(raw + dl, "0123456789") == len - dl)
        num = raw + dl;
    else if (len > 0 && len <= 2 && strspn(raw, "0123456789") == len)
        num = raw;
    else
        num = NULL;
    if (len == 0)
        r->circo[0] = '\0';
    else if (num)
        snprintf(r->circo, sizeof r->circo, "%.*s-%02d", (int)dl, r->commune, atoi(num));
    else
        snprintf(r->circo, sizeof r->circo, "%s", raw);
}

/* Commune and bureau codes of the record. */
static int
row_codes(struct res_row *r, const struct import_csv *c, const struct res_map *m,
          const struct res_opts *o)
{
    struct cm_err e = {0};
    const char *dep = m->dep >= 0 ? import_csv_field(c, m->dep) : o->dep;
    long line = import_csv_line(c);

    if (m->com >= 0 && import_code_commune(dep, import_csv_field(c, m->com), r->commune, &e) != CM_OK) {
        res_row_why(r, line, "%s", e.msg);
        return -1;
    }
    if (m->com < 0 && import_code_commune(NULL, o->commune, r->commune, &e) != CM_OK) {
        res_row_why(r, line, "--commune: %s", e.msg);
        return -1;
    }
    if (import_code_bureau(r->commune, import_csv_field(c, m->bv), r->bureau, &e) != CM_OK) {
        res_row_why(r, line, "%s", e.msg);
        return -1;
    }
    row_circo(r, m->circo >= 0 ? import_csv_field(c, m->circo) : "");
    return 0;
}

int
res_row_head(struct res_row *r, const struct import_csv *c, const struct res_map *m,
             const struct res_opts *o)
{
    r->line = import_csv_line(c);
    r->n_votes = 0, r->nuls_derived = 0, r->why[0] = '\0';
    cm_buf_reset(&r->strs);
    if (row_codes(r, c, m, o) < 0)
        return -1;
    if (count_col(r, c, m->inscrits, "inscrits", &r->inscrits) < 0
        || count_col(r, c, m->votants, "votants", &r->votants) < 0
        || count_col(r, c, m->abst, "abstentions", &r->abst) < 0
        || count_col(r, c, m->blancs, "blancs", &r->blancs) < 0
        || count_col(r, c, m->nuls, "nuls", &r->nuls) < 0
        || count_col(r, c, m->exprimes, "exprimes", &r->exprimes) < 0)
        return -1;
    return 0;
}

int
res_row_same_totals(const struct res_row *a, const struct res_row *b)
{
    return a->inscrits == b->inscrits && a->votants == b->votants && a->abst == b->abst
           && a->blancs == b->blancs && a->nuls == b->nuls && a->exprimes == b->exprimes
           && strcmp(a->circo, b->circo) == 0;
}

/* Append s (trimmed) to the row's strings; returns its offset. */
static size_t
row_str(struct res_row *r, const char *a, const char *b)
{
    size_t off = r->strs.len;

    while (*a == ' ')
        a++;
    cm_buf_puts(&r->strs, a);
    if (b && *b) {
        while (*b == ' ')
            b++;
        cm_buf_puts(&r->strs, " ");
        cm_buf_puts(&r->strs, b);
    }
    while (r->strs.len > off && r->strs.data[r->strs.len - 1] == ' ')
        r->strs.data[--r->strs.len] = '\0';
    cm_buf_append(&r->strs, "", 1); /* keep the NUL inside len */
    return off;
}

static const char *
fld(const struct import_csv *c, int idx, int shift)
{
    return idx < 0 ? "" : import_csv_field(c, (size_t)(idx + shift));
}

/* One candidate source at column shift; 1 added, 0 absent, -1 bad. */
static int
row_vote(struct res_row *r, const struct import_csv *c, const struct res_cand *k, int shift)
{
    const char *voix = fld(c, k->voix, shift), *panel = fld(c, k->panel, shift);
    const char *nom = k->name ? k->name : fld(c, k->nom, shift);
    long line = import_csv_line(c);
    struct res_vote *v;
    int64_t n, p = -1;

    if (voix[strspn(voix, " ")] == '\0') {
        if (k->name || (nom[strspn(nom, " ")] == '\0' && panel[strspn(panel, " ")] == '\0'))
            return 0; /* no candidate here (empty block, or a nuance absent from this bureau) */
        res_row_why(r, line, "candidate %s has no votes", nom);
        return -1;
    }
    if (parse_count(r, line, voix, "voix", &n) < 0 || parse_count(r, line, panel, "panel", &p) < 0)
        return -1;
    if (nom[strspn(nom, " ")] == '\0') {
        res_row_why(r, line, "votes in column %d without a candidate name", k->voix + shift + 1);
        return -1;
    }
    if (r->n_votes == r->cap_votes) {
        r->cap_votes = (int)cm_grow((size_t)r->cap_votes, (size_t)r->n_votes + 1);
        r->votes = cm_xreallocarray(r->votes, (size_t)r->cap_votes, sizeof *r->votes);
    }
    v = &r->votes[r->n_votes++];
    v->voix = n, v->panel = p;
    v->name = row_str(r, nom, k->name ? NULL : fld(c, k->prenom, shift));
    v->nuance = k->nuance_text ? row_str(r, k->nuance_text, NULL)
                : k->nuance >= 0 ? row_str(r, fld(c, k->nuance, shift), NULL)
                                 : RES_NO_NUANCE;
    return 1;
}

int
res_row_votes(struct res_row *r, const struct import_csv *c, const struct res_map *m)
{
    for (int i = 0; i < m->n_cands; i++) {
        const struct res_cand *k = &m->cands[i];
        int shift = 0;
        do {
            if (row_vote(r, c, k, shift) < 0)
                return -1;
            shift += m->repeat_width;
        } while (m->repeat_width > 0 && (size_t)(k->voix + shift) < import_csv_nfields(c));
    }
    return 0;
}

/* The consistency rules of shared/DESIGN.md; derives abstentions and nuls when absent. */
int
res_row_check(struct res_row *r)
{
    int64_t sum = 0;

    if (r->inscrits < 0 || r->votants < 0 || r->exprimes < 0) {
        res_row_why(r, r->line, "missing %s", r->inscrits < 0 ? "inscrits"
                                                : r->votants < 0 ? "votants" : "exprimes");
        return -1;
    }
    if (r->votants > r->inscrits) {
        res_row_why(r, r->line, "votants %lld > inscrits %lld", (long long)r->votants,
                    (long long)r->inscrits);
        return -1;
    }
    if (r->exprimes > r->votants) {
        res_row_why(r, r->line, "exprimes %lld > votants %lld", (long long)r->exprimes,
                    (long long)r->votants);
        return -1;
    }
    if (r->abst < 0)
        r->abst = r->inscrits - r->votants;
    else if (r->inscrits != r->votants + r->abst) {
        res_row_why(r, r->line, "inscrits %lld != votants %lld + abstentions %lld",
                    (long long)r->inscrits, (long long)r->votants, (long long)r->abst);
        return -1;
    }
    if (r->nuls < 0 && r->blancs >= 0) {
        r->nuls = r->votants - r->blancs - r->exprimes;
        r->nuls_derived = 1;
    }
    if (r->blancs >= 0 && r->nuls >= 0 && r->votants != r->exprimes + r->blancs + r->nuls) {
        res_row_why(r, r->line, "votants %lld != exprimes %lld + blancs %lld + nuls %lld",
                    (long long)r->votants, (long long)r->exprimes, (long long)r->blancs,
                    (long long)r->nuls);
        return -1;
    }
    for (int i = 0; i < r->n_votes; i++)
        sum += r->votes[i].voix;
    if (r->n_votes > 0 && sum != r->exprimes) {
        res_row_why(r, r->line, "sum of votes %lld != exprimes %lld", (long long)sum,
                    (long long)r->exprimes);
        return -1;
    }
    return 0;
}
