#!/usr/bin/env bash
# sqlite3 keeps a database in the mount: 1000 rows inserted in transactions with a rollback
# journal, then in WAL mode, a rolled-back transaction leaves no trace, the next job reads the
# same rows, and the database file is on tier 0 with its -journal/-wal files cleaned up.
. "$(dirname "$0")/../lib.sh"
setup_tiers

rows_sql() { # FROM TO: one transaction inserting rows FROM..TO
    echo "BEGIN;"
    seq "$1" "$2" | awk '{ printf "INSERT INTO t VALUES (%d, '"'"'row-%d'"'"', randomblob(100));\n", $1, $1 }'
    echo "COMMIT;"
}
{
    echo "PRAGMA journal_mode=DELETE;"
    echo "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, pad BLOB);"
    for i in 0 1 2 3 4; do rows_sql $((i * 100 + 1)) $((i * 100 + 100)); done
    # a transaction that is rolled back: needs the journal to undo
    echo "BEGIN; DELETE FROM t; INSERT INTO t VALUES (5000, 'ghost', NULL); ROLLBACK;"
    echo "PRAGMA journal_mode=WAL;"
    for i in 5 6 7 8 9; do rows_sql $((i * 100 + 1)) $((i * 100 + 100)); done
    echo "SELECT 'count', count(*), sum(id), count(DISTINCT name) FROM t;"
    echo "PRAGMA integrity_check;"
} >"$R/load.sql"

launch_sh '
    set -e
    d=$1/db r=$2
    mkdir "$d"
    sqlite3 -batch "$d/test.db" <"$r/load.sql" >"$r/load.out"
    # a second connection while the first job still runs: WAL and -shm work across processes
    sqlite3 -batch "$d/test.db" "PRAGMA journal_mode; SELECT count(*) FROM t WHERE name LIKE '\''row-%'\'';" >"$r/second.out"
    ls -1A "$d" >"$r/files_after"
' "$M" "$R" 2>"$R/sqlite.err" || fail "sqlite workload exited $?: $(head -3 "$R/sqlite.err")"

assert_same "load output" "$(printf '%s\n' delete wal "count|1000|500500|1000" ok)" "$(cat "$R/load.out" 2>&1)"
assert_same "second connection" "$(printf '%s\n' wal 1000)" "$(cat "$R/second.out" 2>&1)"
assert_same "files beside the database after the connections closed" "test.db" "$(cat "$R/files_after" 2>&1)"
assert_file_on_tier db/test.db t0

# the next job (index rebuilt from the tiers) reads the same rows
launch sqlite3 -batch "$M/db/test.db" "SELECT count(*), sum(id), max(id) FROM t; PRAGMA integrity_check;" \
    >"$R/next.out" 2>"$R/next.err" || fail "next job's sqlite3 exited $?: $(head -3 "$R/next.err")"
assert_same "rows in the next job" "$(printf '%s\n' "1000|500500|1000" ok)" "$(cat "$R/next.out")"

# and the stored file itself is a sound database (read without SeaNet)
if real; then
    cp "$T0/db/test.db" "$R/copy.db" 2>/dev/null || fail "no database file on tier 0"
else
    cp "$M/db/test.db" "$R/copy.db"
fi
assert_same "the stored database file, read without SeaNet" "$(printf '%s\n' "1000|500500" ok)" \
    "$(sqlite3 -batch "$R/copy.db" "SELECT count(*), sum(id) FROM t; PRAGMA integrity_check;" 2>&1)"
finish
