/* calc_elec.c - one election round ready for the layers (calc layer): per bureau, votes by
 * bloc and by candidate or nuance key, from the store and the bloc mapping. */
#include "calc_elec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
calc_ref_parse(const char *s, char **election_out, int *round_out, struct cm_err *err)
{
    const char *colon = strrchr(s, ':');
    char *end;
    long r = 1;

    if (colon) {
        r = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || (r != 1 && r != 2))
            return cm_err_set(err, CM_EUSAGE, "'%s': expected ELECTION:ROUND, ROUND 1 or 2", s);
    }
    if (colon == s || *s == '\0')
        return cm_err_set(err, CM_EUSAGE, "'%s': expected ELECTION:ROUND", s);
    *election_out = colon ? strndup(s, (size_t)(colon - s)) : cm_xstrdup(s);
    if (*election_out == NULL)
        abort();
    *round_out = (int)r;
    return CM_OK;
}

int
calc_elec_presidential(const struct store_round *r)
{
    return r->kind && strncasecmp(r->kind, "pres", 4) == 0;
}

/* Layer-name key: lower-case, spaces to '_' ("LE PEN" -> "le_pen"). */
static void
layer_key(const char *name, char *out, size_t n)
{
    calc_norm_key(name, out, n);
    for (char *p = out; *p; p++)
        *p = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
}

static int
key_index(struct calc_elec *e, const char *key)
{
    for (size_t i = 0; i < e->n_keys; i++) {
        if (strcmp(e->keys[i], key) == 0)
            return (int)i;
    }
    e->keys = cm_xreallocarray(e->keys, e->n_keys + 1, sizeof *e->keys);
    e->keys[e->n_keys] = cm_xstrdup(key);
    return (int)e->n_keys++;
}

static void
map_candidates(struct calc_elec *e, const struct store_bloc_row *blocs, size_t nb,
               struct cm_buf *notes)
{
    int pres = calc_elec_presidential(&e->r), unmapped = 0;
    char key[128];

    e->cand_bloc = cm_xcalloc(e->d.n_cand + 1, sizeof *e->cand_bloc);
    e->cand_key = cm_xcalloc(e->d.n_cand + 1, sizeof *e->cand_key);
    for (size_t i = 0; i < e->d.n_cand; i++) {
        const struct store_cand *c = &e->d.cand[i];
        int b = calc_bloc_match(blocs, nb, pres, c->name, c->nuance);
        const char *k = pres || c->nuance == NULL || *c->nuance == '\0' ? c->name : c->nuance;
        if (b < 0) {
            if (notes && unmapped++ < 10)
                cm_buf_printf(notes, "%s:%d: '%s%s%s' has no bloc (counted as other)\n",
                              e->r.election, e->r.round, c->name, c->nuance ? "/" : "",
                              c->nuance ? c->nuance : "");
            b = calc_bloc_index("other");
        }
        e->cand_bloc[i] = b;
        e->bloc_present |= 1u << b;
        layer_key(k, key, sizeof key);
        e->cand_key[i] = key_index(e, key[0] ? key : "unnamed");
    }
    if (notes && unmapped > 10)
        cm_buf_printf(notes, "%s:%d: %d candidates in all have no bloc\n", e->r.election,
                      e->r.round, unmapped);
}

int
calc_elec_load(struct store *st, const char *election, int round,
               const struct store_bloc_row *blocs, size_t nb, struct calc_elec *e,
               struct cm_buf *notes, struct cm_err *err)
{
    int rc;

    memset(e, 0, sizeof *e);
    if ((rc = store_round_find(st, election, round, &e->r, err)) != CM_OK)
        return rc;
    return calc_elec_fill(st, blocs, nb, e, notes, err);
}

int
calc_elec_fill(struct store *st, const struct store_bloc_row *blocs, size_t nb,
               struct calc_elec *e, struct cm_buf *notes, struct cm_err *err)
{
    int rc;

    if ((rc = store_round_data_load(st, e->r.id, &e->d, err)) != CM_OK)
        return rc;
    map_candidates(e, blocs, nb, notes);
    e->bloc_votes = cm_xcalloc(e->d.n * CALC_N_BLOCS + 1, sizeof *e->bloc_votes);
    e->key_votes = cm_xcalloc(e->d.n * e->n_keys + 1, sizeof *e->key_votes);
    for (size_t i = 0; i < e->d.n; i++) {
        for (size_t v = e->d.off[i]; v < e->d.off[i + 1]; v++) {
            uint32_t c = e->d.vote_cand[v];
            e->bloc_votes[i * CALC_N_BLOCS + (size_t)e->cand_bloc[c]] += (double)e->d.voix[v];
            e->key_votes[i * e->n_keys + (size_t)e->cand_key[c]] += (double)e->d.voix[v];
        }
    }
    return CM_OK;
}

double
calc_elec_camp(const struct calc_elec *e, size_t i, unsigned camp)
{
    double c = 0;

    for (int b = 0; b < CALC_N_BLOCS; b++) {
        if (camp & (1u << b))
            c += e->bloc_votes[i * CALC_N_BLOCS + (size_t)b];
    }
    return c;
}

void
calc_elec_refs(const struct calc_elec *e, char *out, size_t n)
{
    snprintf(out, n, "%s, tour %d%s%s%s", e->r.election, e->r.round, e->r.label ? " (" : "",
             e->r.label ? e->r.label : "", e->r.label ? ")" : "");
}

void
calc_elec_stamp(const struct calc_elec *e, struct cm_buf *b)
{
    cm_buf_printf(b, "%s:%d#%lld:%s:%s;", e->r.election, e->r.round, (long long)e->r.id,
                  e->r.sha256 ? e->r.sha256 : "", e->r.imported_at ? e->r.imported_at : "");
}

void
calc_elec_cleanup(struct calc_elec *e)
{
    store_round_cleanup(&e->r);
    store_round_data_cleanup(&e->d);
    for (size_t i = 0; i < e->n_keys; i++)
        free(e->keys[i]);
    free(e->keys), free(e->cand_bloc), free(e->cand_key), free(e->bloc_votes);
    free(e->key_votes);
    memset(e, 0, sizeof *e);
}
