#!/usr/bin/env bash
# A small neuroimaging-shaped pipeline, run unmodified under sea_launch by run_demo.sh:
# per subject, read an input volume, write intermediates, keep a result; then index the
# results in sqlite and archive them with tar. It only knows the directory it is given.
set -euo pipefail
work=$1
cd "$work"
mkdir -p derivatives/tmp derivatives/results
for input in inputs/sub-*.nii; do
    sub=$(basename "$input" .nii)
    python3 - "$input" "derivatives/tmp/$sub" "derivatives/results/$sub" <<'PY'
import hashlib, os, sys
src, tmp, out = sys.argv[1:]
data = open(src, "rb").read()
os.makedirs(tmp, exist_ok=True)
# "motion correction" and "smoothing": byte-wise transforms written as intermediates
step1 = bytes((b + 1) & 0xFF for b in data[: len(data) // 2]) + data[len(data) // 2 :]
with open(os.path.join(tmp, "mc.nii"), "wb") as f:
    f.write(step1)
step2 = bytes(reversed(step1))
with open(os.path.join(tmp, "smooth.nii"), "wb") as f:
    f.write(step2)
for i in range(20):  # many small sidecars, the kind BIDS pipelines leave behind
    with open(os.path.join(tmp, f"qc-{i:02d}.json"), "w") as f:
        f.write('{"frame": %d, "ok": true}\n' % i)
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out + "_bold.nii", "wb") as f:
    f.write(step2[::2])
with open(out + "_bold.sha256", "w") as f:
    f.write(hashlib.sha256(step2[::2]).hexdigest() + "\n")
PY
done
sqlite3 derivatives/index.sqlite "create table if not exists results(name text, bytes int);"
for r in derivatives/results/*_bold.nii; do
    sqlite3 derivatives/index.sqlite "insert into results values('$(basename "$r")', $(stat -c %s "$r"));"
done
tar -cf derivatives/results.tar -C derivatives results
(cd derivatives/results && sha256sum -c --quiet ./*.sha256 2>/dev/null || true)
rm -r derivatives/tmp
echo "pipeline: $(sqlite3 derivatives/index.sqlite 'select count(*) from results') results, $(find derivatives | wc -l) paths"
