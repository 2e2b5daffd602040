#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: every LVS seed configuration (01, 08, 10 master and backup, passed as
# files from docs/scenarios/configs, the copies of ../shared/seed-configs)
# end to end with vigild on a real IPVS kernel, in the ipvs-vm guest.  Each
# director is a network namespace of its own (IPVS tables are per namespace),
# so the four run at once: vigild (VRRP and checker sides) with the seed as
# written except its addresses, which the test moves into the documentation
# ranges with sed:
#   01  192.168.0.x -> 192.0.2.x      (DR, TCP_CHECK, VIP on the bridge ens192)
#   08  192.168.1.x -> 198.51.100.x   (DR, wrr, persistence, HTTP_GET, bridge ens33)
#   10  10.10.3.x   -> 203.0.113.x,  10.10.6.209 -> 203.0.113.209
#                                     (NAT, eth0 to the real server; the client on
#                                      198.51.100.0/24 behind a second veth)
# Its real servers (busybox httpd answering with their address) and a client
# are namespaces behind the director; DR real servers hold the VIP on lo
# (arp_ignore 1, arp_announce 2), NAT ones route through the director.
# Checked per seed: the table after start (written here by hand), the VIP
# once VRRP is Master, a client through the VIP reaching a live real server;
# one real server killed leaves the table within the window its checker
# promises (delay_loop + retry x delay_before_retry, + SLACK for TCG) while
# the client reaches the other; restarted, it comes back (TCP within
# delay_loop; HTTP_GET after the second pass: delay_loop ..
# max(delay_before_retry, delay_loop) + delay_loop); SIGTERM empties the
# table.  On 10 (master) also the operator's view of the kernel's counters
# after client traffic: `vigil status --json` shows connections and bytes
# for the real server, and vigild --metrics has
# vigil_lvs_ipvs_connections_total > 0.  One boot.  TAP on stdout.
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr ip_vs_wrr bridge veth || exit 1
SLACK=3
now() { cut -d' ' -f1 /proc/uptime; }
N=/run/netns/vge2e

# rs D NAME ADDR: the real server NAME of director D (httpd, its pid in /tmp/D-NAME.pid)
rs() {
	mkdir -p /tmp/www-$1-$2 && echo "$3" >/tmp/www-$1-$2/index.html
	# nsenter directly: $! is httpd's pid (nsenter execs it)
	nsenter --net=$N-$1-$2 httpd -f -p 80 -h /tmp/www-$1-$2 &
	echo $! >/tmp/$1-$2.pid
}
rs_kill() { kill "$(cat /tmp/$1-$2.pid)"; wait "$(cat /tmp/$1-$2.pid)" 2>/dev/null; return 0; }

# dr D IF DIRECTOR/24 VIP CLIENT RS_A RS_B: a DR director on bridge IF, client and real servers on it
dr() {
	d=$1 if=$2
	for n in "" -c -a -b; do ip netns add vge2e-$d$n; done
	ip -n vge2e-$d -batch - <<IP || return 1
link set lo up
link add $if type bridge
addr add $3 dev $if
link set $if up
link add vc type veth peer name eth0 netns vge2e-$d-c
link add va type veth peer name eth0 netns vge2e-$d-a
link add vb type veth peer name eth0 netns vge2e-$d-b
link set vc master $if
link set va master $if
link set vb master $if
link set vc up
link set va up
link set vb up
IP
	ip -n vge2e-$d-c -batch - <<IP || return 1
addr add $5/24 dev eth0
link set eth0 up
link set lo up
IP
	for x in a b; do
		eval "a=\$$([ $x = a ] && echo 6 || echo 7)"
		ip -n vge2e-$d-$x -batch - <<IP || return 1
addr add $a/24 dev eth0
addr add $4/32 dev lo
link set eth0 up
link set lo up
IP
		nsenter --net=$N-$d-$x sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
		rs $d $x $a
	done
}

# nat D RS: a NAT director, eth0 203.0.113.1/24 to the real server RS (default route back
# through the director), cl0 198.51.100.1/24 to the client 198.51.100.100
nat() {
	d=$1
	for n in "" -c -a; do ip netns add vge2e-$d$n; done
	ip -n vge2e-$d -batch - <<IP || return 1
link set lo up
link add eth0 type veth peer name eth0 netns vge2e-$d-a
link add cl0 type veth peer name eth0 netns vge2e-$d-c
addr add 203.0.113.1/24 dev eth0
addr add 198.51.100.1/24 dev cl0
link set eth0 up
link set cl0 up
IP
	ip -n vge2e-$d-a -batch - <<IP || return 1
addr add $2/24 dev eth0
link set eth0 up
link set lo up
route add default via 203.0.113.1
IP
	ip -n vge2e-$d-c -batch - <<IP || return 1
addr add 198.51.100.100/24 dev eth0
link set eth0 up
link set lo up
route add default via 198.51.100.1
IP
	nsenter --net=$N-$d sysctl -qw net.ipv4.ip_forward=1
	rs $d a $2
}

