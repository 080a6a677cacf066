#!/usr/bin/env bash
# A process holding files open for writing keeps their room reserved on tier 0, even after a
# child that inherited those fds (subprocess pass_fds, a shell's "exec >log") exits: the
# child's exit must not give the room away, or the next file overfills the tier.
. "$(dirname "$0")/../lib.sh"
setup_tiers
write_ini cache_0_capacity=3M max_fs=1M

launch "$PY" - "$M" >"$R/out" 2>"$R/err" <<'PY' || fail "the writer failed: $(head -3 "$R/err")"
import os, subprocess, sys
m = sys.argv[1]
fds = [os.open(os.path.join(m, "open%d" % i), os.O_WRONLY | os.O_CREAT, 0o644) for i in range(3)]
subprocess.run(["/bin/true"], pass_fds=fds, check=True)   # inherits the three, then exits
with open(os.path.join(m, "next"), "wb") as f:               # tier 0 is still fully reserved
    f.write(b"x" * 1000)
for fd in fds:
    os.write(fd, b"y" * 1000)
    os.close(fd)
print("ok")
PY
assert_eq "writer output" ok "$(cat "$R/out")"
for i in 0 1 2; do assert_file_on_tier "open$i" t0; done
assert_file_on_tier next t1
finish
