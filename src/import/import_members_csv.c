/* import_members_csv.c - minimal RFC 4180 reader for the membership file (import stage). */
#include "import_members_csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
import_members_csv_open(const char *path, struct import_members_csv *c, struct cm_err *err)
{
    int ch, counts[3] = {0, 0, 0}, in_q = 0;
    unsigned char bom[3];

    memset(c, 0, sizeof *c);
    c->path = path;
    if ((c->f = fopen(path, "rb")) == NULL)
        return cm_err_set(err, CM_EINPUT, "%s: %s", path, strerror(errno));
    /* the header decides the separator: the most frequent of ; , tab outside quotes */
    while ((ch = getc(c->f)) != EOF && (in_q || (ch != '\n' && ch != '\r'))) {
        if (ch == '"')
            in_q = !in_q;
        else if (!in_q)
            counts[0] += ch == ';', counts[1] += ch == ',', counts[2] += ch == '\t';
    }
    c->sep = counts[0] >= counts[1] && counts[0] >= counts[2] ? ';'
             : counts[1] >= counts[2]                         ? ','
                                                              : '\t';
    rewind(c->f);
    if (fread(bom, 1, 3, c->f) != 3 || memcmp(bom, "\xEF\xBB\xBF", 3) != 0)
        rewind(c->f);
    c->next_line = 1;
    cm_buf_init(&c->text);
    return CM_OK;
}

/* Close the current field: remember where it starts in text. */
static void
field_end(struct import_members_csv *c, size_t *start)
{
    cm_buf_append(&c->text, "", 1);
    if (c->n == c->cap) {
        c->cap = cm_grow(c->cap, c->n + 1);
        c->fields = cm_xreallocarray(c->fields, c->cap, sizeof *c->fields);
        c->offs = cm_xreallocarray(c->offs, c->cap, sizeof *c->offs);
    }
    c->offs[c->n++] = *start;
    *start = c->text.len;
}

int
import_members_csv_next(struct import_members_csv *c, struct cm_err *err)
{
    size_t start = 0;
    int ch, in_q = 0, any = 0;

    cm_buf_reset(&c->text);
    c->n = 0;
    c->line = c->next_line;
    while ((ch = getc(c->f)) != EOF) {
        any = 1;
        if (in_q) {
            if (ch == '"') {
                int nx = getc(c->f);
                if (nx == '"')
                    cm_buf_append(&c->text, "\"", 1);
                else {
                    in_q = 0;
                    if (nx != EOF)
                        ungetc(nx, c->f);
                }
            } else {
                c->next_line += ch == '\n';
                cm_buf_append(&c->text, &(char){(char)ch}, 1);
            }
        } else if (ch == '"') {
            in_q = 1;
        } else if (ch == c->sep) {
            field_end(c, &start);
        } else if (ch == '\n') {
            c->next_line++;
            break;
        } else if (ch != '\r') {
            cm_buf_append(&c->text, &(char){(char)ch}, 1);
        }
    }
    if (in_q)
        return cm_err_set(err, CM_EINPUT, "%s:%ld: unterminated quoted field", c->path, c->line);
    if (!any)
        return 0;
    field_end(c, &start);
    for (size_t i = 0; i < c->n; i++)
        c->fields[i] = c->text.data + c->offs[i];
    return 1;
}

void
import_members_csv_close(struct import_members_csv *c)
{
    if (c->f)
        fclose(c->f);
    c->f = NULL;
    cm_buf_cleanup(&c->text);
    free(c->fields);
    free(c->offs);
    c->fields = NULL;
    c->offs = NULL;
    c->n = c->cap = 0;
}
