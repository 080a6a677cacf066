#!/usr/bin/env bash
# `ls -la` on a directory whose entries live on different tiers shows one merged listing:
# every name exactly once, with the right type and size, whichever tier holds it.
. "$(dirname "$0")/../lib.sh"
setup_tiers

seed t1 dir/on_t1 "one"
seed persist dir/on_persist "persist!"
seed t1 dir/sub/deep_t1 "x"
seed persist dir/sub/deep_persist "yy"
# the same file on t1 and persist (a cached copy of a persisted file): still one name
seed t1 dir/both "same"
seed persist dir/both "same"
seed t1 top_t1 "t"
seed_dir persist only_persist_dir

launch_sh '
    set -e
    m=$1 out=$2
    printf "created through the mount\n" >"$m/dir/via_mount"
    mkdir "$m/dir/newdir"
    : >"$m/dir/newdir/empty"
    ls -la "$m/dir" >"$out/la_dir"
    ls -1A "$m/dir" >"$out/names_dir"
    ls -1A "$m" >"$out/names_top"
    ls -1A "$m/dir/sub" >"$out/names_sub"
' "$M" "$R" || fail "workload exited $?"

assert_same "ls -1A of dir" "$(printf '%s\n' both newdir on_persist on_t1 sub via_mount)" "$(cat "$R/names_dir")"
assert_same "ls -1A of the mount root" "$(printf '%s\n' dir only_persist_dir top_t1)" "$(cat "$R/names_top")"
assert_same "ls -1A of dir/sub" "$(printf '%s\n' deep_persist deep_t1)" "$(cat "$R/names_sub")"

# ls -la: one line per name (+ . and ..), type letter and size from the tier holding it
listing=$(awk 'NR > 1 { print substr($1, 1, 1), $5, $NF }' "$R/la_dir" | sort -k3)
expected=$(printf '%s\n' "d . ." "d .. .." "- 4 both" "d newdir newdir" "- 8 on_persist" \
    "- 3 on_t1" "d sub sub" "- 26 via_mount" | sort -k3)
# directory sizes differ between file systems: compare only their type
listing=$(awk '$1 == "d" { $2 = $3 } { print }' <<<"$listing")
assert_same "ls -la of dir (type, size, name)" "$expected" "$listing"
dups=$(awk 'NR > 1 { print $NF }' "$R/la_dir" | sort | uniq -d)
assert_eq "names listed more than once by ls -la" "" "$dups"

assert_file_on_tier dir/via_mount t0
assert_file_on_tier dir/newdir/empty t0
assert_file_on_tier dir/on_t1 t1
assert_file_on_tier dir/on_persist persist
finish
