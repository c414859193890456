/* store_layers_int.h - helpers shared by the layer and bloc SQL files (private to src/store/). */
#ifndef STORE_LAYERS_INT_H
#define STORE_LAYERS_INT_H

#include "store_int.h"

/* Copy of a text column, or NULL. */
char *store_col_dup(sqlite3_stmt *stmt, int i);

#endif
