/* gen.h - deterministic generator of a country-like data set (import stage): Voronoi bureaux
 * and IRIS in Lambert-93, census table, two elections of two rounds in the 2024 native layout.
 * Same options give byte-identical files. */
#ifndef GEN_H
#define GEN_H

#include "cm_err.h"

#include <stdint.h>

#define GEN_MAX_BUREAUX 200000L

struct gen_opts {
    long n_bureaux;  /* 1..GEN_MAX_BUREAUX */
    long n_iris;     /* 1..GEN_MAX_BUREAUX; <= 0: round(0.7 * n_bureaux) */
    uint64_t seed;
    const char *out; /* borrowed: output directory, created if absent */
    int quiet;       /* no progress bar */
};

/* What gen_run wrote, for the report. */
struct gen_report {
    long n_bureaux, n_iris, n_communes, n_deps, n_circos;
    long max_bureaux_commune; /* bureaux of the largest commune */
    long inscrits_pres;       /* sum of inscrits, presidential round 1 */
    char files[16][32];       /* file names written in out, "" terminated */
    double seconds;
};

/* Write the data set into o->out (files are replaced). CM_EUSAGE on bad options, CM_EIO when a
 * file cannot be written; err names the file. */
int gen_run(const struct gen_opts *o, struct gen_report *rep, struct cm_err *err);

#endif
