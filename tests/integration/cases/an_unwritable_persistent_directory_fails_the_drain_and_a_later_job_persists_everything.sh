#!/usr/bin/env bash
# The persistent directory's out/ made immutable (chattr +i: root ignores mode bits) while the
# job runs: sea_launch exits 75, lists each file of out/ as NOT persisted, and the cached
# copies stay intact in tier 0. Once writable again, a second sea_launch with the same sea.ini
# and a no-op command flushes them all and exits 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 drain_retries=1
write_list flush 'out/.*'

mkdir -p "$R/src" "$P/out"
for i in 1 2 3 4 5; do head -c $((i * 30000)) /dev/urandom >"$R/src/f$i"; done
expected=$(cd "$R/src" && for f in f*; do echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done)

if real; then
    IT_ON_CLEANUP='chattr -i "$P/out" 2>/dev/null'
fi
# the job itself (its daemon running) locks the persistent out/, then writes
launch_sh '[ -z "$3" ] || chattr +i "$3" || exit 8; mkdir -p "$1/out" && for i in 1 2 3 4 5; do cat "$2/f$i" >"$1/out/f$i" || exit 9; done' "$M" "$R/src" "$(real && echo "$P/out")" 2>"$R/err"
rc=$?
if real; then
    assert_eq "sea_launch exit code (something not persisted)" 75 "$rc"
    for i in 1 2 3 4 5; do
        grep -q "^sea_launch: NOT persisted, left in cache: $M/out/f$i: " "$R/err" ||
            fail "out/f$i not listed as NOT persisted"
    done
    assert_eq "drain: failed" 5 "$(drain_count "$R/err" failed)"
    assert_same "out/ in tier 0" "$expected" "$(treesum "$T0/out")"
    assert_eq "files in the persistent out/" "" "$(ls -A "$P/out")"
    chattr -i "$P/out"
    launch true 2>"$R/err2"
    rc=$?
    assert_eq "second sea_launch exit code" 0 "$rc"
    assert_same "out/ on the persistent directory after the second job" "$expected" "$(treesum "$P/out")"
    assert_eq "second drain: failed" 0 "$(drain_count "$R/err2" failed)"
    assert_no_flush_temps
else
    assert_eq "exit code" 0 "$rc"
fi
assert_same "out/ seen through the mount by a new job" "$expected" "$(mount_view out)"
finish
