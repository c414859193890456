/* cmd_user.c - `coopmap user add|list|disable|enable|reset|grant` (cli stage). Listing member
 * data writes audit rows (via "cli"). Links are printed once and stored only as hashes. */
#include "cli.h"

#include "store_auth_session.h"
#include "store_org.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
cli_link_base(const struct cm_config *cfg, const char *url, char *out, unsigned long n)
{
    size_t len;

    if (url)
        snprintf(out, n, "%s", url);
    else
        snprintf(out, n, "http://%s:%ld", cfg->bind, cfg->port);
    len = strlen(out);
    if (len && out[len - 1] == '/')
        out[len - 1] = '\0';
}

/* The user named by an e-mail or "#id"; CM_EINPUT when there is none. */
static int
user_find(struct store *st, const char *who, struct store_user *u, struct cm_err *err)
{
    int64_t id = who[0] == '#' ? strtoll(who + 1, NULL, 10) : 0;
    int rc = store_user_get(st, id, id ? NULL : who, u, NULL);

    if (rc == CM_ENOTFOUND)
        return cm_err_set(err, CM_EINPUT, "no user %s", who);
    return rc == CM_OK ? CM_OK : cm_err_set(err, rc, "user lookup failed");
}

static int
open_rw(struct cm_config *cfg, struct store **st, struct cm_err *err)
{
    int rc = store_auth_init(err);

    return rc == CM_OK ? store_open(cfg->db, 0, st, err) : rc;
}

static int
print_link(struct store *st, const struct cm_config *cfg, const char *url, int64_t uid,
           const char *kind, struct cm_err *err)
{
    const struct store_auth_policy *pol = &store_auth_policy_default;
    char tok[STORE_AUTH_TOKEN_BUF], base[512];
    int64_t now = (int64_t)time(NULL);
    int rc = store_auth_link_new(st, uid, kind, now, pol, tok, err);

    if (rc != CM_OK)
        return rc;
    cli_link_base(cfg, url, base, sizeof base);
    printf("%s link for user %lld (one use, valid %lld hours):\n%s/static/login.html#link=%s\n", kind,
           (long long)uid, (long long)((strcmp(kind, "invite") ? pol->reset_s : pol->invite_s) / 3600),
           base, tok);
    return CM_OK;
}

/* Grant role (name) with scope to uid inside an open transaction. */
static int
grant(struct store *st, int64_t uid, const char *role, const char *scope, struct cm_err *err)
{
    int kind = store_role_parse(role);

    if (kind < 0)
        return cm_err_set(err, CM_EUSAGE, "unknown role '%s' (officer, secretary, fed_staff,"
                                          " admin)", role);
    if (kind != STORE_ROLE_ADMIN && (scope == NULL || !*scope))
        return cm_err_set(err, CM_EUSAGE, "role %s needs a scope (a section or federation code)",
                          role);
    if (kind == STORE_ROLE_FED_STAFF && store_federation_exists(st, scope, err) != 1)
        return cm_err_set(err, CM_EINPUT, "unknown federation %s", scope);
    if ((kind == STORE_ROLE_SECRETARY || kind == STORE_ROLE_OFFICER)) {
        struct store_section s;
        int rc = store_section_get(st, scope, 0, &s, NULL);
        store_section_cleanup(&s);
        if (rc != CM_OK)
            return cm_err_set(err, CM_EINPUT, "unknown section %s", scope);
    }
    return store_role_add(st, uid, kind, scope, "cli", err);
}

