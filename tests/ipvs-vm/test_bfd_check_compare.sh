#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: BFD_CHECK as keepalived 2.2.7 acts on it, on a real IPVS kernel in the
# ipvs-vm guest.  A peer keepalived (-C with only a bfd_instance: its bfd process) in namespace
# vgkw-P (198.51.100.4) runs bfd_instance B1 towards the director
# (198.51.100.1).  keepalived -C (its checker and bfd processes; -B would
# leave BFD out), then vigild -C, run bfd_check_compare.conf:
# real server C's BFD_CHECK follows B1 (alpha).  For each: at start the checker
# hears the session's state, Down (keepalived's bfd process sends every
# session's state when it starts: "Received BFD event: instance B1 is in state
# Down") -> C's notify_down (alpha's first verdict; the peer starts only then,
# so its Up cannot race the first look at the table); the session Up ->
# C up (notify_up, in the table); the peer killed (kill -9) -> C down; the
# peer again -> C up.  Then: the same notifies, tables and "BFD check of"
# log lines for both.
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1

ip -batch - <<'IP' || exit 1
link add br0 type bridge
addr add 198.51.100.1/24 dev br0
link set br0 up
netns add vgkw-P
link add rp type veth peer name eth0 netns vgkw-P
link set rp master br0
link set rp up
IP
ip -n vgkw-P -batch - <<'IP' || exit 1
addr add 198.51.100.4/24 dev eth0
link set eth0 up
link set lo up
IP
printf '#!/bin/sh\necho "$(cut -d" " -f1 /proc/uptime) $1 $2" >>/tmp/notes\n' >/test/notify.sh
chmod 755 /test/notify.sh
cat >/tmp/peer.conf <<'CONF'
global_defs {
	router_id peer
}
bfd_instance B1 {
	neighbor_ip 198.51.100.1
	source_ip 198.51.100.4
	min_rx 100
	min_tx 100
	multiplier 3
}
CONF
peer_start() {
	rm -f /run/peer.pid /run/peer_bfd.pid
	nsenter --net=/run/netns/vgkw-P keepalived -n -l -D -C -f /tmp/peer.conf -p /run/peer.pid \
		-c /run/peer_check.pid -b /run/peer_bfd.pid >>/tmp/peer.log 2>&1 &
	echo $! >/tmp/peer.main
}
# the peer's processes by PID: those the pid files name, and any other process of the peer's
# configuration (a bfd child whose pid file was not written yet would keep UDP 3784 bound)
peer_pids() {
	for f in /run/peer_bfd.pid /run/peer_check.pid /tmp/peer.main; do
		[ -s $f ] && cat $f
	done
	for d in /proc/[0-9]*; do
		tr '\0' ' ' <$d/cmdline 2>/dev/null | grep -q -e '-f /tmp/peer.conf' && echo "${d#/proc/}"
	done
}
peer_kill() {
	i=0
	while [ -n "$(peer_pids | while read -r p; do kill -0 "$p" 2>/dev/null && echo "$p"; done)" ] && [ $i -lt 30 ]; do
		for p in $(peer_pids); do kill -9 "$p" 2>/dev/null; done
		i=$((i + 1))
		sleep 0.1
	done
	sleep 0.3
}
# wait_notes N TIMEOUT
wait_notes() {
	i=0
	until [ "$(wc -l </tmp/notes)" -ge "$1" ] || [ $i -ge $(($2 * 10)) ]; do i=$((i + 1)); sleep 0.1; done
	sleep 0.3
}
UP="-A -t 192.0.2.10:80 -s rr
-a -t 192.0.2.10:80 -r 198.51.100.4:80 -m -w 1"
DOWN="-A -t 192.0.2.10:80 -s rr"

runprog() {
	name=$1
	shift
	ipvsadm -C
	: >/tmp/notes
	"$@" >/tmp/$name.log 2>&1 &
	pid=$!
	wait_notes 1 10 # the session's state at start: Down (no peer yet, so no race with its Up)
	ipvsadm -S -n >/tmp/$name.t0
	peer_start
	wait_notes 2 30
	ipvsadm -S -n >/tmp/$name.t1
	peer_kill
	wait_notes 3 10
	ipvsadm -S -n >/tmp/$name.t2
	peer_start
	wait_notes 4 30
	ipvsadm -S -n >/tmp/$name.t3
	kill -TERM $pid
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
	kill -9 $pid 2>/dev/null
	peer_kill
	cp /tmp/notes /tmp/$name.notes
}

if ! command -v keepalived >/dev/null; then
	skip "no keepalived in the guest (run.py --keepalived)"
	finish
	exit
fi
runprog ka keepalived -n -l -D -C -f /test/bfd_check_compare.conf -p /run/ka.pid -c /run/ka_check.pid \
	-b /run/ka_bfd.pid
runprog vg "$VIGILD" -n -l -D -C -f /test/bfd_check_compare.conf -p /run/v.pid -c /run/v_check.pid --control=none

bfdlines() { sed -n 's/.*\(BFD check of .*\)$/\1/p' /tmp/$1.log | sed 's/ @[0-9]*\.[0-9]\{9\}$//'; }
for p in ka vg; do
	case $p in ka) who=keepalived ;; *) who=vigild ;; esac
	is "$(awk '{print $2, $3}' /tmp/$p.notes)" "C down
C up
C down
C up" "$who: the session's state at start (Down: alpha, notify_down), Up, Down (peer killed), Up"
	is "$(cat /tmp/$p.t0)" "$DOWN" "$who: C out at start"
	is "$(cat /tmp/$p.t1)" "$UP" "$who: C in the table once the session is Up"
	is "$(cat /tmp/$p.t2)" "$DOWN" "$who: C out when the session is Down"
	is "$(cat /tmp/$p.t3)" "$UP" "$who: C back"
	diag "$who: $(bfdlines $p | tr '\n' '|')"
done
is "$(bfdlines vg)" "$(bfdlines ka)" "the same 'BFD check of' log lines as keepalived"
[ $_tap_failed -eq 0 ] || {
	diag "keepalived's log:"; diag "$(grep -v 'min_tx\|local \|remote \|Session param\|Detection' /tmp/ka.log | tail -30)"
	diag "vigild's log:"; diag "$(tail -30 /tmp/vg.log)"
	diag "peer's log:"; diag "$(tail -10 /tmp/peer.log)"
}
finish
