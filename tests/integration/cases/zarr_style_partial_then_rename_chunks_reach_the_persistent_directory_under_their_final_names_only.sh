#!/usr/bin/env bash
# A Zarr-style writer (flush_delay 0, flush list `arr/.*`): each chunk is written to
# c/I/J.<random>.partial and renamed over c/I/J with os.replace, 400 chunks by 4 threads, some
# chunks rewritten. After the job the persistent directory holds every chunk under its final
# name with its last content, and no .partial file (nor flush temporary).
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=0
write_list flush 'arr/.*'

launch "$PY" -c '
import os, sys, threading, uuid, hashlib
m = sys.argv[1]
root = os.path.join(m, "arr")
def chunk(i, j, v):
    return hashlib.sha256(b"%d.%d.%d" % (i, j, v)).digest() * (64 + (i * 7 + j) % 50)
def put(i, j, v):
    d = os.path.join(root, "c", str(i))
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, "%d.%s.partial" % (j, uuid.uuid4().hex))
    with open(tmp, "wb") as f:
        f.write(chunk(i, j, v))
    os.replace(tmp, os.path.join(d, str(j)))
def worker(t):
    for i in range(t, 20, 4):
        for j in range(20):
            put(i, j, 0)
        for j in range(0, 20, 5):
            put(i, j, 1)
os.makedirs(root)
with open(os.path.join(root, ".zarray"), "w") as f:
    f.write("{\"zarr_format\": 2}\n")
ts = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
[t.start() for t in ts]
[t.join() for t in ts]
' "$M" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
expected=$("$PY" -c '
import hashlib
print("f .zarray %s" % hashlib.sha256(b"{\"zarr_format\": 2}\n").hexdigest())
print("d c")
for i in range(20):
    print("d c/%d" % i)
    for j in range(20):
        v = 1 if j % 5 == 0 else 0
        data = hashlib.sha256(b"%d.%d.%d" % (i, j, v)).digest() * (64 + (i * 7 + j) % 50)
        print("f c/%d/%d %s" % (i, j, hashlib.sha256(data).hexdigest()))
' | sort)
assert_same "arr/ seen through the mount by a new job" "$expected" "$(mount_view arr)"
if real; then
    assert_same "arr/ on the persistent directory" "$expected" "$(treesum "$P/arr")"
    partial=$(find "$P" -name '*.partial' -printf '%P\n' | head -5 | tr '\n' ' ')
    assert_eq ".partial files on the persistent directory" "" "$partial"
    assert_no_flush_temps
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
fi
finish
