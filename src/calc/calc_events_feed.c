/* calc_events_feed.c - secret tokens of personal calendar feeds (calc stage): random 256-bit
 * tokens from libsodium, stored only as a BLAKE2b hash so that a copy of the store does not
 * give anyone's calendar; a new token or a revocation takes effect on the next request. */
#include "calc_events.h"

#include <sodium.h>
#include <string.h>

static void
feed_hash(const char *token, unsigned char hash[32])
{
    crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int
calc_events_feed_new(struct store *st, int64_t user_id, const char *now,
                     char token_out[CALC_FEED_TOKEN_LEN + 1], struct cm_err *err)
{
    unsigned char raw[32], hash[32];

    if (sodium_init() < 0)
        return cm_err_set(err, CM_EIO, "libsodium: initialisation failed");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token_out, CALC_FEED_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    feed_hash(token_out, hash);
    return store_event_feed_set(st, user_id, hash, now, err);
}

int
calc_events_feed_user(struct store *st, const char *token, int64_t *user_out,
                      struct cm_err *err)
{
    unsigned char hash[32];

    if (token == NULL || strlen(token) != CALC_FEED_TOKEN_LEN)
        return cm_err_set(err, CM_ENOTFOUND, "calendar feed: unknown or revoked token");
    if (sodium_init() < 0)
        return cm_err_set(err, CM_EIO, "libsodium: initialisation failed");
    feed_hash(token, hash);
    return store_event_feed_user(st, hash, user_out, err);
}
