#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the first test in the ipvs-vm guest (tests/ipvs-vm/run.py): Debian's
# kernel has IPVS and every scheduler as modules, ipvsadm programs the table
# and reads back what was added, the tunnel modules load, and a client in
# one network namespace reaches a NAT virtual server whose two real servers
# (busybox httpd) sit in two others, round robin, and a DR virtual server
# whose real server holds the VIP on lo.  It checks the guest
# itself, so later tests (vigild and keepalived on the same kernel) can rely
# on it.  TAP on stdout.  Every exec costs ~0.1 s under TCG: commands are
# batched (ip -batch, ipvsadm -R) where the check allows.
. /test/tap.sh
SCHEDULERS="rr wrr lc wlc fo ovf lblc lblcr dh sh mh sed nq"
mods="ip_vs"
for s in $SCHEDULERS; do mods="$mods ip_vs_$s"; done
# shellcheck disable=SC2086
run "modprobe -a ip_vs and the 13 schedulers" modprobe -a $mods
missing=""
for m in $mods; do [ -d "/sys/module/$m" ] || missing="$missing $m"; done
ok "$([ -z "$missing" ]; echo $?)" "every ip_vs module is loaded${missing:+ (missing:$missing)}"
run "tunnel modules ipip, ip_gre, fou load" modprobe -a ipip ip_gre fou

run "ipvsadm -A -t 192.0.2.10:80 -s wrr" ipvsadm -A -t 192.0.2.10:80 -s wrr
run "ipvsadm -a ... -r 198.51.100.2:80 -g -w 3" \
	ipvsadm -a -t 192.0.2.10:80 -r 198.51.100.2:80 -g -w 3
is "$(ipvsadm -S -n)" "-A -t 192.0.2.10:80 -s wrr
-a -t 192.0.2.10:80 -r 198.51.100.2:80 -g -w 3" "ipvsadm -S -n shows the service and its real server"
run "ipvsadm -C" ipvsadm -C

# One service per scheduler (ipvsadm -R: one exec), read back in order.
want=""
port=1000
for s in $SCHEDULERS; do
	port=$((port + 1))
	want="$want-A -t 192.0.2.20:$port -s $s
"
done
run "ipvsadm -R: a service with each scheduler" sh -c "printf '%s' '$want' | ipvsadm -R"
is "$(ipvsadm -S -n)" "${want%
}" "ipvsadm -S -n lists the 13 services"
ipvsadm -C

# UDP with persistence, NAT and TUN real servers, a fwmark service; ipvsadm
# 1.31 on this kernel prints the tunnel type of TUN real servers.
ipvsadm -A -u 192.0.2.11:53 -s rr -p 300 &&
	ipvsadm -a -u 192.0.2.11:53 -r 198.51.100.3:53 -m -w 1 &&
	ipvsadm -a -u 192.0.2.11:53 -r 198.51.100.4:53 -i -w 2 &&
	ipvsadm -A -f 7 -s sh &&
	ipvsadm -a -f 7 -r 198.51.100.5:0 -g -w 1
ok $? "UDP service with persistence, NAT and TUN real servers, fwmark service"
is "$(ipvsadm -S -n)" "-A -u 192.0.2.11:53 -s rr -p 300
-a -u 192.0.2.11:53 -r 198.51.100.3:53 -m -w 1
-a -u 192.0.2.11:53 -r 198.51.100.4:53 -i -w 2 --tun-type ipip
-A -f 7 -s sh
-a -f 7 -r 198.51.100.5:0 -g -w 1" "ipvsadm -S -n round-trips them"
ipvsadm -C
is "$(ipvsadm -S -n)" "" "ipvsadm -C empties the table"

# NAT forwarding between namespaces: client 192.0.2.100 -> VIP 192.0.2.10:80
# on the director (this namespace) -> real servers 198.51.100.2 and .130.
inns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
ip -batch - <<'IP' &&
netns add client
netns add rs1
netns add rs2
link add c0 type veth peer name eth0 netns client
link add r1 type veth peer name eth0 netns rs1
link add r2 type veth peer name eth0 netns rs2
addr add 192.0.2.1/24 dev c0
addr add 192.0.2.10/32 dev c0
addr add 198.51.100.1/25 dev r1
addr add 198.51.100.129/25 dev r2
link set c0 up
link set r1 up
link set r2 up
IP
	ip -n client -batch - <<'IP' &&
