#!/usr/bin/env bash
# Eight Python threads each write 200 files with distinct content into the mount at the same
# time (each thread also renames and deletes some); afterwards every file has exactly its
# content, nothing else exists, and every file is on tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers

cat >"$R/threads.py" <<'PY'
import hashlib, os, sys, threading
top, out = sys.argv[1], sys.argv[2]
errors = []

def content(t, i):
    return (f"thread {t} file {i}\n".encode() * (1 + (t * 200 + i) % 97))

def worker(t):
    try:
        d = os.path.join(top, f"t{t}")
        os.makedirs(d, exist_ok=True)
        for i in range(200):
            p = os.path.join(d, f"f{i:03d}")
            tmp = p + ".tmp"
            with open(tmp, "wb") as f:
                f.write(content(t, i))
            os.rename(tmp, p)
            if i % 10 == 0:                       # a scratch file that must vanish
                with open(p + ".scratch", "w") as f:
                    f.write("scratch")
                os.unlink(p + ".scratch")
    except Exception as e:
        errors.append(f"thread {t}: {e!r}")

threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
for th in threads:
    th.start()
for th in threads:
    th.join()
# read everything back in the same process
bad = 0
for t in range(8):
    for i in range(200):
        with open(os.path.join(top, f"t{t}", f"f{i:03d}"), "rb") as f:
            bad += f.read() != content(t, i)
with open(out, "w") as f:
    f.write(f"errors {len(errors)} {errors[:3]}\nbad {bad}\n")
    for t in range(8):
        for i in range(200):
            f.write(f"f t{t}/f{i:03d} {hashlib.sha256(content(t, i)).hexdigest()}\n")
PY

launch "$PY" "$R/threads.py" "$M/mt" "$R/got" || fail "threads.py exited $?"
assert_same "errors and bad reads in the writer" "$(printf '%s\n' "errors 0 []" "bad 0")" "$(head -2 "$R/got" 2>&1)"
expected=$({ printf 'd t%d\n' 0 1 2 3 4 5 6 7; tail -n +3 "$R/got"; } | sort)
[ "$(wc -l <<<"$expected")" -eq 1608 ] || fail "the writer did not report 1600 files"
assert_same "files as stored on the tiers" "$expected" "$(tier_view mt)"
assert_same "files seen through the mount by a new job" "$expected" "$(mount_view mt)"
if real; then
    assert_eq "files on tier 0" 1600 "$(find "$T0/mt" -type f | wc -l)"
fi
finish
