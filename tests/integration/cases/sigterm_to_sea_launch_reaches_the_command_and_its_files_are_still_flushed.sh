#!/usr/bin/env bash
# SIGTERM to sea_launch while its command sleeps: the command receives it (its handler notes
# it, then dies of it), the 30 files written before are flushed to the persistent directory
# intact, and sea_launch exits 143 like a shell reporting a command killed by SIGTERM.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=30s   # only the drain can have flushed them
write_list flush 'job/.*'

workload='
import os, signal, sys, time
m, r = sys.argv[1], sys.argv[2]
def on_term(sig, frame):
    open(os.path.join(r, "got_sigterm"), "w").write("yes\n")
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
signal.signal(signal.SIGTERM, on_term)
os.mkdir(os.path.join(m, "job"))
for i in range(30):
    with open(os.path.join(m, "job", "out%02d" % i), "wb") as f:
        f.write(b"output %d\n" % i * (i + 1) * 100)
open(os.path.join(r, "ready"), "w").close()
time.sleep(25)
open(os.path.join(r, "slept_through"), "w").close()
'
if native; then
    "$PY" -c "$workload" "$M" "$R" 2>"$R/err" &
else
    "$SEA_LAUNCH" -c "$INI" -- "$PY" -c "$workload" "$M" "$R" 2>"$R/err" &
fi
pid=$!
for _ in $(seq 1 200); do [ -e "$R/ready" ] && break; sleep 0.05; done
[ -e "$R/ready" ] || fail "the workload did not get ready within 10 s"
sleep 0.3
kill -TERM "$pid"
t0=$(date +%s)
wait "$pid"
rc=$?
assert_eq "sea_launch exit code (command killed by SIGTERM)" 143 "$rc"
assert_eq "the command's SIGTERM handler ran" yes "$(cat "$R/got_sigterm" 2>&1)"
[ -e "$R/slept_through" ] && fail "the command slept through: it never got the signal"
[ $(($(date +%s) - t0)) -le 15 ] || fail "sea_launch took $(($(date +%s) - t0)) s to return after SIGTERM"
expected=$(for i in $(seq 0 29); do
    n=$(printf '%02d' "$i")
    echo "f out$n $("$PY" -c "import sys,hashlib; print(hashlib.sha256(b'output %d\n' % $i * ($i + 1) * 100).hexdigest())")"
done)
assert_same "job/ seen through the mount by a new job" "$expected" "$(mount_view job)"
if real; then
    assert_same "job/ on the persistent directory" "$expected" "$(treesum "$P/job")"
    assert_eq "drain: files persisted" 30 "$(drain_count "$R/err" persisted)"
    assert_no_flush_temps
fi
finish
