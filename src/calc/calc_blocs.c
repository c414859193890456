/* calc_blocs.c - the bloc mapping as data (calc layer): parse data/blocs.csv, normalise
 * nuances and surnames, match a candidate to a bloc, parse "our camp". */
#include "calc_int.h"

#include "cm_buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
calc_bloc_index(const char *name)
{
    for (int i = 0; i < CALC_N_BLOCS; i++) {
        if (strcmp(calc_blocs[i], name) == 0)
            return i;
    }
    return -1;
}

/* Base letter of a UTF-8 Latin-1 supplement letter (second byte after 0xC3), or 0. */
static char
latin1_base(unsigned char c2)
{
    static const char map[] = "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

    if (c2 < 0x80 || c2 > 0xBF)
        return 0;
    return map[c2 - 0x80];
}

void
calc_norm_key(const char *s, char *out, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    int space = 0;

    for (; *p && o + 2 < n; p++) {
        char c = 0;
        if (*p == 0xC3 && p[1]) {
            c = latin1_base(*++p);
        } else if (*p == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {
            c = 'O'; /* oe ligature: first letter is enough for matching */
            p++;
        } else if (*p < 0x80) {
            c = (char)*p;
        } else if ((*p & 0xC0) == 0x80) {
            continue;
        }
        if (c && isalnum((unsigned char)c)) {
            if (space && o > 0)
                out[o++] = ' ';
            out[o++] = (char)toupper((unsigned char)c);
            space = 0;
        } else {
            space = 1;
        }
    }
    out[o] = '\0';
}

static int
parse_line(char *line, const char *path, long lineno, struct store_bloc_row *row,
           struct cm_err *err)
{
    char *f[5] = {0}, *save = NULL, key[128];
    int nf = 0;

    for (char *t = strtok_r(line, ",", &save); t && nf < 5; t = strtok_r(NULL, ",", &save))
        f[nf++] = t;
    if (nf < 3)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: expected kind,key,bloc[,years[,label]]",
                          path, lineno);
    if (strcmp(f[0], "nuance") != 0 && strcmp(f[0], "candidate") != 0)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: kind '%s' is not nuance or candidate", path,
                          lineno, f[0]);
    if (calc_bloc_index(f[2]) < 0)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: unknown bloc '%s' (far_left, left,"
                          " ecologist, centre, right, far_right, other)", path, lineno, f[2]);
    calc_norm_key(f[1], key, sizeof key);
    if (key[0] == '\0')
        return cm_err_set(err, CM_EINPUT, "%s:%ld: empty key", path, lineno);
    row->kind = cm_xstrdup(f[0]);
    row->key = cm_xstrdup(key);
    row->label = cm_xstrdup(nf > 4 && *f[4] ? f[4] : f[1]);
    row->bloc = cm_xstrdup(f[2]);
    row->years = nf > 3 && *f[3] ? cm_xstrdup(f[3]) : NULL;
    return CM_OK;
}

static void
chomp(char *s)
{
    size_t n = strlen(s);

    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

int
calc_blocs_parse(const char *path, struct store_bloc_row **rows_out, size_t *n_out,
                 struct cm_err *err)
{
    FILE *fp = fopen(path, "r");
    struct store_bloc_row *rows = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    char *line = NULL;
    long lineno = 0;
    int rc = CM_OK;

    *rows_out = NULL;
    *n_out = 0;
    if (fp == NULL)
        return cm_err_set(err, CM_EINPUT, "open %s: %s", path, strerror(errno));
    while (getline(&line, &lcap, fp) >= 0) {
        lineno++;
        chomp(line);
        if (line[0] == '\0' || line[0] == '#' || (lineno == 1 && strncmp(line, "kind,", 5) == 0))
            continue;
        if (n == cap) {
            cap = cm_grow(cap, n + 1);
            rows = cm_xreallocarray(rows, cap, sizeof *rows);
        }
        memset(&rows[n], 0, sizeof rows[n]);
        if ((rc = parse_line(line, path, lineno, &rows[n], err)) != CM_OK)
            break;
        n++;
    }
    free(line);
    fclose(fp);
    if (rc == CM_OK && n == 0)
        rc = cm_err_set(err, CM_EINPUT, "%s: no bloc mapping rows", path);
    if (rc != CM_OK) {
        store_blocs_free(rows, n);
        return rc;
    }
    *rows_out = rows;
    *n_out = n;
    return CM_OK;
}

/* key occurs in name as a run of whole words */
static int
word_in(const char *name, const char *key)
{
    size_t k = strlen(key);

    for (const char *p = strstr(name, key); p; p = strstr(p + 1, key)) {
        if ((p == name || p[-1] == ' ') && (p[k] == '\0' || p[k] == ' '))
            return 1;
    }
    return 0;
}

static int
match_kind(const struct store_bloc_row *rows, size_t n, const char *kind, const char *key,
           int words)
{
    size_t best_len = 0;
    int best = -1;

    if (key == NULL || *key == '\0')
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(rows[i].key);
        if (strcmp(rows[i].kind, kind) != 0 || len <= best_len)
            continue;
        if (words ? word_in(key, rows[i].key) : strcmp(key, rows[i].key) == 0) {
            best = calc_bloc_index(rows[i].bloc);
            best_len = len;
        }
    }
    return best;
}

int
calc_bloc_match(const struct store_bloc_row *rows, size_t n, int presidential, const char *name,
                const char *nuance)
{
    char nm[256] = "", nu[64] = "";
    int b;

    if (name)
        calc_norm_key(name, nm, sizeof nm);
    if (nuance)
        calc_norm_key(nuance, nu, sizeof nu);
    if (presidential && (b = match_kind(rows, n, "candidate", nm, 1)) >= 0)
        return b;
    if ((b = match_kind(rows, n, "nuance", nu, 0)) >= 0)
        return b;
    if (!nu[0] && (b = match_kind(rows, n, "nuance", nm, 0)) >= 0)
        return b; /* "large" legislative files: the column (name) is the nuance */
    return presidential ? -1 : match_kind(rows, n, "candidate", nm, 1);
}

int
calc_camp_parse(const char *camp, unsigned *mask_out, struct cm_err *err)
{
    char *dup = cm_xstrdup(camp), *save = NULL;
    unsigned mask = 0;
    int rc = CM_OK;

    for (char *t = strtok_r(dup, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        int b = calc_bloc_index(t);
        if (b < 0) {
            rc = cm_err_set(err, CM_EUSAGE, "--camp: unknown bloc '%s' (far_left, left,"
                            " ecologist, centre, right, far_right, other)", t);
            break;
        }
        mask |= 1u << b;
    }
    free(dup);
    if (rc == CM_OK && mask == 0)
        rc = cm_err_set(err, CM_EUSAGE, "--camp: no bloc given");
    *mask_out = mask;
    return rc;
}
