#!/usr/bin/env bash
# sea pack (issue #5, offline): Debian's python3-zarr writes a three-level OME-NGFF 0.4 multiscale
# (Zarr v2, '/' and '.' chunk keys, 1,300+ chunks), plus a sidecar, an empty directory and odd
# modes, into the persistent directory. `sea pack` turns it into one archive and removes the
# tree. Then: the directory holds that one file; `unzip -t` passes; zarr.ZipStore (an independent
# reader) gives back the same arrays; `unzip` gives byte-identical files; `sea unpack` gives the
# exact tree (modes, ns mtimes, the empty directory); the metadata are the first members. A
# damaged chunk is an error to both ZipStore and sea unpack, never zeros or a partial tree. A tree
# with a zarr .partial temporary in it is refused (exit 2) and left alone.
. "$(dirname "$0")/../lib.sh"
setup_tiers
ZPY=/usr/bin/python3
$ZPY -c 'import zarr' 2>/dev/null || die "Debian's python3-zarr is missing (./build.sh test installs it)"
SEA=$(dirname "$SEA_LAUNCH")/sea
data=$P/sub-01/brain.zarr
mkdir -p "$P/sub-01"

$ZPY - "$data" "$R/expect" <<'PYEOF' || die "the zarr writer failed"
import hashlib, sys, numpy as np, zarr
root, expect = sys.argv[1], sys.argv[2]
g = zarr.open_group(zarr.DirectoryStore(root), mode="w")
g.attrs["multiscales"] = [{"version": "0.4", "name": "brain",
    "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
    "datasets": [{"path": str(i), "coordinateTransformations": [{"type": "scale", "scale": [2.0**i, 2.0**i]}]} for i in range(3)]}]
rng = np.random.default_rng(7)
out = []
for level, (n, sep) in enumerate([(256, "/"), (128, "."), (64, "/")]):
    a = g.create_dataset(str(level), shape=(n, n), chunks=(8, 8), dtype="u2", dimension_separator=sep)
    a[:] = rng.integers(0, 65535, size=(n, n), dtype="u2")
    out.append("%d %s" % (level, hashlib.sha256(a[:].tobytes()).hexdigest()))
open(expect, "w").write("\n".join(out) + "\n")
PYEOF
printf '{"PixelSize": [0.5, 0.5]}\n' > "$data/README.json"
chmod 600 "$data/README.json"
mkdir "$data/annotations"
chmod 750 "$data/1"
touch -d '2024-02-29 12:34:56.123456789' "$data/annotations" "$data/0/.zarray"
cp -a "$data" "$R/ref"
stat_tree() { (cd "$1" && find . -printf '%P %y %m %T@ %s\n' | sort); }

