#!/usr/bin/env bash
# A/B benchmark of shim builds: one sea_launch (2 cache tiers + persistent), and inside it each
# workload run natively on tmpfs and through each given libseanet.so, alternating run by run, so
# that this VM's drift hits every side alike. Prints median, p25 and minimum of each side and the
# median's ratio to native. Not a test: nothing passes or fails.
# Usage: bench/e2e/bench_ab.sh [runs] [libseanet.so ...]     (default: 40 runs, lib/libseanet.so)
# e.g. bench/e2e/bench_ab.sh 40 /tmp/old/libseanet.so lib/libseanet.so
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-40}
shift || true
LIBS=("$@")
[ ${#LIBS[@]} -gt 0 ] || LIBS=("$ROOT/lib/libseanet.so")
[ -x "$ROOT/bin/sea_launch" ] || { echo "build first: ./build.sh" >&2; exit 2; }
for i in "${!LIBS[@]}"; do LIBS[$i]=$(realpath "${LIBS[$i]}"); done
work=$(mktemp -d "${TMPDIR:-/tmp}/seanet-ab.XXXXXX")
shm=$(mktemp -d /dev/shm/seanet-ab.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
mkdir -p "$shm/native"
. "$ROOT/bench/e2e/common.sh"
three_level_ini "$work" "$shm"
foundation_tarball "$work/src" "$work/tree.tar" # the foundation benchmark's tree
gitrepo='git init -q && git add -A && git -c user.name=b -c user.email=b@b commit -qm t'

cat >"$work/inner.sh" <<'INNER'
set -eu
runs=$1 shm=$2 mnt=$3 tarball=$4 gitrepo=$5
shift 5
mkdir -p "$shm/native/x" "$shm/native/y" "$mnt/x" "$mnt/y"
tar -xf "$tarball" -C "$shm/native/x"; tar -xf "$tarball" -C "$shm/native/y"
tar -xf "$tarball" -C "$mnt/x"; tar -xf "$tarball" -C "$mnt/y"
(cd "$shm/native/y" && eval "$gitrepo"); (cd "$mnt/y" && eval "$gitrepo")
us() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
one() { # side lib base
    local side=$1 lib=$2 base=$3
    echo "gitstatus $side $(LD_PRELOAD=$lib us git -C "$base/y" status --porcelain)"
    echo "cp-a $side $(LD_PRELOAD=$lib us cp -a "$base/x" "$base/c")"
    rm -rf "$base/c"
    mkdir -p "$base/t"
    echo "tar-x $side $(LD_PRELOAD=$lib us tar -xf "$tarball" -C "$base/t")"
    rm -rf "$base/t"
}
for i in $(seq "$runs"); do
    one native "" "$shm/native"
    for lib in "$@"; do one "$lib" "$lib" "$mnt"; done
done
INNER

echo "A/B: $RUNS runs of each workload, native and ${#LIBS[@]} shim build(s), alternating" >&2
"$ROOT/bin/sea_launch" -c "$work/sea.ini" -- bash "$work/inner.sh" "$RUNS" "$shm" "$work/mnt" "$work/tree.tar" \
    "$gitrepo" "${LIBS[@]}" 2>"$work/inner.err" >"$work/times.txt" || { echo "the workloads failed:" >&2; tail -5 "$work/inner.err" >&2; exit 1; }

stats() { sort -n | awk '{a[NR] = $1} END {printf "%d %d %d\n", a[int(NR / 2) + 1], a[int(NR / 4) + 1], a[1]}'; }
printf '%-10s %-50s %10s %10s %10s %8s\n' workload side "median us" "p25 us" "min us" ratio
for w in gitstatus cp-a tar-x; do
    read -r nmed np25 nmin < <(awk -v w="$w" '$1 == w && $2 == "native" {print $3}' "$work/times.txt" | stats)
    printf '%-10s %-50s %10d %10d %10d %8s\n' "$w" native "$nmed" "$np25" "$nmin" ""
    for lib in "${LIBS[@]}"; do
        read -r med p25 min < <(awk -v w="$w" -v l="$lib" '$1 == w && $2 == l {print $3}' "$work/times.txt" | stats)
        printf '%-10s %-50s %10d %10d %10d %7.2fx\n' "$w" "$lib" "$med" "$p25" "$min" \
            "$(awk -v a="$nmed" -v b="$med" 'BEGIN {print b / a}')"
    done
done
