#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the checker benchmark's measuring side (bench/checkers/bench.py runs it).
#
# Runs in the director's network namespace: the ipvs-vm guest's initial one
# (real IPVS), or one bench.py created on the host (no IPVS). Makes the real
# servers' namespace ${PFX}rs (a veth cbd0 <-> cbr0, 192.0.2.1/2, 40
# addresses 198.51.100.1-20 and 203.0.113.1-20 behind 192.0.2.2), starts
# $D/rs there on ports 10000-10249, and for each case in $CASES and each
# daemon (vigild, keepalived when $KEEPALIVED is set) runs the daemon on
# $D/CASE.conf and prints what it measured as "@@" lines on stdout:
#   @@R CASE DAEMON ROLE PID cpu=% usr=% sys=% rss_kb= pss_kb= hwm_kb= thp_kb=   per process
#                                         (thp_kb: AnonHugePages, the transparent huge pages in RSS)
#   @@C CASE DAEMON start_s= checks=N halfopen=N window_s=S  connections the real servers saw,
#                                         and half-open probes (--check-tcp=syn) that ended there
#   @@L CASE DAEMON TEXT                                     vigild's dump lines (counters, latency),
#                                                            floor's counters
# FLOOR=1 adds a third "daemon" to the tcpN / httpN cases: $D/floor (bench/checkers/floor.c), the
# least a probe that connects costs (the kernel's share of every checker's probe), on the same servers
# every $DELAY_LOOP seconds.
#   @@T CASE DAEMON TIMESTAMP                                a VRRP advert on the wire (jit cases)
#   @@E CASE DAEMON TEXT                                     something went wrong
#   @@I TEXT                                                 the kernel, CPUs, transparent huge pages
# SPLIT=1: the daemon runs on CPU 0, the real servers on CPU 1, and the veths' receive work
# (both ends) is steered to CPU 1 (RPS): on a veth the receiver's kernel work otherwise runs in
# the sender's system call and is charged to it (the real servers' side of every probe to the
# daemon), where on a network it is the real servers' and the NIC's interrupts'.
# Cases: tcpN / httpN (capacity, -C), lat (vigild: failures -> table edits),
# jit (both sides, 10,000 TCP_CHECKs and one VRRP instance), jit0 (VRRP alone).
# Never asserts: numbers only.
set -u
: "${PFX:=vgcb-}" "${WARM:=40}" "${WINDOW:=30}" "${JIT_SECONDS:=30}" "${LAT_FLAPS:=6}" "${LAT_PERIOD:=3}" "${LAT_WARM:=5}"
: "${KEEPALIVED:=}" "${VIGILD_ARGS:=}" "${FLOOR:=0}" "${DELAY_LOOP:=30}" "${TCPDUMP:=tcpdump}" "${T:=/tmp/${PFX}run}" "${SPLIT:=0}"
RSNS=${PFX}rs
mkdir -p "$T"
export VIGILD_DUMP_FILE=$T/vigild.data

cleanup() {
	[ -n "${rspid:-}" ] && kill "$rspid" 2>/dev/null
	[ -n "${dpid:-}" ] && kill -9 "$dpid" 2>/dev/null
	ip netns del "$RSNS" 2>/dev/null
}
trap cleanup EXIT INT TERM

ip link set lo up
ip netns add "$RSNS" || exit 1
ip link add cbd0 type veth peer name cbr0 netns "$RSNS" || exit 1
ip addr add 192.0.2.1/24 dev cbd0
ip link set cbd0 up
ip -n "$RSNS" link set lo up
ip -n "$RSNS" addr add 192.0.2.2/24 dev cbr0
i=1
while [ $i -le 20 ]; do
	ip -n "$RSNS" addr add 198.51.100.$i/32 dev cbr0
	ip -n "$RSNS" addr add 203.0.113.$i/32 dev cbr0
	i=$((i + 1))
done
ip -n "$RSNS" link set cbr0 up
ip route add 198.51.100.0/24 via 192.0.2.2
ip route add 203.0.113.0/24 via 192.0.2.2
modprobe -q ip_vs 2>/dev/null
echo "@@I kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) cpu, THP $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
PIN0= PIN1=
if [ "$SPLIT" = 1 ]; then
	if [ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ] &&
		echo 2 >/sys/class/net/cbd0/queues/rx-0/rps_cpus &&
		ip netns exec "$RSNS" sh -c 'echo 2 >/sys/class/net/cbr0/queues/rx-0/rps_cpus'; then
		PIN0="taskset -c 0" PIN1="taskset -c 1"
		echo "@@I split: daemon on CPU 0; real servers and the veths' receive work (rps_cpus $(cat /sys/class/net/cbd0/queues/rx-0/rps_cpus)) on CPU 1"
	else
		echo "@@E split: needs 2 CPUs and RPS (rps_cpus not writable)"
		exit 1
	fi
