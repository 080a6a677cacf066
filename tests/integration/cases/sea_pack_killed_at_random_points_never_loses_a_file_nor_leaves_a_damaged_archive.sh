#!/usr/bin/env bash
# sea pack killed with SIGKILL at 24 random points of its work (fixed seed) on a tree of 3,000
# chunk-sized files: after every kill, each file is still in the tree, byte for byte, or the
# archive is in place and complete (unzip -t passes, sea unpack gives back the whole tree); an
# archive is never there damaged or partial. Then sea pack run again finishes the job: one
# archive, the tree gone, and no temporary of the killed runs left beside it.
. "$(dirname "$0")/../lib.sh"
setup_tiers
SEA=$(dirname "$SEA_LAUNCH")/sea
ref=$R/ref
"$PY" - "$ref" <<'PYEOF' || die "making the tree failed"
import os, random, sys
root = sys.argv[1]
rnd = random.Random(5)
os.makedirs(root)
open(os.path.join(root, ".zgroup"), "w").write('{"zarr_format": 2}\n')
for a in range(3):
    d = os.path.join(root, str(a))
    os.makedirs(d)
    open(os.path.join(d, ".zarray"), "w").write('{"zarr_format": 2, "chunks": [1, 1]}\n')
    for i in range(1000):
        with open(os.path.join(d, "%d.%d" % (i // 40, i % 40)), "wb") as f:
            f.write(rnd.randbytes(rnd.randint(200, 6000)))
PYEOF
stat_tree() { (cd "$1" && find . -printf '%P %y %m %T@ %s\n' | sort); }
want_stat=$(stat_tree "$ref")
want_sum=$(treesum "$ref")

if native; then
    assert_eq "files in the tree" 3004 "$(find "$ref" -type f | wc -l)"
    finish
fi

# how long one whole pack takes here, to spread the kills over it
cp -a "$ref" "$SHM/timing"
s=$(date +%s%N)
"$SEA" pack "$SHM/timing" >/dev/null 2>&1 || die "a plain sea pack failed"
span_ms=$((($(date +%s%N) - s) / 1000000))
note "one sea pack of the tree: ${span_ms} ms"

RANDOM=20261208
work=$SHM/w/brain.zarr
kills=0 archives=0
for i in $(seq 24); do
    rm -rf "$SHM/w" "$R/back"
    mkdir -p "$SHM/w"
    cp -a "$ref" "$work"
    delay=$((RANDOM % (span_ms + 20)))
    "$SEA" pack "$work" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '0.%03d' "$delay")"
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
    if [ -e "$work.zip" ]; then
        archives=$((archives + 1))
        unzip -tq "$work.zip" >"$R/unzip-t" 2>&1 || fail "kill $i at ${delay} ms: unzip -t fails on the published archive: $(tail -2 "$R/unzip-t")"
        "$SEA" unpack -C "$R/back" "$work.zip" >/dev/null 2>"$R/err" || fail "kill $i: sea unpack fails: $(cat "$R/err")"
        assert_same "kill $i at ${delay} ms: the tree in the published archive" "$want_stat" "$(stat_tree "$R/back")"
        # whatever is left of the tree is part of it, unchanged
        if [ -d "$work" ]; then
            odd=$(comm -23 <(treesum "$work" | grep '^f ' | sort) <(sort <<<"$want_sum") | head -3)
            assert_eq "kill $i: files left in the tree that differ from the original" "" "$odd"
        fi
    else
        assert_same "kill $i at ${delay} ms, no archive yet: the tree" "$want_sum" "$(treesum "$work")"
    fi
done
note "$kills of 24 runs killed while working, $archives left a published archive"
[ "$kills" -ge 12 ] || fail "only $kills of 24 runs were still working when killed: the kills did not land inside the pack"

# what the killed runs leave, finished by running sea pack again: a stale temporary of a dead
# pack (pid 999999999 is above any pid_max) is removed, and a tree whose removal was cut short is
# checked against the archive and removed
touch "$SHM/w/.brain.zarr.zip.seanet~pack~999999999"
if [ -e "$work.zip" ] && [ ! -d "$work" ]; then
    mkdir "$work" # the kill came after the removal: give the rerun something to check
    cp -a "$ref/.zgroup" "$work/"
fi
"$SEA" pack "$work" >"$R/out" 2>"$R/err"
assert_eq "sea pack after the kills: exit code ($(cat "$R/err"))" 0 "$?"
assert_same "what the directory holds at the end" "brain.zarr.zip" "$(ls -A "$SHM/w")"
rm -rf "$R/back"
"$SEA" unpack -C "$R/back" "$work.zip" >/dev/null 2>"$R/err" || fail "sea unpack of the final archive: $(cat "$R/err")"
assert_same "the tree in the final archive" "$want_stat" "$(stat_tree "$R/back")"

# a tree that is not what the archive holds is refused, and both are left alone
cp -a "$ref" "$work"
printf 'changed' > "$work/1/3.3"
"$SEA" pack "$work" >/dev/null 2>"$R/err"
assert_eq "sea pack of a changed tree over its archive: exit code" 2 "$?"
grep -q "1/3.3" "$R/err" || fail "sea pack's refusal does not name the changed file: $(cat "$R/err")"
[ -f "$work/1/3.3" ] || fail "the refused tree lost files"
finish