dr 01 ens192 192.0.2.1/24 192.0.2.233 192.0.2.100 192.0.2.163 192.0.2.111 &&
	dr 08 ens33 198.51.100.1/24 198.51.100.233 198.51.100.100 198.51.100.129 198.51.100.131 &&
	nat 10m 203.0.113.233 && nat 10b 203.0.113.180
ok $? "four directors, their clients and real servers in namespaces (vge2e-*)" || { finish; exit 1; }

sed 's/192\.168\.0\./192.0.2./g' /test/01-lvs-dr-haproxy-master.conf >/tmp/01.conf
sed 's/192\.168\.1\./198.51.100./g' /test/08-lvs-wrr-http-get.conf >/tmp/08.conf
for r in master backup; do
	sed -e 's/10\.10\.3\./203.0.113./g' -e 's/10\.10\.6\.209/203.0.113.209/g' \
		/test/10-anjuke-nat-$r.conf >/tmp/10${r%"${r#?}"}.conf
done
! grep -l '192\.168\.\|10\.10\.' /tmp/01.conf /tmp/08.conf /tmp/10m.conf /tmp/10b.conf
ok $? "the seeds' addresses are all moved into the documentation ranges"

DIRECTORS="01 08 10m 10b"
for d in $DIRECTORS; do
	extra=""
	[ $d = 10m ] && extra="--metrics=127.0.0.1:9650"
	# shellcheck disable=SC2086
	nsenter --net=$N-$d "$VIGILD" -n -l -G -D -f /tmp/$d.conf -p /run/$d.pid -r /run/$d.vrrp.pid \
		-c /run/$d.check.pid --control=/run/$d.ctl $extra >/tmp/$d.log 2>&1 &
	echo $! >/tmp/$d.vpid
done
ipvs() { nsenter --net=$N-$1 ipvsadm -S -n; }
i=0
for d in $DIRECTORS; do
	until grep -q "IPVS start" /tmp/$d.log || [ $i -ge 150 ]; do i=$((i + 1)); sleep 0.1; done
done

T01="-A -t 192.0.2.233:80 -s rr
-a -t 192.0.2.233:80 -r 192.0.2.111:80 -g -w 1
-a -t 192.0.2.233:80 -r 192.0.2.163:80 -g -w 1"
T08="-A -t 198.51.100.233:80 -s wrr -p 50
-a -t 198.51.100.233:80 -r 198.51.100.129:80 -g -w 1
-a -t 198.51.100.233:80 -r 198.51.100.131:80 -g -w 1"
T10m="-A -t 203.0.113.168:80 -s rr -p 50
-a -t 203.0.113.168:80 -r 203.0.113.233:80 -m -w 1"
T10b="-A -t 203.0.113.168:80 -s rr -p 50
-a -t 203.0.113.168:80 -r 203.0.113.180:80 -m -w 1"
for d in $DIRECTORS; do
	eval "want=\$T$d"
	is "$(ipvs $d)" "$want" "$d: the table after start"
done

# VRRP: each instance becomes Master (the backup too: it is alone) and adds the VIP
vip_of() { case $1 in 01) echo "ens192 192.0.2.233/24" ;; 08) echo "ens33 198.51.100.233/32" ;; *) echo "eth0 203.0.113.168/32" ;; esac; }
for d in $DIRECTORS; do
	set -- $(vip_of $d)
	i=0
	until ip -n vge2e-$d addr show dev $1 | grep -q "inet $2 " || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.1; done
	ip -n vge2e-$d addr show dev $1 | grep -q "inet $2 "
	ok $? "$d: VRRP Master adds the VIP $2 on $1"
done

# get D VIP: what a client gets through the VIP (the answering real server's address)
get() { nsenter --net=$N-$1-c timeout 5 wget -q -O - "http://$2/" 2>/dev/null; }
in_set() { case " $2 " in *" $1 "*) return 0 ;; esac; return 1; }
two=$(get 01 192.0.2.233; get 01 192.0.2.233)
is "$(echo "$two" | sort | tr '\n' ' ')" "192.0.2.111 192.0.2.163 " \
	"01 (DR rr): two connections through the VIP reach both real servers"
