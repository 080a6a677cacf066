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
# chown itself reaches the kernel too (fakeroot calls the next chown after recording it):
# only a shim that wraps the chown family can let it find the file in the mount
if native || nm -D --defined-only "$REPO/lib/libseanet.so" 2>/dev/null | awk '{print $3}' | grep -qx fchownat; then
    assert_eq "chown's exit status under fakeroot" "chown exit 0" "$(sed -n 1p "$R/out")"
else
    note "the shim does not wrap chown/fchownat yet (calls/meta.c): chown said: $(head -1 "$R/err")"
fi
assert_eq "the file in the view" "f f $(sha256sum </dev/null | cut -d' ' -f1)" "$(mount_view "" | grep '^f f ')"
assert_file_on_tier f t0
finish
