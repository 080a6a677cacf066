#!/usr/bin/env bash
# `mv` renames files and directories whatever tier holds them (never EXDEV to the app): a
# renamed file keeps its tier and content, a directory spread over tiers moves whole, and the
# old names are gone everywhere.
. "$(dirname "$0")/../lib.sh"
setup_tiers

seed t1 m/file_t1 "content on t1"
seed persist m/file_p "content on persist"
seed t1 m/dir_t1/x "x on t1"
seed t1 m/dir_t1/sub/y "y on t1"
seed t1 m/spread/a "a on t1"
seed persist m/spread/b "b on persist"
printf 'from outside\n' >"$R/outside_file"

launch_sh '
    set -e
    m=$1/m r=$2
    printf "made on t0\n" >"$m/file_t0"
    mkdir "$m/newdir"                      # exists on tier 0 only
    mv "$m/file_t1" "$m/renamed_t1"        # same directory, file on t1
    mv "$m/file_p" "$m/newdir/"            # persist file into a directory that is on t0
    mv "$m/file_t0" "$m/dir_t1/moved_t0"   # t0 file into a directory that is on t1
    mv "$m/dir_t1" "$m/dir_moved"          # whole directory on t1
    mv "$m/spread" "$m/spread_moved"       # directory spread over t1 and persist
    mv "$r/outside_file" "$m/came_in"      # from outside the mount (a real cross-device move)
    printf "leaving\n" >"$m/goes_out"
    mv "$m/goes_out" "$r/went_out"         # to outside the mount
' "$M" "$R" 2>"$R/mv.err" || fail "mv workload exited $?: $(head -3 "$R/mv.err")"
grep -qi 'cross-device' "$R/mv.err" && fail "an mv reported EXDEV: $(grep -i cross-device "$R/mv.err" | head -1)"

sum() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
expected=$(sort <<EOT
d dir_moved
d dir_moved/sub
d newdir
d spread_moved
f came_in $(sum $'from outside\n')
f dir_moved/moved_t0 $(sum $'made on t0\n')
f dir_moved/sub/y $(sum "y on t1")
f dir_moved/x $(sum "x on t1")
f newdir/file_p $(sum "content on persist")
f renamed_t1 $(sum "content on t1")
f spread_moved/a $(sum "a on t1")
f spread_moved/b $(sum "b on persist")
EOT
)
assert_same "tree after the moves, seen through the mount" "$expected" "$(mount_view m)"
assert_same "tree after the moves, as stored on the tiers" "$expected" "$(tier_view m)"
assert_eq "file moved out of the mount" $'leaving' "$(cat "$R/went_out" 2>&1)"

# rename keeps a file on its tier
assert_file_on_tier m/renamed_t1 t1
assert_file_on_tier m/newdir/file_p persist
assert_file_on_tier m/dir_moved/moved_t0 t0
assert_file_on_tier m/came_in t0
assert_file_on_tier m/dir_moved/x t1
assert_file_on_tier m/dir_moved/sub/y t1
assert_file_on_tier m/spread_moved/a t1
assert_file_on_tier m/spread_moved/b persist
for gone in m/file_t1 m/file_p m/file_t0 m/dir_t1 m/spread m/goes_out; do
    assert_gone "$gone"
done
finish
