#!/usr/bin/env bash
# fakeroot inside a job puts its own library ahead of the shim in LD_PRELOAD (keeping the
# shim): a file created, chowned and stat'ed through the mount under fakeroot shows the faked
# owner, and the file is in the view, on tier 0.
. "$(dirname "$0")/../lib.sh"
setup_tiers
command -v fakeroot >/dev/null || die "fakeroot is not installed (build.sh test installs it)"

launch fakeroot sh -c 'touch "$1/f"; chown 1234:5678 "$1/f"; echo "chown exit $?"; stat -c %u:%g "$1/f"' sh "$M" \
    >"$R/out" 2>"$R/err" || fail "fakeroot workload exited $?: $(head -3 "$R/err")"
assert_eq "owner under fakeroot" "1234:5678" "$(sed -n 2p "$R/out")"
# chown itself reaches the kernel too (fakeroot calls the next chown after recording it),
# which only finds the file if the shim wraps the chown family
assert_eq "chown's exit status under fakeroot" "chown exit 0" "$(sed -n 1p "$R/out")"
assert_eq "the file in the view" "f f $(sha256sum </dev/null | cut -d' ' -f1)" "$(mount_view "" | grep '^f f ')"
assert_file_on_tier f t0
finish
