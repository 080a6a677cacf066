#!/usr/bin/env bash
# Runs the integration cases: real programs under bin/sea_launch (or, with
# SEANET_IT_NATIVE=1, directly on a plain directory, to prove the test logic alone).
#   tests/integration/run.sh [WORD...]   only the cases whose name contains a WORD
# Prints "PASS name" / "FAIL name: reason" per case, then exactly one line
# "SUITE integration: N passed, N failed"; exits non-zero if any case failed.
set -u
export LC_ALL=C
IT_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$IT_DIR/../.." && pwd)
CASE_TIMEOUT=${SEANET_IT_TIMEOUT:-120}

# Resolve the interpreter once (python3 may be a pyenv shim script).
SEANET_IT_PY=$(python3 -c 'import sys; print(sys.executable)')
export SEANET_IT_PY

log_dir=$(mktemp -d "${TMPDIR:-/tmp}/seanet-it-logs.XXXXXX")
if [ "${SEANET_IT_NATIVE:-0}" = 1 ]; then
    echo "integration: native mode (no SeaNet; placement checks skipped)"
else
    if [ -n "${SEANET_IT_LAUNCH:-}" ]; then
        echo "integration: launcher $SEANET_IT_LAUNCH"
    else
        for f in "$REPO/bin/sea_launch" "$REPO/lib/libseanet.so"; do
            [ -e "$f" ] || echo "integration: $f is missing (run ./build.sh); every case will fail"
        done
    fi
fi

selected() {
    local name=$1 w
    [ $# -eq 1 ] && return 0
    shift
    for w in "$@"; do [[ $name == *"$w"* ]] && return 0; done
    return 1
}

passed=0 failed=0
for case_file in "$IT_DIR"/cases/*.sh; do
    name=$(basename "$case_file" .sh)
    selected "$name" "$@" || continue
    log=$log_dir/$name.log
    t0=$(date +%s%N)
    # timeout signals the whole process group, so a hung workload cannot outlive its case
    timeout -k 5 "$CASE_TIMEOUT" bash "$case_file" </dev/null >"$log" 2>&1
    rc=$?
    secs=$(( ($(date +%s%N) - t0) / 1000000 ))
    secs=$(printf '%d.%01d' $((secs / 1000)) $((secs % 1000 / 100)))
    if [ "$rc" -eq 0 ] && grep -qx it-pass "$log" && ! grep -q '^it-fail:' "$log"; then
        echo "PASS $name (${secs}s)"
        passed=$((passed + 1))
        continue
    fi
    failed=$((failed + 1))
    reason=$(grep -m1 '^it-fail:' "$log" | sed 's/^it-fail: //')
    case $rc in
        124 | 137) reason="timed out after ${CASE_TIMEOUT}s${reason:+; first failure: $reason}" ;;
        *) [ -n "$reason" ] || reason="exited $rc without a verdict (see log)" ;;
    esac
    echo "FAIL $name: $reason"
    # the rest of the evidence, indented, so the SUITE line stays easy to find
    if grep -q '^it-fail:' "$log"; then
        grep -v -e '^it-pass$' -e '^it-note:' "$log" | sed -n '/^it-fail:/,$p' | head -n 40
    else
        tail -n 20 "$log"
    fi | sed 's/^/    /'
    echo "    (log: $log)"
done

echo "SUITE integration: $passed passed, $failed failed"
if [ "$failed" -eq 0 ]; then rm -rf "$log_dir"; fi
[ "$failed" -eq 0 ]
