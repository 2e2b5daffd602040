#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every benchmark and prints its numbers (never asserts them).
# Usage: bench/run.sh [builddir]
set -u
b=${1:-build}
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
