/* map_names.c - French display names of layers and categories (map stage). */
#include "map_names.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const struct name {
    const char *id, *fr;
} layers[] = {
    {"registered", "Inscrits"},
    {"turnout", "Participation"},
    {"abstention", "Abstention"},
    {"camp_share", "Part de notre camp"},
    {"potential", "Potentiel de nos abstentionnistes (PO)"},
    {"potential_voters", "Électeurs potentiels parmi nos abstentionnistes (L)"},
    {"potential_doors", "Portes à frapper"},
    {"remob_gap", "Écart de participation : nos électeurs restés chez eux (G)"},
    {"remob_reserve", "Réserve des candidats éliminés (reports)"},
    {"remob_voters", "Électeurs à gagner au second tour"},
    {"remob_doors", "Portes à frapper pour le second tour"},
    {"volatility", "Volatilité (Pedersen)"},
    {"volatility_voters", "Électeurs volatils (P × V)"},
    {"category", "Catégorie (écart à la moyenne)"},
    {"category_gap", "Écart à la part moyenne (points)"},
    {"bloc_far_left", "Part du bloc extrême gauche"},
    {"bloc_left", "Part du bloc gauche"},
    {"bloc_ecologist", "Part du bloc écologiste"},
    {"bloc_centre", "Part du bloc centre"},
    {"bloc_right", "Part du bloc droite"},
    {"bloc_far_right", "Part du bloc extrême droite"},
    {"bloc_other", "Part des autres"},
};

static const struct name categories[] = {
    {"stronghold", "bastion"}, {"growth", "croissance"}, {"mobilise", "à mobiliser"},
    {"low", "faible"},         {"none", "absent"},
};

/* "le_pen" -> "LE PEN" */
static void
upper_words(const char *s, char *buf, size_t n)
{
    size_t i = 0;

    for (; *s && i + 1 < n; s++, i++)
        buf[i] = *s == '_' ? ' ' : (char)toupper((unsigned char)*s);
    buf[i] = '\0';
}

void
map_layer_title(const char *name, const char *fallback, char *buf, size_t n)
{
    char who[96];

    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        if (strcmp(layers[i].id, name) == 0) {
            snprintf(buf, n, "%s", layers[i].fr);
            return;
        }
    }
    if (strncmp(name, "share_", 6) == 0) {
        upper_words(name + 6, who, sizeof who);
        snprintf(buf, n, "Part de %s", who);
    } else if (strncmp(name, "socio_", 6) == 0) {
        upper_words(name + 6, who, sizeof who);
        snprintf(buf, n, "Recensement %s (estimation par bureau)", who);
    } else {
        snprintf(buf, n, "%s", fallback ? fallback : name);
    }
}

const char *
map_category_label(const char *id)
{
    for (size_t i = 0; id && i < sizeof categories / sizeof categories[0]; i++) {
        if (strcmp(categories[i].id, id) == 0)
            return categories[i].fr;
    }
    return id;
}
