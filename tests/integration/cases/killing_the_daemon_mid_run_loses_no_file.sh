#!/usr/bin/env bash
# kill -9 of this job's seanetd while a workload writes 2000 files through the mount: the
# workload carries on, exits 0, sea_launch exits 0, and every file, written before or after
# the kill, is there with its content.
. "$(dirname "$0")/../lib.sh"
setup_tiers

if native; then
    touch "$R/go"
    launch bash "$IT_TOOLS/write_2000_files.sh" "$M" "$R"
    rc=$?
else
    start_2000_files_and_wait_halfway
    sleep 0.5
    daemon=$(daemon_children "$launcher" | head -1)
    if [ -z "$daemon" ]; then
        fail "no seanetd child of sea_launch (pid $launcher) found; its children: $(pgrep -a -P "$launcher" | tr '\n' ';')"
    else
        note "killing seanetd pid $daemon ($(tr '\0' ' ' <"/proc/$daemon/cmdline"))"
        kill -9 "$daemon"
        sleep 0.2
        [ -e "/proc/$daemon" ] && [ "$(awk '{ print $3 }' "/proc/$daemon/stat")" != Z ] &&
            fail "seanetd pid $daemon survived kill -9"
    fi
    touch "$R/go"
    wait "$launcher"
    rc=$?
fi
assert_eq "sea_launch exit code (the workload's)" 0 "$rc"
assert_2000_files_intact
finish