fi

now() { cut -d' ' -f1 /proc/uptime; }

rs_start() { # MODE
	[ -n "${rspid:-}" ] && kill "$rspid" 2>/dev/null && wait "$rspid" 2>/dev/null
	: >"$T/rs.out"
	ip netns exec "$RSNS" $PIN1 "$D/rs" "$1" 10000 250 >"$T/rs.out" 2>&1 &
	rspid=$!
	n=0
	until grep -q ready "$T/rs.out" || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.1; done
}
rs_count() { # connections accepted so far
	c0=$(grep -c accepted "$T/rs.out")
	kill -HUP "$rspid"
	n=0
	until [ "$(grep -c accepted "$T/rs.out")" -gt "$c0" ] || [ $n -ge 50 ]; do n=$((n + 1)); sleep 0.1; done
	grep accepted "$T/rs.out" | tail -1 | awk '{print $3}'
}

# half-open probes the real servers' kernel saw end (TcpExt EmbryonicRsts: a SYN_RECV entry reset by the
# director's RST, one per --check-tcp=syn probe; 0 for connections)
rs_halfopen() {
	ip netns exec "$RSNS" cat /proc/net/netstat | awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) col[$i] = i; h = 1 } else print $col["EmbryonicRsts"] }'
}

# the daemon's processes: its pid and its children's
procs() { # PID
	echo "$1"
	for s in /proc/[0-9]*/stat; do
		awk -v p="$1" '$4 == p {print $1}' "$s" 2>/dev/null
	done
}
ticks() { awk '{print $14 "," $15}' "/proc/$1/stat" 2>/dev/null || echo 0,0; } # utime,stime
kb() { # PID FIELD FILE
	awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/$3" 2>/dev/null | head -1
}
role() { # DAEMON PID MAINPID
	if [ "$2" = "$3" ]; then echo main
	elif [ "$1" = keepalived ] && [ "$2" = "$(cat "$T/kc.pid" 2>/dev/null)" ]; then echo checker
	elif [ "$1" = keepalived ]; then echo vrrp
	else echo child; fi
}

# measure CASE DAEMON MAINPID SECONDS: CPU over SECONDS, then memory, per process
measure() {
	pids=$(procs "$3")
	t0=$(now)
	a0=""
	for p in $pids; do a0="$a0 $(ticks "$p")"; done
	sleep "$4"
	t1=$(now)
	set -- "$1" "$2" "$3" $a0
	c=$1 d=$2 m=$3
	shift 3
	for p in $pids; do
		t=$(ticks "$p")
		cpu=$(awk -v a="$1" -v b="$t" -v t0="$t0" -v t1="$t1" 'BEGIN {split(a, x, ","); split(b, y, ",");
			u = (y[1] - x[1]) / (t1 - t0); s = (y[2] - x[2]) / (t1 - t0);
			printf "cpu=%.3f usr=%.3f sys=%.3f", u + s, u, s}')
		shift
		echo "@@R $c $d $(role "$d" "$p" "$m") $p $cpu rss_kb=$(kb "$p" VmRSS status) pss_kb=$(kb "$p" Pss smaps_rollup) hwm_kb=$(kb "$p" VmHWM status) thp_kb=$(kb "$p" AnonHugePages smaps_rollup)"
	done
}

