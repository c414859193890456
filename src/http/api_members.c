/* api_members.c - sections, their members and the federation overview and audit (http
 * stage). Every route asks http_access_check; an object out of reach answers exactly like a
 * missing one (404, same message), and every member shown to someone else is audited. */
#include "http_access_req.h"

#include "cm_log.h"
#include "import_codes.h"
#include "store_org.h"

#include <stdlib.h>
#include <string.h>

#define API_AUDIT_MAX 1000

json_t *
api_members_section_json(struct store *st, int64_t section_id)
{
    struct store_section s = {0};
    double bb[4];
    json_t *o;

    if (section_id == 0 || store_section_get(st, NULL, section_id, &s, NULL) != CM_OK)
        return json_null();
    o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I}", "code", s.code, "name", s.name, "federation",
                  s.federation, "communes", s.communes, "bureaux", s.bureaux, "members",
                  (json_int_t)s.n_members);
    json_object_set_new(o, "bbox",
                        store_section_bbox(st, section_id, bb, NULL) == CM_OK
                            ? json_pack("[f,f,f,f]", bb[0], bb[1], bb[2], bb[3])
                            : json_null());
    store_section_cleanup(&s);
    return o;
}

/* Split "CODE/tail" into code (bounded copy) and tail ("" when none). */
static int
split_rest(const char *rest, char *code, size_t n, const char **tail, struct cm_err *err)
{
    size_t len = strcspn(rest, "/");

    if (len == 0 || len >= n)
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    memcpy(code, rest, len);
    code[len] = '\0';
    *tail = rest[len] == '/' ? rest + len + 1 : "";
    return CM_OK;
}

/* The section named in the path, checked for action; out of reach == absent. */
static int
section_for(struct http_auth *a, const char *code, int action, struct store_section *s,
            struct cm_err *err)
{
    struct access_object o = {0};
    int rc = store_section_get(a->st, code, 0, s, NULL);

    if (rc == CM_ENOTFOUND)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    if (rc != CM_OK)
        return cm_err_set(err, rc, "section lookup failed");
    o.section = s->code;
    o.federation = s->federation;
    if ((rc = http_access_check(&a->user, action, &o)) == CM_ENOTFOUND)
        return cm_err_set(err, CM_ENOTFOUND, "no such section");
    return rc == CM_OK ? CM_OK : cm_err_set(err, rc, "not allowed on this section");
}

static json_t *
member_json(const struct store_user *m, int full)
{
    json_t *o = json_pack("{s:I,s:s?,s:s?,s:s?,s:s,s:b}", "id", (json_int_t)m->id, "member_no",
                          m->member_no, "first_name", m->first_name, "last_name", m->last_name,
                          "visibility", store_vis_name(m->visibility), "active", !m->disabled);

    if (full) { /* contact details: for the section's officers and above only */
        json_t *roles = json_array();
        for (size_t i = 0; i < m->n_roles; i++)
            json_array_append_new(roles, json_string(store_role_name(m->roles[i].kind)));
        json_object_set_new(o, "email", json_string(m->email));
        json_object_set_new(o, "phone", m->phone ? json_string(m->phone) : json_null());
        json_object_set_new(o, "roles", roles);
    }
    return o;
}

/* GET /api/sections/{code}/members?q=: the members the user may see, each read audited. */
static int
section_members(struct http_req *rq, struct http_auth *a, const struct store_section *s,
                struct cm_err *err)
{
    struct access_object officer_probe = {-1, s->code, s->federation, STORE_VIS_OFFICERS};
    int full = http_access_check(&a->user, ACCESS_MEMBER_READ, &officer_probe) == CM_OK;
    struct store_user *m = NULL;
    size_t n = 0;
    json_t *arr = json_array();
    int rc;

    if ((rc = store_user_list(a->st, s->id, http_arg(rq, "q"), &m, &n, err)) != CM_OK
        || (rc = store_begin(a->st, err)) != CM_OK)
        goto out;
    for (size_t i = 0; i < n && rc == CM_OK; i++) {
        struct access_object o = http_access_member(&m[i]);
        if (http_access_check(&a->user, ACCESS_MEMBER_READ, &o) != CM_OK)
            continue;
        json_array_append_new(arr, member_json(&m[i], full || m[i].id == a->user.id));
        if (m[i].id != a->user.id)
            rc = http_auth_audit(a, &m[i], "member_list", err);
    }
    if (rc == CM_OK && (rc = store_commit(a->st, err)) == CM_OK) {
        cm_log(CM_LOG_INFO, "members", "user %lld listed section %lld: %zu shown",
               (long long)a->user.id, (long long)s->id, json_array_size(arr));
        rc = http_send_json(rq, MHD_HTTP_OK,
                            json_pack("{s:o,s:O}", "section", api_members_section_json(a->st, s->id),
                                      "members", arr));
    }
out:
    json_decref(arr);
    store_user_list_free(m, n);
    return rc;
}

