#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: net_namespace_ipvs (top level): the virtual servers go into the IPVS
# table of the namespace it names, not the daemon's own, and leave it at
# stop; keepalived 2.2.7's checker side (-C) on the same file first, then
# vigild, the same checks.  Observed with keepalived 2.2.7: in global_defs
# the keyword is "Unknown keyword" and ignored (the services stay in the
# daemon's own namespace); vigild warns and does the same.  TAP on stdout.
. /test/tap.sh
modprobe -a ip_vs ip_vs_wlc
# the real server's address must be unicast in the IPVS namespace (else the
# kernel refuses the NAT destination: "address not unicast")
ip netns add vgkw-ipv
ip -n vgkw-ipv -batch - <<'IP'
link set lo up
link add d0 type dummy
addr add 198.51.100.1/24 dev d0
link set d0 up
IP
cat >/tmp/top.conf <<'C'
net_namespace_ipvs vgkw-ipv
virtual_server 192.0.2.10 80 {
 lb_kind NAT
 protocol TCP
 real_server 198.51.100.2 80 {
 }
}
C
{ printf 'global_defs {\n net_namespace_ipvs vgkw-ipv\n}\n'; sed 1d /tmp/top.conf; } >/tmp/glob.conf
want="-A -t 192.0.2.10:80 -s wlc
-a -t 192.0.2.10:80 -r 198.51.100.2:80 -m -w 1"
ipv() { nsenter --net=/run/netns/vgkw-ipv ipvsadm -S -n; }
# wait_table WHERE WANT: until `WHERE` (ipv or own) shows WANT, at most 5 s
wait_table() {
	i=0
	while [ $i -lt 50 ]; do
		if [ "$1" = ipv ]; then got=$(ipv); else got=$(ipvsadm -S -n); fi
		[ "$got" = "$2" ] && return 0
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

check() {  # check WHO: the daemon (pid $dpid) has started on /tmp/top.conf
	wait_table ipv "$want"
	is "$(ipv)" "$want" "$1: the virtual server is in namespace vgkw-ipv's table"
	is "$(ipvsadm -S -n)" "" "$1: the daemon's own namespace has none"
	kill "$dpid"
	wait "$dpid"
	wait_table ipv ""
	is "$(ipv)" "" "$1: removed from vgkw-ipv's table at stop"
}

if command -v keepalived >/dev/null; then
	keepalived -n -l -D -C -f /tmp/top.conf -p /run/ka.pid -c /run/kac.pid >/tmp/ka.log 2>&1 &
	dpid=$!
	check "keepalived 2.2.7"
	keepalived -n -l -D -C -f /tmp/glob.conf -p /run/ka.pid -c /run/kac.pid >/tmp/ka2.log 2>&1 &
	dpid=$!
	wait_table own "$want"
	is "$(ipvsadm -S -n)" "$want" "keepalived 2.2.7, in global_defs: ignored, the daemon's own table"
	grep -q "Unknown keyword 'net_namespace_ipvs'" /tmp/ka2.log
	ok $? "keepalived 2.2.7, in global_defs: Unknown keyword"
	kill "$dpid"
	wait "$dpid"
	ipvsadm -C
else
	skip "no keepalived in the guest (run.py --keepalived)"
fi

$VIGILD -n -l -G -D -f /tmp/top.conf -p /run/v.pid -r /run/vr.pid -c /run/vc.pid >/tmp/v.log 2>&1 &
dpid=$!
check vigild

$VIGILD -t -f /tmp/glob.conf >/tmp/t.log 2>&1
grep -q "glob.conf:2:.*net_namespace_ipvs.*Unknown keyword" /tmp/t.log
ok $? "vigild -t warns about net_namespace_ipvs in global_defs, naming file:line" || diag "$(cat /tmp/t.log)"
$VIGILD -n -l -G -D -f /tmp/glob.conf -p /run/v.pid -r /run/vr.pid -c /run/vc.pid >/tmp/v2.log 2>&1 &
dpid=$!
wait_table own "$want"
is "$(ipvsadm -S -n)" "$want" "vigild, in global_defs: ignored, the daemon's own table"
is "$(ipv)" "" "vigild, in global_defs: namespace vgkw-ipv's table stays empty"
kill "$dpid"
wait "$dpid"
ip netns del vgkw-ipv
finish
