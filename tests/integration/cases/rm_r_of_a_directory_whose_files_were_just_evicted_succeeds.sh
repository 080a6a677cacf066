#!/usr/bin/env bash
# A directory whose only files were just evicted is empty in the view, though the tier still
# holds SeaNet's hidden eviction tombs for a moment: `rm -r` and `rmdir` must succeed on it,
# as on a plain directory (the review found ENOTEMPTY here).
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini flush_delay=0
write_list evict 'scratch/.*'

launch_sh '
    mkdir -p "$1/scratch/sub" "$1/other"
    echo a >"$1/scratch/a.tmp"; echo b >"$1/scratch/sub/b.tmp"
    sleep 0.5   # evicted by now (flush_delay 0), the tombs live 2 s
    ls -A "$1/scratch/sub" >"$2/listing"
    rm -r "$1/scratch" 2>"$2/rm.err"; echo "rm $?" >"$2/rc"
    echo c >"$1/other/c.tmp"
    rmdir "$1/other" 2>"$2/rmdir.err"; echo "rmdir $?" >>"$2/rc"
    true
' "$M" "$R"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
assert_eq "rm -r and rmdir exit codes" "$(printf 'rm 0\nrmdir 1')" "$(cat "$R/rc" 2>&1)"
assert_eq "rm -r stderr" "" "$(cat "$R/rm.err" 2>&1)"
grep -q "Directory not empty" "$R/rmdir.err" || fail "rmdir of a directory holding a real file: $(cat "$R/rmdir.err")"
if real; then
    assert_eq "what ls -A shows of the evicted directory" "" "$(cat "$R/listing")"
fi
assert_same "scratch seen through the mount by a new job" "missing $M/scratch" "$(mount_view scratch 2>&1 | grep -v "^sea_launch: ")"
finish
