#!/usr/bin/env bash
# Python's os.rename/os.replace of files seeded on t1 and persist: the new name has the old
# content and the file stays on its tier; the old name is gone; replacing an existing target
# on another tier leaves only the renamed file visible.
. "$(dirname "$0")/../lib.sh"
setup_tiers

head -c 300000 /dev/urandom >"$R/big"
seed t1 r/big_t1 "$(base64 -w0 "$R/big")"
seed t1 r/small_t1 "small on t1"
seed persist r/on_persist "on persist"
seed persist r/target_p "old target on persist"
seed_dir persist r/pdir
seed t1 r/replacer "replacer on t1"
seed persist r/target_p2 "old target on persist, must not come back"

cat >"$R/ren.py" <<'PY'
import errno, hashlib, os, sys
d, out = sys.argv[1], sys.argv[2]
def sha(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
log = []
before = sha(os.path.join(d, "big_t1"))
os.rename(os.path.join(d, "big_t1"), os.path.join(d, "big_renamed"))
log.append("big same content %s" % (sha(os.path.join(d, "big_renamed")) == before))
os.rename(os.path.join(d, "small_t1"), os.path.join(d, "pdir", "small_moved"))   # into a dir on persist
os.rename(os.path.join(d, "on_persist"), os.path.join(d, "persist_renamed"))
os.replace(os.path.join(d, "persist_renamed"), os.path.join(d, "target_p"))          # replaces a file
os.replace(os.path.join(d, "replacer"), os.path.join(d, "target_p2"))                # t1 file over a persist one
with open(os.path.join(d, "new_t0"), "w") as f:
    f.write("made on t0")
os.replace(os.path.join(d, "new_t0"), os.path.join(d, "pdir", "from_t0"))
for name in ("big_t1", "small_t1", "on_persist", "persist_renamed", "replacer", "new_t0"):
    try:
        os.stat(os.path.join(d, name))
        log.append("%s still exists" % name)
    except OSError as e:
        log.append("%s %s" % (name, errno.errorcode[e.errno]))
try:
    os.rename(os.path.join(d, "does_not_exist"), os.path.join(d, "x"))
except OSError as e:
    log.append("missing source %s" % errno.errorcode[e.errno])
log.append("listing " + " ".join(sorted(os.listdir(d))))
log.append("pdir " + " ".join(sorted(os.listdir(os.path.join(d, "pdir")))))
with open(out, "w") as f:
    f.write("\n".join(log) + "\n")
PY

launch "$PY" "$R/ren.py" "$M/r" "$R/got" || fail "ren.py exited $?"
assert_same "rename results" "$(printf '%s\n' "big same content True" "big_t1 ENOENT" "small_t1 ENOENT" \
    "on_persist ENOENT" "persist_renamed ENOENT" "replacer ENOENT" "new_t0 ENOENT" \
    "missing source ENOENT" "listing big_renamed pdir target_p target_p2" "pdir from_t0 small_moved")" "$(cat "$R/got" 2>&1)"

sum() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
expected=$(sort <<EOT
d pdir
f big_renamed $(sum "$(base64 -w0 "$R/big")")
f pdir/from_t0 $(sum "made on t0")
f pdir/small_moved $(sum "small on t1")
f target_p $(sum "on persist")
f target_p2 $(sum "replacer on t1")
EOT
)
assert_same "files after the renames, seen through the mount" "$expected" "$(mount_view r)"
assert_same "files after the renames, as stored" "$expected" "$(tier_view r)"
assert_file_on_tier r/big_renamed t1
assert_file_on_tier r/pdir/small_moved t1
assert_file_on_tier r/target_p persist
assert_file_on_tier r/target_p2 t1
assert_file_on_tier r/pdir/from_t0 t0
for gone in r/big_t1 r/small_t1 r/on_persist r/persist_renamed r/replacer r/new_t0; do assert_gone "$gone"; done
finish
