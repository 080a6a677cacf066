#!/usr/bin/env bash
# `find -newer`, `du -sb` and `ls -laR --full-time` over a tree spread over t0, t1 and
# persist (fixed ns mtimes, modes, symlinks, hard links) print what they print natively on
# the same tree, with the daemon alive and with it killed before they start. Normalised, as
# the file system (not SeaNet) makes them differ: the root path, directory sizes (du's total
# is taken less the sizes of the directories as the same run's find sees them; du -ab's
# hard-linked names, the one it lists depending on readdir order, are left out; ls's directory
# size column and its "total" block counts are blanked) and ls's ".." entries, which lie
# outside the tree.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 200 77 30000
# the reference for -newer: a file whose mtime falls in the middle of the tree's
ref=$(cd "$R/stage" && find . -type f -printf '%T@ %P\n' | sort -n | awk 'NR == 100 { print $2 }')
seed_three_ways "$R/stage" t t0 t1 persist

run_three_ways '
    root=$1 out=$2 ref=$3
    cd "$root" || exit 1
    { find t -newer "t/$ref"; echo "find: $?"; } | sort >"$out/find_newer"
    { find t -type f -newer "t/$ref" -not -newer "t/d000" ; echo "find: $?"; } | sort >"$out/find_newer_range"
    # du counts each inode once (hard links) and directories too, whose sizes the file system sets
    dirs=$(find t -type d -printf "%s\n" | awk "{ s += \$1 } END { print s + 0 }")
    echo "du -sb less directory sizes: $(($(du -sb t | cut -f1) - dirs))" >"$out/du"
    # du -ab names a hard-linked file once, under whichever name it meets first (readdir
    # order, which a merged view need not share with ext4): those are left out of the listing
    du -ab t | while IFS=$(printf "\t") read -r size path; do
        [ -d "$path" ] || [ "$(stat -c %h "$path")" -gt 1 ] || printf "%s\t%s\n" "$size" "$path"
    done | sort -k2 >>"$out/du"
    ls -laR --full-time t >"$out/ls.raw"
    echo "ls: $?" >"$out/ls_rc"
    # directories: size column blanked; "total" lines and ".." entries dropped; columns joined by
    # one space (ls pads to the widest size, and a directory on tmpfs is smaller than on ext4)
    awk "/^total / { next } / \.\.\$/ { next } /^d/ { \$5 = \"-\" } { \$1 = \$1; print }" "$out/ls.raw" >"$out/ls"
' "$ref"

assert_ran_alike
assert_three_same "find -newer" find_newer
assert_three_same "find -newer -not -newer" find_newer_range
assert_three_same "du -sb (files and links) and du -ab of non-directories" du
assert_three_same "ls -laR exit status" ls_rc
assert_three_same "ls -laR --full-time (normalised)" ls
n=$(grep -c . "$R/out/oracle/find_newer")
[ "$n" -gt 50 ] || fail "native find -newer found only $n lines (test sanity)"
assert_tree_three_ways t
finish
