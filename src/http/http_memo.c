/* http_memo.c - a bounded memory cache of ready responses for immutable URLs (tiles), so that
 * a hot tile costs no file system call (stage http). Direct-mapped: a new entry replaces the one
 * in its slot; above the byte budget, responses are served but not kept. */
#include "http_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 16384u
#define MEMO_STRIPES 64u
#define MEMO_BYTES ((size_t)256 << 20)

/* MHD responses are reference counted and may be queued on many connections at once, so a
 * ready response (headers included) is kept and queued again: no file system call at all. */
struct memo_slot {
    char key[128];
    struct MHD_Response *resp; /* owned reference */
    size_t len;
};

struct http_memo {
    pthread_mutex_t mu[MEMO_STRIPES];
    struct memo_slot slot[MEMO_SLOTS];
    pthread_mutex_t bytes_mu; /* guards bytes */
    size_t bytes;
};

struct http_memo *
http_memo_new(void)
{
    struct http_memo *m = cm_xcalloc(1, sizeof *m);

    for (unsigned i = 0; i < MEMO_STRIPES; i++)
        pthread_mutex_init(&m->mu[i], NULL);
    pthread_mutex_init(&m->bytes_mu, NULL);
    return m;
}

void
http_memo_free(struct http_memo *m)
{
    if (m == NULL)
        return;
    for (unsigned i = 0; i < MEMO_SLOTS; i++) {
        if (m->slot[i].resp)
            MHD_destroy_response(m->slot[i].resp);
    }
    for (unsigned i = 0; i < MEMO_STRIPES; i++)
        pthread_mutex_destroy(&m->mu[i]);
    pthread_mutex_destroy(&m->bytes_mu);
    free(m);
}

static unsigned
memo_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % MEMO_SLOTS;
}

/* Queue the kept response for key; 1 if there was one. */
int
http_memo_serve(struct http_req *rq, struct http_memo *m, const char *key)
{
    unsigned i = memo_hash(key);
    struct memo_slot *s = &m->slot[i];
    int hit = 0;

    pthread_mutex_lock(&m->mu[i % MEMO_STRIPES]);
    if (s->resp && strcmp(s->key, key) == 0) {
        hit = 1;
        http_queue_shared(rq, MHD_HTTP_OK, s->resp, s->len); /* MHD takes its own reference */
    }
    pthread_mutex_unlock(&m->mu[i % MEMO_STRIPES]);
    return hit;
}

/* Keep resp, taking over the caller's reference; 0 (caller keeps it) when the byte budget is
 * spent. */
int
http_memo_keep(struct http_memo *m, const char *key, struct MHD_Response *resp, size_t len)
{
    unsigned i = memo_hash(key);
    struct memo_slot *s = &m->slot[i];
    struct MHD_Response *old = NULL;
    size_t old_len = 0;
    int kept = 0;

    pthread_mutex_lock(&m->mu[i % MEMO_STRIPES]);
    pthread_mutex_lock(&m->bytes_mu);
    if (m->bytes - (s->resp ? s->len : 0) + len <= MEMO_BYTES) {
        old = s->resp;
        old_len = old ? s->len : 0;
        m->bytes = m->bytes - old_len + len;
        snprintf(s->key, sizeof s->key, "%s", key);
        s->resp = resp;
        s->len = len;
        kept = 1;
    }
    pthread_mutex_unlock(&m->bytes_mu);
    pthread_mutex_unlock(&m->mu[i % MEMO_STRIPES]);
    if (old)
        MHD_destroy_response(old); /* connections sending it hold their own reference */
    return kept;
}
