#!/usr/bin/env bash
# Debian's python3-zarr (/usr/bin/python3, tools/zarr_chunks.py) writes a 400-chunk array into
# the mount in bands, rewrites part of it, reads it back and opens it afresh: the data's
# checksums and every chunk file (names and bytes) equal a native run's, with the daemon alive
# and with it killed before python starts. The chunks are stored on tier 0 and the drain
# persists them under their final names only.
. "$(dirname "$0")/../lib.sh"
setup_tiers
/usr/bin/python3 -c 'import zarr' 2>/dev/null || die "Debian's python3-zarr is missing (./build.sh test installs it)"

run_three_ways '/usr/bin/python3 "$3/zarr_chunks.py" "$1" "$2/report"' "$IT_TOOLS"

assert_ran_alike
assert_three_same "zarr_chunks report" report
assert_same "native report (test sanity)" "nchunks_initialized 400 of 400" "$(head -1 "$R/out/oracle/report")"
assert_eq "native: what was read equals what was written (test sanity)" \
    "$(sed -n 's/^written sha //p' "$R/out/oracle/report")" "$(sed -n 's/^fresh open sha //p' "$R/out/oracle/report")"
n=$(find "$R/oracle/z.zarr/data" -type f | wc -l)
assert_eq "native chunk files plus .zarray (test sanity)" 401 "$n"
assert_content_three_ways z.zarr "t0 persist"
assert_no_flush_temps
finish
