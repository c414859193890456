/* gen_results.c - writer of the Ministry's 2024 native results layout (import stage,
 * generator): ';', UTF-8, decimal comma, '%' cells, 19 fixed columns then blocks of 9 per
 * candidate, rows padded with empty blocks up to the widest row, as the Ministry does. */
#include "gen_int.h"

#include "cm_buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen_csv {
    FILE *f;
    char path[1024];
    int width;           /* candidate blocks per row */
    char *row;           /* owned: the row being built */
    size_t len, cap;
};

static void
put(struct gen_csv *c, const char *s, size_t n)
{
    if (c->len + n + 1 > c->cap) {
        c->cap = cm_grow(c->cap, c->len + n + 1);
        c->row = cm_xreallocarray(c->row, c->cap, 1);
    }
    memcpy(c->row + c->len, s, n);
    c->len += n;
}

static void
puts_sep(struct gen_csv *c, const char *s)
{
    put(c, ";", c->len > 0);
    put(c, s, strlen(s));
}

static void
put_int(struct gen_csv *c, long v)
{
    char b[24], *p = b + sizeof b;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *--p = '-';
    put(c, ";", c->len > 0);
    put(c, p, (size_t)(b + sizeof b - p));
}

/* 100 * a / b with two decimals, half up, decimal comma: "78,94%" (0 <= a, b > 0). By hand:
 * millions of cells, and snprintf was a tenth of the run. */
static void
put_pct(struct gen_csv *c, long a, long b)
{
    long h = (20000 * a + b) / (2 * b);
    char s[32], *p = s + sizeof s;

    *--p = '%';
    *--p = (char)('0' + h % 10), h /= 10;
    *--p = (char)('0' + h % 10), h /= 10;
    *--p = ',';
    do
        *--p = (char)('0' + h % 10);
    while ((h /= 10) > 0);
    put(c, ";", 1);
    put(c, p, (size_t)(s + sizeof s - p));
}

int
gen_csv_open(struct gen_csv **out, const char *dir, const char *name, int width,
             struct cm_err *err)
{
    static const char *const fixed =
        "Code département;Libellé département;Code commune;Libellé commune;Code BV;Inscrits;"
        "Votants;% Votants;Abstentions;% Abstentions;Exprimés;% Exprimés/inscrits;"
        "% Exprimés/votants;Blancs;% Blancs/inscrits;% Blancs/votants;Nuls;% Nuls/inscrits;"
        "% Nuls/votants";
    static const char *const block[] = {
        "Numéro de panneau", "Nuance candidat", "Nom candidat", "Prénom candidat",
        "Sexe candidat", "Voix", "% Voix/inscrits", "% Voix/exprimés", "Elu"};
    struct gen_csv *c = cm_xcalloc(1, sizeof *c);

    snprintf(c->path, sizeof c->path, "%s/%s", dir, name);
    c->width = width;
    if ((c->f = fopen(c->path, "w")) == NULL) {
        int rc = cm_err_set(err, CM_EIO, "%s: %s", c->path, strerror(errno));
        free(c);
        return rc;
    }
    setvbuf(c->f, NULL, _IOFBF, 1 << 20);
    fputs(fixed, c->f);
    for (int k = 1; k <= width; k++) {
        for (int j = 0; j < 9; j++)
            fprintf(c->f, ";%s %d", block[j], k);
    }
    fputc('\n', c->f);
    *out = c;
    return CM_OK;
}

void
gen_csv_row(struct gen_csv *c, const struct gen_row *r)
{
    long e = r->votants - r->blancs - r->nuls;
    char bv[16];

    c->len = 0;
    puts_sep(c, r->dep_code);
    puts_sep(c, r->dep_name);
    puts_sep(c, r->com_code);
    puts_sep(c, r->com_name);
    snprintf(bv, sizeof bv, "%d", r->num_bv);
    puts_sep(c, bv);
    put_int(c, r->inscrits), put_int(c, r->votants), put_pct(c, r->votants, r->inscrits);
    put_int(c, r->inscrits - r->votants), put_pct(c, r->inscrits - r->votants, r->inscrits);
    put_int(c, e), put_pct(c, e, r->inscrits), put_pct(c, e, r->votants);
    put_int(c, r->blancs), put_pct(c, r->blancs, r->inscrits), put_pct(c, r->blancs, r->votants);
    put_int(c, r->nuls), put_pct(c, r->nuls, r->inscrits), put_pct(c, r->nuls, r->votants);
    for (int k = 0; k < r->n_cand; k++) {
        const struct gen_cand *cd = r->cand[k];
        put_int(c, cd->panel);
        puts_sep(c, cd->nuance);
        puts_sep(c, cd->person.surname);
        puts_sep(c, cd->person.first);
        puts_sep(c, cd->person.female ? "FEMININ" : "MASCULIN");
        put_int(c, r->voix[k]), put_pct(c, r->voix[k], r->inscrits), put_pct(c, r->voix[k], e);
        puts_sep(c, cd->elected ? "élu" : "");
    }
    for (int k = r->n_cand; k < c->width; k++)
        put(c, ";;;;;;;;;", 9);
    put(c, "\n", 1);
    fwrite(c->row, 1, c->len, c->f);
}

int
gen_csv_close(struct gen_csv *c, struct cm_err *err)
{
    int rc = CM_OK;

    if (c == NULL)
        return CM_OK;
    if (ferror(c->f) | fclose(c->f))
        rc = cm_err_set(err, CM_EIO, "%s: write failed: %s", c->path, strerror(errno));
    free(c->row);
    free(c);
    return rc;
}
