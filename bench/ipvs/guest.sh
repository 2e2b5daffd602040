#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the IPVS benchmark's guest side (bench/ipvs/bench.py boots it with tests/ipvs-vm/run.py).
# For each size N in $SIZES (configurations /test/cN.conf, N virtual servers x $M real servers,
# from bench/ipvs/gen.py), from an empty table: vigild, then keepalived's checker side
# (keepalived -C), each started, reloaded with the unchanged file (SIGHUP) and stopped ($DAEMONS,
# default "vigild keepalived", picks who runs). Times come from ipvs_time (start or signal to the
# daemon's "done" log line: vigild's "IPVS start:" / "IPVS reload:" or, when its files read the
# same, "...: unchanged", keepalived's "Startup complete" / "Reload complete"); vigild's messages and
# round trips from its SIGUSR1 dump. A second, untimed run of each daemon counts its
# generic-netlink traffic on an nlmon device (nl_count: skbs sent = sendmsg() calls = round
# trips, requests, answers). One line per figure, for bench.py:
#   R N DAEMON PHASE KEY VALUE
. /test/.vmenv
M=${M:-10}
DAEMONS=${DAEMONS:-vigild keepalived}
T=${T:-900}          # seconds a phase may take before it is given up (reported as timeout)
modprobe -a ip_vs ip_vs_wrr || exit 1
export VIGILD_DUMP_FILE=/tmp/vigild.data
V="$VIGILD -n -l -G -D -p /run/v.pid -r /run/v_vrrp.pid -c /run/v_c.pid"
K="keepalived -n -l -G -D -C -p /run/k.pid -c /run/k_c.pid -r /run/k_v.pid"
r() { echo "R $N $*"; }