if native; then
    # the oracle alone: the writer's arrays read back from the plain directory
    got=$($ZPY -c '
import hashlib, sys, zarr
g = zarr.open_group(zarr.DirectoryStore(sys.argv[1]), mode="r")
for i in range(3): print("%d %s" % (i, hashlib.sha256(g[str(i)][:].tobytes()).hexdigest()))' "$R/ref")
    assert_same "arrays read back natively" "$(cat "$R/expect")" "$got"
    finish
fi

files=$(find "$data" -type f | wc -l)
"$SEA" pack "$data" >"$R/out" 2>"$R/err"
assert_eq "sea pack exit code ($(tail -3 "$R/err"))" 0 "$?"
archive=$P/sub-01/brain.zarr.zip
assert_same "what the persistent sub-01/ holds after packing" "brain.zarr.zip" "$(ls -A "$P/sub-01")"
grep -q "$files file(s).*verified; originals removed" "$R/out" || fail "sea pack's summary: $(cat "$R/out")"

unzip -tq "$archive" >"$R/unzip-t" 2>&1 || fail "unzip -t: $(tail -3 "$R/unzip-t")"

got=$($ZPY -c '
import hashlib, sys, zarr
s = zarr.ZipStore(sys.argv[1], mode="r")
g = zarr.open_group(s, mode="r")
assert g.attrs["multiscales"][0]["version"] == "0.4"
for i in range(3): print("%d %s" % (i, hashlib.sha256(g[str(i)][:].tobytes()).hexdigest()))' "$archive" 2>&1)
assert_same "arrays read through zarr.ZipStore" "$(cat "$R/expect")" "$got"

"$SEA" ls "$archive" >"$R/ls" || fail "sea ls failed"
assert_same "the first members (metadata, root first, breadth-first)" \
    "$(printf '%s\n' .zgroup .zattrs 0/.zarray 1/.zarray 2/.zarray 0/0/0)" \
    "$(head -6 "$R/ls" | awk '{print $5}')"
assert_eq "the last member" ".seanet~manifest" "$(tail -2 "$R/ls" | head -1 | awk '{print $5}')"
assert_eq "members" "$((files + 1))" "$(grep -c ' stored ' "$R/ls")"
grep -q 'comment: {"ome":{"version":"0.4"},"seanet":{"format":1,"generation":1}}' "$R/ls" || fail "archive comment: $(tail -1 "$R/ls")"

mkdir "$R/unzipped"
(cd "$R/unzipped" && unzip -q "$archive") || fail "unzip failed"
rm -f "$R/unzipped/.seanet~manifest"
assert_same "files unzip restores" "$(treesum "$R/ref" | grep '^f ')" "$(treesum "$R/unzipped" | grep '^f ')"

"$SEA" unpack -C "$R/back" "$archive" >"$R/out2" 2>"$R/err2"
assert_eq "sea unpack exit code ($(tail -3 "$R/err2"))" 0 "$?"
assert_same "the tree sea unpack restores (types, modes, ns mtimes, sizes)" "$(stat_tree "$R/ref")" "$(stat_tree "$R/back")"
assert_same "its content" "$(treesum "$R/ref")" "$(treesum "$R/back")"

# a damaged chunk: one byte of 0/3/5's data flipped in a copy of the archive
cp "$archive" "$R/bad.zip"
$ZPY -c '
import sys, zipfile
p = sys.argv[1]
i = zipfile.ZipFile(p).getinfo("0/3/5")
with open(p, "r+b") as f:
    f.seek(i.header_offset + 26); n, m = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
    at = i.header_offset + 30 + n + m + 3
    f.seek(at); b = f.read(1); f.seek(at); f.write(bytes([b[0] ^ 0xFF]))' "$R/bad.zip"
err=$($ZPY -c '
import sys, zarr
g = zarr.open_group(zarr.ZipStore(sys.argv[1], mode="r"), mode="r")
try:
    g["0"][:]
    print("read without error")
except Exception as e:
    print(type(e).__name__, e)' "$R/bad.zip" 2>&1)
case $err in *"Bad CRC-32"*) ;; *) fail "ZipStore on a damaged chunk: $err" ;; esac
"$SEA" unpack -C "$R/bad-back" "$R/bad.zip" >/dev/null 2>"$R/err3"
assert_eq "sea unpack of a damaged archive: exit code" 1 "$?"
grep -q "member 0/3/5: CRC mismatch" "$R/err3" || fail "sea unpack's error: $(cat "$R/err3")"
[ ! -e "$R/bad-back" ] || fail "sea unpack left a partial tree at $R/bad-back"
assert_eq "temporaries left beside it" "" "$(find "$R" -maxdepth 1 -name '.*seanet~*' -printf '%f ')"

# a write in progress is refused, and nothing changes
cp -a "$R/ref" "$R/busy"
printf 'x' > "$R/busy/0/7/1.3f2a9c.partial"
before=$(stat_tree "$R/busy")
"$SEA" pack "$R/busy" >/dev/null 2>"$R/err4"
assert_eq "sea pack of a tree with a .partial file: exit code" 2 "$?"
grep -q "busy/0/7/1.3f2a9c.partial: a writer's temporary" "$R/err4" || fail "sea pack's error: $(cat "$R/err4")"
assert_same "that tree after the refusal" "$before" "$(stat_tree "$R/busy")"
[ ! -e "$R/busy.zip" ] || fail "an archive was written for the refused tree"
finish
