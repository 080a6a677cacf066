#!/usr/bin/env bash
# A file in both the flush and the evict list is moved: after the job it is on the persistent
# directory with its content and is gone from every cache tier, tier 1 included (the spill
# files there, written once tier 0 was full, are moved too); the drain counts them persisted.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 cache_0_capacity=1M max_fs=262144
write_list flush 'res/.*'
write_list evict 'res/.*'

mkdir -p "$R/src"
for i in 0 1 2 3 4 5 6 7; do head -c 200000 /dev/urandom >"$R/src/m$i.bin"; done

launch_sh 'mkdir "$1/res" && for f in "$2"/m*.bin; do cat "$f" >"$1/res/${f##*/}"; done
    find "$3" -type f ! -name ".seanet~*" | wc -l >"$2/on_t1"' "$M" "$R/src" "$T1" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
expected=$( (cd "$R/src" && for f in m*.bin; do echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done) | sort)
assert_same "res/ as stored on the tiers" "$expected" "$(tier_view res)"
assert_same "res/ seen through the mount by a new job" "$expected" "$(mount_view res)"
if real; then
    for i in 0 1 2 3 4 5 6 7; do
        assert_where "res/m$i.bin" persist
        assert_eq "persistent res/m$i.bin: mode size sha" "644 200000 $(sha256sum <"$R/src/m$i.bin" | cut -c1-16)" \
            "$(meta "$P/res/m$i.bin" | cut -d' ' -f1,2,4)"
    done
    [ "$(cat "$R/src/on_t1")" -ge 1 ] || fail "no file spilled to tier 1 during the job (the case needs some there)"
    left=$(find "$T0" "$T1" -type f ! -name '.seanet~*' -printf '%P\n' | tr '\n' ' ')
    assert_eq "regular files left in the cache tiers" "" "$left"
    assert_eq "drain: files persisted" 8 "$(drain_count "$R/err" persisted)"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    assert_no_flush_temps
fi
finish