# gone PID: wait until the process has exited (an orphan may stay a zombie of /init)
gone() {
	i=0
	while [ -e /proc/$1/stat ] && [ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" != Z ] && [ $i -lt $((T * 10)) ]; do
		i=$((i + 1)); sleep 0.1
	done
}
# vdump PID KEY...: figures from vigild's SIGUSR1 dump
vdump() {
	pid=$1; shift
	rm -f $VIGILD_DUMP_FILE
	kill -USR1 $pid
	i=0
	# the loop answers once the start is over (the checker driver's start may outlast "IPVS start:")
	until [ -s $VIGILD_DUMP_FILE ] && grep -q "IPVS dumps" $VIGILD_DUMP_FILE || [ $i -ge $((T * 10)) ]; do
		i=$((i + 1)); sleep 0.1
	done
	for k in "$@"; do
		sed -n "s/^ *IPVS $k = //p" $VIGILD_DUMP_FILE | head -1
	done
}
# rows: objects in the kernel table (services + real servers)
rows() { ipvsadm -S -n | wc -l; }
# timed DAEMON PHASE LOG MARKER (-- CMD | -k PID -s SIG): reports the time; the pid in $tpid
timed() {
	d=$1 ph=$2 lg=$3 mk=$4; shift 4
	set -- $(ipvs_time -t $T -l $lg -m "$mk" "$@")
	r $d $ph seconds $1
	[ "$1" = timeout ] && r $d $ph cap $T
	tsec=$1 tpid=$2
}
# nlsnap N: nl_count's Nth snapshot line
nlsnap() {
	kill -USR1 $npid
	i=0
	until [ "$(wc -l </tmp/nl.txt)" -ge $1 ] || [ $i -ge 600 ]; do i=$((i + 1)); sleep 0.1; done
}
NLMON=""
if ip link add nlmon0 type nlmon 2>/dev/null && ip link set nlmon0 up; then
	NLMON=1
fi

for N in $SIZES; do
	conf=/test/c$N.conf
	r objects $((N * (M + 1)))
	ipvsadm -C

	# ---- vigild
	kdone=timeout
	case " $DAEMONS " in *" vigild "*)
	: >/tmp/v.log
	timed vigild start /tmp/v.log "IPVS start:" -- $V -f $conf
	vpid=$tpid
	set -- $(vdump $vpid "last apply messages" "last apply round trips" "dump round trips" "last apply time us" \
		"messages" "round trips")
	r vigild start messages $1; r vigild start round_trips $2; r vigild start dump_round_trips $3
	r vigild start apply_us $4
	r vigild start rows $(rows)
	m0=$5 rt0=$6
	timed vigild reload /tmp/v.log "IPVS reload:" -m ": unchanged" -k $vpid -s HUP
	set -- $(vdump $vpid "messages" "round trips" "dumps" "last apply time us")
	# the totals' difference: an unchanged reload applies nothing, so "last apply" is the start's
	r vigild reload messages $(($1 - m0)); r vigild reload round_trips $(($2 - rt0)); r vigild reload dumps_total $3
	if grep -q ": unchanged" /tmp/v.log; then
		r vigild reload unchanged 1
	else
		r vigild reload apply_us $4
	fi
	r vigild reload rows $(rows)
	kill -TERM $vpid; gone $vpid
	grep -i "error\|refused [1-9]" /tmp/v.log | head -3 | sed "s/^/# vigild: /"
	;; esac

	# ---- keepalived's checker side
	case " $DAEMONS " in *" keepalived "*)
	ipvsadm -C
	: >/tmp/k.log
	timed keepalived start /tmp/k.log "Startup complete" -- $K -f $conf
	kpid=$tpid
	kdone=$tsec
	r keepalived start rows $(rows)   # at the timeout: what it programmed in $T s
	if [ "$kdone" != timeout ]; then
		timed keepalived reload /tmp/k.log "Reload complete" -k $kpid -s HUP
		r keepalived reload rows $(rows)
	fi
	kill -TERM $kpid; gone $kpid
	grep -i "error\|fail" /tmp/k.log | head -3 | sed "s/^/# keepalived: /"
	;; esac

	# ---- generic-netlink requests and answers, counted on nlmon (untimed runs)
	if [ -n "$NLMON" ]; then
		for d in $DAEMONS; do
			[ $d = keepalived ] && [ "$kdone" = timeout ] && continue
			ipvsadm -C
			: >/tmp/s.log
			: >/tmp/nl.txt
			nl_count nlmon0 /tmp/nl.txt &
			npid=$!
			sleep 0.2
			if [ $d = vigild ]; then
				ipvs_time -t $T -l /tmp/s.log -m "IPVS start:" -- $V -f $conf >/dev/null
				i=0
				until [ -s /run/v.pid ] || [ $i -ge $((T * 10)) ]; do i=$((i + 1)); sleep 0.1; done
				dpid=$(cat /run/v.pid); mk2="IPVS reload:"; mk3=": unchanged"
				vdump $dpid messages >/dev/null # idle before the SIGHUP, as in the timed run
			else
				ipvs_time -t $T -l /tmp/s.log -m "Startup complete" -- $K -f $conf >/dev/null
				dpid=$(cat /run/k.pid); mk2="Reload complete"; mk3="$mk2"
			fi
			nlsnap 1
			ipvs_time -t $T -l /tmp/s.log -m "$mk2" -m "$mk3" -k $dpid -s HUP >/dev/null
			nlsnap 2
			kill -TERM $dpid; gone $dpid
			kill -TERM $npid; wait $npid
			set -- $(sed -n 1p /tmp/nl.txt)
			r $d start req_skb $2; r $d start req_msg $4; r $d start ans_msg $8
			s1=$2 m1=$4 a1=$8
			set -- $(sed -n 2p /tmp/nl.txt)
			r $d reload req_skb $(($2 - s1)); r $d reload req_msg $(($4 - m1)); r $d reload ans_msg $(($8 - a1))
			r $d all nl_drops ${10}
		done
	fi
	ipvsadm -C
done
echo "R - done"
