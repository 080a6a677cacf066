#!/usr/bin/env bash
# POSIX conformance: posix_suite.c run four ways, the native tmpfs run being the oracle.
#   (1) natively in a fresh directory on tmpfs (/dev/shm)        the oracle (run twice: determinism)
#   (2) natively in a fresh directory on disk (/tmp)             proves the oracle is not tmpfs-specific
#   (3) under bin/sea_launch, three levels, daemon running       SeaNet proper
#   (4) under lib/libseanet.so with no daemon (SEANET_CHANNEL=)  the shim's fallback path
# Every oracle line is one assertion per compared run (2, 3, 4): passed if the run printed the
# same line, failed otherwise (missing and extra lines fail too). Two checks of the runner's own
# count as assertions as well: the fortified glibc forms are really the ones the suite calls,
# and nothing leaked into the real mount directory in runs (3) and (4).
# Usage: run_conformance.sh [AREA...]   (only those areas of the suite; see posix_suite.c)
# SEANET_CONF_KEEP=1 keeps the run directories and transcripts (printed).
# Ends with exactly one line "SUITE conformance: N passed, N failed".
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$REPO/out/conformance
BIN=$OUT/posix_suite
FIX=$HERE/fixtures.txt
AREAS=("$@")
pass=0 fail=0

say() { printf '%s\n' "$*"; }

summary() {
    say "SUITE conformance: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

# --- build ----------------------------------------------------------------------------
mkdir -p "$OUT"
if ! gcc -std=c11 -O2 -D_FORTIFY_SOURCE=2 -Wall -Wextra -Werror -o "$BIN" "$HERE/posix_suite.c" 2>"$OUT/build.log"; then
    say "FAIL posix_suite.c does not build:"
    sed 's/^/    /' "$OUT/build.log" | head -30
    fail=$((fail + 1))
    summary
fi
# the fortified forms the shim must cover: the suite is only a test of them if it calls them
want_fortified="__open_2 __open64_2 __openat_2 __openat64_2 __readlink_chk __readlinkat_chk __realpath_chk __getcwd_chk"
undef=$(nm -D --undefined-only "$BIN" | awk '{print $2}' | sed 's/@.*//')
missing=''
for s in $want_fortified; do grep -qx "$s" <<<"$undef" || missing+=" $s"; done
if [ -z "$missing" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    say "FAIL runner/fortified_forms: posix_suite does not call:$missing"
fi

# --- fixtures ---------------------------------------------------------------------------
# make_fixtures BASE0 BASE1 BASEP W: the entries of fixtures.txt, tier 0 entries under BASE0
# and so on (natively all three are W itself); @W in a symlink target becomes W.
make_fixtures() {
    local -A base=([0]=$1 [1]=$2 [p]=$3)
    local w=$4 type tiers mode path rest t b dirmodes=()
    while read -r type tiers mode path rest; do
        case $type in '' | '#'*) continue ;; esac
        for t in ${tiers//,/ }; do
            b=${base[$t]}
            mkdir -p "$(dirname "$b/$path")"
            case $type in
                d) mkdir -p "$b/$path" && dirmodes+=("$mode $b/$path") ;;
                f) printf '%s' "$rest" >"$b/$path" && chmod "$mode" "$b/$path" ;;
                l) ln -s "${rest//@W/$w}" "$b/$path" ;;
                h) ln "$b/$rest" "$b/$path" ;;
                p) mkfifo -m "$mode" "$b/$path" ;;
                *) say "fixtures.txt: unknown type '$type'" >&2; return 1 ;;
            esac || return 1
        done
    done <"$FIX"
    local dm
    for dm in "${dirmodes[@]}"; do chmod "${dm%% *}" "${dm#* }" || return 1; done
}

