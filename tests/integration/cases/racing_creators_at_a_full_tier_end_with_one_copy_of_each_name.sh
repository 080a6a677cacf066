#!/usr/bin/env bash
# 8 threads race to create the same 300 names (open O_CREAT, and mkdir) while tier 0 sits at
# its capacity, so their placements can differ. Like on a local file system, each name ends
# up as one file (no copy on two tiers hiding another thread's write) and exactly one mkdir
# of each directory name succeeds.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini cache_0_capacity=3M max_fs=1M

cat >"$R/race.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
enum { THREADS = 8, NAMES = 300 };
static const char *top;
static pthread_barrier_t go;
static int mkdir_wins[NAMES];
static void *worker(void *arg) {
    int t = (int)(long)arg;
    char p[4096];
    for (int i = 0; i < NAMES; i++) {
        pthread_barrier_wait(&go);
        snprintf(p, sizeof p, "%s/f%03d", top, i);
        int fd = open(p, O_CREAT | O_WRONLY | O_APPEND, 0644);
        if (fd >= 0) { char c = (char)('a' + t); (void)!write(fd, &c, 1); close(fd); }
        snprintf(p, sizeof p, "%s/d%03d", top, i);
        if (mkdir(p, 0755) == 0) __atomic_add_fetch(&mkdir_wins[i], 1, __ATOMIC_RELAXED);
    }
    return NULL;
}
int main(int argc, char **argv) {
    (void)argc;
    top = argv[1];
    mkdir(top, 0755);
    /* fill tier 0 to its capacity boundary: two files held open for writing leave room for one more */
    char p[4096];
    for (int i = 0; i < 2; i++) { snprintf(p, sizeof p, "%s/hold%d", top, i); open(p, O_CREAT | O_WRONLY, 0644); }
    pthread_barrier_init(&go, NULL, THREADS);
    pthread_t th[THREADS];
    for (long t = 0; t < THREADS; t++) pthread_create(&th[t], NULL, worker, (void *)t);
    for (int t = 0; t < THREADS; t++) pthread_join(th[t], NULL);
    int bad = 0;
    for (int i = 0; i < NAMES; i++) if (mkdir_wins[i] != 1) bad++;
    printf("%d\n", bad);
    return 0;
}
C
gcc -O1 -pthread -o "$R/race" "$R/race.c" || die "gcc failed"
launch "$R/race" "$M/race" >"$R/out" 2>"$R/err" || fail "the race program failed: $(head -3 "$R/err")"
assert_eq "directory names whose mkdir did not succeed exactly once" 0 "$(cat "$R/out")"
if real; then
    dups=$(for i in $(seq -w 0 299); do
        n=0
        for t in "$T0" "$T1" "$P"; do [ -e "$t/race/f$(printf %03d $((10#$i)))" ] && n=$((n + 1)); done
        [ "$n" -gt 1 ] && echo "f$i"
    done | head -5 | tr '\n' ' ')
    [ -z "$dups" ] || fail "names stored on two tiers (one hides the other's writes): $dups"
fi
total=$(cat "$M"/race/f* 2>/dev/null | wc -c)
real && total=$(launch sh -c 'cat "$1"/race/f* | wc -c' sh "$M")
assert_eq "bytes written by 8 threads into 300 shared files" 2400 "$((total))"
finish
