/* store_http.h - read-only queries behind the map server's API (stage store): one bureau's
 * figures, the bureau under a point, search by commune or bureau code. Plain C results. */
#ifndef STORE_HTTP_H
#define STORE_HTTP_H

#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct store_vote {
    char *name;   /* owned: candidate, or nuance for nuance columns */
    char *nuance; /* owned, may be NULL */
    int64_t voix;
};

struct store_round_result {
    char *election, *kind, *date, *label; /* owned; kind/date/label may be NULL */
    int round;
    int64_t inscrits, votants, abstentions, exprimes;
    int64_t blancs, nuls; /* -1 when the file gave none */
    size_t n_votes;
    struct store_vote *votes; /* owned, most votes first */
};

struct store_bureau {
    char code[11];
    char *commune;      /* owned: INSEE code */
    char *commune_name; /* owned, may be NULL */
    char *label;        /* owned, may be NULL */
    char *circo;        /* owned, may be NULL */
    int has_geom;
    double bbox[4]; /* lon/lat min x, min y, max x, max y when has_geom */
    char *geojson;  /* owned: contour as GeoJSON (6 decimals), NULL without contour */
    size_t n_rounds;
    struct store_round_result *rounds; /* owned, by election date then round */
};

/* Load everything the store knows about bureau code; *out owned (store_bureau_free).
 * CM_ENOTFOUND when no contour and no result has this code. */
int store_bureau_load(struct store *st, const char *code, struct store_bureau **out,
                      struct cm_err *err);
void store_bureau_free(struct store_bureau *b);

/* Code of the bureau whose contour contains (lon, lat) in EPSG:4326; CM_ENOTFOUND if none. */
int store_bureau_at(struct store *st, double lon, double lat, char code_out[11],
                    struct cm_err *err);

struct store_hit {
    char kind[8]; /* "commune" or "bureau" */
    char code[11];
    char *label; /* owned, may be NULL */
    double bbox[4];
    double point[2]; /* lon, lat of a point inside the commune or bureau (for near me) */
    int has_point;   /* 0 when the store could not give one (no contour) */
};

/* Communes whose code or name starts with q, then bureaux whose code (or number within its
 * commune) starts with q; at most limit hits; *hits_out owned (store_hits_free). */
int store_search(struct store *st, const char *q, size_t limit, struct store_hit **hits_out,
                 size_t *n_out, struct cm_err *err);
void store_hits_free(struct store_hit *hits, size_t n);

/* PRAGMA data_version: changes whenever another connection commits to the store, so a
 * long-lived reader can tell, cheaply, that its cached view is stale. */
int store_data_version(struct store *st, int64_t *out, struct cm_err *err);
/* What the map shows, in one text (owned, free): every layer's name and version and every
 * bureau contour set's digest. Equal texts mean the server's layer set is still current,
 * whatever else (sessions, audit rows) was written. */
int store_map_fingerprint(struct store *st, char **out, struct cm_err *err);
/* The bureau outlines' part of that fingerprint (*out owned, free): the server keeps its
 * geometry cache across reloads while it stands. */
int store_outlines_fingerprint(struct store *st, char **out, struct cm_err *err);

#endif
