#!/usr/bin/env python3
"""py_fileops.py ROOT OUT: the standard library's file operations on a tree in the mount
(ROOT/src, spread over the tiers), each reported to OUT with paths relative to ROOT:
shutil.copy2 (content, mode, ns mtime), shutil.copytree (symlinks kept), os.utime(ns=...),
os.truncate (shrink, grow), os.scandir entry types, pathlib glob and rglob, and
tempfile.mkstemp / TemporaryDirectory(dir=ROOT)."""
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

root, out_path = sys.argv[1], sys.argv[2]
src = os.path.join(root, "src")
out = []


def rel(p):
    return os.path.relpath(p, root)


def step(name, fn):
    try:
        fn()
        out.append(name + ": ok")
    except Exception as e:  # noqa: BLE001 - the report names it
        out.append("%s: %s %s" % (name, type(e).__name__, str(e).replace(root, "ROOT")))


def desc(p):
    st = os.lstat(p)
    s = "%s %o" % (stat.filemode(st.st_mode)[0], stat.S_IMODE(st.st_mode))
    if stat.S_ISREG(st.st_mode):
        s += " %d %d" % (st.st_size, st.st_mtime_ns)
    if stat.S_ISLNK(st.st_mode):
        s += " %d -> %s" % (st.st_mtime_ns, os.readlink(p))
    return s


def copy2():
    files = sorted(str(p) for p in Path(src).rglob("*") if p.is_file() and not p.is_symlink())[:12]
    os.makedirs(os.path.join(root, "copied"))
    for i, f in enumerate(files):
        dst = shutil.copy2(f, os.path.join(root, "copied", "c%02d" % i))
        a, b = os.stat(f), os.stat(dst)
        out.append("  copy2 %s: mode %s mtime %s content %s" % (
            rel(f), a.st_mode == b.st_mode, a.st_mtime_ns == b.st_mtime_ns,
            open(f, "rb").read() == open(dst, "rb").read()))


def copytree():
    shutil.copytree(src, os.path.join(root, "tree"), symlinks=True)


def utime():
    p = os.path.join(root, "copied", "c00")
    os.utime(p, ns=(1111111111222222222, 1234567890987654321))
    out.append("  utime ns: %s" % desc(p))
    d = os.path.join(root, "copied")
    os.utime(d, ns=(1, 1300000000000000001))
    out.append("  utime ns of a directory: %d" % os.stat(d).st_mtime_ns)
    link = next(p for p in sorted(Path(os.path.join(root, "tree")).rglob("*")) if p.is_symlink())
    os.utime(link, ns=(5, 1200000000000000007), follow_symlinks=False)
    out.append("  utime ns of a symlink (not followed): %s %s" % (rel(str(link)), desc(str(link))))


def truncate():
    p = os.path.join(root, "trunc.bin")
    with open(p, "wb") as f:
        f.write(bytes(range(256)) * 40)
    os.truncate(p, 1000)
    a = os.stat(p).st_size
    os.truncate(p, 5000)
    data = open(p, "rb").read()
    with open(p, "r+b") as f:
        os.truncate(f.fileno(), 3000)  # by descriptor (ftruncate)
    out.append("  truncate: %d, grown %d zero-filled %s, by fd %d" % (
        a, len(data), data[1000:] == bytes(4000), os.stat(p).st_size))
    os.utime(p, ns=(0, 1000000000000000000))


def scandir():
    def walk(d):
        with os.scandir(d) as it:
            for e in sorted(it, key=lambda e: e.name):
                t = "l" if e.is_symlink() else "d" if e.is_dir(follow_symlinks=False) else \
                    "f" if e.is_file(follow_symlinks=False) else "?"
                followed = "d" if e.is_dir() else "f" if e.is_file() else "-"
                out.append("  scandir %s %s %s inode-matches %s" % (
                    rel(e.path), t, followed, e.inode() == os.lstat(e.path).st_ino))
                if t == "d":
                    walk(e.path)
    walk(src)


def globs():
    s = Path(src)
    for pat in ("*", "*/*.txt", "**/*.json", "d0*/**/f00*"):
        out.append("  glob %s: %s" % (pat, sorted(rel(str(p)) for p in s.glob(pat))))
    out.append("  rglob *.bin: %s" % sorted(rel(str(p)) for p in s.rglob("*.bin")))
    out.append("  rglob sl*: %s" % sorted(rel(str(p)) for p in s.rglob("sl*")))


def temps():
    fd, name = tempfile.mkstemp(dir=root, prefix="mk", suffix=".tmp")
    os.write(fd, b"made by mkstemp\n")
    os.close(fd)
    st = os.stat(name)
    out.append("  mkstemp: in root %s, mode %o, size %d" % (
        os.path.dirname(name) == root, stat.S_IMODE(st.st_mode), st.st_size))
    os.replace(name, os.path.join(root, "from-mkstemp.txt"))
    os.utime(os.path.join(root, "from-mkstemp.txt"), ns=(0, 1000000000000000001))
    with tempfile.TemporaryDirectory(dir=root) as td:
        out.append("  TemporaryDirectory: in root %s, mode %o" % (
            os.path.dirname(td) == root, stat.S_IMODE(os.stat(td).st_mode)))
        for i in range(5):
            os.makedirs(os.path.join(td, "x", str(i)))
            with open(os.path.join(td, "x", str(i), "f"), "w") as f:
                f.write("temp %d\n" % i)
        out.append("  its listing: %s" % sorted(os.listdir(os.path.join(td, "x"))))
        kept = td
    out.append("  TemporaryDirectory removed: %s" % (not os.path.exists(kept)))
    out.append("  root now: %s" % sorted(os.listdir(root)))


for name, fn in [("copy2", copy2), ("copytree", copytree), ("utime", utime),
                 ("truncate", truncate), ("scandir", scandir), ("glob", globs), ("tempfile", temps)]:
    step(name, fn)
# what the job changed gets fixed directory times, so the three runs leave the same trees
for d in ("copied",):
    try:
        os.utime(os.path.join(root, d), ns=(1, 1300000000000000001))
    except OSError as e:
        out.append("final utime: %s" % type(e).__name__)
with open(out_path, "w") as f:
    f.write("\n".join(out) + "\n")
