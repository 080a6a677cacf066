#!/usr/bin/env bash
# flush_delay 0 and flush_bandwidth 1M, so flushes are in flight all along: kill -9 of
# seanetd halfway through a workload writing 2000 small files and 4 MiB of larger ones, and
# again once the drain has started. After sea_launch returns (exit 0), every file is on the
# persistent directory byte-identical, and no flush temporary (.seanet~*) is left there.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=0 flush_bandwidth=1M
write_list flush 'k/.*'

mkdir -p "$R/src"
for i in 1 2 3 4; do head -c 1048576 /dev/urandom >"$R/src/big$i"; done
workload='bash "$1" "$2" "$3" && mkdir "$2/k/big" && for i in 1 2 3 4; do cat "$3/src/big$i" >"$2/k/big/big$i"; done'

if native; then
    touch "$R/go"
    bash -c "$workload" it-case "$IT_TOOLS/write_2000_files.sh" "$M" "$R"
    rc=$?
else
    "$SEA_LAUNCH" -c "$INI" -- bash -c "$workload" it-case "$IT_TOOLS/write_2000_files.sh" "$M" "$R" 2>"$R/err" &
    launcher=$!
    for _ in $(seq 1 400); do [ -e "$R/halfway" ] && break; sleep 0.025; done
    [ -e "$R/halfway" ] || fail "the workload did not reach file 1000 within 10 s"
    sleep 0.3
    d1=$(tagged_daemons | head -1)
    flushed=$(grep -c . <<<"$(find "$P/k" -type f 2>/dev/null)")
    note "mid-run: $flushed file(s) already on persist; killing seanetd $d1"
    [ -n "$d1" ] && kill -9 "$d1" || fail "no seanetd of this case found mid-run"
    touch "$R/go"
    # the second kill: as soon as a daemon logs that the drain started
    d2=''
    for _ in $(seq 1 600); do
        if grep -q 'drain requested' "$R/sea.log" 2>/dev/null; then
            d2=$(tagged_daemons | head -1)
            [ -n "$d2" ] && kill -9 "$d2"
            break
        fi
        sleep 0.01
    done
    note "drain started: killed seanetd '${d2:-none alive}' while draining ($(grep -c . <<<"$(find "$P/k" -type f 2>/dev/null)") file(s) on persist then)"
    [ -n "$d2" ] && [ "$d2" = "$d1" ] && fail "the daemon killed first ($d1) was still running"
    wait "$launcher"
    rc=$?
fi
assert_eq "sea_launch exit code" 0 "$rc"
assert_eq "workload finished" finished "$(cat "$R/workload.done" 2>&1)"
expected=$( (expected_2000_files; echo "d big"; for i in 1 2 3 4; do echo "f big/big$i $(sha256sum <"$R/src/big$i" | cut -d' ' -f1)"; done) | sort)
assert_same "k/ seen through the mount by a new job" "$expected" "$(mount_view k)"
if real; then
    assert_same "k/ on the persistent directory" "$expected" "$(treesum "$P/k")"
    assert_no_flush_temps
    grep '^sea_launch: ' "$R/err" | head -3 | sed 's/^/it-note: /' >&2
fi
finish
