#!/usr/bin/env bash
# ./build.sh demo: runs bench/demo/pipeline.sh under sea_launch with the embedded default
# configuration (cache tier in /dev/shm, persistent tier given on the command line; every file
# is flushed there), then once natively on the persistent disk for comparison, checks that the
# persisted results are identical to the native ones, and prints the drain time.
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
    -- bash -c 'bash "$1" "$2" && date +%s%N >"$3"' demo "$ROOT/bench/demo/pipeline.sh" "$demo/view" "$demo/app_end"
t1=$(date +%s%N)

echo "== natively on the persistent disk"
t2=$(date +%s%N)
bash "$ROOT/bench/demo/pipeline.sh" "$demo/native"
t3=$(date +%s%N)

echo
echo "== where the files are"
sums() { (cd "$1/derivatives/results" && sha256sum ./* | sort); }
if [ "$(sums "$demo/persistent")" = "$(sums "$demo/native")" ]; then
    echo "results     persisted, identical to the native run ($(ls "$demo/persistent/derivatives/results" | wc -l) files, sha256)"
else
    echo "results     DIFFER from the native run (or were not persisted)" >&2
    status=1
fi
echo "persistent  $demo/persistent: $(find "$demo/persistent" -type f | wc -l) files (inputs, and every file the pipeline wrote)"
left=$(find /dev/shm -maxdepth 1 -name "seanet-$(id -u)-*" -type d -newer "$demo/app_end" 2>/dev/null | head -1)
echo "cache tier  ${left:-removed after the drain (the embedded default drops persisted copies at exit)}"
awk -v a="$((t1 - t0))" -v b="$((t3 - t2))" -v d="$((t1 - $(cat "$demo/app_end")))" 'BEGIN {
    printf "time under SeaNet %.2f s (incl. daemon start, and the drain: %.2f s from the pipeline'"'"'s end to sea_launch'"'"'s return), natively on disk %.2f s\n", a / 1e9, d / 1e9, b / 1e9 }'
exit "${status:-0}"
