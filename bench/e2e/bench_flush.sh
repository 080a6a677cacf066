#!/usr/bin/env bash
# The flusher's end-to-end benchmark (issue 4). Each workload is measured against its native
# baseline in the same run, alternating, and printed as medians and ratios:
#   1. flush of 20,000 x 4 KiB files to a disk directory, durable: sea_launch's drain (from the
#      command's exit to sea_launch's return; flush_delay is 1 h so nothing is flushed before)
#      vs `cp -a` of the same tree from tmpfs + `sync -f`;
#   2. flush of one large file (default 4 GiB): drain vs `cp` + `sync -f`, as throughput;
#   3. a create workload (20,000 x 4 KiB) while the flusher copies another 20,000 files vs the
#      same workload with nothing to flush.
# Usage: bench/e2e/bench_flush.sh [rounds] [large-file MiB]. Not a test: nothing passes or fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
BIG_MIB=${2:-4096}
FILES=${FILES:-20000}
[ -x "$ROOT/bin/sea_launch" ] || { echo "build first: ./build.sh" >&2; exit 2; }
work=$(mktemp -d "${BENCH_DISK:-/var/tmp}/seanet-bench-flush.XXXXXX")
shm=$(mktemp -d /dev/shm/seanet-bench-flush.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
mkdir -p "$shm/t0" "$work/persist" "$work/mnt"

ini() { # ini FLUSH_PATTERN DELAY [MAX_FS]: max_fs is reserved per file being written, so it must
    # fit the workload (8G for 20k small files would send most of them straight to disk)
    cat > "$work/sea.ini" <<INI
[Sea]
mount_dir = $work/mnt ;
n_levels = 2 ;
cache_0 = $shm/t0 ;
cache_1 = $work/persist ;
max_fs = ${3:-1M} ;
log_level = 1 ;
log_file = $work/sea.log ;
flush_delay = $2 ;
flush = "$1"
INI
}
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk -v n="$1" 'BEGIN {printf "%.0f", n / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
clean() { rm -rf "${work:?}/persist"/* "$shm/t0"/* "$shm/t0"/.seanet~* "$shm/src" "$work/cp" 2>/dev/null || true; sync; }

# the small-file tree, made once on tmpfs (the same bytes both sides copy)
make_tree() { # make_tree DIR
    python3 - "$1" "$FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
blob = os.urandom(4096)
for i in range(n):
    d = os.path.join(root, "d%03d" % (i // 200))
    if i % 200 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(blob)
PY
}

echo "== 1. flush of $FILES x 4 KiB files, durable (rounds: $ROUNDS)"
ini '.*' 60m
n1=() s1=()
for r in $(seq "$ROUNDS"); do
    clean
    make_tree "$shm/src"
    sync
    t=$(now); cp -a "$shm/src" "$work/cp"; sync -f "$work/cp"; n1+=($(($(now) - t)))
    rm -rf "$work/cp" "$shm/src"; sync
    "$ROOT/bin/sea_launch" -c "$work/sea.ini" -- bash -c "$(declare -f make_tree); FILES=$FILES make_tree $work/mnt/tree; date +%s%N > $work/app_end" 2>"$work/drain.err" || { cat "$work/drain.err"; exit 1; }
    e=$(now); s1+=($((e - $(cat "$work/app_end"))))
    [ "$(find "$work/persist/tree" -type f | wc -l)" = "$FILES" ] || { echo "flush incomplete:"; cat "$work/drain.err"; exit 1; }
    grep -q "drained in .*: $FILES file(s)" "$work/drain.err" || { echo "not every file went through the cache and the drain:"; cat "$work/drain.err"; exit 1; }
done
nm=$(printf '%s\n' "${n1[@]}" | median); sm=$(printf '%s\n' "${s1[@]}" | median)
echo "cp -a + sync -f: $(ms "$nm") ms   sea_launch drain: $(ms "$sm") ms   ratio $(ratio "$sm" "$nm")x (target <= 2x)"
grep '^sea_launch: drained' "$work/drain.err" || true

echo "== 2. flush of one $BIG_MIB MiB file"
ini '.*' 60m $((BIG_MIB + 64))M
clean
n2=() s2=()
for r in $(seq "$ROUNDS"); do
    clean
    head -c $((BIG_MIB * 1024 * 1024)) /dev/zero | tr '\0' 'x' > "$shm/big" 2>/dev/null || dd if=/dev/urandom of="$shm/big" bs=1M count="$BIG_MIB" status=none
    sync
    t=$(now); cp "$shm/big" "$work/cp.big"; sync -f "$work/cp.big"; n2+=($(($(now) - t)))
    rm -f "$work/cp.big"; sync
    "$ROOT/bin/sea_launch" -c "$work/sea.ini" -- bash -c "cp $shm/big $work/mnt/big; date +%s%N > $work/app_end" 2>"$work/drain.err" || { cat "$work/drain.err"; exit 1; }
    e=$(now); s2+=($((e - $(cat "$work/app_end"))))
    rm -f "$shm/big"
    cmp -s <(stat -c %s "$work/persist/big") <(echo $((BIG_MIB * 1024 * 1024))) || { echo "large flush incomplete"; cat "$work/drain.err"; exit 1; }
done
nm=$(printf '%s\n' "${n2[@]}" | median); sm=$(printf '%s\n' "${s2[@]}" | median)
echo "cp + sync -f: $(ms "$nm") ms ($(awk -v b=$BIG_MIB -v n="$nm" 'BEGIN {printf "%.0f", b / (n / 1e9)}') MiB/s)   drain: $(ms "$sm") ms ($(awk -v b=$BIG_MIB -v n="$sm" 'BEGIN {printf "%.0f", b / (n / 1e9)}') MiB/s)   SeaNet/cp throughput $(ratio "$nm" "$sm") (target >= 0.80)"

echo "== 3. creating $FILES x 4 KiB files while another $FILES are flushed"
clean
n3=() s3=()
for r in $(seq "$ROUNDS"); do
    for mode in quiet busy; do
        clean
        if [ $mode = busy ]; then ini 'first/.*' 0; else ini 'nothing-matches' 0; fi
        "$ROOT/bin/sea_launch" -c "$work/sea.ini" -- bash -c "$(declare -f make_tree); FILES=$FILES make_tree $work/mnt/first; s=\$(date +%s%N); FILES=$FILES make_tree $work/mnt/second; echo \$((\$(date +%s%N) - s)) > $work/create_ns" 2>/dev/null || true
        if [ $mode = busy ]; then s3+=($(cat "$work/create_ns")); else n3+=($(cat "$work/create_ns")); fi
    done
done
nm=$(printf '%s\n' "${n3[@]}" | median); sm=$(printf '%s\n' "${s3[@]}" | median)
echo "create with nothing to flush: $(ms "$nm") ms   while flushing: $(ms "$sm") ms   ratio $(ratio "$sm" "$nm")x (target <= 1.5x)"
