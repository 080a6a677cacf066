#!/usr/bin/env bash
# Python's standard library on a tree spread over t0, t1 and persist (tools/py_fileops.py):
# shutil.copy2 keeps content, mode and ns mtime; shutil.copytree(symlinks=True) copies the
# whole tree with its links; os.utime(ns=...) on a file, a directory and a symlink;
# os.truncate shrinks and grows (zero-filled), by path and by fd; os.scandir reports each
# entry's type (links followed or not); pathlib glob and rglob; tempfile.mkstemp and
# TemporaryDirectory(dir=mount). Its report and the trees it leaves equal a native run's, with
# the daemon alive and with it killed before python starts.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 120 76 20000
seed_three_ways "$R/stage" src t0 t1 persist

run_three_ways '"$3" "$4/py_fileops.py" "$1" "$2/report"' "$PY" "$IT_TOOLS"

assert_ran_alike
assert_three_same "py_fileops report" report
assert_eq "native: steps that failed (test sanity)" "" "$(grep -E '^[a-z].*: ' "$R/out/oracle/report" | grep -v ': ok$')"
grep -q 'copy2 .*False' "$R/out/oracle/report" && fail "native copy2 lost something (test sanity)"
assert_tree_three_ways src
assert_tree_three_ways copied "t0 persist"
assert_tree_three_ways tree "t0 persist"
if real; then
    for way in alive dead; do
        assert_where "$way/trunc.bin" "t0 persist"
        assert_where "$way/from-mkstemp.txt" "t0 persist"
        assert_eq "$way: names left in the root (TemporaryDirectory removed from every tier)" \
            "$(ls -A "$R/oracle" | tr '\n' ' ')" "$(launch ls -A "$M/$way" 2>/dev/null | tr '\n' ' ')"
    done
fi
assert_no_flush_temps
finish
