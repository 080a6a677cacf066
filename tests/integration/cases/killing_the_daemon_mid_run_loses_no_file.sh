#!/usr/bin/env bash
# kill -9 of this job's seanetd while a workload writes 2000 files through the mount: the
# workload carries on (the shim falls back to probing the tiers), exits 0, sea_launch exits
# 0, and every file, written before or after the kill, is there with its content.
. "$(dirname "$0")/../lib.sh"
setup_tiers

# The workload pauses at file 1000 until the test has killed the daemon, so the kill always
# lands mid-run however fast the machine is. Every 100 files it starts a new process (cat),
# which must cope with a daemon that is gone.
cat >"$R/work.sh" <<'SH'
m=$1 r=$2
set -e
echo $$ >"$r/workload.pid"
mkdir -p "$m/k/a" "$m/k/b"
for i in $(seq 0 1999); do
    [ "$i" = 1000 ] && { touch "$r/halfway"; n=0; while [ ! -e "$r/go" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done; }
    d=a
    [ $((i % 2)) = 0 ] || d=b
    printf 'file %d of the killed-daemon test\n' "$i" >"$m/k/$d/f$i"
    if [ $((i % 100)) = 99 ]; then
        cat "$m/k/b/f$i" >"$m/k/check$i"
        mv "$m/k/check$i" "$m/k/checked$i"
    fi
done
ls "$m/k/a" "$m/k/b" | grep -c '^f' >"$r/listed"
echo finished >"$r/workload.done"
SH

if native; then
    touch "$R/go"
    launch bash "$R/work.sh" "$M" "$R"
    rc=$?
else
    "$SEA_LAUNCH" -c "$INI" -- bash "$R/work.sh" "$M" "$R" &
    launcher=$!
    for _ in $(seq 1 400); do [ -e "$R/halfway" ] && break; sleep 0.025; done
    [ -e "$R/halfway" ] || fail "the workload did not reach file 1000 within 10 s"
    sleep 0.5
    # this job's daemon: a child of this sea_launch that runs bin/seanetd (sea_launch itself
    # is the same binary under another name, and the workload is excluded)
    daemon=
    wl=$(cat "$R/workload.pid" 2>/dev/null)
    for p in $(pgrep -P "$launcher"); do
        [ "$p" = "$wl" ] && continue
        [ "/proc/$p/exe" -ef "$SEANETD" ] && daemon=$p
    done
    if [ -z "$daemon" ]; then
        fail "no seanetd child of sea_launch (pid $launcher) found; its children: $(pgrep -a -P "$launcher" | tr '\n' ';')"
    else
        note "killing seanetd pid $daemon ($(tr '\0' ' ' <"/proc/$daemon/cmdline"))"
        kill -9 "$daemon"
        sleep 0.2
        [ -e "/proc/$daemon" ] && [ "$(awk '{ print $3 }' "/proc/$daemon/stat")" != Z ] &&
            fail "seanetd pid $daemon survived kill -9"
    fi
    touch "$R/go"
    wait "$launcher"
    rc=$?
fi
assert_eq "sea_launch exit code (the workload's)" 0 "$rc"
assert_eq "workload finished" finished "$(cat "$R/workload.done" 2>&1)"
assert_eq "files the workload listed at the end" 2000 "$(cat "$R/listed" 2>&1)"

expected=$("$PY" -c '
import hashlib
print("d a\nd b")
for i in range(2000):
    h = hashlib.sha256(b"file %d of the killed-daemon test\n" % i).hexdigest()
    print("f %s/f%d %s" % ("ab"[i % 2], i, h))
    if i % 100 == 99:
        print("f checked%d %s" % (i, h))
' | sort)
assert_same "files as stored on the tiers" "$expected" "$(tier_view k)"
assert_same "files seen through the mount by a new job" "$expected" "$(mount_view k)"
finish
