#!/usr/bin/env bash
# `find` over a tree spread over t0, t1 and persist lists exactly what it lists over the same
# tree on a plain directory: same names, same count, same answers to -type, -name, -maxdepth.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/stage" 120 31
spread_tree "$R/stage" tree t1 persist
make_tree "$R/oracle/tree" 120 31       # the native oracle: the same tree on a plain directory
make_tree "$R/extra" 30 32             # created through the mount during the job (tier 0)
mkdir -p "$R/oracle/tree/extra" && cp -r "$R/extra/." "$R/oracle/tree/extra/"

queries=(
    "."
    ". -type f"
    ". -type d"
    ". -name *.json"
    ". -maxdepth 1"
    ". -mindepth 2 -maxdepth 3 -type f"
    ". -empty"
    ". -size +1k -type f"
)
run_queries() { # DIR OUTDIR: every query, run from inside DIR (relative paths)
    local dir=$1 out=$2 i=0 q
    mkdir -p "$out"
    for q in "${queries[@]}"; do
        # shellcheck disable=SC2086 # each query is a word list on purpose
        (cd "$dir" && set -f && find $q | sort >"$out/q$i") || echo "query $i failed" >>"$out/errors"
        i=$((i + 1))
    done
    (find "$dir" | sed "s|^$dir||" | sort >"$out/absolute")
}
run_queries "$R/oracle/tree" "$R/want"

export -f run_queries
launch_sh '
    m=$1 r=$2
    set -e
    cp -r "$r/extra" "$m/tree/extra"
    queries=("${@:3}")
    run_queries "$m/tree" "$r/got"
' "$M" "$R" "${queries[@]}" || fail "find workload exited $?"

[ -s "$R/got/errors" ] && fail "find failed under the mount: $(cat "$R/got/errors")"
for i in "${!queries[@]}"; do
    assert_same "find ${queries[$i]}" "$(cat "$R/want/q$i")" "$(cat "$R/got/q$i" 2>&1)"
done
assert_same "find with an absolute start" "$(cat "$R/want/absolute")" "$(cat "$R/got/absolute" 2>&1)"
assert_eq "number of entries" "$(wc -l <"$R/want/q0")" "$(wc -l <"$R/got/q0" 2>/dev/null)"
finish
