#!/usr/bin/env bash
# A file only in the evict list is a temporary: it is readable through the mount while the job
# runs, never copied to the persistent directory, and gone from tier 0 after the job; the
# flushed neighbour in the same directory is persisted as usual.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini log_level=4
write_list flush 'w/keep\.txt'
write_list evict 'w/.*\.tmp'

launch_sh '
    set -e
    mkdir "$1/w"
    for i in 1 2 3 4 5; do seq 1 $((i * 1000)) >"$1/w/part$i.tmp"; done
    echo kept >"$1/w/keep.txt"
    cat "$1/w/part3.tmp" | wc -l >"$2/read_inside"
    sleep 1.5   # past flush_delay: the quiet period after which a closed temporary may go
    [ -x "$3" ] && "$3" status --json >"$2/status.json" || true
' "$M" "$R" "$REPO/bin/sea" 2>"$R/err"
rc=$?
assert_eq "sea_launch exit code" 0 "$rc"
assert_eq "part3.tmp read back inside the job (lines)" 3000 "$(cat "$R/read_inside" 2>&1)"
if real; then
    assert_same "w/ seen through the mount by a new job (temporaries gone)" "f keep.txt $(echo kept | sha256sum | cut -d' ' -f1)" "$(mount_view w)"
    for i in 1 2 3 4 5; do assert_where "w/part$i.tmp" ""; done
    assert_where w/keep.txt "t0 persist"
    assert_eq "persisted keep.txt" kept "$(cat "$P/w/keep.txt" 2>&1)"
    assert_eq "files_evicted in sea status after the quiet period" 5 "$(json_get "$R/status.json" "s['flush']['files_evicted']")"
    assert_eq "drain: failed" 0 "$(drain_count "$R/err" failed)"
fi
finish
