#!/usr/bin/env bash
# Paths are normalised before they are classified: R/mnt/../mnt/x, R/mnt//a/./b/y and
# relative spellings reach the mount, while paths that merely contain the mount string
# (R/mnt2/f, R/mntx, R/other/R/mnt/f) are ordinary paths that land in the real directory.
. "$(dirname "$0")/../lib.sh"
setup_tiers
mkdir -p "$R/mnt2" "$R/other$R/mnt" "$R/mn"

launch_sh '
    m=$1 r=$2
    set -e
    echo x1 >"$r/mnt/../mnt/x1"
    mkdir -p "$m//a/./b"
    echo y >"$m//a/./b/y"
    echo z >"$m/a/b/../z"
    echo w >"$m/a/b/../../w"
    echo up >"$m/../up_from_mount"            # leaves the mount: a real file in R
    cd "$r" && echo rel >mnt/rel && echo rel2 >./mnt/a/../rel2
    cd "$m/a/b" && echo rel3 >../../rel3 && echo rel4 >../../../mnt/a/rel4
    echo f2 >"$r/mnt2/f"
    echo fx >"$r/mntx"
    echo fo >"$r/other$r/mnt/f"
    echo fn >"$r/mn/f"
    cat "$m/x1" "$m/a/b/y" "$m/a/z" "$m/w" "$m/rel" "$m/rel2" "$m/rel3" "$m/a/rel4" | tr "\n" " " >"$r/inside"
    ls "$m" "$m/a" | tr "\n" " " >"$r/listing"
' "$M" "$R" 2>"$R/err" || fail "workload exited $?: $(head -3 "$R/err")"

assert_eq "read back through the mount" "x1 y z w rel rel2 rel3 rel4 " "$(cat "$R/inside" 2>&1)"
for pair in x1:x1 a/b/y:y a/z:z w:w rel:rel rel2:rel2 rel3:rel3 a/rel4:rel4; do
    assert_file_on_tier "${pair%%:*}" t0
done
# not under the mount: real files where the path says
for pair in mnt2/f:f2 mntx:fx "other$R/mnt/f:fo" mn/f:fn up_from_mount:up; do
    assert_eq "real file R/${pair%%:*}" "${pair#*:}" "$(cat "$R/${pair%%:*}" 2>&1)"
done
# and the tiers hold exactly the eight files written under the mount
assert_same "files stored under the mount" "$(printf '%s\n' a/b/y a/rel4 a/z rel rel2 rel3 w x1)" \
    "$(tier_view . | awk '/^f / { print $2 }')"
finish
