#!/usr/bin/env bash
# With neither -c nor SEA_HOME, `sea_launch --mount DIR --persistent DIR -- cmd` runs on the
# embedded default: a file written under the mount is readable through it in the same job,
# is cached (tmpfs under /dev/shm), and is not written to the persistent directory yet.
. "$(dirname "$0")/../lib.sh"
setup_tiers
name=embedded-$(basename "$R")     # unique, to find this job's cache file among others'
mkdir -p "$R/m" "$R/p"

if native; then
    sh -c "echo hi >'$R/m/$name' && cat '$R/m/$name'" >"$R/out" 2>&1
    rc=$?
else
    touch "$R/marker"
    env -u SEA_HOME "$SEA_LAUNCH" --mount "$R/m" --persistent "$R/p" -- \
        sh -c "echo hi >'$R/m/$name' && cat '$R/m/$name'" >"$R/out" 2>"$R/err"
    rc=$?
fi
assert_eq "exit code" 0 "$rc"
assert_eq "cat inside the same job" hi "$(cat "$R/out")"
if real; then
    [ -e "$R/p/$name" ] && fail "the file was written to the persistent directory during the job"
    [ -e "$R/m/$name" ] && fail "the file was written to the real mount directory"
    cached=$(find /dev/shm -maxdepth 6 -path "/dev/shm/seanet-$(id -u)-*" -name "$name" -newer "$R/marker" 2>/dev/null)
    if [ -z "$cached" ]; then
        fail "no cached copy under /dev/shm/seanet-$(id -u)-*/ (stderr: $(head -2 "$R/err"))"
    else
        assert_eq "cached copy" hi "$(cat "$cached")"
        # this job's cache directory: tidy it only when it holds nothing but our file
        cache_root=$(sed -E "s|^(/dev/shm/seanet-$(id -u)-[^/]+)/.*|\1|" <<<"$cached")
        [ "$(find "$cache_root" -type f | wc -l)" = 1 ] && rm -rf "$cache_root"
    fi
fi
finish
