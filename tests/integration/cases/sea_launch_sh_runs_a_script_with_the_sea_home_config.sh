#!/usr/bin/env bash
# Sea style: `SEA_HOME=R bin/sea_launch.sh script.sh` reads R/sea.ini and runs the script
# with bash (no shebang, not executable, bash-only syntax); the script's files land on R's
# tier 0 and its exit code comes back.
. "$(dirname "$0")/../lib.sh"
setup_tiers

cat >"$R/script.sh" <<EOF2
names=(one two three)
for n in "\${names[@]}"; do [[ \$n == t* ]] && printf '%s\n' "\$n" >>"$M/sea_style.txt"; done
cat "$M/sea_style.txt" >"$R/seen_inside"
exit 3
EOF2
chmod 0644 "$R/script.sh"

if native; then
    (cd "$R" && bash script.sh)
    rc=$?
else
    # run from an unrelated directory: the config must come from SEA_HOME, not the cwd
    (cd / && env SEA_HOME="$R" "$SEA_LAUNCH_SH" "$R/script.sh")
    rc=$?
fi
assert_eq "exit code of the script" 3 "$rc"
assert_same "file read back inside the job" "$(printf '%s\n' two three)" "$(cat "$R/seen_inside" 2>&1)"
assert_file_on_tier sea_style.txt t0
finish
