/* test_import_codes.c - code normalisation on the spellings found in real files. */
#include "../tap.h"

#include "import_codes.h"

#include <string.h>

static void
bureau(const char *com, const char *raw, const char *want)
{
    char out[16] = "";
    char name[96];

    snprintf(name, sizeof name, "bureau (%s, %s) -> %s", com ? com : "NULL", raw, want);
    if (import_code_bureau(com, raw, out, NULL) != CM_OK)
        out[0] = '\0';
    is_str(out, want, name);
}

static void
commune(const char *dep, const char *com, const char *want)
{
    char out[8] = "";
    char name[96];

    snprintf(name, sizeof name, "commune (%s, %s) -> %s", dep ? dep : "NULL", com, want);
    if (import_code_commune(dep, com, out, NULL) != CM_OK)
        out[0] = '\0';
    is_str(out, want, name);
}

int
main(void)
{
    struct cm_err err = {0};
    char out[16];

    bureau("29019", "1", "29019_0001");
    bureau("29019", "001", "29019_0001");
    bureau("29019", "\"0001\"", "29019_0001");
    bureau("29019", " 76 ", "29019_0076");
    bureau("75056", "1907", "75056_1907");
    bureau("75056", "19-5", "75056_1905");
    bureau("75056", "19-12", "75056_1912");
    bureau(NULL, "04036_1", "04036_0001");
    bureau(NULL, "01002_0001", "01002_0001");
    bureau("01002", "198A", "01002_198A");
    bureau("01002", "12b", "01002_012B");
    bureau("2A004", "3", "2A004_0003");
    bureau("29019", "", "");
    bureau("29019", "12345", "");
    bureau("29019", "A12", "");
    bureau(NULL, "12", "");
    commune("75", "056", "75056");
    commune("29", "19", "29019");
    commune("1", "2", "01002");
    commune("2A", "004", "2A004");
    commune(NULL, "75056", "75056");
    commune(NULL, "1002", "01002");
    commune(NULL, "7505", "07505");
    commune(NULL, "ABCDE", "");
    commune("75", "x", "");
    is_int(import_code_iris("751010101", out, NULL), CM_OK, "IRIS 9 chars accepted");
    is_str(out, "751010101", "IRIS kept");
    is_int(import_code_iris("10020000", out, NULL), CM_OK, "integer IRIS padded");
    is_str(out, "010020000", "IRIS padded to 9");
    is_int(import_code_iris("1234567890", out, &err), CM_EINPUT, "10-char IRIS refused");
    ok(err.msg[0] != '\0', "error message set");

    char com[6], pre[3];
    ok(import_code_arrondissement("75120", com, pre) && strcmp(com, "75056") == 0
           && strcmp(pre, "20") == 0, "Paris 20e: 75056, bureaux 20xx");
    ok(import_code_arrondissement("69388", com, pre) && strcmp(com, "69123") == 0
           && strcmp(pre, "08") == 0, "Lyon 8e: 69123, bureaux 08xx");
    ok(import_code_arrondissement("13216", com, pre) && strcmp(com, "13055") == 0
           && strcmp(pre, "16") == 0, "Marseille 16e: 13055, bureaux 16xx");
    ok(!import_code_arrondissement("75121", com, pre), "no Paris 21e");
    ok(!import_code_arrondissement("75056", com, pre), "Paris itself is a commune");
    ok(!import_code_arrondissement("29019", com, pre), "Brest is a commune");
    return tap_done();
}
