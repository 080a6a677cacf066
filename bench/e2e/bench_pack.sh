#!/usr/bin/env bash
# sea pack / sea unpack against the standard tools doing the same work, in the same run,
# alternating: `zip -0 -r` (Info-ZIP, stored members; it neither verifies nor fsyncs nor removes)
# and `tar -cf`, then `unzip` and `tar -xf`. The tree: FILES chunk-sized files (1-8 KiB) in a
# Zarr v2 layout, on tmpfs (the files' own speed) or on disk (DIR=/var/tmp). Not a test.
# Usage: bench/e2e/bench_pack.sh [rounds] [files]        (default 5 rounds, 20,000 files)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-5}
FILES=${2:-20000}
SEA=$ROOT/bin/sea
[ -x "$SEA" ] || { echo "build first: ./build.sh" >&2; exit 2; }
command -v zip >/dev/null || { echo "needs zip (apt-get install zip)" >&2; exit 2; }
work=$(mktemp -d "${DIR:-/dev/shm}/seanet-bench-pack.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/src.zarr
python3 - "$src" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
os.makedirs(os.path.join(root, "0"))
open(os.path.join(root, ".zgroup"), "w").write('{"zarr_format": 2}\n')
open(os.path.join(root, "0", ".zarray"), "w").write('{"zarr_format": 2}\n')
side = 1
while side * side < n:
    side += 1
for i in range(n):
    with open(os.path.join(root, "0", "%d.%d" % (i // side, i % side)), "wb") as f:
        f.write(rnd.randbytes(rnd.randint(1, 8) * 1024))
PY
bytes=$(du -sb "$src" | cut -f1)
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
declare -A t
add() { t[$1]+=" $2"; }
for r in $(seq "$ROUNDS"); do
    echo "round $r/$ROUNDS" >&2
    rm -f "$work"/*.zip "$work"/*.tar
    add seapack "$(ms "$SEA" pack --keep -o "$work/a.zip" "$src")"
    add zip "$(cd "$src" && ms zip -0 -r -q "$work/b.zip" .)"
    add tarc "$(ms tar -cf "$work/c.tar" -C "$src" .)"
    rm -rf "$work/u1" "$work/u2" "$work/u3"
    add seaunpack "$(ms "$SEA" unpack -C "$work/u1" "$work/a.zip")"
    mkdir "$work/u2"
    add unzip "$(cd "$work/u2" && ms unzip -q "$work/b.zip")"
    mkdir "$work/u3"
    add tarx "$(ms tar -xf "$work/c.tar" -C "$work/u3")"
done
med() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%d files, %d bytes, on %s; medians of %d rounds\n' "$FILES" "$bytes" "$(df --output=fstype "$work" | tail -1)" "$ROUNDS"
printf '%-44s %8s %10s %8s\n' step "ms" "files/s" "vs zip"
z=$(echo "${t[zip]}" | med) u=$(echo "${t[unzip]}" | med)
for k in "seapack:sea pack (write, fsync, verify, publish)" "zip:zip -0 -r (stored)" "tarc:tar -cf" \
    "seaunpack:sea unpack (CRC-checked, modes, ns mtimes)" "unzip:unzip" "tarx:tar -xf"; do
    key=${k%%:*} label=${k#*:}
    m=$(echo "${t[$key]}" | med)
    base=$z
    case $key in seaunpack | unzip | tarx) base=$u ;; esac
    printf '%-44s %8d %10d %7.2fx\n' "$label" "$m" "$((FILES * 1000 / (m > 0 ? m : 1)))" "$(awk -v a="$m" -v b="$base" 'BEGIN {print a / b}')"
done