# --- runs ------------------------------------------------------------------------------
CLEAN=()
cleanup() {
    if [ "${SEANET_CONF_KEEP:-0}" = 1 ]; then
        say "kept: ${CLEAN[*]}"
        return
    fi
    local d
    for d in "${CLEAN[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT

# native_run NAME PARENT: the suite directly in PARENT/<fresh>/w; transcript in $OUT/NAME.txt
native_run() {
    local name=$1 root
    root=$(mktemp -d "$2/seanet-conf-$name.XXXXXX") || return 1
    CLEAN+=("$root")
    mkdir -p "$root/w" "$root/o$root/w"
    make_fixtures "$root/w" "$root/w" "$root/w" "$root/w" || return 1
    (cd "$root" && timeout 60 "$BIN" "$root/w" "$root/o" "${AREAS[@]}" >"$OUT/$name.txt" 2>"$OUT/$name.err")
}

# tiers_setup NAME: R (disk: t1, persist, mnt, sea.ini) and T0 (tmpfs), fixtures in the tier
# directories. W is the mount itself, so a call the shim misses acts on the real (empty) mount
# directory: it fails, or it leaves something there that mount_untouched reports.
tiers_setup() {
    R=$(mktemp -d "/tmp/seanet-conf-$1.XXXXXX") || return 1
    SHM=$(mktemp -d "/dev/shm/seanet-conf-$1.XXXXXX") || return 1
    CLEAN+=("$R" "$SHM")
    T0=$SHM/t0 T1=$R/t1 P=$R/persist M=$R/mnt
    mkdir -p "$T0" "$T1" "$P" "$M" "$R/o$M"
    make_fixtures "$T0" "$T1" "$P" "$M" || return 1
    cat >"$R/sea.ini" <<EOF
[Sea]
mount_dir = $M ;
n_levels = 3 ;
cache_0 = $T0 ;
cache_1 = $T1 ;
cache_2 = $P ;
max_fs = 1M ;
n_threads = 2 ;
log_level = 2 ;
log_file = $R/sea.log ;
EOF
}

# mount_untouched NAME: the real mount directory must still be empty after a SeaNet run
mount_untouched() {
    local leaked
    leaked=$(find "$M" -mindepth 1 -printf '%P\n' 2>/dev/null | sort | head -10 | tr '\n' ' ')
    if [ -z "$leaked" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1))
        say "FAIL runner/$1/mount_dir_untouched: the real mount directory holds: $leaked"
    fi
}

seanet_run() {
    tiers_setup seanet || return 1
    (cd "$R" && timeout 90 "$REPO/bin/sea_launch" -c "$R/sea.ini" -- "$BIN" "$M" "$R/o" "${AREAS[@]}" \
        >"$OUT/seanet.txt" 2>"$OUT/seanet.err")
    mount_untouched seanet
}

fallback_run() {
    tiers_setup fallback || return 1
    (cd "$R" && SEANET_MOUNT=$M SEANET_TIERS=$T0:$T1:$P SEANET_CHANNEL='' SEANET_MAX_FS=1048576 \
        LD_PRELOAD=$REPO/lib/libseanet.so timeout 60 "$BIN" "$M" "$R/o" "${AREAS[@]}" \
        >"$OUT/fallback.txt" 2>"$OUT/fallback.err")
    mount_untouched fallback
}

# --- comparison ----------------------------------------------------------------------
# compare LABEL RUNFILE: each oracle line against the run's line of the same case name.
compare() {
    local label=$1 run=$2 counts
    counts=$(awk -v label="$label" '
        function key(l) { i = index(l, ": "); return i ? substr(l, 1, i - 1) : l }
        NR == FNR { k = key($0); if (k in want) dupo[k] = 1; want[k] = $0; order[++n] = k; next }
        { k = key($0); if (k in got) dupr[k] = 1; got[k] = $0 }
        END {
            p = 0; f = 0
            for (i = 1; i <= n; i++) {
                k = order[i]
                if (k in dupo) { printf "FAIL %s %s: the oracle names this case twice\n", label, k; f++; continue }
                if ((k in got) && got[k] == want[k] && !(k in dupr)) { p++; continue }
                f++
                printf "FAIL %s %s\n    oracle: %s\n    run:    %s\n", label, k, want[k], \
                    (k in got) ? got[k] (k in dupr ? " (printed more than once)" : "") : "(missing)"
            }
            for (k in got) if (!(k in want)) { f++; printf "FAIL %s %s: extra line\n    run:    %s\n", label, k, got[k] }
            printf "COUNTS %d %d\n", p, f
        }' "$OUT/oracle.txt" "$run" 2>&1)
    grep -v '^COUNTS ' <<<"$counts"
    local c
    c=$(grep '^COUNTS ' <<<"$counts" | tail -1)
    if [ -z "$c" ]; then fail=$((fail + 1)); return; fi
    set -- $c
    pass=$((pass + $2)) fail=$((fail + $3))
}

umask 022
if ! native_run oracle /dev/shm || [ ! -s "$OUT/oracle.txt" ]; then
    say "FAIL the oracle run (native, tmpfs) failed:"
    sed 's/^/    /' "$OUT/oracle.err" 2>/dev/null | head -20
    fail=$((fail + 1))
    summary
fi
say "conformance: $(wc -l <"$OUT/oracle.txt") assertions per run (oracle: native on tmpfs)"
# determinism: a second oracle run must print exactly the same transcript (only failures count)
native_run oracle2 /dev/shm
if ! cmp -s "$OUT/oracle.txt" "$OUT/oracle2.txt"; then
    fail=$((fail + 1))
    say "FAIL runner/oracle_is_deterministic: two native tmpfs runs differ:"
    diff "$OUT/oracle.txt" "$OUT/oracle2.txt" | head -20 | sed 's/^/    /'
fi

native_run disk /tmp
compare native-disk "$OUT/disk.txt"
seanet_run
compare seanet "$OUT/seanet.txt"
fallback_run
compare fallback "$OUT/fallback.txt"
summary
