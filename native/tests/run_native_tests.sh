#!/usr/bin/env bash
# Native suite: unit tests (ASan/UBSan), the wrapped-symbol coverage check, and the shim's
# behaviour in a real process on real tiers. Prints "SUITE native: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
B=build
pass=0 fail=0
count() { # parses "<name>: N passed, N failed" lines
    local line=$1 p f
    p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
    f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    pass=$((pass + p)); fail=$((fail + f))
}

# 1. unit tests
out=$("$B/tests/unit_tests" 2>&1); echo "$out"
line=$(grep -E '^unit: ' <<<"$out" | tail -1)
if [ -n "$line" ]; then count "$line"; else fail=$((fail + 1)); echo "FAIL unit tests crashed"; fi

# 2. every wrapped name is exported by the shim, nothing else is, and glibc has each one
libc=$(gcc -print-file-name=libc.so.6)
[ -f "$libc" ] || libc=$(ldconfig -p | awk '/libc.so.6 .*x86-64/ {print $NF; exit}')
wrapped=$(sed -n 's/^SEA_FN([^,]*, *\([A-Za-z0-9_]*\),.*/\1/p' src/wrapped.def | sort)
exported=$(nm -D --defined-only "$B/libseanet.so" | awk '$2 ~ /^[TW]$/ {print $3}' | sed 's/@.*//' | sort)
glibc=$(nm -D --defined-only "$libc" | awk '{print $3}' | sed 's/@.*//' | sort -u)
if [ "$wrapped" = "$exported" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL exported symbols differ from wrapped.def:"; diff <(echo "$wrapped") <(echo "$exported"); fi
missing=$(comm -23 <(echo "$wrapped") <(echo "$glibc"))
if [ -z "$missing" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL not in glibc: $missing"; fi

# 3. behaviour in a real process, no daemon (the fallback path)
# a program that does not compile must fail the suite, never run an older build of itself
rm -f "$B/tests/shim_behaviour"
gcc -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread -o "$B/tests/shim_behaviour" tests/shim_behaviour.c
root=$(mktemp -d /tmp/seanet-native.XXXXXX)
t0=$(mktemp -d /dev/shm/seanet-native.XXXXXX)
mkdir -p "$root/t1" "$root/p" "$root/mnt"
out=$(SEANET_MOUNT="$root/mnt" SEANET_TIERS="$t0:$root/t1:$root/p" SEANET_MAX_FS=65536 SEANET_CHANNEL= \
    LD_PRELOAD="$PWD/$B/libseanet.so" timeout 300 "$B/tests/shim_behaviour" "$root/mnt" "$t0" "$root/t1" "$root/p" 2>&1)
echo "$out" | grep -v '^seanet\['
line=$(grep -E '^behaviour: ' <<<"$out" | tail -1)
if [ -n "$line" ]; then count "$line"; else fail=$((fail + 1)); echo "FAIL shim_behaviour crashed"; fi
# the "working without the daemon" message is said once per process, not per call
n_msgs=$(grep -c 'working without the daemon' <<<"$out")
if [ "$n_msgs" -ge 1 ] && [ "$n_msgs" -le 3 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL degraded-mode message printed $n_msgs times"; fi
rm -rf "$root" "$t0"

# 3b. more behaviour programs, one per area (tests/<area>_behaviour.c), each run the same way
# on fresh tiers; each ends with a line "<area>: N passed, N failed". A program may take extra
# arguments from a line "// args: ..." (none yet) and needs nothing else from this runner.
for src in tests/*_behaviour.c; do
    name=$(basename "$src" .c)
    [ "$name" = shim_behaviour ] && continue
    rm -f "$B/tests/$name"
    if ! gcc -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread -o "$B/tests/$name" "$src" -ldl; then
        fail=$((fail + 1)); echo "FAIL $name does not compile"; continue
    fi
    root=$(mktemp -d /tmp/seanet-native.XXXXXX)
    t0=$(mktemp -d /dev/shm/seanet-native.XXXXXX)
    mkdir -p "$root/t1" "$root/p" "$root/mnt"
    out=$(SEANET_MOUNT="$root/mnt" SEANET_TIERS="$t0:$root/t1:$root/p" SEANET_MAX_FS=65536 SEANET_CHANNEL= \
        SEANET_LIB="$PWD/$B/libseanet.so" LD_PRELOAD="$PWD/$B/libseanet.so" \
        timeout 300 "$B/tests/$name" "$root/mnt" "$t0" "$root/t1" "$root/p" 2>&1)
    echo "$out" | grep -v '^seanet\['
    line=$(grep -E '^[a-z_]+: [0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -1)
    if [ -n "$line" ]; then count "$line"; else fail=$((fail + 1)); echo "FAIL $name crashed"; fi
    rm -rf "$root" "$t0"
done

# 4. house style: the C sources are clang-format clean (.clang-format at the root)
if clang-format --dry-run --Werror src/*.h src/*/*.c src/*/*.h include/*.h tests/*.c tests/*.h ../tests/native/*.c 2>/tmp/seanet-clang-format.$$; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL clang-format would change:"; head -20 /tmp/seanet-clang-format.$$
fi
rm -f /tmp/seanet-clang-format.$$

echo "SUITE native: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
