/* map_names.h - French display names of layers and categories (map stage). The store and calc
 * keep stable English ids ("potential", "stronghold"); what a person reads is named here, once,
 * for the tiles' legend, the printed maps and the server. */
#ifndef MAP_NAMES_H
#define MAP_NAMES_H

#include <stddef.h>

/* French title of layer name into buf; fallback (the stored title) when the name is unknown. */
void map_layer_title(const char *name, const char *fallback, char *buf, size_t n);

/* French label of a category id ("stronghold" -> "bastion"); the id itself when unknown. */
const char *map_category_label(const char *id);

#endif
