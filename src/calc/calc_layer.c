/* calc_layer.c - computed layers as the renderer and the server see them (calc layer), and
 * calc_put, the one place where a layer and its version are written. */
#include "calc_int.h"

#include "cm_buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
split_labels(const char *labels, struct calc_layer *l)
{
    char *dup, *save = NULL;
    size_t cap = 0;

    if (labels == NULL || *labels == '\0')
        return;
    dup = cm_xstrdup(labels);
    for (char *t = strtok_r(dup, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        if (l->n_labels == cap) {
            cap = cm_grow(cap, l->n_labels + 1);
            l->labels = cm_xreallocarray(l->labels, cap, sizeof *l->labels);
        }
        l->labels[l->n_labels++] = cm_xstrdup(t);
    }
    free(dup);
}

int
calc_layer_load(struct store *st, const char *name, struct calc_layer **out, struct cm_err *err)
{
    struct store_layer m;
    struct calc_layer *l = cm_xcalloc(1, sizeof *l);
    int rc;

    *out = NULL;
    if ((rc = store_layer_load(st, name, &m, &l->codes, &l->value, &l->n, err)) != CM_OK) {
        free(l);
        return rc;
    }
    l->name = m.name, l->title = m.title, l->formula = m.formula;
    l->refs = m.refs, l->years = m.years, l->unit = m.unit;
    m.name = m.title = m.formula = m.refs = m.years = m.unit = NULL; /* moved */
    l->version = m.version;
    l->categorical = m.categorical;
    split_labels(m.labels, l);
    store_layer_cleanup(&m);
    *out = l;
    return CM_OK;
}

void
calc_layer_free(struct calc_layer *l)
{
    if (l == NULL)
        return;
    free(l->name), free(l->title), free(l->formula), free(l->refs), free(l->years);
    free(l->unit), free(l->codes), free(l->value);
    for (size_t i = 0; i < l->n_labels; i++)
        free(l->labels[i]);
    free(l->labels);
    free(l);
}

int
calc_layer_names(struct store *st, char ***names_out, size_t *n_out, struct cm_err *err)
{
    struct store_layer *v = NULL;
    size_t n = 0;
    char **names;
    int rc;

    *names_out = NULL;
    *n_out = 0;
    if ((rc = store_layers_list(st, &v, &n, err)) != CM_OK)
        return rc;
    names = cm_xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        names[i] = v[i].name;
        v[i].name = NULL;
        store_layer_cleanup(&v[i]);
    }
    free(v);
    *names_out = names;
    *n_out = n;
    return CM_OK;
}

static int
cmp_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

double
calc_layer_value(const struct calc_layer *l, const char *code)
{
    char key[11] = {0};
    const char(*hit)[11];

    strncpy(key, code, sizeof key - 1);
    hit = bsearch(key, l->codes, l->n, sizeof *l->codes, cmp_code);
    return hit ? l->value[hit - l->codes] : NAN;
}

static uint64_t
hash_str(uint64_t h, const char *s)
{
    return calc_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

int
calc_put(struct store *st, const struct calc_out *o, size_t n,
         const char (*codes)[STORE_CODE_LEN], const double *value, size_t *count,
         struct cm_err *err)
{
    struct store_layer m = {0};
    uint64_t h = CALC_HASH_INIT;
    int rc;

    h = hash_str(h, o->name), h = hash_str(h, o->formula), h = hash_str(h, o->refs);
    h = hash_str(h, o->years), h = hash_str(h, o->labels), h = hash_str(h, o->stamp);
    for (size_t i = 0; i < n; i++) {
        double v = isnan(value[i]) ? NAN : value[i] + 0.0; /* one NAN, no -0 */
        h = calc_hash(h, codes[i], STORE_CODE_LEN);
        h = calc_hash(h, &v, sizeof v);
    }
    h &= (1ULL << 53) - 1;
    m.name = (char *)o->name, m.grp = (char *)o->grp, m.title = (char *)o->title;
    m.formula = o->formula, m.refs = o->refs, m.years = o->years;
    m.unit = (char *)o->unit, m.labels = (char *)o->labels;
    m.categorical = o->categorical;
    m.version = h ? (int64_t)h : 1;
    if ((rc = store_layer_put(st, &m, n, codes, value, err)) == CM_OK && count)
        (*count)++;
    return rc;
}
