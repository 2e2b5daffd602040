#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: `vigil status` without a vigild and without privileges (TAP): the usage,
# and the sentence and exit status for each way a connection fails: no socket
# (3), a socket file nobody accepts on, as a kill -9 leaves it (3), a bad
# argument (2). The cases with a running vigild (table, JSON, failover, a
# caller that is not root) are in tests/netns/test_status.py.
# Usage: status_cli.sh VIGIL
set -u
vigil=${1:?usage: status_cli.sh VIGIL}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..5"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$vigil" status --help > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q -- "--watch \[SECONDS\]" "$dir/o" && grep -q "/run/vigild.ctl" "$dir/o"
t $? "status --help names the options and the default socket (rc $rc)"

"$vigil" status --socket "$dir/none" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 3 ] && grep -q "vigild is not running: no control socket at $dir/none" "$dir/o"
t $? "no socket: 'vigild is not running', exit 3 (rc $rc)"

# a socket file nobody accepts on (bound, never listened, closed)
/usr/bin/python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$dir/stale"
"$vigil" status --socket "$dir/stale" --json > "$dir/o" 2>&1; rc=$?
[ $rc -eq 3 ] && grep -q "nothing accepts connections on $dir/stale" "$dir/o"
t $? "a stale socket: 'not running', exit 3 (rc $rc)"

"$vigil" status --bogus > "$dir/o" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "unknown argument '--bogus'" "$dir/o"
t $? "an unknown argument, exit 2 (rc $rc)"

"$vigil" status --watch abc > "$dir/o" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "is not a number of seconds" "$dir/o"
t $? "--watch with a bad interval, exit 2 (rc $rc)"
