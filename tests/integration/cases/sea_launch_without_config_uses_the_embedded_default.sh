#!/usr/bin/env bash
# With neither -c nor SEA_HOME, `sea_launch --mount DIR --persistent DIR -- cmd` runs on the
# embedded default: a file written under the mount is readable through it in the same job and
# cached on tmpfs under /dev/shm; the default flushes everything, so at the end it is on the
# persistent directory, and the job's cache directory is gone.
. "$(dirname "$0")/../lib.sh"
setup_tiers
name=embedded-$(basename "$R")     # unique, to find this job's cache file among others'
mkdir -p "$R/m" "$R/p"

if native; then
    sh -c "echo hi >'$R/m/$name' && cat '$R/m/$name'" >"$R/out" 2>&1
    rc=$?
else
    env -u SEA_HOME "$SEA_LAUNCH" --mount "$R/m" --persistent "$R/p" -- \
        sh -c "echo hi >'$R/m/$name' && cat '$R/m/$name'" >"$R/out" 2>"$R/err"
    rc=$?
fi
assert_eq "exit code" 0 "$rc"
assert_eq "cat inside the same job" hi "$(cat "$R/out")"
if real; then
    assert_eq "persisted copy" hi "$(cat "$R/p/$name" 2>/dev/null)"
    [ -e "$R/m/$name" ] && fail "the file was written to the real mount directory"
    cached=$(find /dev/shm -maxdepth 6 -path "/dev/shm/seanet-$(id -u)-*" -name "$name" 2>/dev/null)
    [ -z "$cached" ] || fail "the job's cache still holds $cached after the drain"
    grep -q '^sea_launch: drained .* 1 file(s) (3 B) persisted, 0 failed' "$R/err" || fail "no drain summary: $(head -3 "$R/err")"
fi
finish