static int
user_add(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap user add EMAIL [--first-name N] [--last-name N]"
                                " [--phone P] [--section CODE] [--role ROLE --scope CODE]";
    const char *first = NULL, *last = NULL, *phone = NULL, *section = NULL, *role = NULL,
               *scope = NULL, *url = NULL;
    const struct cli_flag flags[] = {
        {"first-name", CLI_STR, &first, "NAME", "first name"},
        {"last-name", CLI_STR, &last, "NAME", "last name"},
        {"phone", CLI_STR, &phone, "PHONE", "phone number"},
        {"section", CLI_STR, &section, "CODE", "the member's section"},
        {"role", CLI_STR, &role, "ROLE", "officer, secretary, fed_staff or admin"},
        {"scope", CLI_STR, &scope, "CODE", "section (officer, secretary) or federation code"},
        {"url", CLI_STR, &url, "URL", "base URL of the invitation link"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_user u = {0};
    struct store_section s = {0};
    int64_t uid = 0;
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos != 1 || strchr(argv[0], '@') == NULL)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if ((rc = open_rw(cfg, &st, err)) != CM_OK)
        return rc;
    if (section && (rc = store_section_get(st, section, 0, &s, NULL)) != CM_OK) {
        rc = cm_err_set(err, CM_EINPUT, "unknown section %s", section);
        goto out;
    }
    u.email = argv[0];
    u.first_name = (char *)first;
    u.last_name = (char *)last;
    u.phone = (char *)phone;
    u.section_id = s.id;
    if ((rc = store_begin(st, err)) != CM_OK)
        goto out;
    if ((rc = store_user_add(st, &u, (int64_t)time(NULL), &uid, err)) != CM_OK
        || (role && (rc = grant(st, uid, role, scope, err)) != CM_OK)
        || (rc = store_commit(st, err)) != CM_OK)
        goto out;
    printf("user %lld added\n", (long long)uid);
    rc = print_link(st, cfg, url, uid, "invite", err);
out:
    store_rollback(st);
    store_section_cleanup(&s);
    store_close(st);
    return rc;
}

static void
roles_text(const struct store_user *u, char *out, size_t n)
{
    size_t len = 0;

    out[0] = '\0';
    for (size_t i = 0; i < u->n_roles && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s%s%s", i ? "," : "",
                                store_role_name(u->roles[i].kind), u->roles[i].scope[0] ? ":" : "",
                                u->roles[i].scope);
}

static void
user_print(const struct store_user *u, int json, json_t *arr)
{
    char roles[256];

    roles_text(u, roles, sizeof roles);
    if (json) {
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:s,s:s,s:s?,s:b}", "id",
                           (json_int_t)u->id, "email", u->email, "first_name", u->first_name,
                           "last_name", u->last_name, "member_no", u->member_no, "section",
                           u->section_code, "visibility", store_vis_name(u->visibility), "roles",
                           roles, "disabled", u->disabled, "password_set", u->has_password));
        return;
    }
    printf("%-6lld %-10s %-8s %-8s %-10s %-24s %s %s %s\n", (long long)u->id,
           u->member_no ? u->member_no : "-", u->disabled ? "disabled" : "active",
           store_vis_name(u->visibility), u->section_code ? u->section_code : "-",
           roles[0] ? roles : "-", u->email, u->first_name ? u->first_name : "",
           u->last_name ? u->last_name : "");
}

/* One audit row per user shown: data staff reading member data leave a trace too. */
static int
audit_cli_reads(struct store *st, const struct store_user *a, size_t n, struct cm_err *err)
{
    struct store_audit row = {0};
    int rc;

    if (n == 0)
        return CM_OK;
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    row.at = (int64_t)time(NULL);
    strcpy(row.action, "member_list");
    strcpy(row.via, "cli");
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        row.subject_id = a[i].id;
        snprintf(row.federation, sizeof row.federation, "%s", a[i].federation ? a[i].federation : "");
        rc = store_audit_add(st, &row, err);
    }
    if (rc != CM_OK) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

