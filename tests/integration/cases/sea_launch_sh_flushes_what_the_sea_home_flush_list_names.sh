#!/usr/bin/env bash
# Sea style: SEA_HOME holds sea.ini and .sea_flushlist (`.*\.nii`), run from another
# directory as `sea_launch.sh script.sh`: the script's .nii outputs end up on the persistent
# directory with their content, its .log stays only in tier 0, and its exit code comes back.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_list flush '.*\.nii'

cat >"$R/script.sh" <<EOF2
mkdir -p "$M/deriv/sub-01"
for run in 1 2 3; do
    head -c \$((run * 40000)) /dev/zero | tr '\0' "\$run" >"$M/deriv/sub-01/run-\$run.nii"
done
echo "pipeline log" >"$M/deriv/pipeline.log"
exit 5
EOF2
if native; then
    (cd "$R" && bash script.sh)
    rc=$?
else
    (cd / && env SEA_HOME="$R" "$SEA_LAUNCH_SH" "$R/script.sh") 2>"$R/err"
    rc=$?
fi
assert_eq "exit code of the script" 5 "$rc"
expected=$(for run in 1 2 3; do echo "f sub-01/run-$run.nii $(head -c $((run * 40000)) /dev/zero | tr '\0' "$run" | sha256sum | cut -d' ' -f1)"; done)
if real; then
    assert_same "deriv/ on the persistent directory" "$(printf 'd sub-01\n%s' "$expected")" "$(treesum "$P/deriv")"
    assert_where deriv/pipeline.log t0
    for run in 1 2 3; do assert_where "deriv/sub-01/run-$run.nii" "t0 persist"; done
    assert_eq "drain: not in the flush list" 1 "$(drain_count "$R/err" "not in the flush list")"
fi
finish
