/* import_members.c - membership file -> users, roles, invitations (import stage). Plans every
 * row against the store first, prints the diff, then (unless --dry-run) applies it in one
 * transaction, so an import is all-or-nothing and a second identical one changes nothing. */
#include "import_members.h"

#include "import_csv.h"
#include "store_auth_session.h"
#include "store_import.h"
#include "store_org.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_NO, COL_EMAIL, COL_FIRST, COL_LAST, COL_SECTION, COL_FUNCTION, N_COLS };

struct mrow {
    long line;
    char *no, *email, *first, *last, *section, *federation; /* owned; first/last may be NULL */
    char *roles;                                            /* owned: sorted "role:scope,..." */
    int64_t section_id;
    int bad;
};

struct plan {
    struct mrow *rows; /* owned */
    size_t n, cap;
    struct store_section *sections; /* owned, sorted by code */
    size_t n_sections;
    struct cm_buf invites;          /* owned: lines printed after commit */
};

/* Fold to lower-case ASCII words: accents of Latin-1 letters dropped, punctuation -> space. */
static char *
fold(const char *s)
{
    static const char c3[64] = "aaaaaaaceeeeiiiidnooooo ouuuuyts" /* U+00C0..U+00DF */
                               "aaaaaaaceeeeiiiidnooooo ouuuuyty";
    struct cm_buf b;
    char c;

    cm_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == 0xC3 && p[1] >= 0x80 && p[1] < 0xC0)
            c = c3[*++p - 0x80];
        else if (*p >= 'A' && *p <= 'Z')
            c = (char)(*p - 'A' + 'a');
        else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            c = (char)*p;
        else
            c = ' ';
        if (c == ' ' && (b.len == 0 || b.data[b.len - 1] == ' '))
            continue;
        cm_buf_append(&b, &c, 1);
    }
    while (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    return cm_buf_take(&b);
}

static int
column_of(const char *header)
{
    char *h = fold(header);
    int col = -1;

    if (strstr(h, "mail") || strstr(h, "courriel"))
        col = COL_EMAIL;
    else if (strstr(h, "prenom") || strstr(h, "first"))
        col = COL_FIRST;
    else if (strstr(h, "fonction") || strstr(h, "function") || strstr(h, "role"))
        col = COL_FUNCTION;
    else if (strstr(h, "section"))
        col = COL_SECTION;
    else if (strstr(h, "numero") || strstr(h, "number") || strstr(h, "adherent")
             || strstr(h, "matricule") || strcmp(h, "member no") == 0)
        col = COL_NO;
    else if (strstr(h, "nom") || strstr(h, "last") || strstr(h, "family"))
        col = COL_LAST;
    free(h);
    return col;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort a comma list in place-free way: returns a new sorted, de-duplicated list. */
static char *
sorted_list(const char *list)
{
    char *copy = cm_xstrdup(list), **v = NULL, *save = NULL;
    size_t n = 0;
    struct cm_buf b;

    cm_buf_init(&b);
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        v = cm_xreallocarray(v, n + 1, sizeof *v);
        v[n++] = t;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(v[i], v[i - 1]) == 0)
            continue;
        cm_buf_printf(&b, "%s%s", b.len ? "," : "", v[i]);
    }
    cm_buf_puts(&b, "");
    free(v);
    free(copy);
    return cm_buf_take(&b);
}

int
import_members_function(const char *function, const char *section, const char *federation,
                        struct cm_buf *out)
{
    char *f = fold(function), *save = NULL, *copy = cm_xstrdup(function);
    int known = 1;

    free(f);
    for (char *t = strtok_r(copy, ",/+|;", &save); t; t = strtok_r(NULL, ",/+|;", &save)) {
        const char *sep = out->len ? "," : "";
        f = fold(t);
        if (strstr(f, "secretaire") && (strstr(f, "federal") || strstr(f, "federation")))
            cm_buf_printf(out, "%sfed_staff:%s", sep, federation);
        else if (strstr(f, "secretaire") && !strstr(f, "adjoint"))
            cm_buf_printf(out, "%ssecretary:%s", sep, section);
        else if (strstr(f, "tresorier") || strstr(f, "adjoint"))
            cm_buf_printf(out, "%sofficer:%s", sep, section);
        else if (!(f[0] == '\0' || strcmp(f, "adherent") == 0 || strcmp(f, "adherente") == 0
                   || strcmp(f, "membre") == 0 || strcmp(f, "militant") == 0
                   || strcmp(f, "militante") == 0))
            known = 0;
        free(f);
    }
    free(copy);
    return known;
}

