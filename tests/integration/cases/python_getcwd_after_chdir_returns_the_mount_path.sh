#!/usr/bin/env bash
# After os.chdir into the mount, os.getcwd() returns the virtual path under the mount (never
# a tier directory), relative opens, listdir, stat and renames resolve against it, chdir
# ".." walks the virtual tree, and a child process inherits the virtual cwd.
. "$(dirname "$0")/../lib.sh"
setup_tiers

seed t1 c/sub_t1/on_t1.txt "t1 file"
seed persist c/sub_t1/on_p.txt "persist file"

cat >"$R/cwd.py" <<'PY'
import os, subprocess, sys
m, out = sys.argv[1], sys.argv[2]
log = []
os.chdir(os.path.join(m, "c"))
log.append("cwd " + os.getcwd())
os.makedirs("made/deeper")                         # relative mkdir
os.chdir("made/deeper")
log.append("cwd " + os.getcwd())
with open("rel.txt", "w") as f:                    # relative create
    f.write("relative")
with open("../../sub_t1/on_t1.txt") as f:          # relative read of a t1 file, via ..
    log.append("read " + f.read())
os.chdir("../..")
log.append("cwd " + os.getcwd())
log.append("listdir . " + " ".join(sorted(os.listdir("."))))
log.append("listdir sub_t1 " + " ".join(sorted(os.listdir("sub_t1"))))
log.append("stat size %d" % os.stat("sub_t1/on_p.txt").st_size)
log.append("exists %s" % os.path.exists("made/deeper/rel.txt"))
os.rename("sub_t1/on_p.txt", "made/p_moved.txt")   # relative rename
os.chdir("sub_t1")
log.append("cwd " + os.getcwd())
log.append("realpath " + os.path.realpath("on_t1.txt"))
log.append("abspath " + os.path.abspath("on_t1.txt"))
os.chdir("..")
os.chdir("..")
log.append("cwd " + os.getcwd())
os.chdir("c/made")
log.append("child pwd " + subprocess.run(["/bin/pwd", "-P"], capture_output=True, text=True).stdout.strip())
log.append("child cat " + subprocess.run(["/bin/cat", "deeper/rel.txt"], capture_output=True, text=True).stdout)
fd = os.open(".", os.O_RDONLY)
os.chdir("/")
os.fchdir(fd)
log.append("after fchdir " + os.getcwd())
with open(out, "w") as f:
    f.write("\n".join(log) + "\n")
PY

launch "$PY" "$R/cwd.py" "$M" "$R/got" || fail "cwd.py exited $?"
assert_same "what the program saw" "$(cat <<EOT
cwd $M/c
cwd $M/c/made/deeper
read t1 file
cwd $M/c
listdir . made sub_t1
listdir sub_t1 on_p.txt on_t1.txt
stat size 12
exists True
cwd $M/c/sub_t1
realpath $M/c/sub_t1/on_t1.txt
abspath $M/c/sub_t1/on_t1.txt
cwd $M
child pwd $M/c/made
child cat relative
after fchdir $M/c/made
EOT
)" "$(cat "$R/got" 2>&1)"
assert_file_on_tier c/made/deeper/rel.txt t0
assert_file_on_tier c/made/p_moved.txt persist
assert_gone c/sub_t1/on_p.txt
finish
