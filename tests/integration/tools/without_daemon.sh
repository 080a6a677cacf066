#!/usr/bin/env bash
# without_daemon.sh SEANETD LOG CMD [ARGS...]: run as the command of sea_launch (its parent),
# SIGKILLs every seanetd child of that sea_launch, as often as the supervisor restarts one,
# until the supervisor gives up ("carrying on without it" in LOG, sea_launch's log file or a
# copy of its stderr), waits until the last daemon's heartbeat in the channel is stale (the
# shim trusts a beat younger than 2 s), then execs CMD: CMD runs on the shim's fallback path,
# which probes the tiers itself. Exits 125 without running CMD if the supervisor never gave up.
set -u
seanetd=$1 log=$2
shift 2
launcher=$PPID
kills=0
gave_up() { [ "$(grep -c 'carrying on without it' "$log" 2>/dev/null)" -gt "$before" ]; }
# the log may hold an earlier job's give-up
before=$(grep -c 'carrying on without it' "$log" 2>/dev/null)
before=${before:-0}
for _ in $(seq 1 1500); do
    gave_up && break
    for p in $(pgrep -P "$launcher"); do
        [ "$p" = $$ ] && continue
        if [ "/proc/$p/exe" -ef "$seanetd" ]; then
            kill -9 "$p" 2>/dev/null && kills=$((kills + 1))
        fi
    done
    sleep 0.01
done
if ! gave_up; then
    echo "without_daemon: sea_launch (pid $launcher) still restarts seanetd after $kills kill(s) in 15 s" >&2
    exit 125
fi
left=$(for p in $(pgrep -P "$launcher"); do [ "/proc/$p/exe" -ef "$seanetd" ] && echo "$p"; done)
if [ -n "$left" ]; then
    echo "without_daemon: a seanetd child of sea_launch is still running after it gave up: $left" >&2
    exit 125
fi
echo "without_daemon: killed seanetd $kills time(s); sea_launch carries on without it" >&2
sleep 2.2
exec "$@"
