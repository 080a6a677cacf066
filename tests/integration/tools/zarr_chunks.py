#!/usr/bin/python3
"""zarr_chunks.py ROOT OUT: Debian's zarr (v2, DirectoryStore) writes a chunked array of 400
chunks into ROOT/z.zarr in row bands, rewrites part of it, adds a group with attributes,
reads everything back and reports checksums of the data (and of what a fresh open reads) to
OUT. Zlib, not Blosc: chunk files must be identical byte for byte across runs."""
import hashlib
import sys

import numcodecs
import numpy as np
import zarr

root, out = sys.argv[1], sys.argv[2]
path = root + "/z.zarr"
rep = []
g = zarr.open_group(path, mode="w")
g.attrs["made_by"] = "the integration test"
a = g.create_dataset("data", shape=(400, 300), chunks=(20, 15), dtype="<i4",
                     compressor=numcodecs.Zlib(level=1), fill_value=0)
full = np.arange(400 * 300, dtype="<i4").reshape(400, 300)
for r in range(0, 400, 40):
    a[r:r + 40, :] = full[r:r + 40, :]
# a second pass over part of the array rewrites those chunks
full[100:170, 40:200] *= -3
a[100:170, 40:200] = full[100:170, 40:200]
small = g.create_dataset("small", shape=(7,), chunks=(3,), dtype="<f8", compressor=None)
small[:] = np.linspace(0, 1, 7)
rep.append("nchunks_initialized %d of %d" % (a.nchunks_initialized, a.nchunks))
rep.append("written sha %s" % hashlib.sha256(full.tobytes()).hexdigest())
rep.append("read back sha %s" % hashlib.sha256(a[:].tobytes()).hexdigest())
z = zarr.open_group(path, mode="r")
rep.append("fresh open sha %s" % hashlib.sha256(z["data"][:].tobytes()).hexdigest())
rep.append("fresh open equal %s" % bool(np.array_equal(z["data"][:], full)))
rep.append("small %s" % z["small"][:].tolist())
rep.append("attrs %s" % dict(z.attrs))
rep.append("members %s" % sorted(z.array_keys()))
with open(out, "w") as f:
    f.write("\n".join(rep) + "\n")
