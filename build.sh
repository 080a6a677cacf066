#!/usr/bin/env bash
# SeaNet build entry point.
#   ./build.sh          build everything into bin/ and lib/
#   ./build.sh demo     build, then run the demo pipeline under sea_launch (embedded default config)
#   ./build.sh test     build, then run every test suite; ends with "N passed, N failed"
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '%s\n' "$*" >&2; }

# --- prerequisites -----------------------------------------------------------------
# Build needs: gcc, make, dotnet (SDK 10). Tests also run real programs.
need_build=(gcc make)
need_test=(tar python3 sqlite3 find du cmp sha256sum nm clang-format unzip zip chattr rsync git java fakeroot)
apt_pkg() {
    case "$1" in
        gcc) echo gcc ;; make) echo make ;; tar) echo tar ;; python3) echo python3 ;;
        sqlite3) echo sqlite3 ;; find) echo findutils ;; du|sha256sum) echo coreutils ;;
        cmp) echo diffutils ;; nm) echo binutils ;; clang-format) echo clang-format ;; chattr) echo e2fsprogs ;;
        java) echo default-jdk-headless ;; *) echo "$1" ;;
    esac
}
ensure_tools() {
    local missing=() t
    for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    local pkgs=() m
    for m in "${missing[@]}"; do pkgs+=("$(apt_pkg "$m")"); done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "build.sh: installing ${pkgs[*]} with apt-get"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    else
        say "build.sh: missing prerequisite(s): ${missing[*]}"
        say "  install them (Debian/Ubuntu: apt-get install ${pkgs[*]}) or load the matching modules, then re-run."
        exit 2
    fi
}
# Debian's python3-zarr (an independent reader of the archives SeaNet writes, used by the tests)
ensure_python_zarr() {
    /usr/bin/python3 -c 'import zarr' >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "build.sh: installing python3-zarr with apt-get"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-zarr >/dev/null
    else
        say "build.sh: missing prerequisite: Debian's python3-zarr (/usr/bin/python3 -c 'import zarr' fails)"
        say "  install it (apt-get install python3-zarr), then re-run."
        exit 2
    fi
}
ensure_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        say "build.sh: missing prerequisite: the .NET 10 SDK (dotnet on PATH)."
        say "  install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) or 'module load dotnet', then re-run."
        exit 2
    fi
}

build() {
    ensure_tools "${need_build[@]}"
    ensure_dotnet
    say "== native shim"
    make -s -C native
    say "== daemon (NativeAOT)"
    dotnet publish src/SeaNet.Preload/SeaNet.Preload.csproj -c Release -r linux-x64 \
        -o out/publish -nologo -v quiet -clp:ErrorsOnly >&2
    mkdir -p bin lib
    install -m 0755 out/publish/seanetd bin/seanetd
    install -m 0755 native/build/libseanet.so lib/libseanet.so
    for name in sea_launch sea_launch.sh sea; do ln -sfn seanetd "bin/$name"; done
    say "== built: bin/seanetd bin/sea_launch bin/sea lib/libseanet.so"
}

run_tests() {
    ensure_tools "${need_test[@]}"
    ensure_python_zarr
    local total_pass=0 total_fail=0 out line p f
    local log_dir; log_dir=$(mktemp -d "${TMPDIR:-/tmp}/seanet-test-logs.XXXXXX")
    # Each suite prints a line "SUITE <name>: N passed, N failed" which we sum.
    run_suite() {
        local name=$1; shift
        say "== suite: $name"
        set +e
        "$@" 2>&1 | tee "$log_dir/$name.log"
        set -e
        line=$(grep -E "^SUITE $name: [0-9]+ passed, [0-9]+ failed" "$log_dir/$name.log" | tail -1)
        if [ -z "$line" ]; then
            say "suite $name printed no summary: counted as 1 failure"
            total_fail=$((total_fail + 1)); return
        fi
        p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$line")
        f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
        total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
    }
    run_suite native make -s -C native test
    run_suite conformance tests/conformance/run_conformance.sh
    run_suite xunit tests/run_xunit.sh
    run_suite integration tests/integration/run.sh
    echo
    echo "$total_pass passed, $total_fail failed"
    [ "$total_fail" -eq 0 ]
}

case "${1:-build}" in
    build) build ;;
    demo) build; exec "$ROOT/bench/demo/run_demo.sh" ;;
    test) build; run_tests ;;
    *) say "usage: $0 [build|demo|test]"; exit 2 ;;
esac
