#!/usr/bin/env bash
# write_2000_files.sh MOUNT R: the workload of the killed-daemon cases. Writes M/k/{a,b}/f0..
# f1999; every 100 files a new process (cat) copies one and the copy is renamed. At file 1000
# it pauses (up to 10 s) until R/go exists, so a test can act mid-run however fast the
# machine is. Leaves R/workload.pid, R/halfway, R/listed and R/workload.done.
m=$1 r=$2
set -e
echo $$ >"$r/workload.pid"
mkdir -p "$m/k/a" "$m/k/b"
for i in $(seq 0 1999); do
    if [ "$i" = 1000 ]; then
        touch "$r/halfway"
        n=0
        while [ ! -e "$r/go" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
    fi
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