static char *
trimmed_or_null(const char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return NULL;
    char *r = cm_xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

static int
cmp_section_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct store_section *)elem)->code);
}

static const struct store_section *
find_section(const struct plan *p, const char *code)
{
    return bsearch(code, p->sections, p->n_sections, sizeof *p->sections, cmp_section_code);
}

/* The column index of each field (-1 when absent); CM_EINPUT when a needed one is missing. */
static int
map_header(const struct import_csv *c, int *cols, struct cm_err *err)
{
    static const char *const need[N_COLS] = {"member number", "email", NULL, NULL, "section",
                                             NULL};

    for (int k = 0; k < N_COLS; k++)
        cols[k] = -1;
    for (size_t i = 0; i < import_csv_nfields(c); i++) {
        int k = column_of(import_csv_field(c, i));
        if (k >= 0 && cols[k] < 0)
            cols[k] = (int)i;
    }
    for (int k = 0; k < N_COLS; k++) {
        if (need[k] && cols[k] < 0)
            return cm_err_set(err, CM_EINPUT, "%s:%ld: no %s column in the header",
                              import_csv_name(c), import_csv_line(c), need[k]);
    }
    return CM_OK;
}

static const char *
field(const struct import_csv *c, const int *cols, int k)
{
    return cols[k] >= 0 ? import_csv_field(c, (size_t)cols[k]) : "";
}

/* One record -> a row, validated; problems go to the report and mark the row bad. */
static void
row_read(struct plan *p, const struct import_csv *c, const int *cols,
         struct import_report *rep, struct mrow *r)
{
    char where[32];
    const struct store_section *s;
    struct cm_buf roles;

    memset(r, 0, sizeof *r);
    r->line = import_csv_line(c);
    snprintf(where, sizeof where, "%ld", r->line);
    r->no = trimmed_or_null(field(c, cols, COL_NO));
    r->email = trimmed_or_null(field(c, cols, COL_EMAIL));
    r->first = trimmed_or_null(field(c, cols, COL_FIRST));
    r->last = trimmed_or_null(field(c, cols, COL_LAST));
    r->section = trimmed_or_null(field(c, cols, COL_SECTION));
    if (r->email == NULL || strchr(r->email, '@') == NULL || strpbrk(r->email, " \t,;<>")) {
        import_report_problem(rep, where, "%s", r->email ? "malformed e-mail" : "no e-mail");
        r->bad = 1;
    } else if (r->no == NULL) {
        import_report_problem(rep, where, "no member number");
        r->bad = 1;
    } else if (r->section == NULL || (s = find_section(p, r->section)) == NULL) {
        import_report_problem(rep, where, "unknown section '%s'", r->section ? r->section : "");
        r->bad = 1;
    } else {
        r->section_id = s->id;
        r->federation = cm_xstrdup(s->federation);
        cm_buf_init(&roles);
        if (!import_members_function(field(c, cols, COL_FUNCTION), r->section, r->federation,
                                     &roles))
            import_report_note(rep, "line %ld: function not recognised, plain member", r->line);
        cm_buf_puts(&roles, "");
        r->roles = sorted_list(roles.data);
        cm_buf_cleanup(&roles);
    }
}

static void
row_free(struct mrow *r)
{
    free(r->no);
    free(r->email);
    free(r->first);
    free(r->last);
    free(r->section);
    free(r->federation);
    free(r->roles);
}

