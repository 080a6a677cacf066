#!/usr/bin/env bash
# statview.sh [-p] DIR: every entry under DIR with what a copy must keep, one sorted line
# each, paths relative to DIR, tab before the path:
#   d MODE MTIME                 a directory
#   f MODE MTIME NLINK SIZE SHA  a regular file; NLINK > 1 adds "=FIRST", the first name (in
#                                sorted order) under DIR of the same inode: hard links
#   l MODE MTIME SIZE -> TARGET  a symbolic link (its own mtime)
# MTIME is in ns. Directory sizes and link counts are left out: they depend on the file system.
# -p (the persistent copy): no directory mtimes and no link counts, which a flush of files one
# by one cannot keep. Only find, sha256sum, sort and awk, so under sea_launch it shows what an
# ordinary program sees.
set -u
export LC_ALL=C
persisted=0
[ "${1:-}" = -p ] && persisted=1 && shift
dir=${1%/}
if [ ! -d "$dir" ]; then
    echo "missing $dir"
    exit 1
fi
sums=$(mktemp)
trap 'rm -f "$sums"' EXIT
find "$dir" -mindepth 1 -type f -print0 | xargs -0 -r sha256sum >"$sums"
find "$dir" -mindepth 1 -printf '%y\t%D:%i\t%n\t%#m\t%s\t%T@\t%P\t%l\n' | sort -t $'\t' -k7 |
    awk -F '\t' -v sums="$sums" -v n=$((${#dir} + 2)) -v p="$persisted" '
    BEGIN { while ((getline l < sums) > 0) sha[substr(l, 66 + n)] = substr(l, 1, 64) }
    {
        type = $1; mtime = $6; path = $7
        # %T@ has 10 fraction digits, the last always 0: keep ns
        sub(/0$/, "", mtime)
        if (type == "d") {
            printf "%s\td %s %s\n", path, $4, (p ? "-" : mtime)
        } else if (type == "f") {
            nl = $3
            if ($3 > 1) { if (!($2 in first)) first[$2] = path; nl = $3 "=" first[$2] }
            printf "%s\tf %s %s %s %s %s\n", path, $4, mtime, (p ? "-" : nl), $5, sha[path]
        } else if (type == "l") {
            printf "%s\tl %s %s %s -> %s\n", path, $4, mtime, $5, $8
        } else {
            printf "%s\t%s %s %s\n", path, type, $4, mtime
        }
    }'
exit "${PIPESTATUS[0]}"
