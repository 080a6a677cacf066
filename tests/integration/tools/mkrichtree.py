#!/usr/bin/env python3
"""mkrichtree.py DIR NFILES SEED [MAXSIZE]: mktree.py's tree plus what copying programs must
keep: file modes (0600 .. 0755, 0444), directory modes (0700, 0750, 0755), symbolic links
(to a file, up a level, to a directory, dangling, absolute), hard-link groups (within a
directory and across directories) and a fixed mtime with nanoseconds on every entry,
symlinks included. Deterministic for a given SEED. Run outside the mount."""
import os
import random
import subprocess
import sys

root, nfiles, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
maxsize = sys.argv[4] if len(sys.argv) > 4 else "20000"
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "mktree.py"),
                root, str(nfiles), str(seed), maxsize], check=True)
rng = random.Random(seed * 7919)
dirs, files = [], []
for d, ds, fs in os.walk(root):
    ds.sort()
    dirs.append(os.path.relpath(d, root))
    files += [os.path.relpath(os.path.join(d, f), root) for f in sorted(fs)]
dirs.sort()
files.sort()

for f in files:
    os.chmod(os.path.join(root, f), rng.choice([0o644, 0o644, 0o600, 0o640, 0o755, 0o444]))

# hard-link groups: an existing file gets one or two more names, same or another directory
links = 0
for i, f in enumerate(rng.sample(files, max(2, nfiles // 25))):
    for k in range(2 if i == 0 else 1):
        d = os.path.dirname(f) if k == 0 and i % 2 == 0 else rng.choice(dirs)
        name = os.path.normpath(os.path.join(d, "hl%03d_%d" % (i, k)))
        os.link(os.path.join(root, f), os.path.join(root, name))
        links += 1

# symbolic links of every kind a tree holds
targets = rng.sample(files, max(4, nfiles // 20))
for i, f in enumerate(targets):
    d = os.path.dirname(f)
    kind = i % 5
    if kind == 0:                      # a sibling file
        where, target = d, os.path.basename(f)
    elif kind == 1:                    # from a new subdirectory up to the file
        sub = os.path.join(d, "sl_sub%03d" % i)
        os.makedirs(os.path.join(root, sub), exist_ok=True)
        dirs.append(sub)
        where, target = sub, os.path.join("..", os.path.basename(f))
    elif kind == 2:                    # a directory
        where, target = d, os.path.relpath(rng.choice(dirs), d or ".")
    elif kind == 3:                    # dangling
        where, target = d, "no such file %d" % i
    else:                              # absolute, outside the tree
        where, target = d, "/etc/hostname"
    os.symlink(target, os.path.join(root, where, "sl%03d" % i))

# fixed mtimes (ns) and modes, directories last so entries made above do not move them
n = 0
for d, ds, fs in os.walk(root):
    for name in sorted(fs) + [x for x in sorted(ds) if os.path.islink(os.path.join(d, x))]:
        p = os.path.join(d, name)
        t = 1500000000 * 10**9 + n * 1000003 * 10**3 + rng.randrange(10**9)
        os.utime(p, ns=(t, t), follow_symlinks=False)
        n += 1
for d, ds, fs in sorted(os.walk(root), key=lambda w: -w[0].count("/")):
    rel = os.path.relpath(d, root)
    if rel != ".":
        os.chmod(d, rng.choice([0o755, 0o755, 0o755, 0o750, 0o700]))
    t = 1400000000 * 10**9 + n * 999983 * 10**3 + rng.randrange(10**9)
    os.utime(d, ns=(t, t))
    n += 1
