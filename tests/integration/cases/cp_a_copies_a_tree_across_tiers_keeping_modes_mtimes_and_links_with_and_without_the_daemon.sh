#!/usr/bin/env bash
# `cp -a` of a tree spread over t0, t1 and persist (modes, ns mtimes, symlinks of every kind,
# hard links) makes a copy whose `stat` view equals a native `cp -a` of the same tree: with
# the daemon alive and with it killed before cp starts. The copy is stored on tier 0 and the
# drain persists it.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 200 71 30000
seed_three_ways "$R/stage" src t0 t1 persist

run_three_ways '
    root=$1 out=$2
    cp -a "$root/src" "$root/dst"
    echo "cp -a: $?" >"$out/cp"
    # the view of the program itself, while it still runs with (or without) the daemon
    bash "$3/statview.sh" "$root/dst" >"$out/dst.view"
' "$IT_TOOLS"

assert_ran_alike
assert_three_same "cp exit status" cp
assert_three_same "stat view of the copy, from inside the job" dst.view
assert_same "native cp -a keeps everything statview shows (test sanity)" \
    "$(statview "$R/stage")" "$(statview "$R/oracle/dst")"
assert_tree_three_ways src
assert_tree_three_ways dst "t0 persist"
assert_no_flush_temps
finish
