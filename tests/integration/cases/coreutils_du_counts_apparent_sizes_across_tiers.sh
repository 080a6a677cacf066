#!/usr/bin/env bash
# `du` over a tree spread over t0, t1 and persist counts every file once with its real size:
# per-file apparent sizes equal the originals and the total equals the sum of what stat shows.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/stage" 80 41 50000
spread_tree "$R/stage" d t1 persist
make_tree "$R/extra" 20 42 50000

launch_sh '
    m=$1 r=$2
    set -e
    cp -r "$r/extra" "$m/d/extra"
    du -ab "$m/d" >"$r/du_all"
    du -sb "$m/d" >"$r/du_sb"
    du -s --apparent-size -B1 "$m/d" >"$r/du_s_apparent"
    # what stat says for every entry, files and directories (du adds both)
    find "$m/d" -printf "%s\n" | awk "{ s += \$1 } END { print s }" >"$r/stat_total"
' "$M" "$R" || fail "du workload exited $?"

# per-file sizes: du -ab lines for regular files vs the originals
mkdir -p "$R/want/extra" && cp -r "$R/stage/." "$R/want/" && cp -r "$R/extra/." "$R/want/extra/"
want_files=$(cd "$R/want" && find . -type f -printf '%s %P\n' | sort -k2)
got_files=$(while IFS=$'\t' read -r size path; do
    rel=${path#"$M/d"}
    rel=${rel#/}
    if [ -n "$rel" ] && [ -f "$R/want/$rel" ]; then echo "$size $rel"; fi
done <"$R/du_all" | sort -k2)
assert_same "du -ab sizes of regular files" "$want_files" "$got_files"
assert_eq "entries reported by du -ab" "$(cd "$R/want" && find . | wc -l)" "$(wc -l <"$R/du_all")"

sum_files=$(cd "$R/want" && find . -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
stat_total=$(cat "$R/stat_total")
du_sb=$(cut -f1 "$R/du_sb")
assert_eq "du -sb equals the sum of st_size over the tree" "$stat_total" "$du_sb"
assert_eq "du -s --apparent-size -B1 equals du -sb" "$du_sb" "$(cut -f1 "$R/du_s_apparent")"
# directories add a few KiB at most: the total must cover the files and not much more
dirs=$(cd "$R/want" && find . -type d | wc -l)
if [ "${du_sb:-0}" -lt "$sum_files" ] || [ "${du_sb:-0}" -gt $((sum_files + dirs * 65536)) ]; then
    fail "du -sb = $du_sb, files sum to $sum_files ($dirs directories)"
fi
finish
