#!/usr/bin/env bash
# n_levels = 1 (Sea's own generated default): no cache tier at all. Files written through the
# mount land in the persistent directory, and nothing lands in the real mount directory.
. "$(dirname "$0")/../lib.sh"
setup_tiers
printf '[Sea]\nmount_dir = %s ;\nn_levels = 1 ;\ncache_0 = %s ;\nlog_level = 1 ;\nlog_file = %s ;\n' \
    "$M" "$P" "$R/sea.log" >"$INI"

launch_sh 'mkdir -p "$1/out/sub" && echo result >"$1/out/sub/r.txt" && cat "$1/out/sub/r.txt"' "$M" \
    >"$R/seen" 2>"$R/err" || fail "the job failed: $(head -3 "$R/err")"
assert_eq "read back inside the job" result "$(cat "$R/seen")"
assert_file_on_tier out/sub/r.txt persist
finish
