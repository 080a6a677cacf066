#!/usr/bin/env bash
# tierview.sh REL TIER_DIR...: the tree REL as it would look merged from the tier
# directories (first tier wins), built without SeaNet, in treesum.sh's format. A file stored
# on more than one tier is reported as "dup REL" so a test sees double storage.
set -u
export LC_ALL=C
rel=$1
shift
here=$(dirname "$0")
for t in "$@"; do
    if [ -d "$t/$rel" ]; then
        bash "$here/treesum.sh" "$t/$rel"
    fi
done | awk '
    /^d / { d[$0] = 1; next }
    /^f / { p = $0; sub(/^f /, "", p); sub(/ [0-9a-f]+$/, "", p); key = p }
    /^l / { p = $0; sub(/^l /, "", p); sub(/ -> .*$/, "", p); key = p }
    /^[fl] / {
        if (key in seen) { dup[key] = 1; next }
        seen[key] = $0; next
    }
    { print "odd " $0 }
    END {
        for (x in d) print x
        for (k in seen) print seen[k]
        for (k in dup) print "dup " k
    }' | sort
