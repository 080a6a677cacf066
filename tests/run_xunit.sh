#!/usr/bin/env bash
# Runs the xunit suites and prints "SUITE xunit: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
trx_dir=$(mktemp -d "${TMPDIR:-/tmp}/seanet-xunit.XXXXXX")
dotnet test tests/SeaNet.Core.Tests/SeaNet.Core.Tests.csproj -nologo -v quiet \
    --logger "trx;LogFileName=core.trx" --results-directory "$trx_dir" 2>&1 | tail -n 30
rc=${PIPESTATUS[0]}
trx=$(find "$trx_dir" -name '*.trx' | head -1)
if [ -z "$trx" ]; then
    echo "SUITE xunit: 0 passed, 1 failed"
    exit 1
fi
passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
# a non-zero exit without counted failures (build error, crash) still counts as a failure
if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
# house style: dotnet format finds nothing to change (counted as one test)
if dotnet format SeaNet.sln --verify-no-changes -v q >/tmp/seanet-format.$$ 2>&1; then
    passed=$((${passed:-0} + 1))
else
    failed=$((${failed:-0} + 1)); echo "FAIL dotnet format --verify-no-changes:"; head -20 /tmp/seanet-format.$$
fi
rm -f /tmp/seanet-format.$$
echo "SUITE xunit: ${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ]
