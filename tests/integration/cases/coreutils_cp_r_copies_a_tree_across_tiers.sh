#!/usr/bin/env bash
# `cp -r` copies a tree into the mount, within the mount from a tree spread over t1 and
# persist, and back out, byte for byte; new copies land on tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/src" 60 11
make_tree "$R/spread_stage" 45 12
spread_tree "$R/spread_stage" spread t1 persist

launch_sh '
    set -e
    m=$1 r=$2
    cp -r "$r/src" "$m/dst"
    cp -r "$m/spread" "$m/spread_copy"
    cp -r "$m/dst" "$r/back"
' "$M" "$R" || fail "cp workload exited $?"

want_src=$(treesum "$R/src")
want_spread=$(treesum "$R/spread_stage")
assert_same "tree copied into the mount, seen through it" "$want_src" "$(mount_view dst)"
assert_same "tree copied into the mount, as stored on the tiers" "$want_src" "$(tier_view dst)"
assert_same "tree copied back out of the mount" "$want_src" "$(treesum "$R/back")"
assert_same "copy of a tree spread over t1+persist, seen through the mount" "$want_spread" "$(mount_view spread_copy)"
assert_same "copy of a tree spread over t1+persist, as stored" "$want_spread" "$(tier_view spread_copy)"
assert_same "the spread source is unchanged" "$want_spread" "$(tier_view spread)"

# new files go to the first tier with room: tier 0 (it is empty and large)
while IFS= read -r f; do
    assert_file_on_tier "dst/$f" t0 || break
done < <(cd "$R/src" && find . -type f -printf '%P\n')
while IFS= read -r f; do
    assert_file_on_tier "spread_copy/$f" t0 || break
done < <(cd "$R/spread_stage" && find . -type f -printf '%P\n')
finish
