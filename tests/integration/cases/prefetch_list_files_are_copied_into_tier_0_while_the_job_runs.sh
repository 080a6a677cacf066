#!/usr/bin/env bash
# Files already on the persistent directory that match .sea_prefetchlist (`in/sub-0[12]/.*`)
# appear in tier 0 with identical content while the job runs (polled for up to 5 s from inside
# it), reading them through the mount gives the same bytes, and files not in the list
# (in/sub-03, in/README) are not copied into any cache tier.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4
write_list prefetch 'in/sub-0[12]/.*'

mkdir -p "$R/stage/sub-01/anat" "$R/stage/sub-02" "$R/stage/sub-03"
head -c 300000 /dev/urandom >"$R/stage/sub-01/anat/T1w.nii"
head -c 100000 /dev/urandom >"$R/stage/sub-02/bold.nii"
echo '{"RepetitionTime": 2}' >"$R/stage/sub-02/bold.json"
head -c 50000 /dev/urandom >"$R/stage/sub-03/bold.nii"
echo readme >"$R/stage/README"
spread_tree "$R/stage" in persist
wanted='sub-01/anat/T1w.nii sub-02/bold.nii sub-02/bold.json'

launch_sh '
    m=$1 t0=$2 r=$3 wanted=$4
    [ -n "$t0" ] && for _ in $(seq 1 100); do
        n=0
        for f in $wanted; do [ -f "$t0/in/$f" ] && n=$((n + 1)); done
        [ "$n" = 3 ] && break
        sleep 0.05
    done
    for f in $wanted; do
        if [ -f "$t0/in/$f" ]; then sha256sum <"$t0/in/$f" | cut -d" " -f1; else echo "not in tier 0"; fi
    done >"$r/t0_during"
    for f in $wanted; do sha256sum <"$m/in/$f" | cut -d" " -f1; done >"$r/mount_during"
' "$M" "$(real && echo "$T0")" "$R" "$wanted" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
expected=$(for f in $wanted; do sha256sum <"$R/stage/$f" | cut -d' ' -f1; done)
assert_same "read through the mount during the job" "$expected" "$(cat "$R/mount_during")"
if real; then
    assert_same "prefetched copies in tier 0, during the job" "$expected" "$(cat "$R/t0_during")"
    for f in sub-03/bold.nii README; do assert_where "in/$f" persist; done
    assert_same "in/ on the persistent directory, untouched" "$(treesum "$R/stage")" "$(treesum "$P/in")"
fi
finish
