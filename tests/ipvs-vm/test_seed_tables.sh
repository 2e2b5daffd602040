#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the LVS seed configurations (docs/scenarios/configs 01, 08, 10) on a
# real IPVS kernel, in the ipvs-vm guest.  For each, the table written out by
# hand here (from the file, not computed by vigil) must be:
#   - what `vigil check --ipvs` prints,
#   - what the kernel holds after `ipvsadm -R` of that output (the syntax
#     round-trips through the real ipvsadm 1.31 and kernel 6.1),
#   - what keepalived 2.2.7's checker side (`keepalived -C`) programs at
#     start; and keepalived removes it all on SIGTERM.
# The real servers' addresses sit on a dummy interface in the guest with a
# busybox httpd on each, so keepalived's TCP_CHECK/HTTP_GET pass and the
# table holds still while it is read.  The guest has no network device: no
# packet leaves it.  vigild takes keepalived's place here once it programs
# IPVS.  TAP on stdout.
. /test/tap.sh
VIGIL=/usr/bin/vigil
modprobe -a ip_vs ip_vs_rr ip_vs_wrr dummy || exit 1
ip link add rs type dummy && ip link set rs up || exit 1

# check NAME CONF WANT RS_ADDRESSES...
check() {
	name=$1 conf=/test/$2 want=$3
	shift 3
	for a in "$@"; do
		ip addr add "$a/32" dev rs
		mkdir -p "/tmp/www-$a" && echo ok >"/tmp/www-$a/index.html"
		httpd -f -p "$a:80" -h "/tmp/www-$a" &
		echo $! >>/tmp/httpd.pids
	done

	got=$($VIGIL check --ipvs "$conf" 2>/tmp/vigil.err)
	is "$got" "$want" "$name: vigil check --ipvs prints the table"

	ipvsadm -C
	printf '%s\n' "$got" | ipvsadm -R
	ok $? "$name: ipvsadm -R takes vigil's output"
	is "$(ipvsadm -S -n)" "$want" "$name: the kernel holds it (ipvsadm -S -n)"

	ipvsadm -C
	keepalived -n -l -G -D -C -f "$conf" -p /run/ka.pid -c /run/ka_check.pid \
		>/tmp/ka.log 2>&1 &
	kpid=$!
	n=$(printf '%s\n' "$want" | wc -l)
	i=0
	until [ "$(ipvsadm -S -n | wc -l)" -ge "$n" ] || [ $i -ge 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	is "$(ipvsadm -S -n)" "$want" "$name: keepalived -C programs the same table"
	kill -TERM $kpid
	i=0
	while kill -0 $kpid 2>/dev/null && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	wait $kpid
	is "$(ipvsadm -S -n)" "" "$name: keepalived removes its services on SIGTERM"
	[ $_tap_failed -eq 0 ] || { diag "keepalived's log:"; diag "$(tail -20 /tmp/ka.log)"; }

	# shellcheck disable=SC2046
	kill $(cat /tmp/httpd.pids) 2>/dev/null
	rm -f /tmp/httpd.pids
	ip addr flush dev rs
}

check "01 DR rr, TCP_CHECK" 01-lvs-dr-haproxy-master.conf \
"-A -t 192.168.0.233:80 -s rr
-a -t 192.168.0.233:80 -r 192.168.0.111:80 -g -w 1
-a -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 1" 192.168.0.111 192.168.0.163

check "08 DR wrr, persistence, HTTP_GET" 08-lvs-wrr-http-get.conf \
"-A -t 192.168.1.233:80 -s wrr -p 50
-a -t 192.168.1.233:80 -r 192.168.1.129:80 -g -w 1
-a -t 192.168.1.233:80 -r 192.168.1.131:80 -g -w 1" 192.168.1.129 192.168.1.131

check "10 NAT master" 10-anjuke-nat-master.conf \
"-A -t 10.10.3.168:80 -s rr -p 50
-a -t 10.10.3.168:80 -r 10.10.3.233:80 -m -w 1" 10.10.3.233

check "10 NAT backup" 10-anjuke-nat-backup.conf \
"-A -t 10.10.3.168:80 -s rr -p 50
-a -t 10.10.3.168:80 -r 10.10.3.180:80 -m -w 1" 10.10.3.180

finish
