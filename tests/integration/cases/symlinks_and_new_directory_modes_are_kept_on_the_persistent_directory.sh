#!/usr/bin/env bash
# Symlinks with a relative and an absolute target, left in tier 0 by an earlier job (the shim
# cannot create symlinks yet, see docs/limits.md), are flushed as symlinks with the same
# targets; a deep new directory tree made in the job with modes 0750 and 0700 gets those modes
# on the persistent directory, and the file at its bottom arrives intact.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4
write_list flush 'links/.*' 'deep/.*'

if native; then base=$M; else base=$T0; fi
mkdir -p "$base/links"
echo target >"$base/links/target.txt"
ln -s target.txt "$base/links/rel"
ln -s ../links/target.txt "$base/links/up"
ln -s "$M/links/target.txt" "$base/links/abs"
ln -s /nonexistent/dangling "$base/links/dangling"

launch "$PY" -c '
import os, sys
m = sys.argv[1]
d = m
for i, mode in enumerate([0o750, 0o700, 0o750, 0o700, 0o750]):
    d = os.path.join(d, "deep" if i == 0 else "l%d" % i)
    os.mkdir(d, mode)
with open(os.path.join(d, "leaf.txt"), "w") as f:
    f.write("at the bottom\n")
' "$M" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
if real; then
    assert_eq "links/rel on persist" "link -> target.txt" "$(meta "$P/links/rel")"
    assert_eq "links/up on persist" "link -> ../links/target.txt" "$(meta "$P/links/up")"
    assert_eq "links/abs on persist" "link -> $M/links/target.txt" "$(meta "$P/links/abs")"
    assert_eq "links/dangling on persist" "link -> /nonexistent/dangling" "$(meta "$P/links/dangling")"
    assert_eq "links/target.txt on persist" target "$(cat "$P/links/target.txt" 2>&1)"
    d=$P
    modes=''
    for n in deep l1 l2 l3 l4; do d=$d/$n; modes="$modes $(stat -c %a "$d" 2>&1 | head -1)"; done
    assert_eq "modes of deep/l1/l2/l3/l4 on persist" " 750 700 750 700 750" "$modes"
    assert_eq "deep/l1/l2/l3/l4/leaf.txt on persist" "at the bottom" "$(cat "$P/deep/l1/l2/l3/l4/leaf.txt" 2>&1)"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    assert_no_flush_temps
else
    d=$M
    modes=''
    for n in deep l1 l2 l3 l4; do d=$d/$n; modes="$modes $(stat -c %a "$d")"; done
    assert_eq "modes of deep/l1/l2/l3/l4" " 750 700 750 700 750" "$modes"
fi
finish
