#!/usr/bin/env bash
# `tar -x` of a 400-file tarball into the mount, then `tar -c` from the mount, round-trips:
# same member list, same content, and the extracted files are stored on tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/orig" 400 51 60000
tar -cf "$R/orig.tar" -C "$R/orig" . || die "could not make the original tarball"

launch_sh '
    m=$1 r=$2
    set -e
    mkdir "$m/ex"
    tar -xf "$r/orig.tar" -C "$m/ex"
    tar -cf "$r/again.tar" -C "$m/ex" .
    (cd "$m/ex" && tar -cf "$r/again_rel.tar" .)   # relative paths, virtual cwd
' "$M" "$R" 2>"$R/tar.err" || fail "tar workload exited $?: $(head -3 "$R/tar.err")"
# sea_launch's own drain summary ("sea_launch: drained ...", files left in cache) is not tar's
grep -v '^sea_launch: ' "$R/tar.err" >"$R/tar.err.app"
[ -s "$R/tar.err.app" ] && fail "tar complained: $(head -3 "$R/tar.err.app")"

members() { tar -tf "$1" 2>&1 | sed 's|/$||' | sort; }
want_members=$(members "$R/orig.tar")
assert_same "members of the tar made from the mount" "$want_members" "$(members "$R/again.tar")"
assert_same "members of the tar made from inside the mount" "$want_members" "$(members "$R/again_rel.tar")"

mkdir -p "$R/check" && tar -xf "$R/again.tar" -C "$R/check" 2>/dev/null
want=$(treesum "$R/orig")
assert_same "content of the tar made from the mount" "$want" "$(treesum "$R/check")"
assert_same "extracted tree, seen through the mount" "$want" "$(mount_view ex)"
assert_same "extracted tree, as stored on the tiers" "$want" "$(tier_view ex)"
n_t0=$( (cd "$T0/ex" 2>/dev/null && find . -type f) | wc -l)
real && assert_eq "extracted files stored on tier 0" 400 "$n_t0"
finish
