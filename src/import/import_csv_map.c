/* import_csv_map.c - open-addressing string hash map (FNV-1a, linear probing, load <= 1/2). */
#include "import_csv_map.h"

#include "cm_buf.h"
#include "cm_hash.h"

#include <stdlib.h>
#include <string.h>

void
import_csv_map_init(struct import_csv_map *m)
{
    memset(m, 0, sizeof *m);
}

void
import_csv_map_cleanup(struct import_csv_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t
map_slot(const struct import_csv_map *m, const char *key)
{
    size_t i = (size_t)cm_hash_str(key) & (m->cap - 1);

    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int
import_csv_map_get(const struct import_csv_map *m, const char *key, int64_t *val)
{
    size_t i;

    if (m->cap == 0)
        return 0;
    i = map_slot(m, key);
    if (m->keys[i] == NULL)
        return 0;
    *val = m->vals[i];
    return 1;
}

static void
map_grow(struct import_csv_map *m)
{
    struct import_csv_map old = *m;

    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = cm_xcalloc(m->cap, sizeof *m->keys);
    m->vals = cm_xcalloc(m->cap, sizeof *m->vals);
    for (size_t i = 0; i < old.cap; i++) {
        if (old.keys[i]) {
            size_t j = map_slot(m, old.keys[i]);
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
        }
    }
    free(old.keys);
    free(old.vals);
}

void
import_csv_map_put(struct import_csv_map *m, const char *key, int64_t val)
{
    size_t i;

    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    i = map_slot(m, key);
    if (m->keys[i] == NULL) {
        m->keys[i] = cm_xstrdup(key);
        m->n++;
    }
    m->vals[i] = val;
}
