/* store_auth_session.c - passwords, tokens, sessions, links and login rate limits (store
 * layer; see store_auth_session.h for why it lives here). Never logs an e-mail or a token. */
#include "store_auth_session.h"

#include "cm_log.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const struct store_auth_policy store_auth_policy_default = {
    .idle_s = 2 * 3600,
    .absolute_s = 12 * 3600,
    .touch_s = 300, /* fewer commits: each one makes the server re-check its layers */
    .invite_s = 14 * 86400,
    .reset_s = 3600,
    .window_s = 15 * 60,
    .max_account = 5,
    .max_address = 20,
};

/* A counting semaphore on argon2id: each hash takes 64 MiB, so a burst of logins must queue
 * rather than exhaust memory. */
static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hash_running;

static void
hash_slot_take(void)
{
    pthread_mutex_lock(&hash_mu);
    while (hash_running >= STORE_AUTH_MAX_HASHES)
        pthread_cond_wait(&hash_cv, &hash_mu);
    hash_running++;
    pthread_mutex_unlock(&hash_mu);
}

static void
hash_slot_give(void)
{
    pthread_mutex_lock(&hash_mu);
    hash_running--;
    pthread_cond_signal(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

int
store_auth_init(struct cm_err *err)
{
    if (sodium_init() < 0)
        return cm_err_set(err, CM_EIO, "libsodium initialisation failed");
    return CM_OK;
}

int
store_auth_password_hash(const char *pw, char *out, struct cm_err *err)
{
    size_t n = strlen(pw);
    int r;

    if (n < STORE_AUTH_PW_MIN || n > STORE_AUTH_PW_MAX)
        return cm_err_set(err, CM_EINPUT, "a password needs %d to %d characters",
                          STORE_AUTH_PW_MIN, STORE_AUTH_PW_MAX);
    hash_slot_take();
    r = crypto_pwhash_str(out, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE);
    hash_slot_give();
    if (r != 0)
        return cm_err_set(err, CM_ENOMEM, "password hashing ran out of memory");
    return CM_OK;
}

int
store_auth_password_verify(const char *hash, const char *pw)
{
    int r;

    if (hash == NULL || pw == NULL || strlen(pw) > STORE_AUTH_PW_MAX)
        return 0;
    hash_slot_take();
    r = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    hash_slot_give();
    return r == 0;
}

static void
token_digest(const char *token, uint8_t *hash)
{
    crypto_generichash(hash, STORE_AUTH_HASH_LEN, (const unsigned char *)token, strlen(token),
                       NULL, 0);
}

void
store_auth_token_new(char *token, uint8_t *hash)
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, STORE_AUTH_TOKEN_BUF, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    token_digest(token, hash);
}

int
store_auth_token_hash(const char *token, uint8_t *hash, struct cm_err *err)
{
    size_t n = token ? strlen(token) : 0;

    if (n != 43)
        return cm_err_set(err, CM_EAUTH, "malformed token");
    for (size_t i = 0; i < n; i++) {
        char c = token[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_'))
            return cm_err_set(err, CM_EAUTH, "malformed token");
    }
    token_digest(token, hash);
    return CM_OK;
}

/* Rate-limit key: a keyed-free hash of "kind:value" (e-mail lower-cased), so the table holds
 * neither addresses nor e-mails. */
static void
limit_key(const char *kind, const char *value, uint8_t *key)
{
    crypto_generichash_state h;
    char c;

    crypto_generichash_init(&h, NULL, 0, STORE_AUTH_HASH_LEN);
    crypto_generichash_update(&h, (const unsigned char *)kind, strlen(kind) + 1);
    for (const char *p = value ? value : ""; *p; p++) {
        c = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        crypto_generichash_update(&h, (const unsigned char *)&c, 1);
    }
    crypto_generichash_final(&h, key, STORE_AUTH_HASH_LEN);
}

/* A valid hash to verify against when the account does not exist, so that timing does not
 * tell which e-mails have accounts. */
static char dummy_hash[STORE_AUTH_PWHASH_BUF];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
    if (store_auth_password_hash("not-a-password-of-anyone", dummy_hash, NULL) != CM_OK)
        dummy_hash[0] = '\0';
}

int
store_auth_session_open(struct store *st, int64_t user_id, int64_t now,
                        const struct store_auth_policy *pol, char *token, struct cm_err *err)
{
    uint8_t hash[STORE_AUTH_HASH_LEN];
    int rc;

    store_auth_token_new(token, hash);
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_session_add(st, hash, user_id, now, now + pol->absolute_s, err)) != CM_OK) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

/* Is the login refused by the rate limits? 1 yes, 0 no, negative on error. */
static int
login_limited(struct store *st, const uint8_t *kacct, const uint8_t *kaddr, int64_t now,
              const struct store_auth_policy *pol, struct cm_err *err)
{
    int64_t na = 0, nd = 0;
    int rc;

    if ((rc = store_login_fail_count(st, kacct, now - pol->window_s, &na, err)) != CM_OK
        || (rc = store_login_fail_count(st, kaddr, now - pol->window_s, &nd, err)) != CM_OK)
        return rc;
    return na >= pol->max_account || nd >= pol->max_address;
}

