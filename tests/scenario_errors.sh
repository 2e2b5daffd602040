#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigil sim` reports bad scenario input with file:line and exit status 2,
# and a wrong expectation with exit status 1. TAP output.
# Usage: scenario_errors.sh path/to/vigil tests/data
set -u
vigil=$1
data=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..7"

printf 'node a config x.conf\nat 5 explode a\n' > "$dir/bad.scn"
out=$("$vigil" sim "$dir/bad.scn" 2>&1); rc=$?
case "$out" in *"bad.scn:2: unknown action 'explode'"*) ok=1 ;; *) ok=0 ;; esac
[ $rc -eq 2 ] && [ $ok -eq 1 ] && echo "ok 1 - unknown action named with file:line" || echo "not ok 1 - got rc $rc: $out"

printf 'node a config x.conf\nexpect at 1s master VI_1 zz\n' > "$dir/bad2.scn"
out=$("$vigil" sim "$dir/bad2.scn" 2>&1); rc=$?
case "$out" in *"bad2.scn:2: unknown node 'zz'"*) ok=1 ;; *) ok=0 ;; esac
[ $rc -eq 2 ] && [ $ok -eq 1 ] && echo "ok 2 - unknown node named with file:line" || echo "not ok 2 - got rc $rc: $out"

printf 'node a config missing.conf\n' > "$dir/bad3.scn"
"$vigil" sim "$dir/bad3.scn" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok 3 - unreadable config is exit 2" || echo "not ok 3 - got rc $rc"

"$vigil" sim "$data/wrong-master.scn" > "$dir/out" 2>&1; rc=$?
grep -q "FAILED" "$dir/out" && [ $rc -eq 1 ] && echo "ok 4 - a wrong expectation fails with exit 1" || echo "not ok 4 - got rc $rc"

# reload lines: the usage names file:line; an unreadable file to reload is bad input
printf 'node a config %s/clean.conf\nat 5s reload a\n' "$data" > "$dir/bad4.scn"
out=$("$vigil" sim "$dir/bad4.scn" 2>&1); rc=$?
case "$out" in *"bad4.scn:2: usage: at TIME reload NODE FILE"*) ok=1 ;; *) ok=0 ;; esac
[ $rc -eq 2 ] && [ $ok -eq 1 ] && echo "ok 5 - reload usage named with file:line" || echo "not ok 5 - got rc $rc: $out"

printf 'node a config %s/clean.conf\nat 5s reload a missing.conf\n' "$data" > "$dir/bad5.scn"
out=$("$vigil" sim "$dir/bad5.scn" 2>&1); rc=$?
case "$out" in *"bad5.scn:2: cannot read"*) ok=1 ;; *) ok=0 ;; esac
[ $rc -eq 2 ] && [ $ok -eq 1 ] && echo "ok 6 - an unreadable file to reload is exit 2 with file:line" || echo "not ok 6 - got rc $rc: $out"

printf 'node a config %s/clean.conf\nat 5s vip-del a 203.0.113.77\n' "$data" > "$dir/bad6.scn"
out=$("$vigil" sim "$dir/bad6.scn" 2>&1); rc=$?
case "$out" in *"bad6.scn:2: node a's configuration has no VIP of that address"*) ok=1 ;; *) ok=0 ;; esac
[ $rc -eq 2 ] && [ $ok -eq 1 ] && echo "ok 7 - vip-del of an address that is no VIP named with file:line" || echo "not ok 7 - got rc $rc: $out"
