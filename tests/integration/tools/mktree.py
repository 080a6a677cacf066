#!/usr/bin/env python3
"""mktree.py DIR NFILES SEED [MAXSIZE]: a deterministic tree of NFILES files in nested
directories (up to 4 deep, a few empty directories, some empty files, one name with a
space). Run outside the mount: it makes the originals the tests compare against."""
import os
import random
import sys


def main() -> None:
    root, nfiles, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    maxsize = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    rng = random.Random(seed)
    dirs = [""]
    for i in range(max(3, nfiles // 12)):
        parent = rng.choice([d for d in dirs if d.count("/") < 3])
        dirs.append(os.path.join(parent, f"d{i:03d}"))
    for d in dirs:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    os.makedirs(os.path.join(root, "empty dir", "inner"), exist_ok=True)
    for i in range(nfiles):
        d = rng.choice(dirs)
        name = f"file {i:04d}.dat" if i == 1 else f"f{i:04d}.{rng.choice(['txt', 'bin', 'json'])}"
        r = rng.random()
        size = 0 if r < 0.05 else rng.randint(1, 300) if r < 0.6 else rng.randint(300, maxsize)
        with open(os.path.join(root, d, name), "wb") as f:
            f.write(rng.randbytes(size))


main()
