/* store_org.h - the party's organisation in the store: federations (départements), sections
 * and their territory (communes and/or bureaux). Writes run inside the caller's transaction. */
#ifndef STORE_ORG_H
#define STORE_ORG_H

#include "store.h"
#include "store_layers.h" /* STORE_CODE_LEN */

#include <stddef.h>

struct store_section {
    int64_t id;
    char *code, *name, *federation; /* owned */
    char *communes, *bureaux;       /* owned: sorted comma lists of the territory, "" if none */
    int64_t n_members;              /* active members attached to the section */
};

/* Create the federation if absent; a non-NULL name replaces the stored one. */
int store_federation_ensure(struct store *st, const char *code, const char *name,
                            struct cm_err *err);
/* 1 when the federation exists, 0 when not, negative on error. */
int store_federation_exists(struct store *st, const char *code, struct cm_err *err);
/* Add a section; CM_EINPUT when the code is taken or the federation is unknown. */
int store_section_add(struct store *st, const char *code, const char *name,
                      const char *federation, int64_t *id_out, struct cm_err *err);
/* Load one section by code (id == 0: by code; otherwise by id); CM_ENOTFOUND if absent.
 * out is filled with owned strings (store_section_cleanup). */
int store_section_get(struct store *st, const char *code, int64_t id, struct store_section *out,
                      struct cm_err *err);
/* Every section, or those of one federation (federation NULL: all), ordered by code.
 * *out is an owned array (store_section_list_free). */
int store_section_list(struct store *st, const char *federation, struct store_section **out,
                       size_t *n_out, struct cm_err *err);
/* Replace the territory of a section: kinds[i] is "commune" or "bureau", codes canonical. */
int store_section_set_territory(struct store *st, int64_t section_id, const char *const *kinds,
                                const char *const *codes, size_t n, struct cm_err *err);
/* Codes of the stored bureaux that start with prefix ("75056_20": the Paris 20e), in code
 * order: *out owned (free), *n_out of them, 0 when none. */
int store_bureaux_with_prefix(struct store *st, const char *prefix, char (**out)[STORE_CODE_LEN],
                              size_t *n_out, struct cm_err *err);
/* Bounding box (EPSG:4326) of the bureaux in a section's territory, so that the map opens on
 * it; CM_ENOTFOUND when the territory has no bureau contour in the store. */
int store_section_bbox(struct store *st, int64_t section_id, double bbox_out[4],
                       struct cm_err *err);
/* Release the strings of one section; NULL-safe. */
void store_section_cleanup(struct store_section *s);
/* Release an array from store_section_list. */
void store_section_list_free(struct store_section *a, size_t n);

#endif
