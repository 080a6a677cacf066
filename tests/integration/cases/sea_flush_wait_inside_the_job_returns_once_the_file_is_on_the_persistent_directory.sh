#!/usr/bin/env bash
# flush_delay 30s, so only the barrier can flush: inside the job, `sea flush --wait PATH`
# (no --channel: the job's SEANET_CHANNEL) returns 0 once PATH is on the persistent directory
# with its content (checked from inside the job, right after it returns), while a file not
# named stays unflushed until the drain.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=30s
write_list flush 'bar/.*'

if real; then sea=$REPO/bin/sea; else sea=true; fi
launch_sh '
    m=$1 p=$2 r=$3 sea=$4
    mkdir "$m/bar"
    head -c 3000000 /dev/urandom >"$m/bar/ready.bin"
    echo other >"$m/bar/other.txt"
    sha256sum <"$m/bar/ready.bin" | cut -d" " -f1 >"$r/written"
    "$sea" flush --wait "$m/bar/ready.bin"
    echo $? >"$r/flush_rc"
    # what the persistent directory holds the moment the barrier returned
    { sha256sum <"$p/bar/ready.bin" | cut -d" " -f1; } >"$r/persisted" 2>&1
    [ -e "$p/bar/other.txt" ] && echo yes >"$r/other_early" || echo no >"$r/other_early"
' "$M" "$P" "$R" "$sea" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
assert_eq "sea flush --wait exit code" 0 "$(cat "$R/flush_rc" 2>&1)"
if real; then
    assert_eq "ready.bin on persist when the barrier returned" "$(cat "$R/written")" "$(cat "$R/persisted" 2>&1)"
    assert_eq "other.txt (not named, flush_delay 30 s) on persist before the drain" no "$(cat "$R/other_early")"
    assert_eq "other.txt on persist after the drain" other "$(cat "$P/bar/other.txt" 2>&1)"
fi
finish
