/* cm_hash.c - string hashing and open addressing (base layer). */
#include "cm_hash.h"

#include <string.h>

uint64_t
cm_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

size_t *
cm_slot_find(size_t *slots, size_t n_slots, const char *keys, size_t stride, const char *key)
{
    size_t mask = n_slots - 1, i;

    for (i = (size_t)cm_hash_str(key) & mask; slots[i]; i = (i + 1) & mask) {
        if (strcmp(keys + (slots[i] - 1) * stride, key) == 0)
            break;
    }
    return &slots[i];
}
