#!/usr/bin/env bash
# ./build.sh demo: runs bench/demo/pipeline.sh under sea_launch with the embedded default
# configuration (cache tier in /dev/shm, persistent tier given on the command line), then
# once natively on the persistent disk for comparison, and shows where the files went.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUBJECTS=${SEANET_DEMO_SUBJECTS:-12}
MB=${SEANET_DEMO_MB:-2}
demo=$(mktemp -d "${TMPDIR:-/tmp}/seanet-demo.XXXXXX")
trap 'rm -rf "$demo"' EXIT
mkdir -p "$demo/persistent/inputs" "$demo/native/inputs"

echo "== demo: $SUBJECTS subjects × ${MB} MiB inputs, in $demo"
for i in $(seq -w 1 "$SUBJECTS"); do
    head -c $((MB << 20)) /dev/urandom > "$demo/persistent/inputs/sub-$i.nii"
done
cp -a "$demo/persistent/inputs/." "$demo/native/inputs/"

echo "== under SeaNet: bin/sea_launch --mount $demo/view --persistent $demo/persistent -- pipeline.sh $demo/view"
t0=$(date +%s%N)
"$ROOT/bin/sea_launch" --mount "$demo/view" --persistent "$demo/persistent" \
    -- bash "$ROOT/bench/demo/pipeline.sh" "$demo/view"
t1=$(date +%s%N)

echo "== natively on the persistent disk"
t2=$(date +%s%N)
bash "$ROOT/bench/demo/pipeline.sh" "$demo/native"
t3=$(date +%s%N)

cache=$(ls -dt /dev/shm/seanet-"$(id -u)"-* 2>/dev/null | grep -v "\.shm$" | head -1 || true)
echo
echo "== where the files are"
if [ -n "$cache" ] && [ -d "$cache" ]; then
    echo "cache tier  $cache: $(find "$cache" -type f | wc -l) files, $(du -sh "$cache" | cut -f1)"
    sums() { (cd "$1/derivatives/results" && sha256sum ./* | sort); }
    if [ "$(sums "$cache")" = "$(sums "$demo/native")" ]; then
        echo "results     identical to the native run ($(ls "$cache/derivatives/results" | wc -l) files, sha256)"
    else
        echo "results     DIFFER from the native run" >&2
        status=1
    fi
fi
echo "persistent  $demo/persistent: $(find "$demo/persistent" -type f | wc -l) files (the inputs; flushing results there is issue #4)"
awk -v a="$((t1 - t0))" -v b="$((t3 - t2))" 'BEGIN { printf "time under SeaNet %.2f s (incl. daemon start/stop), natively on disk %.2f s\n", a / 1e9, b / 1e9 }'
# The cache of this demo job is ours to clean: results are not flushed yet (issue #4).
[ -n "$cache" ] && rm -rf "$cache"
exit "${status:-0}"
