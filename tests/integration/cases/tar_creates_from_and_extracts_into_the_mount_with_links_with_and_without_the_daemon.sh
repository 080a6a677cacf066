#!/usr/bin/env bash
# GNU tar with symlinks, hard links and ns mtimes (pax format), three ways (native, daemon
# alive, daemon killed before tar starts): `tar -c` of a tree spread over t0, t1 and persist
# gives the same archive byte for byte as natively; `tar -x` into a new directory of the
# mount and over an existing tree spread over the tiers (other content and modes, symlinks
# where the archive has files, extra files) leaves the same trees as natively, and `tar -d`
# finds no difference. Extracted files are stored on tier 0 and the drain persists them.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 200 74 30000
tar_opts=(--format=posix --pax-option=delete=atime,delete=ctime --sort=name --numeric-owner)
tar "${tar_opts[@]}" -cf "$R/stage.tar" -C "$R/stage" . || die "could not make the archive"
seed_three_ways "$R/stage" src t0 t1 persist

# the existing tree: every 3rd file rewritten (mode 0600, an old mtime), every 7th replaced by
# a symlink, extra files the archive does not name
cp -a "$R/stage" "$R/over"
i=0
while IFS= read -r f; do
    i=$((i + 1))
    if [ $((i % 7)) = 0 ]; then
        rm -f "$R/over/$f" && ln -s "/nonexistent/$i" "$R/over/$f"
    elif [ $((i % 3)) = 0 ]; then
        rm -f "$R/over/$f" && printf 'old content %d\n' "$i" >"$R/over/$f" && chmod 0600 "$R/over/$f"
        touch -d '2001-01-01 00:00:00.5' "$R/over/$f"
    fi
done < <(cd "$R/stage" && find . -type f -printf '%P\n' | sort)
for d in . d000 d001; do printf 'not in the archive\n' >"$R/over/$d/extra.txt"; done
seed_three_ways "$R/over" over t1 persist t0

run_three_ways '
    root=$1 out=$2 tools=$3 tarball=$4
    shift 4
    tar "$@" -cf "$out/from.tar" -C "$root" src
    echo "create: $?" >"$out/steps"
    sha256sum <"$out/from.tar" >"$out/from.tar.sha"
    tar -tvf "$out/from.tar" --full-time --numeric-owner >"$out/from.list"
    mkdir "$root/ex" && tar -xf "$tarball" -C "$root/ex"
    echo "extract: $?" >>"$out/steps"
    tar -xf "$tarball" -C "$root/over"
    echo "extract over: $?" >>"$out/steps"
    tar -df "$tarball" -C "$root/ex" >"$out/diff.ex" 2>&1
    echo "diff ex: $?" >>"$out/steps"
    bash "$tools/statview.sh" "$root/ex" >"$out/ex.view"
    bash "$tools/statview.sh" "$root/over" >"$out/over.view"
' "$IT_TOOLS" "$R/stage.tar" "${tar_opts[@]}"

assert_ran_alike
assert_three_same "tar exit statuses" steps
assert_three_same "archive made from the mount (sha256)" from.tar.sha
assert_three_same "its listing" from.list
assert_three_same "tar -d against the extracted tree" diff.ex
assert_three_same "stat view of the extracted tree, from inside the job" ex.view
assert_three_same "stat view of the tree extracted over, from inside the job" over.view
assert_eq "native: steps that failed (test sanity)" "" "$(grep -v ': 0$' "$R/out/oracle/steps")"
assert_same "native extraction keeps everything statview shows (test sanity)" \
    "$(statview "$R/stage")" "$(statview "$R/oracle/ex")"
assert_tree_three_ways src
assert_tree_three_ways ex "t0 persist"
assert_tree_three_ways over
assert_no_flush_temps
finish
