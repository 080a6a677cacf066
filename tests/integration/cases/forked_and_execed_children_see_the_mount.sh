#!/usr/bin/env bash
# Processes made by fork and exec keep seeing the mount: bash subshells that cd and copy, sh
# -c, a C program whose child execs /bin/cat on a mount path with stdout redirected to a
# mount file, a forked child that writes without exec, and posix_spawn; all results verified.
. "$(dirname "$0")/../lib.sh"
setup_tiers

for i in 0 1 2 3 4 5 6 7 8 9; do
    seed "$([ $((i % 2)) = 0 ] && echo t1 || echo persist)" "fx/sub$i/file" "content $i"
done

cat >"$R/forker.c" <<'C'
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;

static int wait_ok(pid_t pid) {
    int st;
    return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv) {
    const char *m = argv[1];
    char src[4096], dst[4096];
    int ok = 1;
    for (int i = 0; i < 10; i++) {
        /* fork + exec cat, stdout = a mount file opened by the child before exec */
        snprintf(src, sizeof src, "%s/sub%d/file", m, i);
        snprintf(dst, sizeof dst, "%s/sub%d/by_exec", m, i);
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(dst, O_CREAT | O_WRONLY | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0) _exit(3);
            close(fd);
            execl("/bin/cat", "cat", src, (char *)NULL);
            _exit(4);
        }
        ok &= wait_ok(pid);
        /* fork without exec: the child writes through the shim it inherited */
        snprintf(dst, sizeof dst, "%s/sub%d/by_fork", m, i);
        pid = fork();
        if (pid == 0) {
            FILE *f = fopen(dst, "w");
            if (!f) _exit(5);
            fprintf(f, "child of %d wrote %d\n", (int)getppid(), i);
            _exit(fclose(f) == 0 ? 0 : 6);
        }
        ok &= wait_ok(pid);
        /* posix_spawn (vfork/clone path in glibc) of cp */
        snprintf(dst, sizeof dst, "%s/sub%d/by_spawn", m, i);
        char *args[] = {"cp", src, dst, NULL};
        if (posix_spawn(&pid, "/bin/cp", NULL, NULL, args, environ) != 0) ok = 0;
        else ok &= wait_ok(pid);
    }
    printf("%s\n", ok ? "all children ok" : "a child failed");
    return !ok;
}
C
gcc -O2 -o "$R/forker" "$R/forker.c" || die "could not compile forker.c"

launch_sh '
    m=$1/fx r=$2
    set -e
    for i in 0 1 2 3 4 5 6 7 8 9; do
        (cd "$m/sub$i" && cat file >copy)                       # subshell + virtual cwd
        sh -c "cat \"\$1/sub$i/file\" >\"\$1/sub$i/by_sh\"" sh "$m"
        bash -c "cd \"\$1\" && cp sub$i/file sub$i/by_bash_cd" bash "$m"
    done
    "$r/forker" "$m" >"$r/forker.out"
    (cd "$m" && for d in sub*; do (cd "$d" && ls); done) | sort | uniq -c | sed "s/^ *//" >"$r/names"
' "$M" "$R" 2>"$R/err" || fail "fork/exec workload exited $?: $(head -3 "$R/err")"

assert_eq "forker" "all children ok" "$(cat "$R/forker.out" 2>&1)"
assert_same "names in the 10 directories" "$(printf '10 %s\n' by_bash_cd by_exec by_fork by_sh by_spawn copy file)" "$(cat "$R/names" 2>&1)"
expected=$(for i in 0 1 2 3 4 5 6 7 8 9; do
    echo "d sub$i"
    c=$(printf 'content %d' "$i" | sha256sum | cut -d' ' -f1)
    for n in by_bash_cd by_exec by_sh by_spawn copy file; do echo "f sub$i/$n $c"; done
    # the forked child reports the forker's pid: check the text shape below, not the hash
done | sort)
got=$(tier_view fx | grep -v '/by_fork ')
assert_same "copies made by the children, as stored" "$expected" "$got"
assert_same "copies made by the children, seen through the mount" "$expected" "$(mount_view fx | grep -v '/by_fork ')"
for i in 0 5 9; do
    grep -qE "^child of [0-9]+ wrote $i\$" "$(real && echo "$T0" || echo "$M")/fx/sub$i/by_fork" 2>/dev/null ||
        fail "sub$i/by_fork: not on tier 0 or wrong content"
    assert_file_on_tier "fx/sub$i/copy" t0
    assert_file_on_tier "fx/sub$i/by_exec" t0
    assert_file_on_tier "fx/sub$i/by_spawn" t0
done
finish
