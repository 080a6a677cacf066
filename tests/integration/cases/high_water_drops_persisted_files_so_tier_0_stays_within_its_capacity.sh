#!/usr/bin/env bash
# cache_0_capacity 2M, flush `.*` with flush_delay 0, max_fs 128K: a writer puts 6 MiB in
# 96 files of 64 KiB through the mount, with short pauses. Persisted files are dropped from
# tier 0 above the high water mark, so the job succeeds, tier 0 never holds more than 2 MiB
# (sampled all along), and at the end every file is byte-identical on the persistent directory.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 cache_0_capacity=2M max_fs=131072 flush_delay=0
write_list flush '.*'

mkdir -p "$R/src"
for i in $(seq -w 0 95); do head -c 65536 /dev/urandom >"$R/src/h$i"; done
(
    max=0
    while [ ! -e "$R/sampler.stop" ]; do
        used=$(find "$T0" -type f ! -name '.seanet~*' -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
        [ "$used" -gt "$max" ] && max=$used && echo "$max" >"$R/t0_max"
        sleep 0.02
    done
) &
sampler=$!
launch_sh '
    set -e
    mkdir "$1/hw"
    for f in "$2"/h*; do cat "$f" >"$1/hw/${f##*/}"; sleep 0.01; done
    for f in "$2"/h*; do cmp "$f" "$1/hw/${f##*/}"; done
' "$M" "$R/src" 2>"$R/err"
rc=$?
touch "$R/sampler.stop"
wait "$sampler"
assert_eq "sea_launch exit code" 0 "$rc"
expected=$(cd "$R/src" && for f in h*; do echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done)
assert_same "hw/ seen through the mount by a new job" "$expected" "$(mount_view hw)"
if real; then
    assert_same "hw/ on the persistent directory" "$expected" "$(treesum "$P/hw")"
    max=$(cat "$R/t0_max" 2>/dev/null || echo 0)
    n0=$(find "$T0/hw" -type f 2>/dev/null | wc -l) n1=$(find "$T1/hw" -type f 2>/dev/null | wc -l)
    note "most sampled on tier 0: $max bytes; files left on t0: $n0, on t1: $n1"
    [ "$max" -le $((2 << 20)) ] || fail "tier 0 held $max bytes at some point (> 2 MiB)"
    [ "$max" -gt 0 ] || fail "tier 0 never held any file"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    # the point of high water: tier 0 is reused, not just filled once and spilled past
    n0all=$(grep -c 'Created .*/hw/h.* tier 0 ' "$R/sea.log")
    note "files created on tier 0 during the job: $n0all of 96"
    [ "$n0all" -gt 32 ] || fail "only $n0all of 96 files were placed on tier 0 (2 MiB holds 32): persisted files were not dropped to make room"
fi
finish
