#!/usr/bin/env bash
# A C program (compiled here with gcc) whose 8 pthreads create, write, close, reopen and
# verify 200 files each through the mount at the same time, with open/write/close, fopen
# and openat on a directory fd: every file ends up intact, on tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers

cat >"$R/writer.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *top;
static int failures;

static size_t fill(char *buf, int t, int i) {
    size_t n = 0, reps = 1 + (size_t)(t * 200 + i) % 50;
    for (size_t r = 0; r < reps; r++) n += (size_t)sprintf(buf + n, "thread %d file %d\n", t, i);
    return n;
}

static void *worker(void *arg) {
    int t = (int)(long)arg;
    char dir[4096], path[4096], buf[8192], back[8192];
    snprintf(dir, sizeof dir, "%s/t%d", top, t);
    if (mkdir(dir, 0755) != 0) { fprintf(stderr, "mkdir %s: %s\n", dir, strerror(errno)); __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST); return NULL; }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    for (int i = 0; i < 200; i++) {
        size_t n = fill(buf, t, i);
        snprintf(path, sizeof path, "%s/f%03d", dir, i);
        int fd;
        switch (i % 3) {
        case 0: fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644); break;
        case 1: fd = creat(path, 0644); break;
        default: { char rel[16]; snprintf(rel, sizeof rel, "f%03d", i); fd = openat(dfd, rel, O_CREAT | O_WRONLY | O_EXCL, 0644); }
        }
        if (fd < 0 || write(fd, buf, n) != (ssize_t)n || close(fd) != 0) {
            fprintf(stderr, "write %s: %s\n", path, strerror(errno));
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        FILE *f = fopen(path, "r");
        size_t got = f ? fread(back, 1, sizeof back, f) : 0;
        if (!f || got != n || memcmp(buf, back, n) != 0) {
            fprintf(stderr, "read back %s: %s\n", path, f ? "content differs" : strerror(errno));
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
        }
        if (f) fclose(f);
    }
    close(dfd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    top = argv[1];
    if (mkdir(top, 0755) != 0) { perror("mkdir top"); return 1; }
    pthread_t th[8];
    for (long t = 0; t < 8; t++) pthread_create(&th[t], NULL, worker, (void *)t);
    for (int t = 0; t < 8; t++) pthread_join(th[t], NULL);
    printf("failures %d\n", failures);
    return failures != 0;
}
C
gcc -O2 -pthread -o "$R/writer" "$R/writer.c" || die "could not compile writer.c"

launch "$R/writer" "$M/ct" >"$R/out" 2>"$R/err" || fail "writer exited $?: $(head -3 "$R/err")"
assert_eq "writer summary" "failures 0" "$(cat "$R/out")"

# the expected tree, written natively by the same program
"$R/writer" "$R/oracle" >/dev/null || die "writer failed natively"
expected=$(treesum "$R/oracle")
assert_same "files as stored on the tiers" "$expected" "$(tier_view ct)"
assert_same "files seen through the mount by a new job" "$expected" "$(mount_view ct)"
real && assert_eq "files on tier 0" 1600 "$(find "$T0/ct" -type f | wc -l)"
finish
