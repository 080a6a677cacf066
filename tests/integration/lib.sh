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
        bash "$IT_TOOLS/tierview.sh" "$1" "$T0" "$T1" "$P" | without_seanet_names
    fi
}

# without_seanet_names: drops tierview lines of SeaNet's own files (the flush journal in tier 0,
# flush temporaries, eviction tombs): never part of the mount's tree, they are checked where it
# matters (assert_no_flush_temps).
without_seanet_names() { grep -v -E '^(dup |[fdl] )(.*/)?\.seanet~'; }

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

# --- real programs three ways: native oracle, daemon alive, daemon killed (issue #3) ----
#
# A case seeds one tree and runs one workload three times, then compares the results:
#   oracle  natively (no SeaNet) on R/oracle, a plain directory: what the program should do
#   alive   under sea_launch on M/alive, the daemon running
#   dead    under sea_launch on M/dead, every daemon killed before the command starts, so the
#           shim works alone (its fallback path: it probes the tiers itself)
# Each run's outputs go to R/out/WAY. The flush list is `.*`, so each drain must persist
# every file (the dead run's drain starts one more daemon for it). Native mode: alive and
# dead are plain runs on the stand-in mount too, and SeaNet checks are skipped.

WAYS='oracle alive dead'

# way_root WAY: the directory that stands in for the mount in that run.
way_root() {
    case $1 in
        oracle) echo "$R/oracle" ;; alive | dead) echo "$M/$1" ;;
        *) echo "way_root: unknown way '$1'" >&2; return 1 ;;
    esac
}

# way_out WAY: where that run's outputs go (outside the mount).
way_out() { echo "$R/out/$1"; }

# run_oracle CMD [ARGS...]: CMD without SeaNet, whatever the mode.
run_oracle() { env -u LD_PRELOAD "$@"; }

# launch_without_daemon CMD [ARGS...]: like launch, but the command starts only after every
# seanetd of this sea_launch was SIGKILLed until the supervisor gave up restarting it, and
# the last one's heartbeat went stale (tools/without_daemon.sh): the whole command runs on the
# shim's fallback path. The drain still starts one more daemon. Native mode: plain run.
launch_without_daemon() {
    if native; then
        "$@"
    else
        "$SEA_LAUNCH" -c "$INI" -- bash "$IT_TOOLS/without_daemon.sh" "$SEANETD" "$R/sea.log" "$@"
    fi
}

# make_rich_tree DIR NFILES SEED [MAXSIZE]: make_tree plus modes, symlinks of every kind,
# hard-link groups and fixed ns mtimes on every entry (tools/mkrichtree.py).
make_rich_tree() {
    "$PY" "$IT_TOOLS/mkrichtree.py" "$@" || die "make_rich_tree $* failed"
}

# spread_links STAGE REL TIER...: like spread_tree, but symlinks and hard links are kept (a
# hard-link group on one tier) and every entry keeps its mode and ns mtime, directories on
# every tier holding them (tools/spread.py). Native mode: the tree at M/REL.
spread_links() {
    local stage=$1 rel=$2 t
    shift 2
    local -a bases=()
    if native; then
        bases=("$M")
    else
        for t in "$@"; do bases+=("$(tier_dir "$t")"); done
    fi
    "$PY" "$IT_TOOLS/spread.py" "$stage" "$rel" "${bases[@]}" || die "spread_links $stage $rel failed"
}

# seed_three_ways STAGE REL TIER...: the same tree for the three runs: R/oracle/REL (plain),
# alive/REL and dead/REL spread over TIERs (spread_links).
seed_three_ways() {
    local stage=$1 rel=$2
    shift 2
    mkdir -p "$R/oracle"
    "$PY" "$IT_TOOLS/spread.py" "$stage" "$rel" "$R/oracle" || die "seeding the oracle failed"
    spread_links "$stage" "alive/$rel" "$@"
    spread_links "$stage" "dead/$rel" "$@"
}

# seanet_lines: SeaNet's own stderr lines (sea_launch's drain lines and log lines, the shim's
# "seanet[pid]:" messages, the without_daemon step's) are not the workload's.
seanet_lines='^(sea_launch: |seanet\[[0-9]+\]: |without_daemon: |[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (sea_launch|seanetd)\[[0-9]+\] )'

# run_three_ways SCRIPT [ARGS...]: runs the bash text SCRIPT in each way with $1 = the way's
# root, $2 = its output directory, $3.. = ARGS. Leaves in R/out/WAY: rc (exit code), stderr
# (everything), err (the workload's own stderr, root path as ROOT). Also writes the flush list.
run_three_ways() {
    local script=$1 way root out
    shift
    write_list flush '.*'
    for way in $WAYS; do
        root=$(way_root "$way") out=$(way_out "$way")
        mkdir -p "$out"
        case $way in
            oracle) run_oracle bash -c "$script" "it-$way" "$root" "$out" "$@" ;;
            alive) launch bash -c "$script" "it-$way" "$root" "$out" "$@" ;;
            dead) launch_without_daemon bash -c "$script" "it-$way" "$root" "$out" "$@" ;;
        esac 2>"$out/stderr"
        echo $? >"$out/rc"
        grep -v -E "$seanet_lines" "$out/stderr" | sed "s|$root|ROOT|g" >"$out/err"
    done
    real || return 0
    # the dead run really ran without a daemon, and each drain persisted everything
    # without_daemon.sh says so only once sea_launch gave up and no seanetd child is left
    grep -q '^without_daemon: killed seanetd' "$(way_out dead)/stderr" ||
        fail "dead run: the daemon was not killed before the command: $(grep -m2 -E '^without_daemon|carrying' "$(way_out dead)/stderr" | tr '\n' '|')"
    # a workload that only reads never asks the daemon, so the shim may have nothing to say
    grep -q -E '^seanet\[[0-9]+\]: .*working without' "$(way_out dead)/stderr" ||
        note "dead run: the shim did not say it works without the daemon (no call of it needed one)"
    grep -q -E '^seanet\[[0-9]+\]: .*working without' "$(way_out alive)/stderr" &&
        fail "alive run: the shim worked without the daemon: $(grep -m1 -E '^seanet\[' "$(way_out alive)/stderr")"
    for way in alive dead; do
        assert_eq "$way run: drain failures" 0 "$(drain_count "$(way_out "$way")/stderr" failed)"
        assert_eq "$way run: files the drain left as not in the flush list" 0 \
            "$(drain_count "$(way_out "$way")/stderr" "not in the flush list")"
    done
}

