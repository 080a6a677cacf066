#!/usr/bin/env bash
# With tier 0 capped at 2 MiB and max_fs = 256 KiB, a shell loop writing 40 files of 200 KiB
# (`head -c ... >file`: the shell opens the file, the exec'd head writes it) gets no error:
# the first files fill tier 0, the rest go to tier 1, every content is intact, and tier 0
# never holds more than 2 MiB of them.
. "$(dirname "$0")/../lib.sh"
setup_tiers
spill_setup

launch_sh '
    m=$1 r=$2
    set -e
    mkdir "$m/spill"
    for i in $(seq -w 0 39); do
        head -c 204800 "$r/src/f$i" >"$m/spill/f$i"
    done
    for i in $(seq -w 0 39); do cmp "$r/src/f$i" "$m/spill/f$i"; done
' "$M" "$R" 2>"$R/err" || fail "the writer saw an error (exit $?): $(head -3 "$R/err")"
assert_spilled spill
finish
