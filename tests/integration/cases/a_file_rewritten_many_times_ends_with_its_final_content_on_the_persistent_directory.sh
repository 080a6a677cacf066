#!/usr/bin/env bash
# flush_delay 0: a file rewritten 50 times with short pauses (so flushes of earlier versions
# run while it changes) and then once more ends, after the job, with the final content on the
# persistent directory and in tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=0 flush_workers=2
write_list flush 'log/.*'

launch_sh '
    set -e
    mkdir "$1/log"
    for i in $(seq 1 50); do
        seq 1 $((i * 997 % 20000 + 1000)) | sed "s/^/version $i line /" >"$1/log/state.txt"
        sleep 0.02
    done
    [ -x "$2" ] && "$2" status --json >"$3/status.json" || true
    seq 1 4321 | sed "s/^/final line /" >"$1/log/state.txt"
' "$M" "$REPO/bin/sea" "$R" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
final=$(seq 1 4321 | sed "s/^/final line /" | sha256sum | cut -d' ' -f1)
assert_same "log/ seen through the mount by a new job" "f state.txt $final" "$(mount_view log)"
if real; then
    assert_where log/state.txt "t0 persist"
    assert_eq "persistent copy" "$final" "$(sha256sum <"$P/log/state.txt" | cut -d' ' -f1)"
    assert_eq "cached copy" "$final" "$(sha256sum <"$T0/log/state.txt" | cut -d' ' -f1)"
    n=$(json_get "$R/status.json" "s['flush']['files_flushed']")
    note "flushes done during the 50 rewrites: $n"
    [ "$n" -ge 1 ] 2>/dev/null || fail "no flush ran during the rewrites (flush_delay 0), files_flushed=$n: the case tests nothing"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    assert_no_flush_temps
fi
finish
