/* test_import_csv_rows.c - results layouts from headers, and one row's parsing and checks. */
#include "import_csv.h"
#include "import_results_int.h"
#include "import_results_row.h"

#include "../tap.h"

/* Map the header of text and leave the reader on the first data row. */
static int
load(const char *text, int layout, struct import_csv **c, struct res_map *m, struct cm_err *err)
{
    int rc;

    cm_err_clear(err);
    if ((rc = import_csv_open_mem("r.csv", text, strlen(text), c, err)) != CM_OK)
        return rc;
    import_csv_next(*c, err);
    if ((rc = res_map_header(*c, layout, 1, 0, 1, m, err)) != CM_OK)
        return rc;
    import_csv_next(*c, err);
    return CM_OK;
}

static const char native[] =
    "Code département;Code commune;Code BV;Code circonscription législative;Inscrits;Votants;"
    "Abstentions;Exprimés;Blancs;Nuls;Numéro de panneau 1;Nuance candidat 1;Nom candidat 1;"
    "Prénom candidat 1;Voix 1;Numéro de panneau 2;Nuance candidat 2;Nom candidat 2;"
    "Prénom candidat 2;Voix 2\n"
    "29;29019;\"0007\";2902;100;80;20;70;6;4;1;UG;DUPONT;Anne;40;2;RN;MARTIN;Paul;30\n";

static void
test_native(void)
{
    struct import_csv *c = NULL;
    struct res_map m;
    struct res_row r;
    struct res_opts o = {NULL, NULL};
    struct cm_err err = {0};

    is_int(load(native, RES_NLAYOUTS, &c, &m, &err), CM_OK, "native header maps");
    is_int(m.layout, RES_NATIVE2024, "native 2024 detected");
    is_int(m.n_cands, 2, "two candidate blocks");
    res_row_init(&r);
    is_int(res_row_head(&r, c, &m, &o), 0, "row head reads");
    is_int(res_row_votes(&r, c, &m), 0, "votes read");
    is_str(r.bureau, "29019_0007", "quoted padded Code BV normalised");
    is_str(r.circo, "29-02", "constituency 2902 -> 29-02");
    is_int(r.n_votes, 2, "two votes");
    is_str(r.strs.data + r.votes[1].name, "MARTIN Paul", "name is NOM Prénom");
    is_str(r.strs.data + r.votes[1].nuance, "RN", "nuance kept");
    is_int(res_row_check(&r), 0, "consistent row passes");
    res_row_cleanup(&r);
    res_map_cleanup(&m);
    import_csv_close(c);
}

static const char legacy[] =
    "Code du département;Code de la commune;Code du b.vote;Inscrits;Abstentions;Votants;"
    "Blancs;Nuls;Exprimés;N°Panneau;Sexe;Nom;Prénom;Nuance;Voix;% Voix/Ins;% Voix/Exp\n"
    "29;019;0001;100;30;70;2;3;65;1;M;A;B;UG;30;30,00;46,15;2;F;C;D;RN;20;20,00;30,77;"
    "3;M;E;F;ENS;15;15,00;23,08\n";

static void
test_legacy(void)
{
    struct import_csv *c = NULL;
    struct res_map m;
    struct res_row r;
    struct res_opts o = {NULL, NULL};
    struct cm_err err = {0};

    is_int(load(legacy, RES_NLAYOUTS, &c, &m, &err), CM_OK, "legacy header maps");
    is_int(m.layout, RES_LEGACY, "legacy detected");
    is_int(m.repeat_width, 8, "block of 8 columns from N°Panneau");
    res_row_init(&r);
    res_row_head(&r, c, &m, &o);
    is_int(res_row_votes(&r, c, &m), 0, "unnamed repeated blocks read");
    is_int(r.n_votes, 3, "three candidates");
    is_int(r.votes[2].voix, 15, "third block's votes");
    is_str(r.commune, "29019", "3-digit commune + département");
    is_int(res_row_check(&r), 0, "consistent legacy row passes");
    res_row_cleanup(&r);
    res_map_cleanup(&m);
    import_csv_close(c);
}

/* One large-layout row through head, votes and check; returns the check result. */
static int
large_row(const char *row, struct res_row *r)
{
    char text[512];
    struct import_csv *c = NULL;
    struct res_map m;
    struct res_opts o = {NULL, NULL};
    struct cm_err err = {0};
    int rc = -1;

    snprintf(text, sizeof text, "departement,commune,bureau,inscrits,votants,blancs,exprimes,"
                                "FI,REM\n%s\n", row);
    if (load(text, RES_NLAYOUTS, &c, &m, &err) == CM_OK && res_row_head(r, c, &m, &o) == 0
        && res_row_votes(r, c, &m) == 0)
        rc = res_row_check(r);
    res_map_cleanup(&m);
    import_csv_close(c);
    return rc;
}

static void
test_checks(void)
{
    struct res_row r;

    res_row_init(&r);
    is_int(large_row("75,056,1907,100,80,5,70,30,40", &r), 0, "large row passes");
    is_str(r.bureau, "75056_1907", "large: commune on 3 digits + département");
    is_int(r.abst, 20, "abstentions derived");
    is_int(r.nuls, 5, "nuls derived");
    is_int(r.nuls_derived, 1, "and flagged as derived");
    is_int(large_row("75,056,1907,100,80,5,70,,70", &r), 0, "an empty nuance cell is no vote");
    is_int(r.n_votes, 1, "one vote only");
    is_int(large_row("75,056,1907,100,120,5,70,30,40", &r), -1, "votants > inscrits fails");
    is_str(r.why, "votants 120 > inscrits 100", "reason");
    is_int(large_row("75,056,1907,100,80,5,70,30,41", &r), -1, "sum of votes != exprimes fails");
    is_str(r.why, "sum of votes 71 != exprimes 70", "reason");
    is_int(large_row("75,056,1907,-100,80,5,70,30,40", &r), -1, "negative count fails");
    is_str(r.why, "negative inscrits -100", "reason");
    is_int(large_row("75,056,1907,100.0,80,5,70,30,40", &r), 0, "100.0 is a whole number");
    is_int(large_row("75,056,1907,100.5,80,5,70,30,40", &r), -1, "100.5 is not");
    is_int(large_row("75,056,1907,100,80,5,70,30", &r), -1, "missing vote column fails the sum");
    res_row_cleanup(&r);
}

static void
test_detect(void)
{
    struct import_csv *c = NULL;
    struct res_map m;
    struct cm_err err = {0};

    is_int(load(";Numéro;Inscrits;Votants;Exprimés;M. A B - votes;M. A B - pourcentage\n", 
                RES_NLAYOUTS, &c, &m, &err), CM_OK, "city header maps (with --commune)");
    is_int(m.layout, RES_CITY, "city detected");
    is_str(m.cands[0].name, "A B", "civility and suffix dropped");
    res_map_cleanup(&m);
    import_csv_close(c);
    is_int(load("a;b;c\n", RES_NLAYOUTS, &c, &m, &err), CM_EINPUT, "unknown layout refused");
    ok(strstr(err.msg, "r.csv:1: unknown results layout") != NULL, "message names file:1");
    res_map_cleanup(&m);
    import_csv_close(c);
    is_int(load("bureau,commune,votants\n", RES_NLAYOUTS, &c, &m, &err), CM_EINPUT,
           "large without inscrits refused");
    ok(strstr(err.msg, "missing") && strstr(err.msg, "Inscrits"), "message names the column");
    res_map_cleanup(&m);
    import_csv_close(c);
}

int
main(void)
{
    test_native();
    test_legacy();
    test_checks();
    test_detect();
    return tap_done();
}
