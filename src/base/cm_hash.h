/* cm_hash.h - string hashing and an open-addressing index over a caller's array of
 * fixed-size string keys (base layer): code lookups in import and in the renderer. */
#ifndef CM_HASH_H
#define CM_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a (64 bits) of a NUL-terminated string: codes are short ASCII strings. */
uint64_t cm_hash_str(const char *s);

/* The slot of key among slots (n_slots a power of two, kept at most half full by the caller),
 * each 0 (empty) or index + 1 of a key stored stride bytes apart from keys: the slot holding
 * key, or the empty slot where it belongs. */
size_t *cm_slot_find(size_t *slots, size_t n_slots, const char *keys, size_t stride,
                     const char *key);

#endif
