/* import_results_layout.c - recognising a results file from its header and mapping its
 * columns (import stage). Names are compared without case and surrounding blanks. */
#include "import_results_int.h"

#include "cm_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const res_layout_names[RES_NLAYOUTS] = {"native2024", "legacy", "large", "long",
                                                    "city"};

/* Field equal to name, ignoring ASCII case and blanks around the field. */
static int
name_eq(const char *field, const char *name)
{
    size_t n;

    while (*field == ' ')
        field++;
    n = strlen(field);
    while (n > 0 && field[n - 1] == ' ')
        n--;
    return n == strlen(name) && strncasecmp(field, name, n) == 0;
}

static int
col(const struct import_csv *c, const char *name)
{
    for (size_t i = 0; i < import_csv_nfields(c); i++) {
        if (name_eq(import_csv_field(c, i), name))
            return (int)i;
    }
    return -1;
}

/* First of two spellings. */
static int
col2(const struct import_csv *c, const char *a, const char *b)
{
    int i = col(c, a);

    return i >= 0 ? i : col(c, b);
}

static int
has_suffix_col(const struct import_csv *c, const char *suffix)
{
    size_t ls = strlen(suffix);

    for (size_t i = 0; i < import_csv_nfields(c); i++) {
        const char *f = import_csv_field(c, i);
        size_t lf = strlen(f);
        if (lf > ls && strcasecmp(f + lf - ls, suffix) == 0)
            return 1;
    }
    return 0;
}

static int
detect(const struct import_csv *c)
{
    if (col(c, "Code commune") >= 0 && col(c, "Code BV") >= 0)
        return RES_NATIVE2024;
    if (col(c, "Code du b.vote") >= 0)
        return RES_LEGACY;
    if (col(c, "Numéro") >= 0 && has_suffix_col(c, " - votes"))
        return RES_CITY;
    if (col(c, "bureau") >= 0 && col(c, "voix") >= 0)
        return RES_LONG;
    if (col(c, "bureau") >= 0 && col(c, "commune") >= 0)
        return RES_LARGE;
    return RES_NLAYOUTS;
}

static struct res_cand *
cand_push(struct res_map *m)
{
    struct res_cand *k;

    m->cands = cm_xreallocarray(m->cands, (size_t)m->n_cands + 1, sizeof *m->cands);
    k = &m->cands[m->n_cands++];
    memset(k, 0, sizeof *k);
    k->panel = k->nuance = k->nom = k->prenom = k->voix = -1;
    return k;
}

/* 2024 native: blocks "Numéro de panneau i ... Voix i" for i = 1, 2, ...; lists (European
 * elections) are named by "Libellé de liste i". */
static void
map_native_blocks(const struct import_csv *c, struct res_map *m)
{
    char a[64], b[64];

    for (int i = 1;; i++) {
        struct res_cand *k;
        snprintf(a, sizeof a, "Voix %d", i);
        if (col(c, a) < 0)
            break;
        k = cand_push(m);
        k->voix = col(c, a);
        snprintf(a, sizeof a, "Numéro de panneau %d", i);
        k->panel = col(c, a);
        snprintf(a, sizeof a, "Nuance candidat %d", i);
        snprintf(b, sizeof b, "Nuance liste %d", i);
        k->nuance = col2(c, a, b);
        snprintf(a, sizeof a, "Nom candidat %d", i);
        snprintf(b, sizeof b, "Libellé de liste %d", i);
        k->nom = col2(c, a, b);
        snprintf(a, sizeof a, "Prénom candidat %d", i);
        k->prenom = col(c, a);
    }
}

/* Legacy: one named block from "N°Panneau" to the end, repeated unnamed in the rows. */
static void
map_legacy_block(const struct import_csv *c, struct res_map *m)
{
    int p = col2(c, "N°Panneau", "N° Panneau");
    struct res_cand *k;

    if (p < 0 || col(c, "Voix") < 0)
        return;
    k = cand_push(m);
    k->panel = p;
    k->nom = col(c, "Nom");
    k->prenom = col(c, "Prénom");
    k->nuance = col(c, "Nuance");
    k->voix = col(c, "Voix");
    m->repeat_width = (int)import_csv_nfields(c) - p;
}

static int
large_meta(const char *f)
{
    static const char *const meta[] = {"departement", "commune", "bureau", "circonscription",
                                       "inscrits", "votants", "abstentions", "blancs", "nuls",
                                       "exprimes", "code", "libelle", "", NULL};
    for (int i = 0; meta[i]; i++) {
        if (name_eq(f, meta[i]))
            return 1;
    }
    return strstr(f, "libelle") != NULL || f[0] == '%';
}

/* Large: every column that is not a known total or label holds a candidate's or a nuance's
 * votes. */
static void
map_large_columns(const struct import_csv *c, struct res_map *m)
{
    for (size_t i = 0; i < import_csv_nfields(c); i++) {
        const char *f = import_csv_field(c, i);
        struct res_cand *k;
        if (large_meta(f))
            continue;
        k = cand_push(m);
        k->voix = (int)i;
        k->name = cm_xstrdup(f);
        if (m->nuance_columns)
            k->nuance_text = cm_xstrdup(f);
    }
}

