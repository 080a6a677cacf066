#!/usr/bin/env bash
# Self-test of the integration suite (not part of ./build.sh test): runs every case against
# model_sea_launch.py, a brute-force model of SeaNet with no shim, then against each of its
# deliberate bugs. The model must pass everything it models; each bug must make at least one
# case fail. Prints which cases caught which bug.
#   tests/integration/selftest/run_mutants.sh [BUG...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d "${TMPDIR:-/tmp}/seanet-model-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
export TMPDIR=$bin      # the logs of the (expected) failures go away with it
ln -s "$here/model_sea_launch.py" "$bin/sea_launch"
ln -s "$here/model_sea_launch.py" "$bin/sea_launch.sh"
cp "$(command -v sleep)" "$bin/seanetd"     # the model's stand-in daemon process
bugs=("$@")
[ ${#bugs[@]} -gt 0 ] || mapfile -t bugs < <(python3 - "$here/model_sea_launch.py" <<'PY'
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
for node in tree.body:
    if isinstance(node, ast.Assign) and node.targets[0].id == "BUGS":
        print("\n".join(ast.literal_eval(node.value)))
PY
)
status=0

echo "== model without bugs"
failed=$(SEANET_IT_LAUNCH=$bin/sea_launch bash "$here/../run.sh" | sed -n 's/^FAIL \([^:]*\):.*/\1/p')
if [ -n "$failed" ]; then
    echo "the correct model fails: $failed"
    status=1
fi
for bug in "${bugs[@]}"; do
    caught=$(SEANET_MODEL_BUG=$bug SEANET_IT_LAUNCH=$bin/sea_launch bash "$here/../run.sh" |
        sed -n 's/^FAIL \([^:]*\):.*/\1/p' | tr '\n' ' ')
    if [ -z "$caught" ]; then
        echo "NOT CAUGHT $bug"
        status=1
    else
        echo "caught $bug by: $caught"
    fi
done
exit $status
