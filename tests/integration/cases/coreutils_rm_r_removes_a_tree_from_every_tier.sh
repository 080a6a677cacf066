#!/usr/bin/env bash
# `rm -r` on a tree spread over t0, t1 and persist removes it from every tier, and nothing
# reappears from a lower tier afterwards, in the same job or the next one.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/stage" 40 21
spread_tree "$R/stage" tree t1 persist
# one file stored twice (a cached copy of a persisted file): unlink must remove both
seed t1 tree/twice "same"
seed persist tree/twice "same"
seed t1 keep/me "kept"

launch_sh '
    m=$1 r=$2
    set -e
    mkdir -p "$m/tree/made_here"
    printf "on t0\n" >"$m/tree/made_here/f"
    printf "on t0\n" >"$m/tree/top_t0"
    rm -r "$m/tree"
    if [ -e "$m/tree" ]; then echo "tree still visible right after rm -r"; exit 1; fi
    ls -1A "$m" >"$r/after_rm"
    # a new directory of the same name starts empty
    mkdir "$m/tree"
    ls -1A "$m/tree" >"$r/recreated"
' "$M" "$R" || fail "rm workload exited $?"

assert_same "mount root right after rm -r" "keep" "$(cat "$R/after_rm")"
assert_same "recreated directory (nothing resurrected)" "" "$(cat "$R/recreated")"
assert_same "what the tiers still store under the recreated tree" "" "$(tier_view tree)"

# a second job: the index is rebuilt from the tiers; the old files must not come back
launch_sh '
    m=$1 r=$2
    ls -1A "$m" >"$r/next_root"
    ls -1A "$m/tree" >"$r/next_tree"
    cat "$m/tree/twice" >"$r/next_twice" 2>&1 && echo "cat succeeded" >>"$r/next_twice"
    rmdir "$m/tree"
    ls -1A "$m" >"$r/final_root"
' "$M" "$R" || fail "second job exited $?"
assert_same "mount root in the next job" "$(printf '%s\n' keep tree)" "$(cat "$R/next_root")"
assert_same "recreated tree in the next job" "" "$(cat "$R/next_tree")"
grep -q 'No such file or directory' "$R/next_twice" ||
    fail "a removed file is readable in the next job: $(cat "$R/next_twice")"
assert_same "mount root after rmdir" "keep" "$(cat "$R/final_root")"
assert_gone tree
assert_file_on_tier keep/me t1
finish
