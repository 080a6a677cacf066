#!/usr/bin/env bash
# git in a work tree spread over t0, t1 and persist: init, add, commit, then an edit, a
# `git mv`, a `git rm` and a new file in a second commit, gc. Object and commit ids, `git
# status` (clean after each commit), `git log`, `git ls-files -s` and `git fsck --full` equal
# a native run's, with the daemon alive and with it killed before git starts; the repository
# the drain persisted is itself a sound one with the same history.
. "$(dirname "$0")/../lib.sh"
setup_tiers

make_rich_tree "$R/stage" 150 73 20000
seed_three_ways "$R/stage" repo t0 t1 persist

run_three_ways '
    root=$1 out=$2
    export HOME=$out/home GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=it GIT_AUTHOR_EMAIL=it@example.org
    export GIT_COMMITTER_NAME=it GIT_COMMITTER_EMAIL=it@example.org
    export GIT_AUTHOR_DATE="2020-01-02T03:04:05 +0000" GIT_COMMITTER_DATE="2020-01-02T03:04:05 +0000"
    mkdir -p "$HOME"
    cd "$root/repo" || exit 1
    step() { "$@"; echo "$*: $?" >>"$out/steps"; }
    step git init -q -b main .
    step git config pack.threads 1
    step git add -A
    step git commit -q -m first
    git status --porcelain=v1 --untracked-files=all >"$out/status1" 2>&1
    git ls-files -s >"$out/ls-files1"
    printf "edited in the job\n" >>d000/f0009.txt
    step git mv "file 0001.dat" d000/moved.dat
    step git rm -q "$(git ls-files | grep -v / | grep "^f0" | head -1)"
    printf "new\n" >new.txt
    # what the job changed gets fixed times, so the three runs leave the same work tree
    touch -d "2020-01-02 03:04:05.123456789" d000/f0009.txt new.txt d000 .
    step git add -A
    step git commit -q -m second
    git status --porcelain=v1 --untracked-files=all >"$out/status2" 2>&1
    git ls-files -s >"$out/ls-files2"
    git log --format="%H %T %P %s" >"$out/log"
    git diff --stat HEAD~1 >"$out/diffstat"
    step git fsck --full --strict --no-progress
    step git gc --quiet
    step git fsck --full --strict --no-progress
    git count-objects -v | grep -E "^(count|in-pack|garbage):" >"$out/count-objects"
    git status --porcelain=v1 --untracked-files=all >"$out/status3" 2>&1
    git archive --format=tar HEAD | sha256sum >"$out/archive"
' 2>/dev/null

assert_ran_alike
for f in steps status1 ls-files1 status2 ls-files2 log diffstat count-objects status3 archive; do
    assert_three_same "git output $f" "$f"
done
for f in status1 status2 status3; do
    assert_eq "native git status ($f) after a commit (test sanity)" "" "$(cat "$R/out/oracle/$f")"
done
assert_eq "native git steps that failed (test sanity)" "" "$(grep -v ': 0$' "$R/out/oracle/steps")"
assert_eq "commits in the native log (test sanity)" 2 "$(wc -l <"$R/out/oracle/log")"

# the work tree (not .git: its index holds inode numbers and ctimes) seen through the mount
want=$(statview "$R/oracle/repo" | grep -v '^\.git')
for way in alive dead; do
    assert_same "$way work tree seen through the mount by a new job" "$want" \
        "$(mount_statview "$way/repo" | grep -v '^\.git')"
    real || continue
    # the persisted repository, read without SeaNet: sound, same history, clean work tree
    g=$P/$way/repo
    assert_same "$way: git log of the persisted repository" "$(cat "$R/out/oracle/log")" \
        "$(HOME=$R GIT_CONFIG_NOSYSTEM=1 git -C "$g" log --format='%H %T %P %s' 2>&1)"
    HOME=$R GIT_CONFIG_NOSYSTEM=1 git -C "$g" fsck --full --strict --no-progress >"$R/fsck.$way" 2>&1 ||
        fail "$way: git fsck of the persisted repository failed: $(head -3 "$R/fsck.$way" | tr '\n' '|')"
    assert_eq "$way: git status of the persisted repository" "" \
        "$(HOME=$R GIT_CONFIG_NOSYSTEM=1 git -C "$g" status --porcelain=v1 --untracked-files=all 2>&1)"
    assert_entries_where "$way/repo/.git/refs" "t0 persist"
done
finish
