#!/usr/bin/env bash
# A command that writes files and exits 3: the drain still flushes all of them, and
# sea_launch exits 3 (not 0, not 75).
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4
write_list flush '.*'

launch_sh '
    mkdir -p "$1/a/b"
    for i in $(seq 1 20); do echo "result $i" >"$1/a/b/r$i.txt"; done
    echo "oops" >&2
    exit 3
' "$M" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code (the command's)" 3 "$rc"
expected=$(printf 'd b\n'; for i in $(seq 1 20); do echo "f b/r$i.txt $(echo "result $i" | sha256sum | cut -d' ' -f1)"; done | sort)
assert_same "a/ seen through the mount by a new job" "$(sort <<<"$expected")" "$(mount_view a)"
if real; then
    assert_same "a/ on the persistent directory" "$(sort <<<"$expected")" "$(treesum "$P/a")"
    assert_eq "drain: files persisted" 20 "$(drain_count "$R/err" persisted)"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
    grep -qx oops "$R/err" || fail "the command's stderr did not pass through"
fi
finish
