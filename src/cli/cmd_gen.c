/* cmd_gen.c - `coopmap gen`: write a deterministic country-like data set for benchmarks
 * and demos (cli stage over src/import/gen.h). */
#include "cli.h"

#include "gen.h"

#include <stdio.h>
#include <sys/stat.h>

static void
print_report(const char *dir, const struct gen_report *r)
{
    printf("gen: %ld bureaux in %ld communes (%ld départements, %ld constituencies; largest "
           "commune %ld bureaux), %ld IRIS, %ld registered voters, in %.2f s\n",
           r->n_bureaux, r->n_communes, r->n_deps, r->n_circos, r->max_bureaux_commune,
           r->n_iris, r->inscrits_pres, r->seconds);
    for (int k = 0; r->files[k][0]; k++) {
        char path[1200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, r->files[k]);
        if (stat(path, &st) == 0)
            printf("  %-40s %12lld bytes\n", path, (long long)st.st_size);
    }
}

int
cmd_gen(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] =
        "coopmap gen --bureaux N --out DIR [--seed S] [--iris M] [--quiet]";
    long bureaux = -1, seed = 1, iris = 0;
    const char *out = NULL;
    const struct cli_flag flags[] = {
        {"bureaux", CLI_INT, &bureaux, "N", "number of polling stations (70000: a country)"},
        {"seed", CLI_INT, &seed, "S", "random seed: same N and S give the same bytes (default 1)"},
        {"out", CLI_STR, &out, "DIR", "output directory, created if needed"},
        {"iris", CLI_INT, &iris, "M", "number of IRIS (default: 0.7 x bureaux)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct gen_opts o = {0};
    struct gen_report rep;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 0)
        return cm_err_set(err, CM_EUSAGE, "gen takes no argument (see --help)");
    if (bureaux < 1 || bureaux > GEN_MAX_BUREAUX)
        return cm_err_set(err, CM_EUSAGE, "gen: --bureaux N is required, 1 <= N <= %ld",
                          GEN_MAX_BUREAUX);
    if (iris < 0 || iris > GEN_MAX_BUREAUX)
        return cm_err_set(err, CM_EUSAGE, "gen: --iris M must be within 1..%ld", GEN_MAX_BUREAUX);
    if (out == NULL || out[0] == '\0')
        return cm_err_set(err, CM_EUSAGE, "gen: --out DIR is required");
    o.n_bureaux = bureaux, o.n_iris = iris, o.seed = (uint64_t)seed, o.out = out;
    o.quiet = cfg->quiet;
    if ((rc = gen_run(&o, &rep, err)) != CM_OK)
        return rc;
    print_report(out, &rep);
    return CM_OK;
}
