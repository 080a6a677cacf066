#!/usr/bin/env bash
# .sea_flushlist `out/.*\.(txt|sh)`: `cp -p` puts files of mode 0640 and 0755 with a set
# mtime (ns) into the mount; after the job each is on the persistent directory with the same
# content, mode and mtime, and its cached copy is still in tier 0; out/skip.dat matches no
# list: it stays only in tier 0 and the drain lists it as not in the flush list. The exit code
# is the command's.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4
write_list flush 'out/.*\.(txt|sh)'

mkdir -p "$R/src"
head -c 70000 /dev/urandom >"$R/src/data.txt"
printf '#!/bin/sh\necho hi\n' >"$R/src/run.sh"
head -c 5000 /dev/urandom >"$R/src/skip.dat"
chmod 0640 "$R/src/data.txt"
chmod 0755 "$R/src/run.sh"
touch -d '2021-03-04 05:06:07.123456789' "$R/src/data.txt"
touch -d '2019-12-31 23:59:58.987654321' "$R/src/run.sh"

launch_sh 'mkdir "$1/out" && cp -p "$2/data.txt" "$2/run.sh" "$2/skip.dat" "$1/out/" && exit 4' \
    "$M" "$R/src" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code (the command's)" 4 "$rc"
assert_same "the tree seen through the mount by a new job" \
    "$(printf 'd out\n'; cd "$R/src" && for f in data.txt run.sh skip.dat; do echo "f out/$f $(sha256sum <"$f" | cut -d' ' -f1)"; done)" \
    "$(mount_view . | grep -v '^d \.$')"
if real; then
    for f in data.txt run.sh; do
        assert_where "out/$f" "t0 persist"
        assert_persisted_as "out/$f" "$(meta "$R/src/$f")"
        assert_eq "cached copy of out/$f" "$(meta "$R/src/$f")" "$(meta "$T0/out/$f")"
    done
    assert_where out/skip.dat t0
    assert_eq "cached out/skip.dat" "$(meta "$R/src/skip.dat")" "$(meta "$T0/out/skip.dat")"
    assert_eq "drain: files persisted" 2 "$(drain_count "$R/err" persisted)"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    assert_eq "drain: not in the flush list" 1 "$(drain_count "$R/err" "not in the flush list")"
    grep -qx "sea_launch: left in cache: $M/out/skip.dat: .*not in the flush list.*" "$R/err" ||
        fail "the drain does not list out/skip.dat as not in the flush list: $(grep '^sea_launch' "$R/err" | tr '\n' '|')"
    assert_no_flush_temps
fi
finish
