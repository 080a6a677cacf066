#!/usr/bin/env bash
# The daemon is killed as soon as it appears, again and again, for the whole second half of
# a 2000-file workload: whether or not sea_launch restarts it, the shim must carry the
# workload alone (probing the tiers itself); the workload and sea_launch exit 0 and every
# file is there with its content.
. "$(dirname "$0")/../lib.sh"
setup_tiers

if native; then
    touch "$R/go"
    launch bash "$IT_TOOLS/write_2000_files.sh" "$M" "$R"
    rc=$?
else
    start_2000_files_and_wait_halfway
    kills=0
    # keep killing until the workload is done; let it go on after the first kill
    while kill -0 "$launcher" 2>/dev/null && [ ! -e "$R/workload.done" ]; do
        for p in $(daemon_children "$launcher"); do
            kill -9 "$p" 2>/dev/null && kills=$((kills + 1))
        done
        [ "$kills" -gt 0 ] && touch "$R/go"
        sleep 0.01
    done
    touch "$R/go"
    wait "$launcher"
    rc=$?
    note "killed seanetd $kills time(s)"
    [ "$kills" -gt 0 ] || fail "never found a seanetd child of sea_launch to kill"
fi
assert_eq "sea_launch exit code (the workload's)" 0 "$rc"
assert_2000_files_intact
finish