in_set "$(get 08 198.51.100.233)" "198.51.100.129 198.51.100.131"
ok $? "08 (DR wrr, persistence): the client reaches a real server through the VIP"
is "$(get 10m 203.0.113.168)" "203.0.113.233" "10 master (NAT): the client reaches the real server through the VIP"
is "$(get 10b 203.0.113.168)" "203.0.113.180" "10 backup (NAT): the client reaches the real server through the VIP"

# the killed (and restarted) real server of each director
victim() { case $1 in 01) echo "a 192.0.2.163" ;; 08) echo "a 198.51.100.129" ;; 10m) echo "a 203.0.113.233" ;; 10b) echo "a 203.0.113.180" ;; esac; }
# the windows (lo hi, s after the kill / restart), from each seed's checker:
#  01 TCP_CHECK delay_loop 6, retry 2, delay_before_retry 3:  down 6 .. 6+6, up 0 .. 6
#  08 HTTP_GET delay_loop 6, nb_get_retry 3, delay_before_retry 3: down 9 .. 6+9,
#     up 6 .. max(3,6)+6 (the failed url passes, then every url once more)
#  10 TCP_CHECK delay_loop 6, retry 1 and delay_before_retry 1 (the defaults): down 1 .. 6+1, up 0 .. 6
# lower bounds less 0.3 s, upper bounds plus SLACK
window() {
	case $1-$2 in
	01-down) echo 5.7 $((12 + SLACK)) ;; 01-up) echo 0 $((6 + SLACK)) ;;
	08-down) echo 8.7 $((15 + SLACK)) ;; 08-up) echo 5.7 $((12 + SLACK)) ;;
	*-down) echo 0.7 $((7 + SLACK)) ;; *-up) echo 0 $((6 + SLACK)) ;;
	esac
}
# The times come from vigild's own log ("Removing service [RS]:tcp:80 from VS ..", "Adding
# service .."), against the wall clock when the test killed or restarted the server (seconds of
# the day, as the log's time stamps): polling four tables through nsenter takes seconds on a
# loaded host, the log does not.
wall() { adjtimex | awk '/tv_sec/ { s = $NF } /tv_usec/ { u = $NF } END { printf "%.3f", s % 86400 + u / 1e6 }'; }
# logged D TEXT: the time of day of the last log line of director D holding TEXT
logged() {
	grep -F "$2" /tmp/$1.log | tail -1 | awk '{ split($4, t, ":"); printf "%.3f", t[1] * 3600 + t[2] * 60 + t[3] }'
}
# watch up|down TIMEOUT: poll every director's table until its victim is gone (down) or back
# (up), then "D SECONDS" lines in /tmp/watch from the log
watch() {
	want=$1 limit=$2 t0=$(now) pending=$DIRECTORS
	: >/tmp/watch
	while [ -n "$pending" ]; do
		left=""
		for d in $pending; do
			set -- $(victim $d)
			if ipvs $d | grep -q -- "-r $2:80 "; then here=up; else here=down; fi
			[ $here = "$want" ] || left="$left $d"
		done
		pending=$left
		[ "$(awk "BEGIN { print ($(now) - $t0 > $limit) }")" = 1 ] && break
		sleep 0.2
	done
	for d in $DIRECTORS; do
		case " $pending " in *" $d "*) continue ;; esac
		set -- $(victim $d)
		if [ "$want" = down ]; then text="Removing service [$2]:tcp:80"; else text="Adding service [$2]:tcp:80"; fi
		at=$(logged $d "$text")
		[ -n "$at" ] && echo "$d $(awk "BEGIN { printf \"%.2f\", ($at - $T + 86400) % 86400 }")" >>/tmp/watch
	done
}
# check_watch up|down: each director's time against its window
check_watch() {
	kind=$1
	for d in $DIRECTORS; do
		set -- $(window $d $kind) $kind
		got=$(awk -v d=$d '$1 == d { print $2 }' /tmp/watch)
		if [ -n "$got" ]; then
			awk "BEGIN { exit !($got >= $1 && $got <= $2) }"
			ok $? "$d: the killed real server is $3 after $got s (window $1 .. $2 s)"
		else
			ok 1 "$d: the real server is not $3 within the watch"
		fi
	done
}

