#!/usr/bin/env bash
# Python's open() in every common mode works on mount paths: write, read back, append to a
# new and to a seeded file (which stays on its tier), read+write with seek, exclusive create,
# truncate, and the errors a program relies on (ENOENT, EEXIST, EISDIR) are exact.
. "$(dirname "$0")/../lib.sh"
setup_tiers

seed t1 io/seeded_t1.log "line from t1"$'\n'
seed persist io/seeded_p.txt "persisted"

cat >"$R/io.py" <<'PY'
import errno, os, sys
d, out = sys.argv[1], sys.argv[2]
p = lambda n: os.path.join(d, n)
log = []
def err(fn):
    try:
        fn()
        return "no error"
    except OSError as e:
        return errno.errorcode[e.errno]

with open(p("w.txt"), "w") as f:
    f.write("hello\n")
with open(p("w.txt")) as f:
    log.append("read " + repr(f.read()))
with open(p("w.txt"), "a") as f:
    f.write("world\n")
with open(p("new_by_append"), "a") as f:           # append creates
    f.write("a1\n")
with open(p("new_by_append"), "a") as f:
    f.write("a2\n")
with open(p("seeded_t1.log"), "a") as f:           # append to a file on t1
    f.write("appended\n")
with open(p("bin.dat"), "wb") as f:
    f.write(bytes(range(256)) * 1000)
with open(p("bin.dat"), "r+b") as f:               # in-place update
    f.seek(1000)
    f.write(b"XYZ")
    f.seek(0, os.SEEK_END)
    log.append("size via seek %d" % f.tell())
with open(p("bin.dat"), "rb") as f:
    f.seek(999)
    log.append("patched " + repr(f.read(5)))
with open(p("seeded_p.txt")) as f:                 # read a persisted file
    log.append("persisted " + repr(f.read()))
with open(p("excl"), "x") as f:
    f.write("x")
log.append("exclusive again " + err(lambda: open(p("excl"), "x")))
log.append("read missing " + err(lambda: open(p("missing"))))
log.append("missing parent " + err(lambda: open(p("nodir/f"), "w")))
log.append("open dir for write " + err(lambda: open(d, "w")))
with open(p("w.txt"), "r+") as f:
    f.truncate(3)
log.append("truncated " + repr(open(p("w.txt")).read()))
os.truncate(p("bin.dat"), 10)
log.append("os.truncate size %d" % os.stat(p("bin.dat")).st_size)
fd = os.open(p("osopen"), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o640)
os.write(fd, b"via os.open")
os.close(fd)
log.append("mode %o" % (os.stat(p("osopen")).st_mode & 0o777))
with open(out, "w") as f:
    f.write("\n".join(log) + "\n")
PY

launch "$PY" "$R/io.py" "$M/io" "$R/got" || fail "io.py exited $?"
assert_same "what the program saw" "$(cat <<'EOT'
read 'hello\n'
size via seek 256000
patched b'\xe7XYZ\xeb'
persisted 'persisted'
exclusive again EEXIST
read missing ENOENT
missing parent ENOENT
open dir for write EISDIR
truncated 'hel'
os.truncate size 10
mode 640
EOT
)" "$(cat "$R/got" 2>&1)"

sum() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
expected=$(sort <<EOT
f bin.dat $(printf '\000\001\002\003\004\005\006\007\010\011' | sha256sum | cut -d' ' -f1)
f excl $(sum x)
f new_by_append $(sum $'a1\na2\n')
f osopen $(sum "via os.open")
f seeded_p.txt $(sum persisted)
f seeded_t1.log $(sum $'line from t1\nappended\n')
f w.txt $(sum hel)
EOT
)
assert_same "files, seen through the mount" "$expected" "$(mount_view io)"
assert_same "files, as stored" "$expected" "$(tier_view io)"
for f in w.txt new_by_append bin.dat excl osopen; do assert_file_on_tier "io/$f" t0; done
assert_file_on_tier io/seeded_t1.log t1
assert_file_on_tier io/seeded_p.txt persist
finish
