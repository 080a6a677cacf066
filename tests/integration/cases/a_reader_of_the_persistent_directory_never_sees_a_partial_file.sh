#!/usr/bin/env bash
# While a 64 MiB file is flushed under flush_bandwidth 32M (about 2 s), a reader polls its
# final name on the persistent directory: every time it exists it has the full size and the
# right checksum (the copy goes to a hidden temporary renamed into place), and at the end it is
# there, intact.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4 flush_delay=0 flush_bandwidth=32M max_fs=67108864
write_list flush 'big/.*'

head -c 67108864 /dev/urandom >"$R/big.bin"
want=$(sha256sum <"$R/big.bin" | cut -d' ' -f1)
(
    seen=0 bad=0
    while [ ! -e "$R/reader.stop" ]; do
        if [ -e "$P/big/data.bin" ]; then
            s=$(stat -c %s "$P/big/data.bin" 2>/dev/null)
            h=$(sha256sum <"$P/big/data.bin" 2>/dev/null | cut -d' ' -f1)
            seen=$((seen + 1))
            if [ "$s" != 67108864 ] || [ "$h" != "$want" ]; then
                bad=$((bad + 1))
                echo "size $s sha ${h:0:16}" >>"$R/partial_seen"
            fi
        fi
        sleep 0.02
    done
    echo "$seen $bad" >"$R/reader_result"
) &
reader=$!
launch_sh 'mkdir "$1/big" && cat "$2" >"$1/big/data.bin" && sleep 0.5' "$M" "$R/big.bin" 2>"$R/err"
rc=$?
touch "$R/reader.stop"
wait "$reader"
assert_eq "sea_launch exit code" 0 "$rc"
if real; then
    read -r seen bad <"$R/reader_result"
    note "the reader saw the final name $seen time(s)"
    assert_eq "reads of the final name that were not the whole file" 0 "$bad"
    [ -s "$R/partial_seen" ] && fail "partial file seen: $(head -3 "$R/partial_seen" | tr '\n' ';')"
    assert_eq "persistent copy" "$want" "$(sha256sum <"$P/big/data.bin" | cut -d' ' -f1)"
    assert_no_flush_temps
fi
finish
