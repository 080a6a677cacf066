# shellcheck shell=bash
# Helpers shared by every integration case. A case sources this file, calls setup_tiers,
# runs its workload with `launch`, checks results, and ends with `finish`.
#
# Modes (environment):
#   SEANET_IT_NATIVE=1   the workload runs directly on a plain directory standing in for the
#                        mount, seeded files go straight into it, and tier-placement checks are
#                        skipped. This proves the test logic without SeaNet.
#   (default)            the workload runs under bin/sea_launch (LD_PRELOAD shim + seanetd).
#   SEANET_IT_KEEP=1     keep the temp root (printed) for inspection.
#   SEANET_IT_LAUNCH=x   use launcher x (and x's sea_launch.sh) instead of bin/sea_launch: the
#                        suite's self-test runs it against a model and its mutants
#                        (selftest/run_mutants.sh) to prove every case can fail.
#
# Protocol with run.sh: every failed check prints "it-fail: <reason>" on stderr; `finish`
# prints "it-pass" and exits 0 only if no check failed. A case that dies early never passes.

set -u
export LC_ALL=C

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IT_TOOLS=$IT_DIR/tools
REPO=$(cd "$IT_DIR/../.." && pwd)
IT_NATIVE=${SEANET_IT_NATIVE:-0}
SEA_LAUNCH=${SEANET_IT_LAUNCH:-$REPO/bin/sea_launch}
SEA_LAUNCH_SH=$(dirname "$SEA_LAUNCH")/sea_launch.sh
SEANETD=$(dirname "$SEA_LAUNCH")/seanetd
IT_FAILS=0
R='' SHM='' T0='' T1='' P='' M='' INI=''

# The python3 on PATH may be a pyenv shim (a bash script); run the interpreter itself so a
# workload is one process, not a chain of scripts.
PY=${SEANET_IT_PY:-$(python3 -c 'import sys; print(sys.executable)')}

native() { [ "$IT_NATIVE" = 1 ]; }
real() { [ "$IT_NATIVE" != 1 ]; }

fail() {
    IT_FAILS=$((IT_FAILS + 1))
    printf 'it-fail: %s\n' "$*" >&2
}

note() { printf 'it-note: %s\n' "$*" >&2; }

# die REASON: a failure after which the rest of the case makes no sense.
die() {
    fail "$@"
    finish
}

# --- temp root and configuration ----------------------------------------------------

# setup_tiers: R (disk) with t1, persist, mnt and sea.ini; tier 0 on tmpfs under /dev/shm.
setup_tiers() {
    R=$(mktemp -d /tmp/seanet-it.XXXXXX) || die "mktemp under /tmp failed"
    SHM=$(mktemp -d /dev/shm/seanet-it-XXXXXX) || die "mktemp under /dev/shm failed"
    T0=$SHM/t0 T1=$R/t1 P=$R/persist M=$R/mnt INI=$R/sea.ini
    umask 022
    mkdir -p "$T0" "$T1" "$P" "$M"
    # Every process this case starts carries this tag, so strays (a daemon that outlived its
    # sea_launch) can be found precisely and only ours are ever killed.
    export SEANET_IT_ROOT=$R
    trap it_cleanup EXIT
    write_ini
    if native; then note "native mode: workloads run directly on $M"; fi
}

# write_ini [key=value ...]: R/sea.ini in Sea's format; arguments override or add keys.
write_ini() {
    local -a keys=(mount_dir n_levels cache_0 cache_1 cache_2 log_level log_file max_fs n_threads)
    local -A val=(
        [mount_dir]=$M [n_levels]=3 [cache_0]=$T0 [cache_1]=$T1 [cache_2]=$P
        [log_level]=3 [log_file]=$R/sea.log [max_fs]=1048576 [n_threads]=4
    )
    local kv k
    for kv in "$@"; do
        k=${kv%%=*}
        [ -n "${val[$k]+x}" ] || keys+=("$k")
        val[$k]=${kv#*=}
    done
    {
        echo "[Sea]"
        for k in "${keys[@]}"; do printf '%s = %s ;\n' "$k" "${val[$k]}"; done
    } >"$INI"
}

tier_dir() {
    case $1 in
        t0) echo "$T0" ;; t1) echo "$T1" ;; persist) echo "$P" ;;
        *) echo "tier_dir: unknown tier '$1'" >&2; return 1 ;;
    esac
}

