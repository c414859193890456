/* import_codes.c - normalisation of INSEE commune, bureau and IRIS codes (import stage).
 * Every file spells codes its own way; everything past the importer sees only canonical codes. */
#include "import_codes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy raw into buf without surrounding blanks and quotes; returns the length or -1. */
static int
trim(const char *raw, char *buf, size_t n)
{
    size_t len;

    if (raw == NULL)
        return -1;
    while (isspace((unsigned char)*raw) || *raw == '"' || *raw == '\'')
        raw++;
    len = strlen(raw);
    while (len > 0 && (isspace((unsigned char)raw[len - 1]) || raw[len - 1] == '"'
                       || raw[len - 1] == '\''))
        len--;
    if (len >= n)
        return -1;
    memcpy(buf, raw, len);
    buf[len] = '\0';
    return (int)len;
}

static int
all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return 0;
    }
    return 1;
}

/* A 5-char INSEE code: 2 digits (or 2A/2B, or 97x overseas) then 3 digits. */
static int
valid_commune(const char *c)
{
    if (strlen(c) != 5)
        return 0;
    if (!isdigit((unsigned char)c[0]))
        return 0;
    if (!(isdigit((unsigned char)c[1]) || (c[0] == '2' && (c[1] == 'A' || c[1] == 'B'))))
        return 0;
    return all_digits(c + 2);
}

int
import_code_commune(const char *dep, const char *com, char *out, struct cm_err *err)
{
    char d[8] = "", c[16], tmp[48];
    int nd = 0, nc = trim(com, c, sizeof c);

    if (dep && (nd = trim(dep, d, sizeof d)) < 0)
        return cm_err_set(err, CM_EINPUT, "bad département code '%s'", dep);
    if (nc <= 0)
        return cm_err_set(err, CM_EINPUT, "empty commune code");
    for (char *p = d; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    for (char *p = c; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (nd > 0 && nc < 5) {
        /* ("75", "056") -> 75056; ("1", "2") -> 01002; ("971", "101") -> 97101 */
        int width;
        long mod = 1;
        if (nd == 1)
            snprintf(d, sizeof d, "0%c", c[0] ? d[0] : '0'), nd = 2;
        width = 5 - nd;
        for (int i = 0; i < width; i++)
            mod *= 10;
        if (!all_digits(c) || nd > 3)
            return cm_err_set(err, CM_EINPUT, "'%s'+'%s' is not an INSEE commune code", d, c);
        if (width == 3)
            snprintf(tmp, sizeof tmp, "%s%03ld", d, strtol(c, NULL, 10) % mod);
        else
            snprintf(tmp, sizeof tmp, "%s%02ld", d, strtol(c, NULL, 10) % mod);
    } else if (nc == 4 && all_digits(c)) {
        snprintf(tmp, sizeof tmp, "0%s", c); /* integer field lost its leading zero */
    } else {
        snprintf(tmp, sizeof tmp, "%s", c);
    }
    if (!valid_commune(tmp))
        return cm_err_set(err, CM_EINPUT, "'%s%s%s' is not an INSEE commune code", d,
                          nd ? "+" : "", c);
    memcpy(out, tmp, IMPORT_COMMUNE_LEN + 1);
    return CM_OK;
}

/* Bureau part: digits with an optional trailing letter, at most 4 characters once the
 * leading zeros are dropped; padded back to 4. */
static int
bureau_part(const char *b, char *out4)
{
    size_t n, nd = 0;

    while (*b == '0' && b[1] != '\0')
        b++;
    n = strlen(b);
    while (nd < n && isdigit((unsigned char)b[nd]))
        nd++;
    if (n == 0 || n > 4 || nd == 0)
        return -1;
    for (size_t i = nd; i < n; i++) {
        if (!isalpha((unsigned char)b[i]))
            return -1;
    }
    snprintf(out4, 5, "%0*d%s", (int)(4 - (n - nd)), atoi(b), b + nd);
    for (char *p = out4; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return 0;
}

int
import_code_bureau(const char *commune, const char *raw, char *out, struct cm_err *err)
{
    char r[32], com[6], part[5], joined[16];
    const char *b = r, *sep;
    int rc;

    if (trim(raw, r, sizeof r) <= 0)
        return cm_err_set(err, CM_EINPUT, "empty bureau code");
    if ((sep = strchr(r, '_')) != NULL) {
        /* "04036_1": the commune travels with the bureau */
        char c[16];
        snprintf(c, sizeof c, "%.*s", (int)(sep - r), r);
        if ((rc = import_code_commune(NULL, c, com, err)) != CM_OK)
            return rc;
        b = sep + 1;
    } else if (commune == NULL || (rc = import_code_commune(NULL, commune, com, err)) != CM_OK) {
        return commune ? rc : cm_err_set(err, CM_EINPUT, "bureau '%s' has no commune", r);
    }
    if ((sep = strchr(b, '-')) != NULL) {
        /* Paris "19-5": arrondissement 19, bureau 5 -> 1905 */
        if (sep == b || !all_digits(sep + 1) || strlen(sep + 1) > 2)
            return cm_err_set(err, CM_EINPUT, "bad bureau code '%s'", r);
        snprintf(joined, sizeof joined, "%.*s%02d", (int)(sep - b), b, atoi(sep + 1));
        b = joined;
    }
    if (bureau_part(b, part) < 0)
        return cm_err_set(err, CM_EINPUT, "bad bureau code '%s'", r);
    snprintf(out, IMPORT_BUREAU_LEN + 1, "%s_%s", com, part);
    return CM_OK;
}

int
import_code_iris(const char *raw, char *out, struct cm_err *err)
{
    char r[32];
    int n = trim(raw, r, sizeof r);

    if (n <= 0)
        return cm_err_set(err, CM_EINPUT, "empty IRIS code");
    if (n > IMPORT_IRIS_LEN || !isdigit((unsigned char)r[0]))
        return cm_err_set(err, CM_EINPUT, "'%s' is not a 9-character IRIS code", r);
    memset(out, '0', IMPORT_IRIS_LEN);
    /* an all-digit code read from an integer field lost its leading zeros */
    if (n < IMPORT_IRIS_LEN && !all_digits(r))
        return cm_err_set(err, CM_EINPUT, "'%s' is not a 9-character IRIS code", r);
    memcpy(out + IMPORT_IRIS_LEN - n, r, (size_t)n);
    out[IMPORT_IRIS_LEN] = '\0';
    for (char *p = out; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return CM_OK;
}

int
import_code_arrondissement(const char *code, char *commune, char *prefix)
{
    int k;

    if (strlen(code) != 5 || !isdigit((unsigned char)code[3]) || !isdigit((unsigned char)code[4]))
        return 0;
    k = atoi(code + 3);
    if (strncmp(code, "751", 3) == 0 && k >= 1 && k <= 20)
        strcpy(commune, "75056");
    else if (strncmp(code, "6938", 4) == 0 && code[4] >= '1' && code[4] <= '9')
        strcpy(commune, "69123"), k = code[4] - '0';
    else if (strncmp(code, "132", 3) == 0 && k >= 1 && k <= 16)
        strcpy(commune, "13055");
    else
        return 0;
    snprintf(prefix, 3, "%02d", k);
    return 1;
}