static int
user_list(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    static const char usage[] = "coopmap user list [--section CODE] [--search TEXT] [--json]";
    const char *section = NULL, *search = NULL;
    int json = 0, npos, rc;
    const struct cli_flag flags[] = {
        {"section", CLI_STR, &section, "CODE", "only this section's members"},
        {"search", CLI_STR, &search, "TEXT", "names, e-mail or member number containing TEXT"},
        {"json", CLI_BOOL, &json, NULL, "print JSON"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_section s = {0};
    struct store_user *a = NULL;
    size_t n = 0;
    json_t *arr = json_array();

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        goto out;
    if (npos != 0) {
        rc = cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
        goto out;
    }
    if ((rc = open_rw(cfg, &st, err)) != CM_OK)
        goto out;
    if (section && store_section_get(st, section, 0, &s, NULL) != CM_OK) {
        rc = cm_err_set(err, CM_EINPUT, "unknown section %s", section);
        goto out;
    }
    if ((rc = store_user_list(st, s.id, search, &a, &n, err)) != CM_OK
        || (rc = audit_cli_reads(st, a, n, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        user_print(&a[i], json, arr);
    if (json && json_dumpf(arr, stdout, JSON_INDENT(2)) == 0)
        putchar('\n');
out:
    json_decref(arr);
    store_user_list_free(a, n);
    store_section_cleanup(&s);
    store_close(st);
    return rc;
}

/* The common shape of disable, enable, reset and grant: open, find the user, act. */
static int
user_act(struct cm_config *cfg, int argc, char **argv, const char *usage, int nargs,
         int (*act)(struct store *, struct cm_config *, const struct store_user *, char **,
                    const char *, struct cm_err *),
         struct cm_err *err)
{
    const char *url = NULL;
    const struct cli_flag flags[] = {
        {"url", CLI_STR, &url, "URL", "base URL of the link (reset)"},
        {NULL, CLI_BOOL, NULL, NULL, NULL},
    };
    struct store *st = NULL;
    struct store_user u = {0};
    int npos, rc;

    if ((rc = cli_parse(usage, flags, cfg, argc, argv, &npos, err)) != CM_OK)
        return rc;
    if (npos < nargs || npos > nargs + 1)
        return cm_err_set(err, CM_EUSAGE, "usage: %s", usage);
    if (npos == nargs)
        argv[npos] = NULL; /* optional last argument absent */
    if ((rc = open_rw(cfg, &st, err)) == CM_OK && (rc = user_find(st, argv[0], &u, err)) == CM_OK)
        rc = act(st, cfg, &u, argv + 1, url, err);
    store_user_cleanup(&u);
    store_close(st);
    return rc;
}

/* Run one write in its own transaction. */
#define IN_TX(st, err, call)                                                                   \
    do {                                                                                       \
        if ((rc = store_begin(st, err)) != CM_OK)                                              \
            return rc;                                                                         \
        if ((rc = (call)) != CM_OK) {                                                          \
            store_rollback(st);                                                                \
            return rc;                                                                         \
        }                                                                                      \
        if ((rc = store_commit(st, err)) != CM_OK)                                             \
            return rc;                                                                         \
    } while (0)

static int
act_disable(struct store *st, struct cm_config *cfg, const struct store_user *u, char **args,
            const char *url, struct cm_err *err)
{
    int rc;

    (void)cfg, (void)args, (void)url;
    IN_TX(st, err, store_user_set_disabled(st, u->id, "admin", err));
    printf("user %lld disabled, sessions ended\n", (long long)u->id);
    return CM_OK;
}

static int
act_enable(struct store *st, struct cm_config *cfg, const struct store_user *u, char **args,
           const char *url, struct cm_err *err)
{
    int rc;

    (void)cfg, (void)args, (void)url;
    IN_TX(st, err, store_user_set_disabled(st, u->id, NULL, err));
    printf("user %lld enabled\n", (long long)u->id);
    return CM_OK;
}

static int
act_reset(struct store *st, struct cm_config *cfg, const struct store_user *u, char **args,
          const char *url, struct cm_err *err)
{
    (void)args;
    if (u->disabled)
        return cm_err_set(err, CM_EINPUT, "user %lld is disabled: enable it first",
                          (long long)u->id);
    return print_link(st, cfg, url, u->id, u->has_password ? "reset" : "invite", err);
}

static int
act_grant(struct store *st, struct cm_config *cfg, const struct store_user *u, char **args,
          const char *url, struct cm_err *err)
{
    int rc;

    (void)cfg, (void)url;
    IN_TX(st, err, grant(st, u->id, args[0], args[1], err));
    printf("user %lld: role %s%s%s granted\n", (long long)u->id, args[0], args[1] ? " " : "",
           args[1] ? args[1] : "");
    return CM_OK;
}

static int
user_disable(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return user_act(cfg, argc, argv, "coopmap user disable EMAIL|#ID", 1, act_disable, err);
}

static int
user_enable(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return user_act(cfg, argc, argv, "coopmap user enable EMAIL|#ID", 1, act_enable, err);
}

static int
user_reset(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return user_act(cfg, argc, argv, "coopmap user reset EMAIL|#ID [--url URL]", 1, act_reset,
                    err);
}

static int
user_grant(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return user_act(cfg, argc, argv,
                    "coopmap user grant EMAIL|#ID ROLE [SCOPE]  (officer|secretary SECTION,"
                    " fed_staff DEP, admin)",
                    2, act_grant, err);
}

static const struct cli_cmd user_cmds[] = {
    {"add", user_add, "create an account and print its invitation link"},
    {"list", user_list, "list accounts (each read is audited)"},
    {"disable", user_disable, "disable an account and end its sessions"},
    {"enable", user_enable, "enable an account again"},
    {"reset", user_reset, "print a one-time, expiring password link"},
    {"grant", user_grant, "give a role: officer, secretary, fed_staff, admin"},
    {NULL, NULL, NULL},
};

int
cmd_user(struct cm_config *cfg, int argc, char **argv, struct cm_err *err)
{
    return cli_dispatch("coopmap user", user_cmds, cfg, argc - 1, argv + 1, err);
}