# start DAEMON CONF SIDE: the daemon in the background, dpid; start_s when its checkers run
start() {
	rm -f "$T"/*.pid
	: >"$T/d.log"
	s0=$(now)
	if [ "$1" = floor ]; then
		# shellcheck disable=SC2086
		$PIN0 "$D/floor" ${case%%[0-9]*} ${case##*[a-z]} "$DELAY_LOOP" 10000 >"$T/d.log" 2>&1 &
		dpid=$!
		start_s=0.0
		return
	elif [ "$1" = vigild ]; then
		$PIN0 $VIGILD $VIGILD_ARGS -n -l -G -D $3 -f "$2" -p "$T/v.pid" -r "$T/vr.pid" -c "$T/vc.pid" --control none \
			>"$T/d.log" 2>&1 &
		dpid=$!
		want="Health checkers:"
		[ "$3" = "-P" ] && want="Entering MASTER STATE"
	else
		$PIN0 $KEEPALIVED -n -l -G -D $3 -f "$2" -p "$T/k.pid" -c "$T/kc.pid" -r "$T/kr.pid" \
			>"$T/d.log" 2>&1 &
		dpid=$!
		want="Activating healthchecker"
		[ "$3" = "-P" ] && want="Entering MASTER STATE"
	fi
	n=0
	until grep -q "$want" "$T/d.log" || [ $n -ge 1200 ]; do n=$((n + 1)); sleep 0.1; done
	grep -q "$want" "$T/d.log" || echo "@@E $case $1 no '$want' after 120 s: $(tail -3 "$T/d.log" | tr '\n' '|')"
	start_s=$(awk -v a="$s0" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}')
}
stop() {
	kill -TERM "$dpid" 2>/dev/null
	n=0
	while kill -0 "$dpid" 2>/dev/null && [ $n -lt 600 ]; do n=$((n + 1)); sleep 0.1; done
	kill -9 "$dpid" 2>/dev/null
	wait "$dpid" 2>/dev/null
	dpid=
	ipvsadm -C 2>/dev/null
}
vdump() { # CASE: vigild's checker counters (SIGUSR1 dump)
	rm -f "$VIGILD_DUMP_FILE"
	kill -USR1 "$dpid"
	n=0
	until [ -s "$VIGILD_DUMP_FILE" ] || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.1; done
	sleep 0.3
	grep -E "Probes started|In flight|Table edits|Verdict to table edit|Table edit itself|round trip for checker verdicts|Ring = " "$VIGILD_DUMP_FILE" |
		sed "s/^ */@@L $1 vigild /"
}

daemons="vigild"
[ -n "$KEEPALIVED" ] && daemons="vigild keepalived"
[ "$FLOOR" = 1 ] && daemons="$daemons floor"

for case in $CASES; do
	case $case in
	http*) rs_start http ;;
	*) rs_start tcp ;;
	esac
	conf=$D/$case.conf
	case $case in
	tcp* | http*)
		for d in $daemons; do
			echo "# $case $d" >&2
			start "$d" "$conf" -C
			sleep "$WARM"
			a=$(rs_count)
			h0=$(rs_halfopen)
			t0=$(now)
			measure "$case" "$d" "$dpid" "$WINDOW"
			b=$(rs_count)
			h1=$(rs_halfopen)
			echo "@@C $case $d start_s=$start_s checks=$((b - a)) halfopen=$((${h1:-0} - ${h0:-0})) window_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}')"
			[ "$d" = vigild ] && vdump "$case"
			[ "$d" = keepalived ] && echo "@@L $case keepalived log lines of failures: $(grep -ciE "failed|timeout|error" "$T/d.log")"
			stop
			[ "$d" = floor ] && echo "@@L $case floor $(cat "$T/d.log")"
		done
		;;
	lat)
		echo "# $case vigild" >&2
		start vigild "$conf" -C
		sleep "$LAT_WARM"
		f=0
		while [ $f -lt "$LAT_FLAPS" ]; do
			kill -USR1 "$rspid"
			sleep "$LAT_PERIOD"
			kill -USR2 "$rspid"
			sleep "$LAT_PERIOD"
			f=$((f + 1))
		done
		vdump "$case"
		stop
		;;
	jit | jit0)
		for d in ${daemons% floor}; do
			echo "# $case $d" >&2
			if [ $case = jit0 ]; then start "$d" "$conf" -P; else start "$d" "$conf" ""; fi
			sleep "$WARM"
			ip netns exec "$RSNS" $TCPDUMP -Z root -l -n -tt -i cbr0 -c 100000 'ip proto 112' >"$T/adv.txt" 2>/dev/null &
			tpid=$!
			measure "$case" "$d" "$dpid" "$JIT_SECONDS"
			kill "$tpid"
			wait "$tpid" 2>/dev/null
			awk -v c="$case" -v d="$d" '/VRRP/ && / > 224.0.0.18/ {print "@@T", c, d, $1, $3}' "$T/adv.txt"
			[ "$d" = vigild ] && vdump "$case"
			stop
		done
		;;
	esac
done
echo "@@END"
