/* import_codes.h - normalisation of INSEE commune, bureau and IRIS codes (import stage).
 * Canonical forms: commune 5 chars ("75056", "2A004"); bureau "INSEE_BBBB" with the bureau
 * part left-padded with zeros to 4 ("29019_0076", "01002_198A"); IRIS 9 chars. */
#ifndef IMPORT_CODES_H
#define IMPORT_CODES_H

#include "cm_err.h"

#define IMPORT_COMMUNE_LEN 5
#define IMPORT_BUREAU_LEN 10
#define IMPORT_IRIS_LEN 9

/* Commune code from an optional département (NULL or "" when com is already 5 chars) and a
 * commune part: ("75", "056") and ("", "75056") give "75056"; "1002" gives "01002".
 * out must hold 6 bytes. CM_EINPUT when the result is not a valid INSEE code. */
int import_code_commune(const char *dep, const char *com, char *out, struct cm_err *err);

/* Bureau code from a commune (5 chars, may be NULL when raw holds it) and a raw bureau
 * number as files give it: "1", "001", "\"0001\"", " 12 ", "198A", "19-5" (arrondissement 19,
 * bureau 5 -> "1905"), "04036_1" (commune inside). out must hold 11 bytes. */
int import_code_bureau(const char *commune, const char *raw, char *out, struct cm_err *err);

/* Paris, Lyon and Marseille arrondissements: 75120 (Paris 20e), 69388, 13216 give the parent
 * commune (6 bytes: "75056", "69123", "13055") and the 2-digit prefix of their bureau numbers
 * (3 bytes: "20", "08", "16"); 0 for any other code. */
int import_code_arrondissement(const char *code, char *commune, char *prefix);

/* IRIS code: trims, strips quotes, left-pads an all-digit code to 9 ("751010101"). out: 10 bytes. */
int import_code_iris(const char *raw, char *out, struct cm_err *err);

#endif
