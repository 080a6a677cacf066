#!/usr/bin/env bash
# flush_delay 30s: inside the job, after writing 12 files in the flush list and 3 in no list,
# `sea status --json` shows them dirty, waiting and not yet flushed; after `sea flush --wait` it
# shows files_flushed >= 12 with their bytes, 12 fewer dirty files (whether the 3 unlisted ones
# count as dirty is not specified), 12 clean cached, nothing waiting, in flight or failing.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=30s
write_list flush 'st/.*\.out'

if real; then sea=$REPO/bin/sea; else sea=true; fi
launch_sh '
    m=$1 r=$2 sea=$3
    mkdir "$m/st"
    for i in $(seq 1 12); do head -c 10000 /dev/zero >"$m/st/f$i.out"; done
    for i in 1 2 3; do echo keep >"$m/st/k$i.log"; done
    "$sea" status --json >"$r/before.json"
    "$sea" flush --wait && "$sea" status --json >"$r/after.json"
' "$M" "$R" "$sea" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
if real; then
    b() { json_get "$R/before.json" "s['flush']['$1']"; }
    a() { json_get "$R/after.json" "s['flush']['$1']"; }
    bd=$(b dirty) ad=$(a dirty)
    note "dirty before/after the barrier: $bd/$ad"
    [ "$bd" -ge 12 ] 2>/dev/null || fail "before: dirty = '$bd', expected >= 12"
    assert_eq "dirty files the barrier made clean" 12 "$((bd - ad))"
    assert_eq "before: files_flushed" 0 "$(b files_flushed)"
    assert_eq "before: waiting" 12 "$(b waiting)"
    n=$(a files_flushed)
    [ "$n" -ge 12 ] 2>/dev/null || fail "after: files_flushed = '$n', expected >= 12"
    bytes=$(a bytes_flushed)
    [ "$bytes" -ge 120000 ] 2>/dev/null || fail "after: bytes_flushed = '$bytes', expected >= 120000"
    assert_eq "after: in_flight" 0 "$(a in_flight)"
    assert_eq "after: failing" 0 "$(a failing)"
    assert_eq "after: waiting" 0 "$(a waiting)"
    assert_eq "after: draining" False "$(a draining)"
    assert_eq "after: failures" "[]" "$(a failures)"
    assert_eq "after: clean_cached" 12 "$(a clean_cached)"
    assert_eq "files on persist when the status was taken" 12 "$(ls "$P/st" | grep -c '\.out$')"
fi
finish
