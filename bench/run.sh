#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every benchmark and prints its numbers (never asserts them).
# Usage: bench/run.sh [builddir] [--ipvs]
#   --ipvs: also the IPVS benchmark (vigild and keepalived -C in the QEMU guest, bench/ipvs;
#           10-20 minutes under TCG, so only when asked)
set -u
b=build
ipvs=""
for a in "$@"; do
	case $a in
	--ipvs) ipvs=1 ;;
	*) b=$a ;;
	esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
echo "== core (VRRP codec and state machine)"; "$b/bench/core_bench" 2000000
echo "== simulator"; "$b/bench/sim_bench"
echo "== vigil explore, 3 nodes, 60 simulated s per seed (goal: 1,000 seeds/s on 2 cores)"
"$b/cli/vigil" explore --seeds 20000 --nodes 3 \
	"$root/docs/scenarios/configs/06-nginx-master-129-fixed.conf" \
	"$root/docs/scenarios/configs/06-nginx-backup-131-fixed.conf" |
	awk '/seeds in/ { print; split($0, a, "[(]"); split(a[2], r, " "); printf "ratio to goal: %.1fx\n", r[1] / 1000 }'
echo "== LVS"; "$b/bench/lvs_bench"
echo "== keepalived.conf parse + lint next to keepalived -t (goals: 1/10 of its time, 1/2 of its memory)"
"$b/bench/conf_bench"
if [ -n "$ipvs" ]; then
	echo "== IPVS: N x 10 services programmed and reloaded, vigild and keepalived -C in the same QEMU guest"
	/usr/bin/python3 "$root/bench/ipvs/bench.py" --build "$b"
fi