/* City: "M. NAME First - votes" columns; the civility is dropped from the name. */
static void
map_city_columns(const struct import_csv *c, struct res_map *m)
{
    static const char suffix[] = " - votes";
    size_t ls = sizeof suffix - 1;

    for (size_t i = 0; i < import_csv_nfields(c); i++) {
        const char *f = import_csv_field(c, i);
        size_t lf = strlen(f);
        struct res_cand *k;
        if (lf <= ls || strcasecmp(f + lf - ls, suffix) != 0)
            continue;
        if (strncmp(f, "M. ", 3) == 0)
            f += 3, lf -= 3;
        else if (strncmp(f, "Mme ", 4) == 0)
            f += 4, lf -= 4;
        k = cand_push(m);
        k->voix = (int)i;
        k->name = cm_xreallocarray(NULL, lf - ls + 1, 1);
        memcpy(k->name, f, lf - ls);
        k->name[lf - ls] = '\0';
    }
}

static void
map_totals(const struct import_csv *c, struct res_map *m)
{
    m->inscrits = col(c, "Inscrits");
    m->votants = col(c, "Votants");
    m->abst = col(c, "Abstentions");
    m->blancs = col(c, "Blancs");
    m->nuls = col(c, "Nuls");
    m->exprimes = col2(c, "Exprimés", "exprimes");
}

static void
map_layout(const struct import_csv *c, struct res_map *m)
{
    map_totals(c, m);
    switch (m->layout) {
    case RES_NATIVE2024:
        m->dep = col(c, "Code département");
        m->com = col(c, "Code commune");
        m->bv = col(c, "Code BV");
        m->circo = col2(c, "Code circonscription législative", "Code circonscription");
        m->cands_per_circo = 1;
        map_native_blocks(c, m);
        break;
    case RES_LEGACY:
        m->dep = col(c, "Code du département");
        m->com = col(c, "Code de la commune");
        m->bv = col(c, "Code du b.vote");
        m->circo = col(c, "Code de la circonscription");
        m->cands_per_circo = 1;
        map_legacy_block(c, m);
        break;
    case RES_LARGE:
    case RES_LONG:
        m->dep = col(c, "departement");
        m->com = col(c, "commune");
        m->bv = col(c, "bureau");
        m->circo = col(c, "circonscription");
        if (m->layout == RES_LARGE) {
            map_large_columns(c, m);
        } else {
            struct res_cand *k = cand_push(m);
            k->panel = col(c, "numero_panneau");
            k->nom = col(c, "nom");
            k->prenom = col(c, "prenom");
            k->nuance = col(c, "nuance");
            k->voix = col(c, "voix");
            m->cands_per_circo = 1;
        }
        break;
    case RES_CITY:
        m->bv = col(c, "Numéro");
        m->circo = col(c, "Circo");
        m->cands_per_circo = 1;
        map_city_columns(c, m);
        break;
    case RES_NLAYOUTS: break;
    }
}

static void
need(struct cm_buf *miss, int idx, const char *what)
{
    if (idx < 0)
        cm_buf_printf(miss, "%s%s", miss->len ? ", " : "", what);
}

/* Required columns of the mapped layout; names the missing ones in miss. */
static void
check_required(const struct res_map *m, int have_dep, int have_commune, struct cm_buf *miss)
{
    static const char *const bv_names[] = {"Code BV", "Code du b.vote", "bureau", "bureau",
                                           "Numéro"};
    static const char *const com_names[] = {"Code commune", "Code de la commune", "commune",
                                            "commune", NULL};

    need(miss, m->bv, bv_names[m->layout]);
    if (m->layout == RES_CITY)
        need(miss, have_commune ? 0 : -1, "--commune CODE (the file has no commune column)");
    else
        need(miss, m->com >= 0 || have_commune ? 0 : -1, com_names[m->layout]);
    if (m->layout == RES_LEGACY || m->layout == RES_LARGE || m->layout == RES_LONG)
        need(miss, m->dep >= 0 || have_dep || have_commune ? 0 : -1,
             "département column (or --dep CODE)");
    need(miss, m->inscrits, "Inscrits");
    need(miss, m->votants, "Votants");
    need(miss, m->exprimes, "Exprimés");
    need(miss, m->n_cands > 0 ? 0 : -1, "candidate vote columns");
    for (int i = 0; i < m->n_cands; i++)
        need(miss, m->cands[i].voix, "Voix");
    if (m->layout == RES_LONG)
        need(miss, m->cands[0].nom, "nom");
}

int
res_map_header(const struct import_csv *c, int layout, int nuance_columns, int have_dep,
               int have_commune, struct res_map *m, struct cm_err *err)
{
    struct cm_buf miss;
    int rc = CM_OK;

    memset(m, 0, sizeof *m);
    m->dep = m->com = m->bv = m->circo = -1;
    m->nuance_columns = nuance_columns;
    m->layout = layout == RES_NLAYOUTS ? detect(c) : layout;
    if (m->layout == RES_NLAYOUTS)
        return cm_err_set(err, CM_EINPUT,
                          "%s:%ld: unknown results layout (delimiter '%c', first column '%s'): "
                          "expected native2024 (Code commune, Code BV, Voix 1), legacy (Code du "
                          "b.vote), large (commune, bureau), long (bureau, voix) or "
                          "city (Numéro, NAME - votes); --layout forces one",
                          import_csv_name(c), import_csv_line(c), import_csv_delim(c),
                          import_csv_field(c, 0));
    map_layout(c, m);
    cm_buf_init(&miss);
    check_required(m, have_dep, have_commune, &miss);
    if (miss.len)
        rc = cm_err_set(err, CM_EINPUT, "%s:%ld: layout %s: missing %s", import_csv_name(c),
                        import_csv_line(c), res_layout_names[m->layout], miss.data);
    cm_buf_cleanup(&miss);
    return rc;
}

void
res_map_cleanup(struct res_map *m)
{
    for (int i = 0; i < m->n_cands; i++) {
        free(m->cands[i].name);
        free(m->cands[i].nuance_text);
    }
    free(m->cands);
    memset(m, 0, sizeof *m);
}
