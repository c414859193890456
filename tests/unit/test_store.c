/* test_store.c - store open/migrate/transactions on a temporary file. */
#include "../tap.h"

#include "store.h"
#include "store_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
    char path[] = "/tmp/coopmap-test-store-XXXXXX";
    struct cm_err err = {0};
    struct store *st = NULL;
    struct store_info info;
    int fd = mkstemp(path);

    if (fd < 0)
        return 1;
    close(fd);
    unlink(path);
    ok(store_open(path, STORE_READONLY, &st, &err) == CM_EINPUT, "missing store refused read-only");
    cm_err_clear(&err);
    is_int(store_open(path, 0, &st, &err), CM_OK, "store created");
    is_int(store_schema_version(st), store_schema_latest(), "schema at latest version");
    is_int(store_begin(st, &err), CM_OK, "BEGIN IMMEDIATE");
    is_int(store_commit(st, &err), CM_OK, "COMMIT");
    is_int(store_info_load(st, &info, &err), CM_OK, "info loads");
    is_int(info.n_counts, 10, "ten tables counted");
    is_int(info.counts[1].n, 0, "no bureau yet");
    store_info_cleanup(&info);
    store_close(st);
    st = NULL;
    is_int(store_open(path, STORE_READONLY, &st, &err), CM_OK, "reopen read-only");
    is_int(store_schema_version(st), store_schema_latest(), "version persisted");
    store_close(st);
    is_int(store_open(path, 0, &st, &err), CM_OK, "reopen writable: migration is a no-op");
    store_close(st);
    unlink(path);
    char wal[300];
    snprintf(wal, sizeof wal, "%s-wal", path), unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path), unlink(wal);
    return tap_done();
}
