#!/usr/bin/env bash
# SeaNet stacks with another LD_PRELOAD library, in either order. A Darshan-like tracer
# (tools/tracer.c: open, openat, stat, fopen and write by dlsym(RTLD_NEXT), counted into a log)
# is loaded after the shim (the user's LD_PRELOAD, which sea_launch keeps behind the shim) and
# before it (prepended inside the job). A workload creates files with fopen, open and openat
# on a directory fd, stats one, and copies a file seeded on tier 1: every file lands on tier 0
# with the right content, and the tracer saw the calls: virtual paths when it is first, the
# tier paths where the I/O really happens when it is behind the shim.
. "$(dirname "$0")/../lib.sh"
setup_tiers

cat >"$R/workload.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv) {
    const char *d = argv[1], *seeded = argv[2];
    char p[4096], buf[256] = {0};
    int ok = argc == 3 && mkdir(d, 0755) == 0;
    snprintf(p, sizeof p, "%s/by_fopen", d);
    FILE *f = fopen(p, "w");
    ok &= f && fputs("written by fopen\n", f) >= 0 && fclose(f) == 0;
    struct stat st;
    ok &= stat(p, &st) == 0 && st.st_size == 17;
    snprintf(p, sizeof p, "%s/by_open", d);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ok &= fd >= 0 && write(fd, "written by open\n", 16) == 16 && close(fd) == 0;
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    fd = openat(dfd, "by_openat", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ok &= fd >= 0 && write(fd, "written by openat\n", 18) == 18 && close(fd) == 0;
    close(dfd);
    f = fopen(seeded, "r");
    ok &= f && fgets(buf, sizeof buf, f) != NULL;
    if (f) fclose(f);
    snprintf(p, sizeof p, "%s/copy", d);
    fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ok &= fd >= 0 && write(fd, buf, strlen(buf)) == (ssize_t)strlen(buf) && close(fd) == 0;
    printf("%d %s\n", (int)getpid(), ok ? "ok" : "failed");
    return !ok;
}
C
gcc -O1 -o "$R/workload" "$R/workload.c" || die "could not build the workload"
gcc -O1 -shared -fPIC -o "$R/tracer.so" "$IT_TOOLS/tracer.c" -ldl || die "could not build the tracer"
seed t1 in/seeded 'seeded on tier 1
'

# after: the user's own LD_PRELOAD, which sea_launch keeps behind the shim
TRACER_LOG=$R/trace.after LD_PRELOAD=$R/tracer.so launch "$R/workload" "$M/after" "$M/in/seeded" >"$R/out.after" 2>"$R/err.after" ||
    fail "workload with the tracer after the shim exited $?: $(head -3 "$R/err.after")"
# before: prepended inside the job, ahead of the shim
TRACER_LOG=$R/trace.before launch sh -c 'LD_PRELOAD="$1${LD_PRELOAD:+:$LD_PRELOAD}" exec "$2" "$3" "$4"' sh \
    "$R/tracer.so" "$R/workload" "$M/before" "$M/in/seeded" >"$R/out.before" 2>"$R/err.before" ||
    fail "workload with the tracer before the shim exited $?: $(head -3 "$R/err.before")"

mkdir -p "$R/expect"
printf 'written by fopen\n' >"$R/expect/by_fopen"
printf 'written by open\n' >"$R/expect/by_open"
printf 'written by openat\n' >"$R/expect/by_openat"
printf 'seeded on tier 1\n' >"$R/expect/copy"
expected=$(treesum "$R/expect")

for order in after before; do
    read -r pid verdict <"$R/out.$order"
    assert_eq "workload ($order) checked its own files" ok "${verdict:-}"
    assert_same "files as stored on the tiers ($order)" "$expected" "$(tier_view "$order")"
    assert_same "files seen through the mount ($order)" "$expected" "$(mount_view "$order")"
    for f in by_fopen by_open by_openat copy; do assert_file_on_tier "$order/$f" t0; done
    log=$R/trace.$order
    [ -s "$log" ] || { fail "the tracer ($order) wrote no log"; continue; }
    count() { awk -v p="$pid" -v n="$1" '$1 == p && $2 == n {print $3}' "$log"; }
    seen() { awk -v p="$pid" '$1 == p && $2 == "path" {print $3}' "$log" | grep -qxF "$1"; }
    [ "$(count write)" -ge 3 ] 2>/dev/null || fail "tracer ($order) counted $(count write) write calls, expected >= 3"
    if native || [ "$order" = before ]; then
        # first in line: it sees the program's own calls, with the paths it asked for
        for n in open openat stat fopen; do
            [ "$(count $n)" -ge 1 ] 2>/dev/null || fail "tracer ($order) counted no $n call"
        done
        for p in "$M/$order/by_fopen" "$M/$order/by_open" by_openat "$M/in/seeded"; do
            seen "$p" || fail "tracer ($order) never saw $p"
        done
    else
        # behind the shim: it sees the calls the shim makes, on the real files of the tiers
        for p in "$T0/after/by_fopen" "$T0/after/by_open" "$T0/after/by_openat" "$T0/after/copy" "$T1/in/seeded"; do
            seen "$p" || fail "tracer (after) never saw the tier path $p: $(grep " path " "$log" | grep "^$pid " | head -8 | tr '\n' ' ')"
        done
    fi
done
finish
