#!/usr/bin/env bash
# .sea_flushlist with an invalid pattern on line 3 (after a comment and a valid one): sea_launch
# exits 2 naming .sea_flushlist:3, the command never runs, and nothing is created anywhere.
# The same for an inline `evict =` key in sea.ini, named by sea.ini and its line.
. "$(dirname "$0")/../lib.sh"
setup_tiers
real || { note "native mode: no configuration to validate"; finish; }
printf '# outputs\nout/.*\\.txt\nout/(unclosed\n' >"$R/.sea_flushlist"

"$SEA_LAUNCH" -c "$INI" -- sh -c "touch '$R/ran'; echo x >'$M/x'" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 2 "$rc"
grep -q '\.sea_flushlist:3' "$R/err" || fail "stderr does not name .sea_flushlist:3: $(head -3 "$R/err")"
[ -e "$R/ran" ] && fail "the command ran"
assert_eq "files in the tiers" "" "$(find "$T0" "$T1" "$P" -mindepth 1 | head -3)"

rm "$R/.sea_flushlist"
write_ini 'flush=out/.*' 'evict=*.tmp'
line=$(grep -n '^evict' "$INI" | cut -d: -f1)
"$SEA_LAUNCH" -c "$INI" -- sh -c "touch '$R/ran'" 2>"$R/err2"
rc=$?
assert_eq "sea_launch exit code (inline evict)" 2 "$rc"
grep -q "sea\.ini:$line" "$R/err2" || fail "stderr does not name sea.ini:$line: $(head -3 "$R/err2")"
[ -e "$R/ran" ] && fail "the command ran (inline evict)"
finish
