#!/usr/bin/env bash
# A Java program (java.nio.file, tools/NioTree.java run by `java NioTree.java`) in the mount:
# Files.walk of a tree spread over t0, t1 and persist; Files.move of a file from tier 1 into a
# new directory on tier 0, over a file on another tier, and of a directory that lives only on
# the persistent tier; readAttributes, setLastModifiedTime (ns) and setPosixFilePermissions
# read back; createTempFile and createTempDirectory in the mount. Its report and the trees it
# leaves equal a native run's, with the daemon alive and with it killed before java starts.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 80 75 20000
seed_three_ways "$R/stage" src t0 t1 persist
mkdir -p "$R/mvstage" "$R/pstage/sub"
for i in 1 2 3 4; do printf 'f%d\n' "$i" >"$R/mvstage/f$i.txt"; done
touch -d '2019-02-03 04:05:06.789012345' "$R/mvstage"/*
printf 'p1\n' >"$R/pstage/sub/p1.txt"
printf 'p2\n' >"$R/pstage/p2.txt"
touch -d '2018-01-01 00:00:00.25' "$R/pstage/p2.txt" "$R/pstage/sub/p1.txt"
# sorted order, round-robin: f1 on t1, f2 on persist, f3 on t0, f4 on t1; pdir on persist only
seed_three_ways "$R/mvstage" mv t1 persist t0 t1
seed_three_ways "$R/pstage" mv/pdir persist

run_three_ways 'java "$3/NioTree.java" "$1" "$2/report"' "$IT_TOOLS"

assert_ran_alike
assert_three_same "NioTree's report" report
assert_eq "native: steps that failed (test sanity)" "" "$(grep -E '^[a-z].*: ' "$R/out/oracle/report" | grep -v ': ok$')"
assert_tree_three_ways src
assert_tree_three_ways mv
if real; then
    for way in alive dead; do
        # a rename keeps a file on its tier; what was made in the job is on tier 0
        assert_where "$way/mv/into/deeper/f1.txt" "t1 persist"
        assert_where "$way/mv/f3.txt" "persist"
        assert_where "$way/mv/from-temp.txt" "t0 persist"
        assert_where "$way/mv/from-temp-dir/inside" "t0 persist"
        assert_where "$way/mv/f2.txt" ""
        assert_where "$way/mv/pdir" ""
    done
fi
assert_no_flush_temps
finish
