#!/usr/bin/env bash
# sea_launch looks at the program before running it: a static executable, into which the shim
# cannot be loaded, gets one warning line naming it and what to do, and still runs with its
# arguments and exit status; a dynamic one gets none. A script stored in the mount is run by
# sea_launch by its virtual path, given directly or found through a PATH entry in the mount,
# and sees that path as $0.
. "$(dirname "$0")/../lib.sh"
setup_tiers

cat >"$R/static.c" <<'C'
#include <stdio.h>
int main(int c, char **v) { (void)v; printf("static ran with %d args\n", c - 1); return 3; }
C
if gcc -static -O1 -o "$R/static" "$R/static.c" 2>"$R/gcc.err"; then
    launch "$R/static" a b >"$R/out" 2>"$R/err"
    assert_eq "static program's exit status" 3 "$?"
    assert_eq "static program's output" "static ran with 2 args" "$(cat "$R/out")"
    if real; then
        assert_eq "warning lines naming the static program" 1 \
            "$(grep -c "^sea_launch: warning: $R/static is statically linked.*use a dynamically linked build" "$R/err")"
    fi
else
    note "no static libc here (Debian: libc6-dev's libc.a): static part skipped: $(head -1 "$R/gcc.err")"
fi

launch /bin/true 2>"$R/err" || fail "/bin/true under sea_launch failed"
if grep -q 'warning' "$R/err"; then fail "a dynamic program got a warning: $(grep warning "$R/err")"; fi

seed t1 bin/job.sh '#!/bin/sh
cd "$(dirname "$0")" && printf "%s %s %s\n" "$(cat data)" "$0" "$1"
exit 4
'
seed persist bin/data 'from-the-view'
chmod +x "$(real && echo "$T1" || echo "$M")/bin/job.sh"
launch "$M/bin/job.sh" arg >"$R/out" 2>"$R/err"
assert_eq "script in the mount: exit status" 4 "$?"
assert_eq "script in the mount: what it saw" "from-the-view $M/bin/job.sh arg" "$(cat "$R/out")"
PATH="/nonexistent:$M/bin:$PATH" launch job.sh viapath >"$R/out" 2>"$R/err"
assert_eq "script found through PATH: exit status" 4 "$?"
assert_eq "script found through PATH: what it saw" "from-the-view $M/bin/job.sh viapath" "$(cat "$R/out")"
assert_file_on_tier bin/job.sh t1
finish