/* GET /api/sections/{code} and /api/sections/{code}/members */
int
api_members_section_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    char code[40];
    const char *tail = "";
    int rc, members;

    if ((rc = split_rest(rest, code, sizeof code, &tail, err)) != CM_OK)
        return rc;
    members = strcmp(tail, "members") == 0;
    if (!members && tail[0])
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = section_for(&a, code, members ? ACCESS_SECTION_MEMBERS : ACCESS_SECTION_READ, &s,
                             err)) != CM_OK)
        goto out;
    rc = members ? section_members(rq, &a, &s, err)
                 : http_send_json(rq, MHD_HTTP_OK, api_members_section_json(a.st, s.id));
out:
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

/* The territory items of a JSON array as canonical codes appended to kinds/codes. */
static int
territory_items(json_t *arr, const char *kind, const char **kinds, char (*codes)[16], size_t *n,
                size_t max, struct cm_err *err)
{
    size_t i;
    json_t *v;
    int rc;

    if (arr == NULL)
        return CM_OK;
    if (!json_is_array(arr))
        return cm_err_set(err, CM_EINPUT, "%s: an array of codes is expected", kind);
    json_array_foreach(arr, i, v) {
        const char *raw = json_string_value(v);
        if (raw == NULL || *n >= max)
            return cm_err_set(err, CM_EINPUT, "%s: codes are strings, at most %zu", kind, max);
        rc = kind[0] == 'c' ? import_code_commune(NULL, raw, codes[*n], err)
                            : import_code_bureau(NULL, raw, codes[*n], err);
        if (rc != CM_OK)
            return rc;
        kinds[(*n)++] = kind;
    }
    return CM_OK;
}

#define API_TERRITORY_MAX 2000

/* POST /api/sections/{code}/territory {"communes": [...], "bureaux": [...]}: replaces it. */
int
api_members_section_post(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    struct store_section s = {0};
    json_t *body = NULL;
    const char **kinds = cm_xcalloc(API_TERRITORY_MAX, sizeof *kinds), **ptrs = NULL;
    char(*codes)[16] = cm_xcalloc(API_TERRITORY_MAX, sizeof *codes), code[40];
    const char *tail = "";
    size_t n = 0;
    int rc;

    if ((rc = split_rest(rest, code, sizeof code, &tail, err)) != CM_OK)
        goto out;
    if (strcmp(tail, "territory") != 0) {
        rc = cm_err_set(err, CM_ENOTFOUND, "no such page");
        goto out;
    }
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = section_for(&a, code, ACCESS_SECTION_EDIT, &s, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK
        || (rc = territory_items(json_object_get(body, "communes"), "commune", kinds, codes, &n,
                                 API_TERRITORY_MAX, err)) != CM_OK
        || (rc = territory_items(json_object_get(body, "bureaux"), "bureau", kinds, codes, &n,
                                 API_TERRITORY_MAX, err)) != CM_OK)
        goto out;
    ptrs = cm_xcalloc(n ? n : 1, sizeof *ptrs);
    for (size_t i = 0; i < n; i++)
        ptrs[i] = codes[i];
    if ((rc = store_begin(a.st, err)) != CM_OK
        || (rc = store_section_set_territory(a.st, s.id, kinds, ptrs, n, err)) != CM_OK
        || (rc = store_commit(a.st, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "members", "user %lld set the territory of section %lld (%zu items)",
           (long long)a.user.id, (long long)s.id, n);
    rc = http_send_json(rq, MHD_HTTP_OK, api_members_section_json(a.st, s.id));
out:
    json_decref(body);
    free(kinds);
    free(codes);
    free(ptrs);
    store_section_cleanup(&s);
    http_auth_close(&a);
    return rc;
}

/* The federation named in the path, checked for action; out of reach == absent. */
static int
federation_for(struct http_auth *a, const char *code, int action, struct cm_err *err)
{
    struct access_object o = {0, NULL, code, 0};
    int rc = store_federation_exists(a->st, code, NULL);

    if (rc < 0)
        return cm_err_set(err, CM_EDB, "federation lookup failed");
    if (rc == 0 || (rc = http_access_check(&a->user, action, &o)) == CM_ENOTFOUND)
        return cm_err_set(err, CM_ENOTFOUND, "no such federation");
    return rc == CM_OK ? CM_OK : cm_err_set(err, rc, "not allowed on this federation");
}

static json_t *
federation_json(struct store *st, const char *code, struct cm_err *err)
{
    struct store_section *a = NULL;
    size_t n = 0;
    json_t *arr;

    if (store_section_list(st, code, &a, &n, err) != CM_OK)
        return NULL;
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:I}", "code", a[i].code, "name",
                                             a[i].name, "communes", a[i].communes, "bureaux",
                                             a[i].bureaux, "members", (json_int_t)a[i].n_members));
    store_section_list_free(a, n);
    return json_pack("{s:s,s:o}", "code", code, "sections", arr);
}

