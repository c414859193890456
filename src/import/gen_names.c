/* gen_names.c - French-sounding place, quarter and person names for the generator (import
 * stage). Fictional on purpose: syllables and very common names, drawn from hashes. */
#include "gen_int.h"

#include <stdio.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const start[] = {
    "Ber", "Char", "Mar", "Vil", "Mon", "Bel", "Font", "Cour", "Ro", "Sau", "Pont", "Lan",
    "Gra", "Bri", "Cha", "Ker", "Plou", "Val", "Mer", "Au", "Cler", "Dom", "Ar", "Es", "Ver",
    "Lou", "Sa", "Tré", "Neu", "Bou", "Gui", "Ros", "Lé", "Cor", "Ma", "Bo"};
static const char *const mid[] = {"", "", "e", "i", "a", "o", "on", "en", "er", "ai", "au", "é"};
static const char *const end[] = {
    "ville", "court", "ac", "ay", "y", "ières", "ont", "eau", "ois", "ange", "ieu", "euil",
    "anges", "ec", "on", "ignac", "ès", "heim", "ans", "in", "oux", "ac", "el", "ourt"};
static const char *const saints[] = {
    "Martin", "Jean", "Pierre", "Georges", "Laurent", "Germain", "Hilaire", "Denis", "Étienne",
    "Aubin", "Julien", "Médard", "Sulpice", "Rémy", "Vincent", "Maurice"};
static const char *const saintes[] = {"Marie", "Anne", "Colombe", "Foy", "Geneviève", "Croix"};
static const char *const articles[] = {"Le ", "La ", "Les "};
static const char *const suffixes[] = {
    "-sur-Loire", "-sur-Mer", "-en-Bresse", "-le-Château", "-les-Bains", "-sur-Seine",
    "-la-Forêt", "-en-Vexin", "-sur-Marne", "-le-Vieux", "-d'Amont", "-sur-Oise", "-en-Auge",
    "-les-Vignes", "-du-Lac"};
static const char *const quarters[] = {
    "Centre", "Gare", "Mairie", "Les Prés", "Le Moulin", "La Fontaine", "Les Vignes",
    "Le Château", "Bel-Air", "Les Tilleuls", "Le Stade", "Les Chênes", "Le Port", "La Croix",
    "Les Hauts", "Le Bourg", "Saint-Michel", "Les Jardins", "La Plaine", "Le Pré Vert"};
static const char *const surnames[] = {
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
    "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX",
    "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT",
    "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEL", "BLANC",
    "GUÉRIN", "MULLER", "HENRY", "ROUSSEAU", "NICOLAS", "PERRIN", "MORIN", "MATHIEU",
    "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON"};
static const char *const men[] = {
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Julien", "Thomas", "Éric",
    "Laurent", "François", "Olivier", "Sébastien", "Antoine", "Hugo", "Mathieu"};
static const char *const women[] = {
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Claire", "Julie",
    "Céline", "Hélène", "Camille", "Léa", "Anne", "Valérie", "Émilie", "Agnès"};

static const char *
pick(const char *const *a, size_t n, uint64_t seed, uint64_t i, uint64_t j)
{
    return a[(size_t)(gen_hash_unif(seed, GEN_S_NAMES, i, j) * (double)n)];
}

void
gen_commune_name(uint64_t seed, long i, char *out, unsigned long n)
{
    double u = gen_hash_unif(seed, GEN_S_NAMES, (uint64_t)i, 0);
    char root[48];
    const char *suf = gen_hash_unif(seed, GEN_S_NAMES, (uint64_t)i, 1) < 0.18
                          ? pick(suffixes, N_OF(suffixes), seed, (uint64_t)i, 2) : "";

    snprintf(root, sizeof root, "%s%s%s", pick(start, N_OF(start), seed, (uint64_t)i, 3),
             pick(mid, N_OF(mid), seed, (uint64_t)i, 4),
             pick(end, N_OF(end), seed, (uint64_t)i, 5));
    if (u < 0.12)
        snprintf(out, n, "Saint-%s%s", pick(saints, N_OF(saints), seed, (uint64_t)i, 6), suf);
    else if (u < 0.15)
        snprintf(out, n, "Sainte-%s%s", pick(saintes, N_OF(saintes), seed, (uint64_t)i, 6), suf);
    else if (u < 0.25)
        snprintf(out, n, "%s%s%s", pick(articles, N_OF(articles), seed, (uint64_t)i, 7), root, suf);
    else
        snprintf(out, n, "%s%s", root, suf);
}

void
gen_quarter_name(int k, char *out, unsigned long n)
{
    if (k < (int)N_OF(quarters))
        snprintf(out, n, "%s", quarters[k]);
    else
        snprintf(out, n, "%s %d", quarters[k % (int)N_OF(quarters)], k / (int)N_OF(quarters) + 1);
}

void
gen_person(uint64_t seed, uint64_t i, struct gen_person *p)
{
    p->female = gen_hash_unif(seed, GEN_S_CANDIDATES, i, 100) < 0.45;
    const char *s1 = pick(surnames, N_OF(surnames), seed, i, 101);
    const char *s2 = pick(surnames, N_OF(surnames), seed, i, 103);

    if (s1 != s2 && gen_hash_unif(seed, GEN_S_NAMES, i, 104) < 0.4)
        snprintf(p->surname, sizeof p->surname, "%s-%s", s1, s2);
    else
        snprintf(p->surname, sizeof p->surname, "%s", s1);
    p->first = p->female ? pick(women, N_OF(women), seed, i, 102)
                         : pick(men, N_OF(men), seed, i, 102);
}
