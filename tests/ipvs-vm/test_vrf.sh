#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: an instance's `vrf` and an interface enslaved to a VRF, keepalived
# 2.2.7 first, then vigild, the same file and checks.  Namespace vgkw-a has
# VRF vrf-blue (table 10) with a0 enslaved (192.0.2.1/24), a veth to
# vgkw-b's b0 (192.0.2.2).  (1) `interface a0` with `vrf vrf-blue`,
# unicast peer 192.0.2.2: the vrf is refused ("Cannot specify VRF
# interface and interface") and the instance runs on a0: Master, the VIP on
# a0, unicast adverts seen on b0.  (2) the same without `interface` (with
# unicast_src_ip, as keepalived.conf(5) describes): refused ("Unknown
# interface!": keepalived exits, vigild runs without the instance), no
# advert ever.  (3) multicast on a0 without `vrf`: the adverts go out of the
# enslaved a0 all the same.  The guest kernel has vrf (run.py's module
# list); the development kernel has not.  TAP on stdout.
. /test/tap.sh
modprobe vrf || { skip "no vrf module"; finish; exit; }
ip netns add vgkw-a
ip netns add vgkw-b
ip -n vgkw-a -batch - <<'IP'
link set lo up
link add vrf-blue type vrf table 10
link set vrf-blue up
link add a0 type veth peer name b0 netns vgkw-b
link set a0 master vrf-blue
addr add 192.0.2.1/24 dev a0
link set a0 up
IP
ip -n vgkw-b -batch - <<'IP'
link set lo up
addr add 192.0.2.2/24 dev b0
link set b0 up
IP
inb() { nsenter --net=/run/netns/vgkw-b "$@"; }
conf() {  # conf FILE IFACE_LINE VRF_LINE PEER(0/1)
	{
		printf 'global_defs {\n vrrp_garp_master_delay 0\n}\nvrrp_instance X {\n state MASTER\n'
		[ -n "$2" ] && printf ' %s\n' "$2"
		[ -n "$3" ] && printf ' %s\n' "$3"
		printf ' virtual_router_id 51\n priority 150\n advert_int 1\n'
		[ "$4" = 1 ] && printf ' unicast_src_ip 192.0.2.1\n unicast_peer {\n  192.0.2.2\n }\n'
		printf ' virtual_ipaddress {\n  192.0.2.100/24 dev a0\n }\n}\n'
	} >"$1"
}
conf /tmp/c1.conf "interface a0" "vrf vrf-blue" 1
conf /tmp/c2.conf "" "vrf vrf-blue" 1
conf /tmp/c3.conf "interface a0" "" 0
advert() { inb timeout 4 tcpdump -Z root -l -n -c 1 -i b0 'ip proto 112' 2>/dev/null; }
vip_on_a0() {
	i=0
	until ip -n vgkw-a -o addr show dev a0 | grep -q " 192.0.2.100/"; do
		i=$((i + 1))
		[ $i -lt 60 ] || return 1
		sleep 0.1
	done
}
# each WHO: the three cases with the daemon $D (written out, not a function:
# dash would background a subshell and $! would not be the daemon)
each() {
	who=$1
	# shellcheck disable=SC2086
	nsenter --net=/run/netns/vgkw-a $D -f /tmp/c1.conf >/tmp/d1.log 2>&1 &
	dpid=$!
	vip_on_a0
	ok $? "$who (1) interface + vrf: Master, the VIP on a0"
	case "$(advert)" in
	*"192.0.2.1 > 192.0.2.2: VRRPv2, Advertisement, vrid 51"*) ok 0 "$who (1): unicast adverts reach the peer from the enslaved a0" ;;
	*) ok 1 "$who (1): unicast adverts reach the peer from the enslaved a0"; diag "$(cat /tmp/d1.log)" ;;
	esac
	grep -q "Cannot specify VRF interface and interface\|vrf can only be specified without interface" /tmp/d1.log
	ok $? "$who (1): the vrf is refused beside interface"
	kill $dpid
	wait $dpid
	# shellcheck disable=SC2086
	nsenter --net=/run/netns/vgkw-a $D -f /tmp/c2.conf >/tmp/d2.log 2>&1 &
	dpid=$!
	got=$(advert)
	is "$got" "" "$who (2) vrf without interface: no advert"
	# keepalived exits (configuration error); vigild runs on without the instance
	if kill -0 $dpid 2>/dev/null; then grep -q "started: 0 VRRP instance(s)" /tmp/d2.log; else true; fi
	ok $? "$who (2): the instance is not run" || diag "$(cat /tmp/d2.log)"
	kill $dpid 2>/dev/null
	wait $dpid
	grep -q "Unknown interface!" /tmp/d2.log
	ok $? "$who (2): \"Unknown interface!\""
	# shellcheck disable=SC2086
	nsenter --net=/run/netns/vgkw-a $D -f /tmp/c3.conf >/tmp/d3.log 2>&1 &
	dpid=$!
	vip_on_a0
	ok $? "$who (3) multicast on the enslaved a0: Master, the VIP on a0"
	case "$(advert)" in
	*"192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51"*) ok 0 "$who (3): multicast adverts leave by a0" ;;
	*) ok 1 "$who (3): multicast adverts leave by a0"; diag "$(cat /tmp/d3.log)" ;;
	esac
	kill $dpid
	wait $dpid
}
if command -v keepalived >/dev/null; then
	D="keepalived -n -l -D -P -p /run/ka.pid -r /run/kav.pid"
	each "keepalived 2.2.7"
else
	skip "no keepalived in the guest (run.py --keepalived)"
fi
D="$VIGILD -n -l -G -D -p /run/v.pid -r /run/vr.pid -c /run/vc.pid"
each vigild
ip netns del vgkw-a
ip netns del vgkw-b
finish
