#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: `vigil replay` without a vigild (TAP): a version-2 flight recording
# (tests/data/recorder-v2-lvs.rec, written by vigild before format 3: one
# VRRP instance, two TCP_CHECK real servers, each stopped and started)
# still replays, line for line as it did (--config prints its files); its --svg has a lane per
# instance and per real server, drawn by the renderer `vigil sim --svg`
# uses, which draws an LVS scenario's real servers the same way. A version-3
# recording (tests/data/recorder-v3-lvs-reload.rec, written by vigild in
# tests/netns/recorder_replay_lvs.py: real servers across a reload that
# carried checkers over) replays to the lines vigild logged (the .expected
# file is taken from the daemon's log, not from a replay). So does a
# version-4 recording of the same run (tests/data/recorder-v4-lvs-reload.rec,
# written by the last vigild of format 4: DEFLATED CONFs and PROBEs in full,
# sub 2, where format 5 writes the compact PROBE).
# Usage: replay_cli.sh VIGIL SOURCE_ROOT
set -u
vigil=${1:?usage: replay_cli.sh VIGIL SOURCE_ROOT}
root=${2:?usage: replay_cli.sh VIGIL SOURCE_ROOT}
rec=$root/tests/data/recorder-v2-lvs.rec
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..7"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$vigil" replay "$rec" --svg "$dir/r.svg" > "$dir/out" 2> "$dir/err"; rc=$?
[ $rc -eq 0 ] && cmp -s "$dir/out" "$root/tests/data/recorder-v2-lvs.expected"; ok=$?
t $ok "a version-2 recording replays as before (rc $rc)"
[ $ok -eq 0 ] || sed 's/^/# /' "$dir/out" "$dir/err"

"$vigil" replay "$root/tests/data/recorder-v3-lvs-reload.rec" > "$dir/out3" 2> "$dir/err3"; rc=$?
[ $rc -eq 0 ] && cmp -s "$dir/out3" "$root/tests/data/recorder-v3-lvs-reload.expected"; ok=$?
t $ok "a version-3 recording across a checker reload replays to vigild's logged lines (rc $rc)"
[ $ok -eq 0 ] || sed 's/^/# /' "$dir/out3" "$dir/err3"

"$vigil" replay "$root/tests/data/recorder-v4-lvs-reload.rec" > "$dir/out4" 2> "$dir/err4"; rc=$?
[ $rc -eq 0 ] && cmp -s "$dir/out4" "$root/tests/data/recorder-v4-lvs-reload.expected"; ok=$?
t $ok "a version-4 recording (full PROBEs, DEFLATED CONFs) replays to vigild's logged lines (rc $rc)"
[ $ok -eq 0 ] || sed 's/^/# /' "$dir/out4" "$dir/err4"

lanes() { # SVG FILE, then the lane names expected; checks their fills too
	/usr/bin/python3 - "$@" <<'PY'
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
texts = [t.firstChild.data for t in d.getElementsByTagName("text") if t.firstChild and t.firstChild.nodeType == 3]
fills = {r.getAttribute("fill") for r in d.getElementsByTagName("rect")}
missing = [l for l in sys.argv[2:] if l not in texts]
assert not missing, (missing, texts)
assert "#2e9d48" in fills and "#c8c8c8" in fills, fills  # in (or MASTER) and out
PY
}
lanes "$dir/r.svg" "VI_1" "[192.0.2.100]:tcp:80 -> [192.0.2.12]:tcp:18101" "[192.0.2.100]:tcp:80 -> [192.0.2.12]:tcp:18102"
t $? "replay --svg: a lane for the instance and one per real server, in and out"

"$vigil" sim "$root/docs/scenarios/lvs-dr-tcp-check.scn" -q --svg "$dir/s.svg" > /dev/null 2>&1
lanes "$dir/s.svg" "lb1 VI_1" "lb1 [192.168.0.233]:tcp:80 -> [192.168.0.163]:tcp:80"
t $? "sim --svg of an LVS scenario: the same real-server lanes"

"$vigil" replay --help | grep -q "per real server"
t $? "replay --help names the real-server lanes"

"$vigil" replay "$root/tests/data/recorder-v3-lvs-reload.rec" --config > "$dir/conf" 2> "$dir/errc"; rc=$?
[ $rc -eq 0 ] && grep -q "^# generation 1, .*n1.conf, [0-9]* bytes$" "$dir/conf" &&
	grep -q "^# generation 2, " "$dir/conf" && grep -q "^virtual_server 192.0.2.100 80 {$" "$dir/conf"
t $? "replay --config prints each generation's recorded files (rc $rc)"
[ $rc -eq 0 ] || sed 's/^/# /' "$dir/errc"
