#!/usr/bin/env bash
# With tier 0 capped at 2 MiB and max_fs = 256 KiB, one process writing 40 files of 200 KiB
# back to back (open, write, close; no pause for the daemon to catch up) still fills tier 0
# only up to its cap and sends the rest to tier 1, every content intact.
. "$(dirname "$0")/../lib.sh"
setup_tiers
spill_setup

launch "$PY" -c '
import os, sys
m, src = sys.argv[1], sys.argv[2]
os.mkdir(os.path.join(m, "fast"))
for i in range(40):
    with open(os.path.join(src, "f%02d" % i), "rb") as f:
        data = f.read()
    with open(os.path.join(m, "fast", "f%02d" % i), "wb") as f:
        f.write(data)
' "$M" "$R/src" 2>"$R/err" || fail "the writer saw an error (exit $?): $(head -3 "$R/err")"
assert_spilled fast
finish
