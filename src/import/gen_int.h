/* gen_int.h - private to the generator (src/import/gen*.c): the world being built, the PRNG,
 * the spatial grid, and one entry point per concern. */
#ifndef GEN_INT_H
#define GEN_INT_H

#include "cm_err.h"
#include "cm_progress.h"
#include "gen.h"

#include <stdint.h>

/* Lambert-93 extent of the data set: metropolitan France with Corsica and Dunkirk. */
#define GEN_XMIN 100000.0
#define GEN_XMAX 1250000.0
#define GEN_YMIN 6040000.0
#define GEN_YMAX 7120000.0
#define GEN_NDEP 96
#define GEN_MAX_CAND 12

/* Random streams: one per purpose, so a change in one concern leaves the others alone. */
enum gen_stream {
    GEN_S_TOWNS = 1, GEN_S_BUREAUX, GEN_S_IRIS, GEN_S_COMMUNES, GEN_S_NAMES, GEN_S_FIELDS,
    GEN_S_VOTE, GEN_S_CENSUS, GEN_S_CANDIDATES
};

struct gen_rng {
    uint64_t s;
};

#define GEN_NFIELD 10
#define GEN_NWAVE 8
struct gen_field {
    double kx[GEN_NWAVE], ky[GEN_NWAVE], ph[GEN_NWAVE]; /* plane waves: cos(kx x + ky y + ph) */
};

struct gen_dep {
    const char *code, *name, *capital;
    double x, y;    /* the prefecture, Lambert-93 */
    double pop_k;   /* rough population of the prefecture's town, thousands */
};

struct gen_town {
    double x, y, sigma, weight;
    int dep; /* index in gen_deps when the town is a prefecture, else -1 */
};

/* Polygons as flat rings: cell i is xy[2*off[i] .. 2*off[i+1]), closed (last = first). */
struct gen_cells {
    long n;
    long *off; /* owned, n + 1 */
    double *xy; /* owned */
};

struct gen_commune {
    double x, y, w;   /* centre and additive weight (bigger: captures farther bureaux) */
    int town;         /* town index when a town's main commune, else -1 */
    int dep;          /* index in gen_deps */
    long n_bv;        /* bureaux */
    char code[6];
    char name[64];
};

struct gen_circo {
    int dep, num;
    double x, y;
};

/* Seed neighbours (gen_adj.c): cells i and j share an edge iff j is in
 * nb[start[i] .. start[i + 1]) (Delaunay edges). */
struct gen_adj {
    long *start; /* owned, n + 1 */
    long *nb;    /* owned */
};

struct gen_world {
    uint64_t seed;
    long n, m;                 /* bureaux, IRIS */
    struct gen_field field[GEN_NFIELD];
    int quiet;
    long n_towns;
    struct gen_town *towns;    /* owned */
    double *bx, *by;           /* owned: bureau seeds */
    double *ix, *iy;           /* owned: IRIS seeds */
    struct gen_cells bcells, icells;
    struct gen_adj badj;       /* neighbours of the bureaux */
    double *barea;             /* owned: bureau cell areas, m2 */
    long n_com;
    struct gen_commune *com;   /* owned */
    int *b_com, *b_num, *b_circo, *b_town; /* owned, per bureau */
    long n_circo;
    struct gen_circo *circo;   /* owned */
    int *i_com;                /* owned, per IRIS */
    char (*i_code)[10];        /* owned, per IRIS */
    char (*i_name)[48];        /* owned, per IRIS */
    double *urb;               /* owned: 0 countryside .. 1 dense town, per bureau */
    double *i_urb;             /* owned: the same per IRIS */
    long *b_order, *i_order;   /* owned: bureaux and IRIS by code, the files' row order */
};

extern const struct gen_dep gen_deps[GEN_NDEP];
extern const double gen_france[], gen_corsica[];
extern const int gen_france_n, gen_corsica_n;

/* PRNG (gen_rng.c): splitmix64 streams, counter-based hashes for per-object draws. */
void gen_rng_init(struct gen_rng *r, uint64_t seed, int stream);
uint64_t gen_rng_next(struct gen_rng *r);
double gen_rng_unif(struct gen_rng *r);             /* [0, 1) */
double gen_rng_normal(struct gen_rng *r);
double gen_hash_unif(uint64_t seed, int stream, uint64_t i, uint64_t j); /* [0, 1) */
double gen_hash_normal(uint64_t seed, int stream, uint64_t i, uint64_t j);
/* Smooth fields over the map, about N(0,1), wavelengths 150-700 km: turnout (0), radical
 * left (1), moderate left (2), centre (3), right (4), far right (5), income (6), density (7),
 * turnout change (8), others (9). */
void gen_field_init(struct gen_field *f, uint64_t seed, int k);
double gen_field_at(const struct gen_field *f, double x, double y);

/* Nearest point among n (gen_grid.c); w (may be NULL) are additive weights: the point
 * minimising distance - w wins. */