static int
cmp_row_email(const void *a, const void *b)
{
    const struct mrow *x = *(const struct mrow *const *)a, *y = *(const struct mrow *const *)b;
    int c = strcasecmp(x->email, y->email);

    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int
cmp_row_no(const void *a, const void *b)
{
    const struct mrow *x = *(const struct mrow *const *)a, *y = *(const struct mrow *const *)b;
    int c = strcmp(x->no, y->no);

    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A later row repeating an earlier row's e-mail (case-insensitive) or member number is bad:
 * sort the good rows by key then line, and every row equal to its predecessor repeats it. */
static void
mark_duplicates(struct plan *p, int (*cmp)(const void *, const void *), const char *what,
                struct import_report *rep)
{
    struct mrow **v = cm_xcalloc(p->n ? p->n : 1, sizeof *v);
    size_t n = 0, first = 0;
    char where[32];

    for (size_t i = 0; i < p->n; i++)
        if (!p->rows[i].bad)
            v[n++] = &p->rows[i];
    qsort(v, n, sizeof *v, cmp);
    for (size_t i = 1; i < n; i++) {
        struct mrow *a = v[first], *b = v[i];
        if (cmp == cmp_row_email ? strcasecmp(a->email, b->email) : strcmp(a->no, b->no)) {
            first = i;
            continue;
        }
        snprintf(where, sizeof where, "%ld", b->line);
        import_report_problem(rep, where, "same %s as line %ld", what, a->line);
        b->bad = 1;
        rep->rejected++;
    }
    free(v);
}

static int
plan_read(struct store *st, const char *path, struct plan *p, struct import_report *rep,
          struct cm_err *err)
{
    struct import_csv *c = NULL;
    int cols[N_COLS], rc, more;

    if ((rc = store_section_list(st, NULL, &p->sections, &p->n_sections, err)) != CM_OK)
        return rc;
    if ((rc = import_csv_open(path, &c, err)) != CM_OK)
        goto out;
    if ((more = import_csv_next(c, err)) <= 0) {
        rc = more < 0 ? more : cm_err_set(err, CM_EINPUT, "%s: empty file", path);
        goto out;
    }
    if ((rc = map_header(c, cols, err)) != CM_OK)
        goto out;
    while ((more = import_csv_next(c, err)) > 0) {
        if (p->n == p->cap) {
            p->cap = cm_grow(p->cap, p->n + 1);
            p->rows = cm_xreallocarray(p->rows, p->cap, sizeof *p->rows);
        }
        row_read(p, c, cols, rep, &p->rows[p->n]);
        rep->rows_read++;
        rep->rejected += p->rows[p->n++].bad;
    }
    if ((rc = more) == CM_OK) {
        mark_duplicates(p, cmp_row_email, "e-mail", rep);
        mark_duplicates(p, cmp_row_no, "member number", rep);
    }
out:
    import_csv_close(c);
    return rc;
}

/* Roles of an account to compare with the file's: those the import gave, plus CLI grants
 * the file also implies (a grant cannot be held twice), sorted like the file's. */
static char *
roles_held(const struct store_user *u, const char *wanted)
{
    struct cm_buf b;
    char one[64], *r;

    cm_buf_init(&b);
    cm_buf_puts(&b, "");
    for (size_t i = 0; i < u->n_roles; i++) {
        snprintf(one, sizeof one, "%s:%s", store_role_name(u->roles[i].kind), u->roles[i].scope);
        size_t n = strlen(one);
        const char *hit = strstr(wanted, one);
        int in_wanted = hit && (hit == wanted || hit[-1] == ',') && (hit[n] == ',' || !hit[n]);
        if (u->roles[i].from_import || in_wanted)
            cm_buf_printf(&b, "%s%s", b.len ? "," : "", one);
    }
    r = sorted_list(b.data);
    cm_buf_cleanup(&b);
    return r;
}

static int
roles_apply(struct store *st, int64_t uid, const char *roles, struct cm_err *err)
{
    char *copy = cm_xstrdup(roles), *save = NULL, *colon;
    int rc = store_role_clear(st, uid, "import", err);

    for (char *t = strtok_r(copy, ",", &save); t && rc == CM_OK; t = strtok_r(NULL, ",", &save)) {
        if ((colon = strchr(t, ':')) == NULL)
            continue;
        *colon = '\0';
        rc = store_role_add(st, uid, store_role_parse(t), colon + 1, "import", err);
    }
    free(copy);
    return rc;
}

/* The account fields a row sets (strings borrowed from r). */
static struct store_user
row_user(const struct mrow *r)
{
    struct store_user u = {0};

    u.email = r->email;
    u.first_name = r->first;
    u.last_name = r->last;
    u.member_no = r->no;
    u.section_id = r->section_id;
    u.visibility = STORE_VIS_OFFICERS;
    return u;
}

static int
row_add(struct store *st, struct plan *p, const struct mrow *r,
        const struct import_members_opts *o, struct cm_err *err)
{
    struct store_user u = row_user(r);
    char tok[STORE_AUTH_TOKEN_BUF];
    uint8_t hash[STORE_AUTH_HASH_LEN];
    int64_t uid = 0;
    int rc;

    if ((rc = store_user_add(st, &u, o->now, &uid, err)) != CM_OK
        || (rc = roles_apply(st, uid, r->roles, err)) != CM_OK)
        return rc;
    store_auth_token_new(tok, hash);
    rc = store_token_add(st, hash, uid, "invite", o->now,
                         o->now + store_auth_policy_default.invite_s, err);
    cm_buf_printf(&p->invites, "invite %s %s %s/static/login.html#link=%s\n", r->no, r->email,
                  o->link_base, tok);
    return rc;
}

static int
strdiff(const char *a, const char *b)
{
    return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

/* Compare an existing account with its row: the changes as text into ch. */
static void
row_changes(const struct store_user *u, const struct mrow *r, const char *held, struct cm_buf *ch)
{
    if (strdiff(u->section_code, r->section))
        cm_buf_printf(ch, "; section %s -> %s", u->section_code ? u->section_code : "-",
                      r->section);
    if (strdiff(u->member_no, r->no))
        cm_buf_printf(ch, "; member number %s -> %s", u->member_no ? u->member_no : "-", r->no);
    if (strdiff(u->first_name, r->first) || strdiff(u->last_name, r->last))
        cm_buf_puts(ch, "; names");
    if (strcmp(held, r->roles) != 0)
        cm_buf_printf(ch, "; roles [%s] -> [%s]", held, r->roles);
    if (u->disabled && strcmp(u->disabled, "import") == 0)
        cm_buf_puts(ch, "; enabled again");
}

static int
row_update(struct store *st, const struct store_user *u, const struct mrow *r, const char *held,
           struct cm_err *err)
{
    struct store_user upd = row_user(r);
    int rc;

    upd.id = u->id;
    upd.phone = u->phone; /* the file has no phone column: keep what the member gave */
    if ((rc = store_user_update(st, &upd, err)) != CM_OK)
        return rc;
    if (strcmp(held, r->roles) != 0 && (rc = roles_apply(st, u->id, r->roles, err)) != CM_OK)
        return rc;
    if (u->disabled && strcmp(u->disabled, "import") == 0)
        rc = store_user_set_disabled(st, u->id, NULL, err);
    return rc;
}

/* One good row: print its diff line and, unless dry-run, apply it. */
static int
row_sync(struct store *st, struct plan *p, const struct mrow *r,
         const struct import_members_opts *o, struct import_members_diff *d, FILE *out,
         struct cm_err *err)
{
    struct cm_err e = {0};
    struct store_user u = {0};
    struct cm_buf ch;
    char *held = NULL;
    int rc = store_user_get(st, 0, r->email, &u, &e);

    if (rc == CM_ENOTFOUND) {
        fprintf(out, "+ %s %s added%s%s\n", r->no, r->section, r->roles[0] ? " as " : "",
                r->roles);
        d->added++;
        return o->dry_run ? CM_OK : row_add(st, p, r, o, err);
    }
    if (rc != CM_OK)
        return cm_err_set(err, rc, "%s", e.msg);
    cm_buf_init(&ch);
    held = roles_held(&u, r->roles);
    row_changes(&u, r, held, &ch);
    if (ch.len == 0) {
        d->unchanged++;
    } else {
        fprintf(out, "~ %s%s\n", r->no, ch.data + 1);
        d->changed++;
        if (!o->dry_run)
            rc = row_update(st, &u, r, held, err);
    }
    if (u.disabled && strcmp(u.disabled, "admin") == 0)
        fprintf(out, "  %s stays disabled (by an administrator)\n", r->no);
    free(held);
    cm_buf_cleanup(&ch);
    store_user_cleanup(&u);
    return rc;
}

/* Members in the store but not in the file (good or bad rows): disabled. */
static int
disable_absent(struct store *st, const struct plan *p, const struct import_members_opts *o,
               struct import_members_diff *d, FILE *out, struct cm_err *err)
{
    char **keep = cm_xcalloc(p->n ? p->n : 1, sizeof *keep);
    int64_t *ids = NULL;
    size_t n = 0, n_ids = 0;
    int rc;

    for (size_t i = 0; i < p->n; i++) {
        if (p->rows[i].email == NULL)
            continue;
        keep[n] = cm_xstrdup(p->rows[i].email);
        for (char *c = keep[n]; *c; c++)
            *c = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        n++;
    }
    qsort(keep, n, sizeof *keep, cmp_str);
    rc = store_user_members_absent(st, (const char *const *)keep, n, &ids, &n_ids, err);
    for (size_t i = 0; i < n_ids && rc == CM_OK; i++) {
        struct store_user u = {0};
        if ((rc = store_user_get(st, ids[i], NULL, &u, err)) != CM_OK)
            break;
        fprintf(out, "- %s disabled (not in the file)\n", u.member_no);
        d->disabled++;
        store_user_cleanup(&u);
        if (!o->dry_run)
            rc = store_user_set_disabled(st, ids[i], "import", err);
    }
    for (size_t i = 0; i < n; i++)
        free(keep[i]);
    free(keep);
    free(ids);
    return rc;
}

static int
plan_apply(struct store *st, struct plan *p, const struct import_members_opts *o,
           struct import_report *rep, struct import_members_diff *d, FILE *out,
           struct cm_err *err)
{
    struct store_import_log log = {0};
    char msg[128];
    int rc;

    if (!o->dry_run && (rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = disable_absent(st, p, o, d, out, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < p->n && rc == CM_OK; i++)
        if (!p->rows[i].bad)
            rc = row_sync(st, p, &p->rows[i], o, d, out, err);
    if (rc != CM_OK || o->dry_run)
        goto out;
    rep->imported = d->added + d->changed + d->unchanged;
    snprintf(msg, sizeof msg, "added %ld, changed %ld, disabled %ld, unchanged %ld", d->added,
             d->changed, d->disabled, d->unchanged);
    log.kind = "members";
    log.source = rep->source;
    log.sha256 = rep->sha256;
    log.message = msg;
    log.rows_read = rep->rows_read;
    log.imported = rep->imported;
    log.rejected = rep->rejected;
    if ((rc = store_import_log_add(st, &log, err)) == CM_OK)
        rc = store_commit(st, err);
out:
    if (!o->dry_run && rc != CM_OK)
        store_rollback(st);
    return rc;
}

int
import_members_run(struct store *st, const char *path, const struct import_members_opts *opts,
                   struct import_report *rep, struct import_members_diff *diff, FILE *out,
                   struct cm_err *err)
{
    struct plan p = {0};
    int rc;

    memset(diff, 0, sizeof *diff);
    cm_buf_init(&p.invites);
    if ((rc = import_file_sha256(path, rep->sha256, err)) != CM_OK
        || (rc = plan_read(st, path, &p, rep, err)) != CM_OK)
        goto out;
    if (rep->rejected && !opts->partial) {
        rc = cm_err_set(err, CM_EINPUT,
                        "%s: %ld bad rows, nothing imported (--partial imports the others)", path,
                        rep->rejected);
        goto out;
    }
    if ((rc = plan_apply(st, &p, opts, rep, diff, out, err)) == CM_OK && p.invites.len)
        fputs(p.invites.data, out);
out:
    for (size_t i = 0; i < p.n; i++)
        row_free(&p.rows[i]);
    free(p.rows);
    store_section_list_free(p.sections, p.n_sections);
    cm_buf_cleanup(&p.invites);
    return rc;
}
