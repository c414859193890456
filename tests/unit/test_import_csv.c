/* test_import_csv.c - the CSV reader: delimiters, quotes, CRLF, BOM, encodings, bad bytes. */
#include "import_csv.h"

#include "../tap.h"

#include <stdlib.h>

/* Read every record of data; fields joined by '|', records by '\n', into out. */
static int
read_all(const char *data, size_t len, char *out, size_t n, struct cm_err *err)
{
    struct import_csv *c = NULL;
    size_t used = 0;
    int rc;

    out[0] = '\0';
    if ((rc = import_csv_open_mem("t.csv", data, len, &c, err)) != CM_OK)
        return rc;
    while ((rc = import_csv_next(c, err)) == 1) {
        for (size_t i = 0; i < import_csv_nfields(c); i++)
            used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "|" : "",
                                     import_csv_field(c, i));
        used += (size_t)snprintf(out + used, n - used, "\n");
    }
    import_csv_close(c);
    return rc;
}

static void
test_delims(void)
{
    char out[512];
    struct cm_err err = {0};
    struct import_csv *c = NULL;
    static const char semi[] = "a;b,c;d\n1;2,5;3\n";
    static const char comma[] = "a,b,c\n1,2,3\n";

    is_int(read_all(semi, sizeof semi - 1, out, sizeof out, &err), 0, "semicolon file reads");
    is_str(out, "a|b,c|d\n1|2,5|3\n", "';' detected, decimal comma kept in the field");
    is_int(read_all(comma, sizeof comma - 1, out, sizeof out, &err), 0, "comma file reads");
    is_str(out, "a|b|c\n1|2|3\n", "',' detected");
    import_csv_open_mem("t.csv", comma, sizeof comma - 1, &c, &err);
    is_int(import_csv_delim(c), ',', "delimiter reported");
    import_csv_close(c);
}

static void
test_quotes(void)
{
    char out[512];
    struct cm_err err = {0};
    static const char q[] = "\"Code BV\";\"x\"\n\"0001\";\"say \"\"hi\"\"; bye\"\n\"multi\nline\";z\n";
    static const char open_q[] = "a;b\n\"never;closed\n";

    is_int(read_all(q, sizeof q - 1, out, sizeof out, &err), 0, "quoted file reads");
    is_str(out, "Code BV|x\n0001|say \"hi\"; bye\nmulti\nline|z\n",
           "quotes removed, doubled quotes and delimiters inside kept, newline inside kept");
    is_int(read_all(open_q, sizeof open_q - 1, out, sizeof out, &err), CM_EINPUT,
           "unclosed quote is an error");
    ok(strstr(err.msg, "t.csv:2:") != NULL, "unclosed quote names its line");
}

static void
test_crlf_bom_lines(void)
{
    char out[512];
    struct cm_err err = {0};
    struct import_csv *c = NULL;
    static const char d[] = "\xEF\xBB\xBF" "a;b\r\n1;2\r\n\r\n3;4\r\n";

    is_int(read_all(d, sizeof d - 1, out, sizeof out, &err), 0, "CRLF + BOM file reads");
    is_str(out, "a|b\n1|2\n3|4\n", "BOM dropped, CR dropped, blank line skipped");
    import_csv_open_mem("t.csv", d, sizeof d - 1, &c, &err);
    import_csv_next(c, &err);
    import_csv_next(c, &err);
    import_csv_next(c, &err);
    is_int(import_csv_line(c), 4, "line numbers count the blank line");
    is_int(import_csv_encoding(c), IMPORT_CSV_UTF8, "BOM file is UTF-8");
    import_csv_close(c);
}

static void
test_encodings(void)
{
    char out[512];
    struct cm_err err = {0};
    struct import_csv *c = NULL;
    static const char latin1[] = "Code du b.vote;Exprim\xE9s\r\n0001;Fran\xE7oise\r\n";
    static const char utf8_bad[] = "a;b\nd\xC3\xA9j\xC3\xA0;x\n\xE9t\xE9;y\n";
    static const char c1[] = "a;b\nl\x92homme;x\n";
    static const char nul[] = "a;b\n1;\0\n";

    is_int(read_all(latin1, sizeof latin1 - 1, out, sizeof out, &err), 0, "latin-1 reads");
    is_str(out, "Code du b.vote|Exprim\xC3\xA9s\n0001|Fran\xC3\xA7oise\n",
           "latin-1 converted to UTF-8");
    import_csv_open_mem("t.csv", latin1, sizeof latin1 - 1, &c, &err);
    is_int(import_csv_encoding(c), IMPORT_CSV_LATIN1, "latin-1 detected");
    import_csv_close(c);

    cm_err_clear(&err);
    is_int(read_all(utf8_bad, sizeof utf8_bad - 1, out, sizeof out, &err), CM_EINPUT,
           "invalid byte in a UTF-8 file is an error");
    ok(strstr(err.msg, "t.csv:3:") && strstr(err.msg, "0xE9"), "it names line 3 and the byte");
    cm_err_clear(&err);
    is_int(read_all(c1, sizeof c1 - 1, out, sizeof out, &err), CM_EINPUT,
           "C1 control byte is an error");
    ok(strstr(err.msg, "t.csv:2:") && strstr(err.msg, "0x92"), "it names line 2 and the byte");
    cm_err_clear(&err);
    is_int(read_all(nul, sizeof nul - 1, out, sizeof out, &err), CM_EINPUT, "NUL is an error");
    ok(strstr(err.msg, "t.csv:2:") != NULL, "NUL names its line");
}

static void
test_bounds(void)
{
    size_t n = IMPORT_CSV_MAX_FIELD + 16;
    char *big = malloc(n + 8), out[64];
    struct cm_err err = {0};

    memcpy(big, "a;b\n1;", 6);
    memset(big + 6, 'x', n - 6);
    is_int(read_all(big, n, out, sizeof out, &err), CM_EINPUT, "oversized field refused");
    ok(strstr(err.msg, "t.csv:2: field 2") != NULL, "it names line and field");
    free(big);
    is_int(read_all("", 0, out, sizeof out, &err), 0, "empty input: no record");
}

int
main(void)
{
    test_delims();
    test_quotes();
    test_crlf_bom_lines();
    test_encodings();
    test_bounds();
    return tap_done();
}
