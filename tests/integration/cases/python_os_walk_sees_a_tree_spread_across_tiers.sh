#!/usr/bin/env bash
# Python's os.walk over a tree spread over t0, t1 and persist yields every directory and file
# exactly once, top-down and bottom-up, and os.scandir agrees on file types.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_tree "$R/stage" 90 61
spread_tree "$R/stage" w t1 persist
make_tree "$R/extra" 15 62
mkdir -p "$R/want/extra" && cp -r "$R/stage/." "$R/want/" && cp -r "$R/extra/." "$R/want/extra/"

cat >"$R/walk.py" <<'PY'
import os, shutil, sys
top, out = sys.argv[1], sys.argv[2]
# part of the tree made during the job (tier 0); content only: chmod/utime on mount paths
# (what copytree's copystat needs) are not part of this behaviour
for d, dirs, files in os.walk(sys.argv[3]):
    dst = os.path.join(top, "extra", os.path.relpath(d, sys.argv[3]))
    os.makedirs(dst, exist_ok=True)
    for n in files:
        shutil.copyfile(os.path.join(d, n), os.path.join(dst, n))

def listing(topdown):
    seen = []
    for d, dirs, files in os.walk(top, topdown=topdown):
        rel = os.path.relpath(d, top)
        for n in dirs:
            seen.append("d " + os.path.normpath(os.path.join(rel, n)))
        for n in files:
            seen.append("f " + os.path.normpath(os.path.join(rel, n)))
    return seen

down, up = listing(True), listing(False)
types = []
def scan(d, rel):
    with os.scandir(d) as it:
        for e in it:
            r = os.path.join(rel, e.name) if rel else e.name
            if e.is_dir(follow_symlinks=False):
                types.append("d " + r)
                scan(e.path, r)
            elif e.is_file(follow_symlinks=False):
                types.append("f " + r)
            else:
                types.append("? " + r)
scan(top, "")
with open(out, "w") as f:
    f.write("topdown %d unique %d\n" % (len(down), len(set(down))))
    f.write("bottomup %d unique %d\n" % (len(up), len(set(up))))
    f.write("same-sets %s\n" % (sorted(down) == sorted(up)))
    f.write("scandir-agrees %s\n" % (sorted(types) == sorted(down)))
    for x in sorted(down):
        f.write(x + "\n")
PY

launch "$PY" "$R/walk.py" "$M/w" "$R/got" "$R/extra" || fail "walk.py exited $?"

want_list=$(cd "$R/want" && { find . -mindepth 1 -type d -printf 'd %P\n'; find . -type f -printf 'f %P\n'; } | sort)
n=$(wc -l <<<"$want_list")
assert_same "os.walk summary" "$(printf '%s\n' "topdown $n unique $n" "bottomup $n unique $n" "same-sets True" "scandir-agrees True")" "$(head -4 "$R/got" 2>&1)"
assert_same "os.walk entries" "$want_list" "$(tail -n +5 "$R/got" 2>&1)"
assert_same "the tree as stored on the tiers" "$(treesum "$R/want")" "$(tier_view w)"
finish
