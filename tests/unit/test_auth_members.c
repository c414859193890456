/* test_auth_members.c - functions of the membership file -> roles, as party files spell them. */
#include "../tap.h"

#include "import_members.h"

#include <stdio.h>

int
main(void)
{
    static const struct {
        const char *function, *roles;
        int known;
    } cases[] = {
        {"Secrétaire de section", "secretary:S1", 1},
        {"SECRETAIRE DE SECTION", "secretary:S1", 1},
        {"secrétaire de section adjoint", "officer:S1", 1},
        {"Trésorier", "officer:S1", 1},
        {"trésorière de section", "officer:S1", 1},
        {"Secrétaire fédéral", "fed_staff:29", 1},
        {"Première secrétaire fédérale", "fed_staff:29", 1},
        {"secrétaire de la fédération", "fed_staff:29", 1},
        {"Trésorier / Secrétaire fédéral", "officer:S1,fed_staff:29", 1},
        {"", "", 1},
        {"adhérent", "", 1},
        {"Militante", "", 1},
        {"porte-parole", "", 0},
    };
    char name[128];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cm_buf b;
        int known;
        cm_buf_init(&b);
        cm_buf_puts(&b, "");
        known = import_members_function(cases[i].function, "S1", "29", &b);
        snprintf(name, sizeof name, "'%s' -> [%s]", cases[i].function, cases[i].roles);
        is_str(b.data, cases[i].roles, name);
        is_int(known, cases[i].known, cases[i].known ? "  known function" : "  unknown function");
        cm_buf_cleanup(&b);
    }
    return tap_done();
}