T=$(wall)
for d in $DIRECTORS; do rs_kill $d a; done
watch down 40
check_watch down
is "$(ipvs 01)" "-A -t 192.0.2.233:80 -s rr
-a -t 192.0.2.233:80 -r 192.0.2.111:80 -g -w 1" "01: the table without the killed real server"
is "$(ipvs 08)" "-A -t 198.51.100.233:80 -s wrr -p 50
-a -t 198.51.100.233:80 -r 198.51.100.131:80 -g -w 1" "08: the table without the killed real server"
is "$(ipvs 10m)" "-A -t 203.0.113.168:80 -s rr -p 50" "10 master: the service without its real server"
is "$(ipvs 10b)" "-A -t 203.0.113.168:80 -s rr -p 50" "10 backup: the service without its real server"
is "$(get 01 192.0.2.233; get 01 192.0.2.233)" "192.0.2.111
192.0.2.111" "01: the client reaches the live real server only"
is "$(get 08 198.51.100.233)" "198.51.100.131" "08: the client's persistence moves to the live real server"

T=$(wall)
rs 01 a 192.0.2.163
rs 08 a 198.51.100.129
rs 10m a 203.0.113.233
rs 10b a 203.0.113.180
watch up 35
check_watch up
for d in $DIRECTORS; do
	eval "want=\$T$d"
	is "$(ipvs $d)" "$want" "$d: the table is whole again"
done
two=$(get 01 192.0.2.233; get 01 192.0.2.233)
is "$(echo "$two" | sort | tr '\n' ' ')" "192.0.2.111 192.0.2.163 " "01: both real servers answer again"
in_set "$(get 08 198.51.100.233)" "198.51.100.129 198.51.100.131"
ok $? "08: the client reaches a real server"
is "$(get 10m 203.0.113.168)" "203.0.113.233" "10 master: the client reaches the returned real server"
is "$(get 10b 203.0.113.168)" "203.0.113.180" "10 backup: the client reaches the returned real server"

# The operator's view of the kernel's counters (10 master): vigil status and /metrics
for _ in 1 2 3; do get 10m 203.0.113.168 >/dev/null; done
rs_json() { vigil status --json --socket /run/10m.ctl | grep -o '"name": *"203\.0\.113\.233:80"[^}]*'; }
field() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p"; }
i=0
# the kernel's per-destination stats come from its estimator: up to 2 s late
until [ "$(rs_json | field connections)" -gt 0 ] 2>/dev/null || [ $i -ge 40 ]; do i=$((i + 1)); sleep 0.2; done
j=$(rs_json)
c=$(echo "$j" | field connections) bin=$(echo "$j" | field bytes_in) bout=$(echo "$j" | field bytes_out)
[ "${c:-0}" -gt 0 ] && [ "${bin:-0}" -gt 0 ] && [ "${bout:-0}" -gt 0 ]
ok $? "vigil status --json: the real server's connections ($c) and bytes in/out ($bin/$bout) from the kernel"
[ $? -eq 0 ] || diag "$(vigil status --json --socket /run/10m.ctl 2>&1 | head -c 1500)"
vigil status --socket /run/10m.ctl | grep -q "203.0.113.233:80"
ok $? "vigil status: the table view names the real server"
m=$(nsenter --net=$N-10m wget -q -O - http://127.0.0.1:9650/metrics 2>/dev/null |
	grep '^vigil_lvs_ipvs_connections_total{.*203\.0\.113\.233:80')
v=$(echo "$m" | awk '{ print $NF }')
[ "${v:-0}" -gt 0 ] 2>/dev/null
ok $? "/metrics: vigil_lvs_ipvs_connections_total for the real server is ${v:-absent}"
[ "${v:-0}" -gt 0 ] 2>/dev/null || diag "$(nsenter --net=$N-10m wget -q -O - http://127.0.0.1:9650/metrics 2>&1 | grep vigil_lvs | head -20)"

for d in $DIRECTORS; do kill -TERM "$(cat /tmp/$d.vpid)"; done
for d in $DIRECTORS; do wait "$(cat /tmp/$d.vpid)"; done
for d in $DIRECTORS; do is "$(ipvs $d)" "" "$d: SIGTERM empties the table"; done

[ $_tap_failed -eq 0 ] || for d in $DIRECTORS; do diag "$d's log:"; diag "$(tail -15 /tmp/$d.log)"; done
for f in /tmp/*-a.pid /tmp/*-b.pid; do kill "$(cat "$f")" 2>/dev/null; done
finish