static int
login_record(struct store *st, int ok, const uint8_t *kacct, const uint8_t *kaddr, int64_t now,
             const struct store_auth_policy *pol, struct cm_err *err)
{
    int rc;

    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if (ok)
        rc = store_login_fail_clear(st, kacct, now - pol->window_s, err);
    else if ((rc = store_login_fail_add(st, kacct, now, err)) == CM_OK)
        rc = store_login_fail_add(st, kaddr, now, err);
    if (rc != CM_OK) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

int
store_auth_login(struct store *st, const char *email, const char *pw, const char *addr,
                 int64_t now, const struct store_auth_policy *pol, int64_t *user_id_out,
                 char *token, int *limited_out, struct cm_err *err)
{
    uint8_t kacct[STORE_AUTH_HASH_LEN], kaddr[STORE_AUTH_HASH_LEN];
    struct store_user u = {0};
    char *hash = NULL;
    int rc, ok;

    *limited_out = 0;
    limit_key("account", email, kacct);
    limit_key("address", addr, kaddr);
    if ((rc = login_limited(st, kacct, kaddr, now, pol, err)) != 0) {
        *limited_out = rc > 0;
        if (rc > 0)
            rc = cm_err_set(err, CM_EAUTH, "too many failed logins: try again later");
        goto out;
    }
    if (email && store_user_get(st, 0, email, &u, NULL) == CM_OK && u.disabled == NULL
        && (rc = store_user_password(st, u.id, &hash, err)) != CM_OK)
        goto out;
    if (hash == NULL)
        pthread_once(&dummy_once, dummy_init);
    ok = store_auth_password_verify(hash ? hash : dummy_hash, pw ? pw : "") && hash != NULL;
    if ((rc = login_record(st, ok, kacct, kaddr, now, pol, err)) != CM_OK)
        goto out;
    if (!ok) {
        cm_log(CM_LOG_INFO, "auth", "login refused%s", u.id ? " (known account)" : "");
        rc = cm_err_set(err, CM_EAUTH, "wrong e-mail or password");
        goto out;
    }
    if ((rc = store_auth_session_open(st, u.id, now, pol, token, err)) != CM_OK)
        goto out;
    *user_id_out = u.id;
    cm_log(CM_LOG_INFO, "auth", "login user %lld", (long long)u.id);
out:
    free(hash);
    store_user_cleanup(&u);
    return rc;
}

int
store_auth_session_check(struct store *st, const char *token, int64_t now,
                         const struct store_auth_policy *pol, int64_t *user_id_out,
                         struct cm_err *err)
{
    uint8_t hash[STORE_AUTH_HASH_LEN];
    struct store_session s;
    int rc, expired;

    if (store_auth_token_hash(token, hash, err) != CM_OK)
        return CM_EAUTH;
    if ((rc = store_session_get(st, hash, &s, NULL)) == CM_ENOTFOUND)
        return cm_err_set(err, CM_EAUTH, "not logged in");
    if (rc != CM_OK)
        return cm_err_set(err, rc, "session lookup failed");
    expired = now >= s.expires_at || now - s.last_seen >= pol->idle_s;
    if (!expired && now - s.last_seen < pol->touch_s) {
        *user_id_out = s.user_id;
        return CM_OK;
    }
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    rc = expired ? store_session_delete(st, s.id, err) : store_session_touch(st, s.id, now, err);
    if (rc != CM_OK) {
        store_rollback(st);
        return rc;
    }
    if ((rc = store_commit(st, err)) != CM_OK)
        return rc;
    if (expired)
        return cm_err_set(err, CM_EAUTH, "session expired: log in again");
    *user_id_out = s.user_id;
    return CM_OK;
}

int
store_auth_session_close(struct store *st, const char *token, struct cm_err *err)
{
    uint8_t hash[STORE_AUTH_HASH_LEN];
    struct store_session s;
    int rc;

    if (store_auth_token_hash(token, hash, NULL) != CM_OK
        || store_session_get(st, hash, &s, NULL) != CM_OK)
        return CM_OK;
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_session_delete(st, s.id, err)) != CM_OK) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

int
store_auth_link_new(struct store *st, int64_t user_id, const char *kind, int64_t now,
                    const struct store_auth_policy *pol, char *token, struct cm_err *err)
{
    uint8_t hash[STORE_AUTH_HASH_LEN];
    int64_t life = strcmp(kind, "invite") == 0 ? pol->invite_s : pol->reset_s;
    int rc;

    store_auth_token_new(token, hash);
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_token_add(st, hash, user_id, kind, now, now + life, err)) != CM_OK) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

int
store_auth_link_use(struct store *st, const char *token, const char *new_pw, int64_t now,
                    int64_t *user_id_out, struct cm_err *err)
{
    uint8_t hash[STORE_AUTH_HASH_LEN];
    char pwhash[STORE_AUTH_PWHASH_BUF];
    struct store_user u = {0};
    int64_t uid = 0;
    int rc;

    if ((rc = store_auth_token_hash(token, hash, err)) != CM_OK)
        return rc;
    if ((rc = store_auth_password_hash(new_pw, pwhash, err)) != CM_OK)
        return rc;
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    if ((rc = store_token_consume(st, hash, now, &uid, NULL)) == CM_ENOTFOUND
        || (rc == CM_OK && store_user_get(st, uid, NULL, &u, NULL) == CM_OK && u.disabled)) {
        rc = cm_err_set(err, CM_EAUTH, "the link is unknown, used or expired");
        goto out;
    }
    if (rc != CM_OK || (rc = store_user_set_password(st, uid, pwhash, err)) != CM_OK
        || (rc = store_session_delete_user(st, uid, err)) != CM_OK) {
        rc = cm_err_set(err, rc ? rc : CM_EDB, "link: store failure");
        goto out;
    }
    store_user_cleanup(&u);
    *user_id_out = uid;
    return store_commit(st, err);
out:
    store_user_cleanup(&u);
    store_rollback(st);
    return rc;
}