# --- running workloads --------------------------------------------------------------

# launch CMD [ARGS...]: run CMD with the mount live (or directly in native mode).
launch() {
    if native; then
        "$@"
    else
        "$SEA_LAUNCH" -c "$INI" -- "$@"
    fi
}

# launch_sh SCRIPT [ARGS...]: run a bash script text with the mount live; $1.. are ARGS.
launch_sh() {
    local script=$1
    shift
    launch bash -c "$script" it-case "$@"
}

# --- seeding files straight into tiers (before launch) ------------------------------

# seed TIER REL CONTENT: a file that exists on TIER before the job starts
# (native mode: directly in the stand-in mount).
seed() {
    local base
    if native; then base=$M; else base=$(tier_dir "$1") || return 1; fi
    mkdir -p "$(dirname "$base/$2")"
    printf '%s' "$3" >"$base/$2"
}

seed_dir() {
    local base
    if native; then base=$M; else base=$(tier_dir "$1") || return 1; fi
    mkdir -p "$base/$2"
}

# make_tree DIR NFILES SEED [MAXSIZE]: a deterministic tree of nested dirs and files.
make_tree() {
    "$PY" "$IT_TOOLS/mktree.py" "$@" || die "make_tree $* failed"
}

# spread_tree STAGE REL TIER...: distribute the files of STAGE round-robin over the given
# tiers under REL (each file on exactly one tier; directories are created where needed and
# every directory of STAGE exists on the first tier). Native mode: a plain copy into M/REL.
spread_tree() {
    local stage=$1 rel=$2
    shift 2
    if native; then
        mkdir -p "$M/$rel" && cp -a "$stage/." "$M/$rel/"
        return
    fi
    local -a dirs=()
    local t
    for t in "$@"; do dirs+=("$(tier_dir "$t")/$rel"); done
    mkdir -p "${dirs[0]}"
    (cd "$stage" && find . -mindepth 1 -type d -printf '%P\n') | while IFS= read -r d; do
        mkdir -p "${dirs[0]}/$d"
    done
    local i=0 f dst
    while IFS= read -r f; do
        dst=${dirs[$((i % ${#dirs[@]}))]}
        mkdir -p "$(dirname "$dst/$f")"
        cp -p "$stage/$f" "$dst/$f"
        i=$((i + 1))
    done < <(cd "$stage" && find . -type f -printf '%P\n' | sort)
}

# --- views of a tree ----------------------------------------------------------------

# treesum DIR: the content oracle, run outside the mount ("d REL" / "f SHA256 REL").
treesum() { bash "$IT_TOOLS/treesum.sh" "$1"; }

# mount_view REL: the tree at M/REL as a program under SeaNet sees it.
mount_view() { launch bash "$IT_TOOLS/treesum.sh" "$M/$1"; }

# tier_view REL: the tree at M/REL rebuilt from the tier directories alone, without SeaNet:
# what is really stored. A file present on two tiers is reported as "dup".
tier_view() {
    if native; then
        treesum "$M/$1"
    else
        # SeaNet's own files (the flush journal in tier 0, flush temporaries) are never part of
        # the mount's tree: they are checked where it matters (assert_no_flush_temps)
        bash "$IT_TOOLS/tierview.sh" "$1" "$T0" "$T1" "$P" | grep -v -E '^(dup |[fdl] )(.*/)?\.seanet~'
    fi
}

# --- assertions ---------------------------------------------------------------------

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$2', got '$3'"
        return 1
    fi
}

# assert_same WHAT EXPECTED_TEXT ACTUAL_TEXT: multi-line equality with a short diff.
assert_same() {
    if [ "$2" != "$3" ]; then
        fail "$1: differs from the expected ($(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep -c '^[<>]') lines)"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -20 | sed 's/^/    /' >&2
        return 1
    fi
}

# assert_file_on_tier REL TIER: the real file behind M/REL is on TIER and on no other tier
# (this issue has no flush, so a second copy would be a bug). Skipped in native mode.
assert_file_on_tier() {
    native && return 0
    local rel=$1 want=$2 t where=()
    for t in t0 t1 persist; do
        [ -e "$(tier_dir "$t")/$rel" ] && where+=("$t")
    done
    if [ "${where[*]:-}" != "$want" ]; then
        fail "$rel: expected on tier $want only, found on [${where[*]:-none}]"
        return 1
    fi
    if [ ! -f "$(tier_dir "$want")/$rel" ]; then
        fail "$rel: on tier $want but not a regular file"
        return 1
    fi
}

# assert_gone REL: M/REL exists on no tier (nor in the real mount directory).
assert_gone() {
    local rel=$1 t where=()
    if native; then
        [ -e "$M/$rel" ] && fail "$rel: still exists"
        return 0
    fi
    for t in t0 t1 persist; do
        [ -e "$(tier_dir "$t")/$rel" ] && where+=("$t")
    done
    if [ ${#where[@]} -gt 0 ]; then
        fail "$rel: expected gone from every tier, still on [${where[*]}]"
        return 1
    fi
}

# --- processes ----------------------------------------------------------------------

# tagged_pids: processes started by this case. They carry SEANET_IT_ROOT=$R in the
# environment they were exec'd with; this shell and its subshells do not (export changes
# what children get, not /proc/self/environ). Builtins only, so the scan never sees itself.
tagged_pids() {
    local p e tag="SEANET_IT_ROOT=$R"
    local -a env
    for p in /proc/[0-9]*; do
        mapfile -d '' -t env 2>/dev/null <"$p/environ" || continue
        for e in "${env[@]}"; do
            if [ "$e" = "$tag" ]; then
                echo "${p#/proc/}"
                break
            fi
        done
    done
}

# assert_no_stray_daemon: a seanetd started for this case must be gone once sea_launch returned.
assert_no_stray_daemon() {
    native && return 0
    local i p strays=()
    for i in $(seq 1 20); do
        strays=()
        for p in $(tagged_pids); do
            [ "/proc/$p/exe" -ef "$SEANETD" ] && strays+=("$p")
        done
        [ ${#strays[@]} -eq 0 ] && return 0
        sleep 0.1
    done
    fail "seanetd still running 2 s after sea_launch returned: pid(s) ${strays[*]} ($(tr '\0' ' ' <"/proc/${strays[0]}/cmdline" 2>/dev/null))"
}

# --- killed-daemon cases -------------------------------------------------------------

# daemon_children LAUNCHER_PID: this job's seanetd processes: children of that sea_launch
# running bin/seanetd (sea_launch is the same binary under another name; the workload, whose
# pid is in R/workload.pid, is excluded).
daemon_children() {
    local p wl
    wl=$(cat "$R/workload.pid" 2>/dev/null)
    for p in $(pgrep -P "$1"); do
        [ "$p" = "$wl" ] && continue
        [ "/proc/$p/exe" -ef "$SEANETD" ] && echo "$p"
    done
}

# expected_2000_files: the treesum listing of what write_2000_files.sh leaves in M/k.
expected_2000_files() {
    "$PY" -c '
import hashlib
print("d a\nd b")
for i in range(2000):
    h = hashlib.sha256(b"file %d of the killed-daemon test\n" % i).hexdigest()
    print("f %s/f%d %s" % ("ab"[i % 2], i, h))
    if i % 100 == 99:
        print("f checked%d %s" % (i, h))
' | sort
}

# assert_2000_files_intact: what write_2000_files.sh wrote, checked on the tiers and
# through the mount in a new job, and its own report.
assert_2000_files_intact() {
    assert_eq "workload finished" finished "$(cat "$R/workload.done" 2>&1)"
    assert_eq "files the workload listed at the end" 2000 "$(cat "$R/listed" 2>&1)"
    local expected
    expected=$(expected_2000_files)
    assert_same "files as stored on the tiers" "$expected" "$(tier_view k)"
    assert_same "files seen through the mount by a new job" "$expected" "$(mount_view k)"
}

# --- spill cases: tier 0 capped at 2 MiB, 40 files of 200 KiB ---------------------

# spill_setup: the capped configuration, the 40 source files in R/src (f00..f39), and a
# sampler recording the most tier 0 ever held (outside the job, so without SeaNet).
spill_setup() {
    write_ini cache_0_capacity=2M max_fs=262144
    mkdir -p "$R/src"
    local i
    for i in $(seq -w 0 39); do head -c 204800 /dev/urandom >"$R/src/f$i"; done
    (
        max=0
        while [ ! -e "$R/sampler.stop" ]; do
            used=$(find "$T0" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
            [ "$used" -gt "$max" ] && max=$used && echo "$max" >"$R/t0_max"
            sleep 0.02
        done
    ) &
    SPILL_SAMPLER=$!
}

# assert_spilled REL: M/REL holds f00..f39 intact; tier 0 took the first files written and
# never more than 2 MiB; tier 1 took the rest.
assert_spilled() {
    local rel=$1
    touch "$R/sampler.stop"
    wait "$SPILL_SAMPLER"
    local expected
    expected=$( (cd "$R/src" && for f in f*; do echo "f $f $(sha256sum <"$f" | cut -d' ' -f1)"; done) | sort)
    assert_same "spilled files, as stored on the tiers" "$expected" "$(tier_view "$rel")"
    assert_same "spilled files, seen through the mount by a new job" "$expected" "$(mount_view "$rel")"
    real || return 0
    local on_t0 on_t1 n0 n1 first max
    on_t0=$(cd "$T0/$rel" 2>/dev/null && find . -type f -printf '%P\n' | sort | tr '\n' ' ')
    on_t1=$(cd "$T1/$rel" 2>/dev/null && find . -type f -printf '%P\n' | sort | tr '\n' ' ')
    n0=$(wc -w <<<"$on_t0") n1=$(wc -w <<<"$on_t1")
    max=$(cat "$R/t0_max" 2>/dev/null || echo 0)
    note "tier 0 holds $n0 files, tier 1 holds $n1, most sampled on tier 0: $max bytes"
    [ "$n0" -ge 1 ] || fail "tier 0 holds none of the files"
    [ "$n1" -ge 1 ] || fail "tier 1 holds none of the files (tier 0's capacity not enforced)"
    assert_eq "files on t0 + t1" 40 $((n0 + n1))
    [ $((n0 * 204800)) -le $((2 << 20)) ] || fail "tier 0 holds $n0 files = $((n0 * 204800)) bytes > 2 MiB"
    [ "$max" -le $((2 << 20)) ] || fail "tier 0 held $max bytes at some point during the run (> 2 MiB)"
    # Which files land on tier 0 is not checked: placement is conservative while the daemon
    # has not yet learnt the size of a file just written (it counts max_fs for it), so a
    # file near the cap may go to tier 1 and a later one still fit once the daemon catches up.
    # room for a new file = 2 MiB - used >= 256 KiB: 9 files fit (8 if the new writer's own
    # reservation is also deducted)
    if [ "$n0" -lt 8 ] || [ "$n0" -gt 9 ]; then
        fail "tier 0 took $n0 files; the placement rule allows 8 or 9"
    fi
}

# start_2000_files_and_wait_halfway: (real mode) starts the 2000-file workload under
# sea_launch in the background, sets $launcher to its pid, returns once file 1000 exists.
start_2000_files_and_wait_halfway() {
    "$SEA_LAUNCH" -c "$INI" -- bash "$IT_TOOLS/write_2000_files.sh" "$M" "$R" &
    launcher=$!
    for _ in $(seq 1 400); do [ -e "$R/halfway" ] && break; sleep 0.025; done
    [ -e "$R/halfway" ] || fail "the workload did not reach file 1000 within 10 s"
}

# --- flush, evict and prefetch (issue #4) ------------------------------------------

# write_list NAME PATTERN...: R/.sea_NAMElist (NAME = flush, evict or prefetch), beside
# sea.ini as Sea keeps it, one pattern per line.
write_list() {
    local name=$1
    shift
    printf '%s\n' "$@" >"$R/.sea_${name}list"
}

# meta FILE: what a flush must keep, outside the mount: type, mode, size, mtime (ns), content
# hash (symlinks: their target).
meta() {
    if [ -L "$1" ]; then
        printf 'link -> %s\n' "$(readlink "$1")"
    elif [ -f "$1" ]; then
        printf '%s %s\n' "$(stat -c '%a %s %.9Y' "$1")" "$(sha256sum <"$1" | cut -c1-16)"
    elif [ -d "$1" ]; then
        stat -c 'dir %a' "$1"
    else
        echo missing
    fi
}

# where REL: the tiers holding REL, e.g. "t0 persist" (none: "").
where() {
    local t out=()
    for t in t0 t1 persist; do
        if [ -e "$(tier_dir "$t")/$1" ] || [ -L "$(tier_dir "$t")/$1" ]; then out+=("$t"); fi
    done
    echo "${out[*]:-}"
}

# assert_where REL TIERS: REL is on exactly these tiers ("t0 persist", "persist", ""). Real
# mode only.
assert_where() {
    native && return 0
    assert_eq "tiers holding $1" "$2" "$(where "$1")"
}

# assert_persisted_as REL EXPECTED_META: the persistent copy of REL has this meta (see meta).
assert_persisted_as() {
    native && return 0
    assert_eq "persistent copy of $1 (mode size mtime sha)" "$2" "$(meta "$P/$1")"
}

# assert_no_flush_temps: no hidden flush temporary (.seanet~*) anywhere under the persistent
# directory, nor a journal there.
assert_no_flush_temps() {
    native && return 0
    local left
    left=$(find "$P" -name '.seanet~*' -printf '%P\n' 2>/dev/null | head -5 | tr '\n' ' ')
    [ -z "$left" ] || fail "flush temporaries left on the persistent directory: $left"
}

# drain_line ERRFILE: sea_launch's one drain summary line from a captured stderr.
drain_line() { grep -m1 '^sea_launch: drained in ' "$1"; }

# drain_count ERRFILE WHAT: a number from the drain summary, WHAT = persisted (files flushed by
# the drain plus those persisted before it), failed, "not in the flush list" or evicted. Empty if absent.
drain_count() {
    local line
    line=$(drain_line "$1") || return 0
    case $2 in
        # flushed by the drain plus "(+N before)": every file of the flush list now persisted
        persisted) sed -E -e 's/.*: ([0-9]+) file\(s\) .* persisted \(\+([0-9]+) before\).*/\1 \2/' \
            -e 's/.*: ([0-9]+) file\(s\) .* persisted,.*/\1 0/' <<<"$line" | awk '{print $1 + $2}' ;;
        failed) sed -E 's/.*, ([0-9]+) failed.*/\1/' <<<"$line" ;;
        "not in the flush list") sed -E 's/.*, ([0-9]+) not in the flush list.*/\1/' <<<"$line" ;;
        evicted) sed -E 's/.*, ([0-9]+) evicted.*/\1/' <<<"$line" ;;
    esac
}

# tagged_daemons: this case's running seanetd processes (`seanetd serve ...`; sea_launch and
# sea are the same binary under other names and other arguments).
tagged_daemons() {
    local p
    for p in $(tagged_pids); do
        [ "/proc/$p/exe" -ef "$SEANETD" ] || continue
        [ "$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | sed -n 2p)" = serve ] && echo "$p"
    done
}

# json_get FILE EXPR: a value from `sea status --json` saved in FILE; EXPR is python on `s`,
# the first daemon's object (e.g. "s['flush']['dirty']").
json_get() {
    "$PY" -c 'import json,sys; s=json.load(open(sys.argv[1])); s=s[0] if isinstance(s,list) else s; print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}

# --- end of case --------------------------------------------------------------------

finish() {
    trap - EXIT
    if real && [ -n "$M" ] && [ -d "$M" ]; then
        local leaked
        leaked=$(find "$M" -mindepth 1 -printf '%P\n' 2>/dev/null | head -5 | tr '\n' ' ')
        [ -z "$leaked" ] || fail "files leaked into the real mount directory $M: $leaked"
    fi
    [ -n "$R" ] && assert_no_stray_daemon
    if [ "$IT_FAILS" -gt 0 ] && real && [ -s "$R/sea.log" ]; then
        echo "--- last lines of $R/sea.log:" >&2
        tail -n 15 "$R/sea.log" | sed 's/^/    /' >&2
    fi
    it_cleanup
    if [ "$IT_FAILS" -eq 0 ]; then
        echo it-pass
        exit 0
    fi
    exit 1
}

# IT_ON_CLEANUP: a command a case sets to undo what rm -rf cannot (e.g. chattr -i); run first.
IT_ON_CLEANUP=''
it_cleanup() {
    local p
    if [ -n "$IT_ON_CLEANUP" ]; then eval "$IT_ON_CLEANUP"; fi
    # only processes this case started (tagged), e.g. a daemon that outlived its launcher
    if [ -n "$R" ]; then
        for p in $(tagged_pids); do kill -9 "$p" 2>/dev/null; done
    fi
    if [ "${SEANET_IT_KEEP:-0}" = 1 ]; then
        [ -n "$R" ] && note "kept $R and $SHM"
        return 0
    fi
    [ -n "$R" ] && rm -rf "$R"
    [ -n "$SHM" ] && rm -rf "$SHM"
    return 0
}