# assert_three_same WHAT FILE: R/out/WAY/FILE (root paths as ROOT) equal in the three runs.
assert_three_same() {
    local what=$1 file=$2 want way
    want=$(sed "s|$(way_root oracle)|ROOT|g" "$(way_out oracle)/$file" 2>&1)
    # the shim's one line per process in the fallback run ("working without it") is by design;
    # whether it was said is checked on its own (launch_without_daemon's callers)
    for way in alive dead; do
        assert_same "$what ($way run vs native)" "$want" \
            "$(sed "s|$(way_root "$way")|ROOT|g" "$(way_out "$way")/$file" 2>&1 |
                grep -v '^seanet\[[0-9]*\]: daemon not responding: working without it')"
    done
}

# assert_ran_alike: exit codes and the workload's stderr equal in the three runs, exit 0
# natively (a workload that fails natively is a broken test).
assert_ran_alike() {
    assert_eq "native run: exit code (stderr: $(head -c 300 "$(way_out oracle)/err" | tr '\n' '|'))" 0 "$(cat "$(way_out oracle)/rc")"
    assert_three_same "exit code" rc
    assert_three_same "the workload's stderr" err
}

# statview DIR: tools/statview.sh outside the mount; mount_statview REL: the same through the
# mount, in a new job.
statview() { bash "$IT_TOOLS/statview.sh" "$@"; }
mount_statview() { launch bash "$IT_TOOLS/statview.sh" "$M/$1"; }

# stored_view REL: like tier_view, but a file on a cache tier and on the persistent tier (a
# flushed file still cached) counts once, with its cached content; a name on two cache tiers
# is still a `dup` line.
stored_view() {
    if native; then
        treesum "$M/$1"
        return
    fi
    {
        bash "$IT_TOOLS/tierview.sh" "$1" "$T0" "$T1" "$P" | grep -v '^dup '
        bash "$IT_TOOLS/tierview.sh" "$1" "$T0" "$T1" | grep '^dup '
    } | without_seanet_names | sort
}

# assert_tree_three_ways REL [NEW_TIERS]: after the runs, the tree REL of each SeaNet run equals
# the native one: seen through the mount by a new job (modes, ns mtimes, links, content), as
# stored on the tiers (content, no name stored twice) and as persisted by the drain (content,
# file modes and mtimes, symlinks). NEW_TIERS (e.g. "t0 persist"): where every file and
# symlink of REL must be (entries the workload made; skip for trees it only partly rewrote).
assert_tree_three_ways() {
    local rel=$1 tiers=${2:-} way want want_p want_c
    want=$(statview "$(way_root oracle)/$rel")
    want_p=$(statview -p "$(way_root oracle)/$rel")
    want_c=$(treesum "$(way_root oracle)/$rel")
    for way in alive dead; do
        assert_same "$way/$rel seen through the mount by a new job" "$want" "$(mount_statview "$way/$rel")"
        real || continue
        assert_same "$way/$rel as stored on the tiers" "$want_c" "$(stored_view "$way/$rel")"
        assert_same "$way/$rel as persisted by the drain" "$want_p" "$(statview -p "$P/$way/$rel")"
        [ -n "$tiers" ] && assert_entries_where "$way/$rel" "$tiers"
    done
}

# assert_entries_where REL TIERS: every file and symlink of the native tree at oracle/... is,
# under REL, on exactly TIERS (the first five misplaced are named). Real mode only.
assert_entries_where() {
    native && return 0
    local rel=$1 tiers=$2 e got bad=() n=0 sub=${1#*/}
    while IFS= read -r e; do
        got=$(where "$rel/$e")
        if [ "$got" != "$tiers" ]; then
            n=$((n + 1))
            [ ${#bad[@]} -lt 5 ] && bad+=("$e on [$got]")
        fi
    done < <(cd "$(way_root oracle)/$sub" && find . -mindepth 1 ! -type d -printf '%P\n' | sort)
    [ "$n" -eq 0 ] || fail "$n entries of $rel not on exactly [$tiers]: ${bad[*]}"
}

# assert_content_three_ways REL [NEW_TIERS]: assert_tree_three_ways for a tree the workload
# wrote just now (its mtimes differ run to run): names, types, content and symlink targets
# only (treesum), through the mount, on the tiers and on the persistent directory.
assert_content_three_ways() {
    local rel=$1 tiers=${2:-} way want
    want=$(treesum "$(way_root oracle)/$rel")
    for way in alive dead; do
        assert_same "$way/$rel seen through the mount by a new job" "$want" "$(mount_view "$way/$rel")"
        real || continue
        assert_same "$way/$rel as stored on the tiers" "$want" "$(stored_view "$way/$rel")"
        assert_same "$way/$rel as persisted by the drain" "$want" "$(treesum "$P/$way/$rel")"
        [ -n "$tiers" ] && assert_entries_where "$way/$rel" "$tiers"
    done
}