static json_t *
audit_json(struct store *st, const char *code, long limit, struct cm_err *err)
{
    struct store_audit *a = NULL;
    size_t n = 0;
    json_t *arr;

    if (store_audit_list(st, code, limit, &a, &n, err) != CM_OK)
        return NULL;
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I,s:I,s:I,s:I,s:s,s:s}", "id", (json_int_t)a[i].id, "at",
                           (json_int_t)a[i].at, "actor", (json_int_t)a[i].actor_id, "subject",
                           (json_int_t)a[i].subject_id, "action", a[i].action, "via", a[i].via));
    free(a);
    return json_pack("{s:s,s:o}", "federation", code, "audit", arr);
}

/* GET /api/federations/{code} (sections and counts) and /api/federations/{code}/audit?limit= */
int
api_members_federation_get(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    const char *tail = "", *lim = http_arg(rq, "limit");
    long limit = lim ? strtol(lim, NULL, 10) : 200;
    char code[8];
    json_t *o = NULL;
    int rc, audit;

    if ((rc = split_rest(rest, code, sizeof code, &tail, err)) != CM_OK)
        return rc;
    audit = strcmp(tail, "audit") == 0;
    if (!audit && tail[0])
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    if (limit < 1 || limit > API_AUDIT_MAX)
        limit = API_AUDIT_MAX;
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = federation_for(&a, code, audit ? ACCESS_FED_AUDIT : ACCESS_FED_READ, err)) != CM_OK)
        goto out;
    o = audit ? audit_json(a.st, code, limit, err) : federation_json(a.st, code, err);
    rc = o ? http_send_json(rq, MHD_HTTP_OK, o) : CM_EDB;
out:
    http_auth_close(&a);
    return rc;
}

/* POST /api/federations/{code}/sections {"code", "name"}: a new section (federation staff). */
int
api_members_federation_post(struct http_req *rq, const char *rest, struct cm_err *err)
{
    struct http_auth a = {0};
    json_t *body = NULL;
    const char *tail = "", *scode = NULL, *name = NULL;
    char code[8];
    int64_t id = 0;
    int rc;

    if ((rc = split_rest(rest, code, sizeof code, &tail, err)) != CM_OK)
        return rc;
    if (strcmp(tail, "sections") != 0)
        return cm_err_set(err, CM_ENOTFOUND, "no such page");
    if ((rc = http_auth_user(rq, &a, err)) != CM_OK
        || (rc = federation_for(&a, code, ACCESS_FED_EDIT, err)) != CM_OK
        || (rc = http_auth_body(rq, &body, err)) != CM_OK)
        goto out;
    if (json_unpack(body, "{s:s,s:s}", "code", &scode, "name", &name) != 0) {
        rc = cm_err_set(err, CM_EINPUT, "code and name are needed");
        goto out;
    }
    if ((rc = store_begin(a.st, err)) != CM_OK
        || (rc = store_section_add(a.st, scode, name, code, &id, err)) != CM_OK
        || (rc = store_commit(a.st, err)) != CM_OK)
        goto out;
    cm_log(CM_LOG_INFO, "members", "user %lld added section %lld", (long long)a.user.id,
           (long long)id);
    rc = http_send_json(rq, MHD_HTTP_CREATED, api_members_section_json(a.st, id));
out:
    json_decref(body);
    http_auth_close(&a);
    return rc;
}