struct gen_grid;
/* Index n >= 1 points; x, y, w stay borrowed for the grid's life. */
struct gen_grid *gen_grid_new(const double *x, const double *y, const double *w, long n);
/* Index of the winning point (ties: the lower index). */
long gen_grid_nearest(const struct gen_grid *g, double x, double y);
void gen_grid_free(struct gen_grid *g);

/* Geometry (gen_geom.c). Inside the coarse outline of the mainland or Corsica? */
int gen_in_france(double x, double y);
/* Fill w->towns (owned by w): the 96 prefectures, then smaller towns. */
void gen_towns_make(struct gen_world *w);
/* n distinct seeds (1 m grid) drawn from towns and countryside; town_out (may be NULL) gets
 * the town each seed was drawn around, or -1. */
void gen_seeds_make(const struct gen_world *w, int stream, long n, double **x_out,
                    double **y_out, int **town_out);
/* Voronoi cells of n distinct seeds clipped to the extent; cell i belongs to seed i. */
int gen_voronoi(const double *x, const double *y, long n, const char *label, int quiet,
                struct gen_cells *out, struct cm_err *err);
/* Area of cell i in m2 (shoelace). */
double gen_cell_area(const struct gen_cells *c, long i);
/* Release the rings; the struct is left empty. */
void gen_cells_free(struct gen_cells *c);

/* Delaunay neighbours of n distinct seeds (whole metres) into out (owned by the caller, freed
 * with gen_adj_free); CM_EIO when GEOS fails. */
int gen_adj_make(const double *x, const double *y, long n, struct gen_adj *out,
                 struct cm_err *err);
void gen_adj_free(struct gen_adj *a);
/* Neighbours between groups: groups l and m are neighbours when some members are. */
void gen_adj_quotient(const struct gen_adj *a, long n, const int *label, long nlab,
                      struct gen_adj *out);
/* Make every group (label) connected: members not reached from the group's root (root[l],
 * -1 for none) join a reached neighbour's group, only within the same zone when zone is not
 * NULL. Returns how many points changed group. */
long gen_contiguous(const struct gen_adj *a, long n, int *label, const long *root, long nlab,
                    const int *zone);
/* root[l] = the member of group l nearest (cx[l], cy[l]), or -1 when l is empty. */
void gen_group_roots(const double *x, const double *y, long n, const int *label, const double *cx,
                     const double *cy, long nlab, long *root);

/* Administrative layout (gen_admin.c): communes, départements, constituencies, IRIS codes. */
int gen_admin_make(struct gen_world *w, struct cm_err *err);
/* Constituencies (gen_circo.c): k-means within each département, sized like the real ones. */
void gen_circos_make(struct gen_world *w);

/* Names (gen_names.c): fictional, deterministic. */
struct gen_person {
    char surname[48];  /* upper case, sometimes double-barrelled */
    const char *first; /* static */
    int female;
};
/* Name of commune i into out (n bytes), e.g. "Saint-Martin-sur-Loire". */
void gen_commune_name(uint64_t seed, long i, char *out, unsigned long n);
/* Name of the k-th quarter (IRIS) of a commune: "Centre", "Gare", ... */
void gen_quarter_name(int k, char *out, unsigned long n);
/* Person number i: sex, first name, surname. */
void gen_person(uint64_t seed, uint64_t i, struct gen_person *p);

/* One results row in the Ministry's 2024 native layout (gen_results.c). */
struct gen_cand {
    int panel;
    const char *nuance; /* static */
    struct gen_person person;
    int elected;
};
struct gen_row {
    const char *dep_code, *dep_name, *com_code, *com_name; /* borrowed */
    int num_bv;
    long inscrits, votants, blancs, nuls; /* exprimés = votants - blancs - nuls */
    int n_cand;
    const struct gen_cand *cand[GEN_MAX_CAND]; /* borrowed */
    long voix[GEN_MAX_CAND];
};
struct gen_csv;
/* Create dir/name with the header for width candidate blocks; CM_EIO names the file. */
int gen_csv_open(struct gen_csv **out, const char *dir, const char *name, int width,
                 struct cm_err *err);
/* Append one row (percentages computed here; exprimés = votants - blancs - nuls > 0). */
void gen_csv_row(struct gen_csv *c, const struct gen_row *r);
/* Flush and close (NULL is fine); CM_EIO if any write failed. */
int gen_csv_close(struct gen_csv *c, struct cm_err *err);

/* Writers: shapefiles (gen_shp.c), census (gen_census.c), elections (gen_vote.c); each
 * writes into dir and returns CM_EIO naming the file on failure. */
int gen_shp_write(const struct gen_world *w, const char *dir, struct cm_err *err);
int gen_census_write(const struct gen_world *w, const char *dir, struct cm_err *err);
int gen_vote_write(const struct gen_world *w, const char *dir, struct gen_report *rep,
                   struct cm_err *err);

#endif
