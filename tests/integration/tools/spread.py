#!/usr/bin/env python3
"""spread.py STAGE REL BASE...: the tree STAGE at BASE/REL, spread over the BASE directories
(tier directories, or one plain directory): files and symbolic links round-robin in sorted
order, each on exactly one BASE; the names of a hard-link group all on the BASE its first name
got, as hard links there; every directory on the first BASE and, where needed, on others.
Modes and mtimes (ns) of every entry are kept, those of each directory on every BASE holding
it, so whichever copy a merged view shows, it shows the stage's. Run outside the mount."""
import os
import shutil
import sys

stage, rel, bases = sys.argv[1], sys.argv[2], sys.argv[3:]
dsts = [os.path.join(b, rel) for b in bases]
dirs, entries = [], []
for d, ds, fs in os.walk(stage):
    r = os.path.relpath(d, stage)
    dirs.append(r)
    for n in ds + fs:
        p = os.path.join(d, n)
        if not os.path.isdir(p) or os.path.islink(p):
            entries.append(os.path.relpath(p, stage))
for d in sorted(dirs):
    os.makedirs(os.path.normpath(os.path.join(dsts[0], d)), exist_ok=True)
placed = {}
for i, e in enumerate(sorted(entries)):
    src = os.path.join(stage, e)
    st = os.lstat(src)
    key = (st.st_dev, st.st_ino)
    b = placed[key][0] if st.st_nlink > 1 and key in placed else i % len(dsts)
    dst = os.path.join(dsts[b], e)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if st.st_nlink > 1 and key in placed:
        os.link(placed[key][1], dst)
    elif os.path.islink(src):
        os.symlink(os.readlink(src), dst)
        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns), follow_symlinks=False)
    else:
        shutil.copy2(src, dst)
    placed.setdefault(key, (b, dst))
for d in sorted(dirs, key=lambda x: -x.count("/")):
    st = os.stat(os.path.join(stage, d))
    for base in dsts:
        p = os.path.normpath(os.path.join(base, d))
        if os.path.isdir(p):
            os.chmod(p, st.st_mode & 0o7777)
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
