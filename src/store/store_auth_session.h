/* store_auth_session.h - the authentication core (store layer, because the command line needs
 * it as much as the server): argon2id passwords with a cap on concurrent hashes, random
 * 256-bit tokens stored as BLAKE2b hashes, sessions with idle and absolute expiry, one-time
 * links, login rate limits. The clock is a parameter (now, Unix seconds) so tests inject it.
 * The functions below that write open and close their own transaction; password hashing
 * runs outside it, so the write lock is never held for ~0.1 s. */
#ifndef STORE_AUTH_SESSION_H
#define STORE_AUTH_SESSION_H

#include "store_auth.h"

#define STORE_AUTH_TOKEN_BUF 48   /* 43 base64url characters of 32 random bytes + NUL */
#define STORE_AUTH_PWHASH_BUF 128 /* crypto_pwhash_STRBYTES */
#define STORE_AUTH_MAX_HASHES 2   /* concurrent argon2id computations (64 MiB each) */
#define STORE_AUTH_PW_MIN 10      /* characters */
#define STORE_AUTH_PW_MAX 256

struct store_auth_policy {
    int64_t idle_s;       /* a session unused this long ends */
    int64_t absolute_s;   /* a session ends this long after login, used or not */
    int64_t touch_s;      /* last_seen is rewritten at most this often */
    int64_t invite_s;     /* lifetime of an invitation link */
    int64_t reset_s;      /* lifetime of a password reset link */
    int64_t window_s;     /* failed logins counted over this window */
    int64_t max_account;  /* failures per account within the window before refusing */
    int64_t max_address;  /* failures per client address within the window */
};

/* The defaults: idle 2 h (last use recorded to 5 min), absolute 12 h, invitations 14 days, resets 1 h, 5 failures per
 * account and 20 per address in 15 minutes. */
extern const struct store_auth_policy store_auth_policy_default;

/* Initialise libsodium; call once before the others (idempotent). CM_EIO on failure. */
int store_auth_init(struct cm_err *err);
/* argon2id (interactive limits) of pw into out (STORE_AUTH_PWHASH_BUF bytes); waits while
 * STORE_AUTH_MAX_HASHES others run. CM_EINPUT for a password too short or too long. */
int store_auth_password_hash(const char *pw, char *out, struct cm_err *err);
/* 1 when pw matches the stored argon2id string, 0 otherwise (also capped). */
int store_auth_password_verify(const char *hash, const char *pw);
/* A new random token (text, STORE_AUTH_TOKEN_BUF bytes) and its hash. */
void store_auth_token_new(char *token, uint8_t *hash);
/* Hash of a token given by a client; CM_EAUTH when it is not shaped like ours. */
int store_auth_token_hash(const char *token, uint8_t *hash, struct cm_err *err);

/* Log in: checks the rate limits, then the password, records the failure or opens a session.
 * addr is the client address (only its hash is stored). On success *user_id_out and token
 * (STORE_AUTH_TOKEN_BUF) are set. CM_EAUTH on any failure (one message, so that accounts
 * cannot be probed); *limited_out is 1 when refused by the rate limit. */
int store_auth_login(struct store *st, const char *email, const char *pw, const char *addr,
                     int64_t now, const struct store_auth_policy *pol, int64_t *user_id_out,
                     char *token, int *limited_out, struct cm_err *err);
/* Open a session for a user (no password check: login and link use). */
int store_auth_session_open(struct store *st, int64_t user_id, int64_t now,
                            const struct store_auth_policy *pol, char *token,
                            struct cm_err *err);
/* The user of a live session; refreshes last_seen. CM_EAUTH when the token is unknown,
 * expired (the session is then deleted) or its user disabled. */
int store_auth_session_check(struct store *st, const char *token, int64_t now,
                             const struct store_auth_policy *pol, int64_t *user_id_out,
                             struct cm_err *err);
/* End the session of a token (unknown tokens are ignored). */
int store_auth_session_close(struct store *st, const char *token, struct cm_err *err);
/* Issue a one-time link token for a user: kind "invite" or "reset"; voids older ones. */
int store_auth_link_new(struct store *st, int64_t user_id, const char *kind, int64_t now,
                        const struct store_auth_policy *pol, char *token, struct cm_err *err);
/* Use a link: sets the password, ends the user's other sessions. *user_id_out is the user.
 * CM_EAUTH when the link is unknown, used or expired; CM_EINPUT for a bad password. */
int store_auth_link_use(struct store *st, const char *token, const char *new_pw, int64_t now,
                        int64_t *user_id_out, struct cm_err *err);

#endif
