#!/usr/bin/env bash
# `mkdir -p` creates a 40-level path whose first levels already exist on t1 and persist; every
# level is then a directory, a file at the bottom lands on tier 0, and the failures mkdir -p
# must report (a file in the way) look exactly as on a plain directory.
. "$(dirname "$0")/../lib.sh"
setup_tiers

seed_dir t1 a/b
seed_dir persist a/b/c
seed t1 a/blocker "a file, not a directory"
deep=a/b/c
for i in $(seq 1 37); do deep=$deep/l$i; done
mkdir -p "$R/oracle/a" && printf 'a file, not a directory' >"$R/oracle/a/blocker"
# the oracle: what mkdir -p says on a plain directory
(cd "$R/oracle" && rc=0 && { mkdir -p a/blocker/x 2>&1 || rc=$?; } && echo "rc=$rc") | sed "s|$R/oracle/||" >"$R/want_err"

launch_sh '
    m=$1 deep=$2 r=$3
    set -e
    mkdir -p "$m/$deep"
    mkdir -p "$m/$deep"                       # again: already there, still success
    printf "bottom\n" >"$m/$deep/file"
    cat "$m/$deep/file" >"$r/bottom"
    find "$m/a" -type d | sed "s|^$m/||" | sort >"$r/dirs"
    (cd "$m" && rc=0 && { mkdir -p a/blocker/x 2>&1 || rc=$?; } && echo "rc=$rc") | sed "s|$m/||" >"$r/got_err"
' "$M" "$deep" "$R" || fail "mkdir workload exited $?"

want_dirs=$(p=; for c in ${deep//\// }; do p=${p:+$p/}$c; echo "$p"; done | sort)
assert_same "directories under a" "$want_dirs" "$(cat "$R/dirs")"
assert_eq "file at the bottom" "bottom" "$(cat "$R/bottom")"
assert_same "mkdir -p through a file (message and status)" "$(cat "$R/want_err")" "$(cat "$R/got_err")"
assert_file_on_tier "$deep/file" t0
assert_file_on_tier a/blocker t1
finish
