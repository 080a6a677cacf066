#!/usr/bin/env bash
# sea_launch exits with its command's status: 0, 7 and 255 as given, 128+N when the command
# is killed by signal N, 127 for a command that does not exist; stdout and stdin pass
# through untouched.
. "$(dirname "$0")/../lib.sh"
setup_tiers

status() { launch "$@" >/dev/null 2>&1; echo $?; }
assert_eq "sh -c 'exit 0'" 0 "$(status sh -c 'exit 0')"
assert_eq "sh -c 'exit 7'" 7 "$(status sh -c 'exit 7')"
assert_eq "sh -c 'exit 255'" 255 "$(status sh -c 'exit 255')"
assert_eq "false" 1 "$(status false)"
# shell convention for a command killed by a signal (what bash, env and timeout report)
assert_eq "sh -c 'kill -TERM \$\$'" 143 "$(status sh -c 'kill -TERM $$')"
assert_eq "a command that does not exist" 127 "$(status "$R/no-such-command")"
assert_eq "stdout of the command, unchanged" "hello from the job" "$(launch echo "hello from the job" 2>/dev/null)"
assert_eq "stdin reaches the command" "piped in" "$(echo "piped in" | launch cat 2>/dev/null)"
assert_eq "arguments with spaces and quotes" "a b|'c'|" "$(launch printf '%s|' 'a b' "'c'" 2>/dev/null)"
finish
