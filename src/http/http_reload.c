/* http_reload.c - the layers follow the store while the server runs (stage http): a watcher
 * thread polls PRAGMA data_version on its own connection and, after a commit elsewhere (say
 * `coopmap compute`), loads a new layer set and swaps it in. Requests hold a reference to the
 * set they started with, so a swap never pulls data from under a tile being drawn. */
#include "http_int.h"

#include "cm_log.h"
#include "http_layers.h"
#include "store_http.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RELOAD_POLL_MS 1000

struct http_watch {
    pthread_t thread;
    pthread_mutex_t mu; /* guards stop */
    pthread_cond_t cv;
    int stop;
    struct store *st; /* owned: the watcher's connection */
    int64_t data_version;
    char *fingerprint;       /* owned: store_map_fingerprint of the set being served */
    struct http_server *srv; /* borrowed */
};

struct http_layers *
http_layers_acquire(struct http_server *srv)
{
    struct http_layers *ls;

    pthread_mutex_lock(&srv->layers_mu);
    ls = srv->layers;
    atomic_fetch_add(&ls->refs, 1);
    pthread_mutex_unlock(&srv->layers_mu);
    return ls;
}

static void
watch_check(struct http_watch *w)
{
    struct http_layers *ls = NULL, *old;
    struct cm_err err = {0};
    char *fp = NULL;
    int64_t v;

    if (store_data_version(w->st, &v, &err) != CM_OK || v == w->data_version)
        return;
    w->data_version = v;
    /* sessions, audit rows and login attempts commit too: reload only when the map changed */
    if (store_map_fingerprint(w->st, &fp, &err) != CM_OK || fp == NULL
        || (w->fingerprint && strcmp(fp, w->fingerprint) == 0)) {
        free(fp);
        return;
    }
    free(w->fingerprint);
    w->fingerprint = fp;
    /* only this thread swaps the set, so the current one stays alive while it is read */
    if (http_layers_load(w->st, w->srv->layers, &ls, &err) != CM_OK) {
        cm_log(CM_LOG_WARN, "http", "layers not reloaded: %s", err.msg);
        return;
    }
    pthread_mutex_lock(&w->srv->layers_mu);
    old = w->srv->layers;
    w->srv->layers = ls;
    pthread_mutex_unlock(&w->srv->layers_mu);
    http_layers_release(old); /* freed when its last request completes */
    cm_log(CM_LOG_INFO, "http", "store changed: %zu of %zu layers read again", ls->n_loaded,
           ls->n);
}

static void *
watch_main(void *arg)
{
    struct http_watch *w = arg;
    struct timespec ts;

    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += RELOAD_POLL_MS % 1000 * 1000000L;
        ts.tv_sec += RELOAD_POLL_MS / 1000 + ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
        if (w->stop)
            break;
        pthread_mutex_unlock(&w->mu);
        watch_check(w);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

void
http_watch_wake(struct http_watch *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

int
http_watch_start(struct http_server *srv, struct store *st, struct http_watch **out,
                 struct cm_err *err)
{
    struct http_watch *w = cm_xcalloc(1, sizeof *w);
    int rc;

    *out = NULL;
    w->st = st;
    w->srv = srv;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    /* the version before the first load: a commit racing with it triggers a reload */
    if ((rc = store_data_version(st, &w->data_version, err)) != CM_OK ||
        (rc = store_map_fingerprint(st, &w->fingerprint, err)) != CM_OK ||
        (rc = http_layers_load(st, NULL, &srv->layers, err)) != CM_OK)
        goto fail;
    if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
        rc = cm_err_set(err, CM_EIO, "cannot start the layer watcher thread");
        goto fail;
    }
    *out = w;
    return CM_OK;
fail:
    w->st = NULL; /* the caller still owns st on failure */
    free(w->fingerprint);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
    return rc;
}

void
http_watch_stop(struct http_watch *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    store_close(w->st);
    free(w->fingerprint);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
