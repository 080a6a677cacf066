#!/usr/bin/env bash
# A shell script stored in the mount (bin/script.sh on t1; the library it sources on persist,
# the data it reads on t0) runs when executed by its path, by a relative path from its
# directory, via PATH, and with bash named; it finds its files relative to its own location
# ($(dirname "$0")), so $0 must be the script's path in the mount. A script written and made
# executable in the job runs via PATH too. Outputs equal a native run's, with the daemon alive
# and with it killed before the command starts.
. "$(dirname "$0")/../lib.sh"
setup_tiers

mkdir -p "$R/stage/bin" "$R/stage/lib" "$R/stage/share"
cat >"$R/stage/bin/script.sh" <<'SH'
#!/bin/bash
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/helper.sh"
echo "0: $0"
echo "here: $here"
echo "data: $(sha256sum <"$(dirname "$0")/../share/data.txt" | cut -c1-16) $(wc -l <"$(dirname "$0")/../share/data.txt")"
echo "args: $*"
helper_says
SH
printf 'helper_says() { echo "helper from $(basename "$(dirname "${BASH_SOURCE[0]}")")"; }\n' >"$R/stage/lib/helper.sh"
seq 1 500 >"$R/stage/share/data.txt"
chmod 0755 "$R/stage/bin/script.sh"
# sorted order, round-robin: bin/script.sh on t1, lib/helper.sh on persist, share/data.txt on t0
seed_three_ways "$R/stage" app t1 persist t0

run_three_ways '
    root=$1 out=$2
    a=$root/app
    "$a/bin/script.sh" one two >"$out/by_path" 2>&1; echo "by path: $?" >"$out/steps"
    (cd "$a/bin" && ./script.sh three) >"$out/relative" 2>&1; echo "relative: $?" >>"$out/steps"
    (cd "$a" && bin/script.sh four) >"$out/relative2" 2>&1; echo "relative from above: $?" >>"$out/steps"
    PATH="$a/bin:$PATH" script.sh five >"$out/via_path" 2>&1; echo "via PATH: $?" >>"$out/steps"
    bash "$a/bin/script.sh" six >"$out/bash_named" 2>&1; echo "bash named: $?" >>"$out/steps"
    printf "#!/bin/sh\necho \"new: \$0 \$(wc -c <\"\$(dirname \"\$0\")/../share/data.txt\")\"\n" >"$a/bin/new.sh"
    chmod 0755 "$a/bin/new.sh"; echo "chmod: $?" >>"$out/steps"
    PATH="$a/bin:$PATH" new.sh >"$out/new" 2>&1; echo "new via PATH: $?" >>"$out/steps"
    command -v script.sh >/dev/null; PATH="$a/bin:$PATH" command -v new.sh >"$out/command_v"
'

assert_ran_alike
for f in steps by_path relative relative2 via_path bash_named new command_v; do
    assert_three_same "script output $f" "$f"
done
assert_eq "native: steps that failed (test sanity)" "" "$(grep -v ': 0$' "$R/out/oracle/steps")"
assert_eq "native: \$0 run via PATH (test sanity)" "0: $R/oracle/app/bin/script.sh" "$(grep '^0:' "$R/out/oracle/via_path")"
if real; then
    for way in alive dead; do
        assert_where "$way/app/bin/script.sh" "t1 persist"
        assert_where "$way/app/bin/new.sh" "t0 persist"
        assert_eq "$way: mode of the persisted new.sh" 755 "$(stat -c %a "$P/$way/app/bin/new.sh" 2>&1)"
    done
fi
finish
