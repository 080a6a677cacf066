#!/usr/bin/env bash
# flush_bandwidth 4M: 16 MiB written in 8 files of 2 MiB take at least ~4 s to reach the
# persistent directory (measured from the end of the writes to the end of the drain, allowing
# a 1.5 s burst), and they arrive intact.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=0 flush_bandwidth=4M max_fs=4194304
write_list flush 'bw/.*'

mkdir -p "$R/src"
for i in 1 2 3 4 5 6 7 8; do head -c 2097152 /dev/urandom >"$R/src/b$i"; done
launch_sh 'mkdir "$1/bw" && for i in 1 2 3 4 5 6 7 8; do cat "$2/b$i" >"$1/bw/b$i"; done; date +%s%N >"$3/writes_done"' \
    "$M" "$R/src" "$R" 2>"$R/err"
rc=$?
end=$(date +%s%N)
assert_eq "sea_launch exit code" 0 "$rc"
if real; then
    ms=$(( (end - $(cat "$R/writes_done")) / 1000000 ))
    note "writes done to drain done: $ms ms for 16 MiB at 4 MiB/s"
    [ "$ms" -ge 2500 ] || fail "16 MiB reached the persistent directory in $ms ms: faster than flush_bandwidth 4M allows (>= ~2.5 s with a burst)"
    assert_same "bw/ on the persistent directory" \
        "$(cd "$R/src" && for f in b*; do echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done)" "$(treesum "$P/bw")"
fi
finish
