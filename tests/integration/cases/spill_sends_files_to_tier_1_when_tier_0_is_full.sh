#!/usr/bin/env bash
# With tier 0 capped at 2 MiB and max_fs = 256 KiB, writing 40 files of 200 KiB one after the
# other gives the program no error: the first files fill tier 0, the rest go to tier 1, every
# content is intact, and tier 0 never holds more than 2 MiB of them (sampled during the run).
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini cache_0_capacity=2M max_fs=262144

mkdir -p "$R/src"
for i in $(seq -w 0 39); do head -c 204800 /dev/urandom >"$R/src/f$i"; done

# sample tier 0 while the job runs (outside the job, so without SeaNet)
(
    max=0
    while [ ! -e "$R/done" ]; do
        used=$(find "$T0" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
        [ "$used" -gt "$max" ] && max=$used && echo "$max" >"$R/t0_max"
        sleep 0.02
    done
) &
sampler=$!

launch_sh '
    m=$1 r=$2
    set -e
    mkdir "$m/spill"
    for i in $(seq -w 0 39); do
        head -c 204800 "$r/src/f$i" >"$m/spill/f$i"
    done
    for i in $(seq -w 0 39); do cmp "$r/src/f$i" "$m/spill/f$i"; done
' "$M" "$R" 2>"$R/err" || fail "the writer saw an error (exit $?): $(head -3 "$R/err")"
touch "$R/done"
wait "$sampler"

expected=$( (cd "$R/src" && find . -type f -printf '%P\n' | sort | while read -r f; do
    echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done) | sort)
assert_same "spilled files, as stored on the tiers" "$expected" "$(tier_view spill)"
assert_same "spilled files, seen through the mount by a new job" "$expected" "$(mount_view spill)"

if real; then
    on_t0=$(cd "$T0/spill" 2>/dev/null && find . -type f -printf '%P\n' | sort | tr '\n' ' ')
    on_t1=$(cd "$T1/spill" 2>/dev/null && find . -type f -printf '%P\n' | sort | tr '\n' ' ')
    n0=$(wc -w <<<"$on_t0") n1=$(wc -w <<<"$on_t1")
    note "tier 0 holds $n0 files, tier 1 holds $n1, max sampled on tier 0: $(cat "$R/t0_max" 2>/dev/null) bytes"
    [ "$n0" -ge 1 ] || fail "tier 0 holds none of the files"
    [ "$n1" -ge 1 ] || fail "tier 1 holds none of the files (tier 0 capacity ignored?)"
    assert_eq "files on t0 + t1" 40 $((n0 + n1))
    [ $((n0 * 204800)) -le $((2 << 20)) ] || fail "tier 0 holds $n0 files = $((n0 * 204800)) bytes > 2 MiB"
    [ "$(cat "$R/t0_max" 2>/dev/null || echo 0)" -le $((2 << 20)) ] ||
        fail "tier 0 held $(cat "$R/t0_max") bytes at some point during the run (> 2 MiB)"
    # sequential writes and no deletions: tier 0 takes the first files until it is full
    first=$(for i in $(seq -w 0 39); do echo "f$i"; done | head -n "$n0" | tr '\n' ' ')
    assert_eq "files on tier 0 (the first ones written)" "$first" "$on_t0"
    # room for a new file = 2 MiB - used >= 256 KiB: 9 files fit (8 if the new writer's own
    # reservation is also deducted)
    [ "$n0" -ge 8 ] && [ "$n0" -le 9 ] || fail "tier 0 took $n0 files; the placement rule allows 8 or 9"
fi
finish
