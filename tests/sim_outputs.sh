#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigil sim --svg/--pcap`: the picture is well-formed SVG with one lane per
# node and instance, coloured by state; the pcap is VRRP that tshark reads.
# Also: the same scenario and seed give the same output, byte for byte, and
# the summary counts the core effects the simulator dropped (0). TAP.
# Usage: sim_outputs.sh path/to/vigil source-root
set -u
vigil=$1
root=$2
scn=$root/docs/scenarios/master-master.scn
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..4"

"$vigil" sim "$scn" --svg "$dir/t.svg" --pcap "$dir/t.pcap" > "$dir/out1" 2>&1
/usr/bin/python3 - "$dir/t.svg" <<'PY'
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
texts = [t.firstChild.data for t in d.getElementsByTagName("text") if t.firstChild and t.firstChild.nodeType == 3]
lanes = [t for t in texts if t in ("lb129 VI_1", "lb129 VI_2", "lb131 VI_1", "lb131 VI_2")]
fills = {r.getAttribute("fill") for r in d.getElementsByTagName("rect")}
assert len(lanes) == 4, lanes
assert "#2e9d48" in fills and "#3b73c4" in fills, fills   # MASTER and BACKUP lanes
PY
[ $? -eq 0 ] && echo "ok 1 - SVG: 4 lanes (node x instance), MASTER and BACKUP colours" || echo "not ok 1 - SVG check failed"

n=$(tshark -r "$dir/t.pcap" -Y 'vrrp' 2>/dev/null | wc -l)
bad=$(tshark -r "$dir/t.pcap" -Y '_ws.malformed' 2>/dev/null | wc -l)
[ "$n" -gt 10 ] && [ "$bad" -eq 0 ] && echo "ok 2 - pcap: $n VRRP frames, none malformed" || echo "not ok 2 - pcap: $n VRRP, $bad malformed"

"$vigil" sim "$scn" -v --seed 9 > "$dir/a" 2>&1
"$vigil" sim "$scn" -v --seed 9 > "$dir/b" 2>&1
cmp -s "$dir/a" "$dir/b" && [ -s "$dir/a" ] && echo "ok 3 - same scenario and seed: identical output" || echo "not ok 3 - runs differ"

grep -q "; 0 effects not handled" "$dir/out1" && echo "ok 4 - the summary shows 0 effects not handled" ||
	echo "not ok 4 - the summary does not show '0 effects not handled'"
