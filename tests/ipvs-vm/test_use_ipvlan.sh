#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: use_ipvlan (core/vrrp/ipvlan.h): keepalived 2.2.7 first, then
# vigild, on the same file and checks.  A Master in namespace vgkw-a on two
# veths to vgkw-b: instance X `use_ipvlan vgivX 192.0.2.60/24` (bridge by
# default) on a0, instance Y `use_ipvlan 198.51.100.61/24 private` (no name:
# vrrp.52) on a1.  Checked: the ipvlans (mode l2, flags, parent), their
# addresses, the VIPs on the parents, the adverts seen from vgkw-b (source
# the ipvlan's address, Ethernet source the parent's MAC), and the
# ipvlans gone at stop.  The guest kernel has ipvlan (in run.py's module
# list); the development kernel has not.  TAP on stdout.
. /test/tap.sh
modprobe ipvlan || { skip "no ipvlan module"; finish; exit; }
ip netns add vgkw-a
ip netns add vgkw-b
ip -n vgkw-a -batch - <<'IP'
link set lo up
link add a0 type veth peer name b0 netns vgkw-b
link add a1 type veth peer name b1 netns vgkw-b
addr add 192.0.2.1/24 dev a0
addr add 198.51.100.1/24 dev a1
link set a0 up
link set a1 up
IP
ip -n vgkw-b -batch - <<'IP'
link set lo up
addr add 192.0.2.2/24 dev b0
addr add 198.51.100.2/24 dev b1
link set b0 up
link set b1 up
IP
cat >/tmp/ipvlan.conf <<'C'
global_defs {
 vrrp_garp_master_delay 0
}
vrrp_instance X {
 state MASTER
 interface a0
 virtual_router_id 51
 priority 150
 advert_int 1
 use_ipvlan vgivX 192.0.2.60/24
 virtual_ipaddress {
  192.0.2.100/24
 }
}
vrrp_instance Y {
 state MASTER
 interface a1
 virtual_router_id 52
 priority 150
 advert_int 1
 use_ipvlan 198.51.100.61/24 private
 virtual_ipaddress {
  198.51.100.100/24
 }
}
C
ina() { nsenter --net=/run/netns/vgkw-a "$@"; }
inb() { nsenter --net=/run/netns/vgkw-b "$@"; }
mac_a0=$(ip -n vgkw-a -br link show a0 | awk '{print $3}')
mac_a1=$(ip -n vgkw-a -br link show a1 | awk '{print $3}')

# on_link IF ADDR: until ADDR is on IF in vgkw-a, at most 8 s
on_link() {
	i=0
	until ip -n vgkw-a -o addr show dev "$1" 2>/dev/null | grep -q " $2/"; do
		i=$((i + 1))
		[ $i -lt 80 ] || return 1
		sleep 0.1
	done
}

check() {  # check WHO: the daemon (pid $dpid) runs in vgkw-a
	on_link a0 192.0.2.100
	ok $? "$1: X is Master, VIP 192.0.2.100 on the parent a0"
	on_link a1 198.51.100.100
	ok $? "$1: Y is Master, VIP 198.51.100.100 on the parent a1"
	d=$(ip -n vgkw-a -d link show vgivX 2>&1)
	echo "$d" | grep -q "vgivX@a0:" && echo "$d" | grep -q "ipvlan  *mode l2 bridge"
	ok $? "$1: vgivX is an ipvlan on a0, mode l2 bridge" || diag "$d"
	d=$(ip -n vgkw-a -d link show vrrp.52 2>&1)
	echo "$d" | grep -q "vrrp.52@a1:" && echo "$d" | grep -q "ipvlan  *mode l2 private"
	ok $? "$1: Y's ipvlan is vrrp.52 on a1, mode l2 private" || diag "$d"
	is "$(ip -n vgkw-a -o -4 addr show dev vgivX | awk '{print $4}')" "192.0.2.60/24" \
		"$1: vgivX holds 192.0.2.60/24 and no VIP"
	is "$(ip -n vgkw-a -o -4 addr show dev vrrp.52 | awk '{print $4}')" "198.51.100.61/24" \
		"$1: vrrp.52 holds 198.51.100.61/24 and no VIP"
	is "$(ip -n vgkw-a -o -6 addr show dev vgivX | wc -l)" "0" "$1: no IPv6 on an IPv4 instance's ipvlan"
	adv=$(inb timeout 5 tcpdump -Z root -l -n -e -c 1 -i b0 'ip proto 112' 2>/dev/null)
	case "$adv" in
	*"$mac_a0 > 01:00:5e:00:00:12"*"192.0.2.60 > 224.0.0.18: VRRPv2"*"vrid 51"*) ok 0 "$1: X's adverts: from 192.0.2.60, a0's MAC" ;;
	*) ok 1 "$1: X's adverts: from 192.0.2.60, a0's MAC"; diag "$adv" ;;
	esac
	adv=$(inb timeout 5 tcpdump -Z root -l -n -e -c 1 -i b1 'ip proto 112' 2>/dev/null)
	case "$adv" in
	*"$mac_a1 > 01:00:5e:00:00:12"*"198.51.100.61 > 224.0.0.18: VRRPv2"*"vrid 52"*) ok 0 "$1: Y's adverts: from 198.51.100.61, a1's MAC" ;;
	*) ok 1 "$1: Y's adverts: from 198.51.100.61, a1's MAC"; diag "$adv" ;;
	esac
	kill "$dpid"
	wait "$dpid"
	is "$(ip -n vgkw-a -o link show type ipvlan | wc -l)" "0" "$1: the ipvlans are deleted at stop"
}

if command -v keepalived >/dev/null; then
	nsenter --net=/run/netns/vgkw-a keepalived -n -l -D -P -f /tmp/ipvlan.conf -p /run/ka.pid -r /run/kav.pid >/tmp/ka.log 2>&1 &
	dpid=$!
	check "keepalived 2.2.7"
else
	skip "no keepalived in the guest (run.py --keepalived)"
fi
nsenter --net=/run/netns/vgkw-a $VIGILD -n -l -G -D -f /tmp/ipvlan.conf -p /run/v.pid -r /run/vr.pid -c /run/vc.pid >/tmp/v.log 2>&1 &
dpid=$!
check vigild
[ $_tap_failed -eq 0 ] || diag "$(cat /tmp/v.log)"
ip netns del vgkw-a
ip netns del vgkw-b
finish
