#!/usr/bin/env bash
# treesum.sh DIR: every entry under DIR, one sorted line each, paths relative to DIR:
#   d REL            a directory
#   f REL SHA256     a regular file and its content
#   l REL -> TARGET  a symbolic link
# Only find, sha256sum and sort: under sea_launch it shows what an ordinary program sees.
set -u
export LC_ALL=C
dir=${1%/}
if [ ! -d "$dir" ]; then
    echo "missing $dir"
    exit 1
fi
{
    find "$dir" -mindepth 1 -type d -printf 'd %P\n'
    find "$dir" -mindepth 1 -type l -printf 'l %P -> %l\n'
    # sha256sum prints "HASH  PATH"; strip DIR/ to make PATH relative
    find "$dir" -mindepth 1 -type f -print0 | xargs -0 -r sha256sum |
        awk -v n=$((${#dir} + 2)) '{ h = $1; p = substr($0, 67); print "f " substr(p, n) " " h }'
} | sort
exit "${PIPESTATUS[0]}"
