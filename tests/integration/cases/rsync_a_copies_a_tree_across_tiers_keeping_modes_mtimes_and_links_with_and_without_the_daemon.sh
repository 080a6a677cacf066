#!/usr/bin/env bash
# `rsync -aH` (archive plus hard links) of a tree spread over t0, t1 and persist into the
# mount makes a copy whose `stat` view equals a native rsync's: modes, ns mtimes, symlinks,
# hard links. A second rsync after changes (one file edited, one removed, one new) with
# --delete brings the copy in line again. With the daemon alive and with it killed before
# rsync starts; the copy is stored on tier 0 and the drain persists it.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 200 72 30000
seed_three_ways "$R/stage" src t0 t1 persist

run_three_ways '
    root=$1 out=$2
    # rsync writes each file under a temporary name, then renames it and sets its times
    rsync -aH "$root/src/" "$root/dst/"
    echo "first rsync: $?" >"$out/rsync"
    bash "$3/statview.sh" "$root/dst" >"$out/dst1.view"
    # an incremental run: what changed in src is found by size and mtime and copied again
    printf "edited\n" >"$root/src/d000/edited.txt" && touch -d "2020-01-02 03:04:05.123456789" "$root/src/d000/edited.txt"
    rm -f "$root/src/f0004.json"
    cp -p "$root/src/file 0001.dat" "$root/src/new.dat" 2>/dev/null || cp "$root/src/d000/edited.txt" "$root/src/new.dat"
    touch -d "2021-05-06 07:08:09.987654321" "$root/src/new.dat"
    touch -d "2022-02-03 04:05:06.111111111" "$root/src/d000" "$root/src"
    rsync -aH --delete --itemize-changes "$root/src/" "$root/dst/" | sort >"$out/itemized"
    echo "second rsync: ${PIPESTATUS[0]}" >>"$out/rsync"
    bash "$3/statview.sh" "$root/dst" >"$out/dst2.view"
' "$IT_TOOLS"

assert_ran_alike
assert_three_same "rsync exit statuses" rsync
assert_three_same "stat view of the first copy, from inside the job" dst1.view
assert_three_same "what the second rsync found to do (--itemize-changes)" itemized
assert_three_same "stat view of the second copy, from inside the job" dst2.view
assert_same "native rsync -aH keeps everything statview shows (test sanity)" \
    "$(statview "$R/oracle/src")" "$(statview "$R/oracle/dst")"
assert_tree_three_ways src
assert_tree_three_ways dst "t0 persist"
assert_no_flush_temps
finish
