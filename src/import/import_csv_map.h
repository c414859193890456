/* import_csv_map.h - a string -> integer hash map for the CSV importers (import stage): bureau
 * codes already seen (duplicate rows) and candidates already stored (dedup). Keys are copied. */
#ifndef IMPORT_CSV_MAP_H
#define IMPORT_CSV_MAP_H

#include <stddef.h>
#include <stdint.h>

struct import_csv_map {
    char **keys;     /* owned, NULL = empty slot */
    int64_t *vals;   /* owned */
    size_t cap, n;
};

/* Empty map (no allocation). */
void import_csv_map_init(struct import_csv_map *m);
/* Free keys and slots. */
void import_csv_map_cleanup(struct import_csv_map *m);
/* Value of key into *val; returns 1 if present, 0 if not. */
int import_csv_map_get(const struct import_csv_map *m, const char *key, int64_t *val);
/* Insert or overwrite key -> val. */
void import_csv_map_put(struct import_csv_map *m, const char *key, int64_t val);

#endif