addr add 192.0.2.100/24 dev eth0
link set eth0 up
link set lo up
route add default via 192.0.2.1
IP
	ip -n rs1 -batch - <<'IP' &&
addr add 198.51.100.2/25 dev eth0
link set eth0 up
link set lo up
route add default via 198.51.100.1
IP
	ip -n rs2 -batch - <<'IP' &&
addr add 198.51.100.130/25 dev eth0
link set eth0 up
link set lo up
route add default via 198.51.100.129
IP
	echo 1 >/proc/sys/net/ipv4/ip_forward
ok $? "veths and namespaces: client, rs1, rs2"
pids=""
for n in 1 2; do
	mkdir -p /tmp/www$n && echo "rs$n" >/tmp/www$n/index.html
	inns rs$n httpd -f -p 80 -h /tmp/www$n &
	pids="$pids $!"
done
printf '%s\n' "-A -t 192.0.2.10:80 -s rr" "-a -t 192.0.2.10:80 -r 198.51.100.2:80 -m" \
	"-a -t 192.0.2.10:80 -r 198.51.100.130:80 -m" | ipvsadm -R
ok $? "NAT service 192.0.2.10:80 with two real servers"
i=0
until inns rs1 timeout 1 wget -q -O /dev/null http://198.51.100.2/ 2>/dev/null &&
	inns rs2 timeout 1 wget -q -O /dev/null http://198.51.100.130/ 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || break
	sleep 0.1
done
got=""
for _ in 1 2 3 4; do
	got="$got $(inns client timeout 5 wget -q -O - http://192.0.2.10/ 2>&1)"
done
# The kernel adds a real server at the head of its list and rr walks the
# list: the one added last answers first.
is "$got" " rs2 rs1 rs2 rs1" "client reaches the VIP; the real servers answer in turn (rr, last added first)"
# The connection table is immediate (the --stats counters lag by up to 2 s).
conns=$(ipvsadm -L -n -c | grep -c ' 192.0.2.10:80 ')
is "$conns" "4" "the connection table holds the four connections"

# DR between namespaces: client 203.0.113.100 and real server 203.0.113.2 on
# one bridge with the director (203.0.113.1, VIP 203.0.113.10); the real
# server holds the VIP on lo, does not answer ARP for it, and replies to the
# client directly.
ipvsadm -C
ip -batch - <<'IP' &&
netns add dc
netns add drs
link add br0 type bridge
link set br0 up
addr add 203.0.113.1/24 dev br0
addr add 203.0.113.10/32 dev br0
link add d0 type veth peer name eth0 netns dc
link add d1 type veth peer name eth0 netns drs
link set d0 master br0
link set d1 master br0
link set d0 up
link set d1 up
IP
	ip -n dc -batch - <<'IP' &&
addr add 203.0.113.100/24 dev eth0
link set eth0 up
link set lo up
IP
	ip -n drs -batch - <<'IP' &&
addr add 203.0.113.2/24 dev eth0
addr add 203.0.113.10/32 dev lo
link set eth0 up
link set lo up
IP
	inns drs sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 &&
	printf '%s\n' "-A -t 203.0.113.10:80 -s rr" "-a -t 203.0.113.10:80 -r 203.0.113.2:80 -g" |
	ipvsadm -R
ok $? "DR: bridge, client and real-server namespaces, VIP on the real server's lo"
mkdir -p /tmp/wwwdr && echo "dr" >/tmp/wwwdr/index.html
inns drs httpd -f -p 80 -h /tmp/wwwdr &
pids="$pids $!"
i=0
until inns drs timeout 1 wget -q -O /dev/null http://203.0.113.10/ 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || break
	sleep 0.1
done
got=$(inns dc timeout 5 wget -q -O - http://203.0.113.10/ 2>&1)
is "$got" "dr" "DR: the client reaches the VIP and the real server answers"
is "$(ipvsadm -L -n -c | grep -c ' 203.0.113.10:80 ')" "1" "DR: the connection went through IPVS"

run "vigild runs in the guest" "${VIGILD:-vigild}" --version
if command -v keepalived >/dev/null; then
	run "keepalived runs in the guest" keepalived --version
else
	skip "no keepalived in the image (run.py --keepalived)"
fi
# shellcheck disable=SC2086
kill $pids 2>/dev/null
finish
