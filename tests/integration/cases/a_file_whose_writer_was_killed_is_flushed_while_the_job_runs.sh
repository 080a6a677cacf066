#!/usr/bin/env bash
# A writer killed with SIGKILL never closes its file (no CLOSED_WRITE reaches the daemon): the
# daemon notices the dead writer within a second, treats the file as closed, and flushes it
# after the quiet period, while the job still runs, not only at the drain.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini flush_delay=0
write_list flush 'k/.*'

launch_sh '
    mkdir -p "$1/k"
    "$3" -c "
import os, sys, time
f = open(sys.argv[1], \"w\"); f.write(\"written before the kill\\n\"); f.flush()
time.sleep(60)" "$1/k/victim.txt" &
    writer=$!
    for _ in $(seq 1 100); do [ -s "$1/k/victim.txt" ] && break; sleep 0.05; done
    kill -9 "$writer"; wait "$writer" 2>/dev/null
    for _ in $(seq 1 60); do [ -e "$2/persist/k/victim.txt" ] && break; sleep 0.1; done
    cat "$2/persist/k/victim.txt" >"$2/seen_during_job" 2>&1
    true
' "$M" "$R" "$PY"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
if real; then
    assert_eq "on the persistent directory while the job ran" "written before the kill" "$(cat "$R/seen_during_job")"
fi
assert_eq "through the mount afterwards" "written before the kill" "$(launch cat "$M/k/victim.txt" 2>/dev/null)"
finish
