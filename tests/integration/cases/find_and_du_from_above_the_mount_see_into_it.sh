#!/usr/bin/env bash
# Walking a directory that contains the mount (find R, du -a R) enters the mount and sees
# its merged contents, as it would see a plain directory there.
. "$(dirname "$0")/../lib.sh"
setup_tiers
seed t1 deep/on_t1 "one"
seed persist deep/on_p "two"

launch_sh 'echo zero >"$1/on_t0"; find "$2" -path "$2/mnt/*" | sed "s|^$2/||" | sort; du -ab "$2" | grep -c "/mnt/.*on_"' \
    "$M" "$R" >"$R/out" 2>"$R/err" || fail "the walk failed: $(head -3 "$R/err")"
assert_same "find from above the mount" "$(printf '%s\n' mnt/deep mnt/deep/on_p mnt/deep/on_t1 mnt/on_t0)" "$(head -4 "$R/out")"
assert_eq "files du counts from above the mount" 3 "$(sed -n 5p "$R/out")"
# sea_launch's own drain summary ("sea_launch: drained ...", files left in cache) is not the walk's
grep -v '^sea_launch: ' "$R/err" >"$R/err.app"
[ ! -s "$R/err.app" ] || fail "stderr: $(head -3 "$R/err.app")"
finish
