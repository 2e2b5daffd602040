#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigil explore` with the LVS world: configurations with virtual servers get
# real-server faults, client bursts and reloads drawn besides the VRRP faults,
# the LVS invariants hold, and a seed gives the same run whatever the number
# of worker processes (same output, byte for byte, but the timing line). TAP.
# Usage: explore_lvs.sh path/to/vigil source-root
set -u
vigil=$1
root=$2
c=$root/docs/scenarios/configs
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..3"

"$vigil" explore --seeds 40 --jobs 1 "$c/10-anjuke-nat-master.conf" "$c/10-anjuke-nat-backup.conf" > "$dir/a" 2>&1
rc=$?
grep -q "LVS world (2 real servers): up to 3 real-server faults, 1 to 2 client bursts" "$dir/a" &&
	grep -q "up to 2 reloads" "$dir/a" &&
	[ "$(sed -n 's/^LVS: \([0-9]*\) client connections.*/\1/p' "$dir/a")" -gt 1000 ] &&
	echo "ok 1 - the LVS world runs: real-server faults, client bursts and reloads drawn, connections scheduled" ||
	echo "not ok 1 - $(cat "$dir/a")"
[ $rc -eq 0 ] && grep -q ": 0 failing" "$dir/a" && echo "ok 2 - 40 seeds hold the VRRP and LVS invariants and converge" ||
	echo "not ok 2 - rc $rc: $(cat "$dir/a")"

"$vigil" explore --seeds 40 --jobs 3 "$c/10-anjuke-nat-master.conf" "$c/10-anjuke-nat-backup.conf" > "$dir/b" 2>&1
grep -v "seeds in" "$dir/a" | sed 's/, [0-9]* jobs$//' > "$dir/a2"
grep -v "seeds in" "$dir/b" | sed 's/, [0-9]* jobs$//' > "$dir/b2"
cmp -s "$dir/a2" "$dir/b2" && echo "ok 3 - same seeds, same output with 1 or 3 workers" || echo "not ok 3 - outputs differ"
