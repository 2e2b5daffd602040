#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: /metrics and vigil status scraped again and again on a real IPVS kernel
# (the ipvs-vm guest): 2,000 real servers in the kernel's table, 40 scrapes of
# each after 5 to warm up, and vigild's resident memory may not grow by more
# than 1 MiB.  Each scrape dumps the kernel's table (about 300 KB at 2,000
# servers); a scrape that kept its dump (as /metrics did before) grows vigild
# by about 12 MB here.  Also: the scrape has a row per real server and the
# kernel's weights.  TAP on stdout.
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr || exit 1
N=2000
{
	echo "global_defs {"
	echo "  router_id scrapes"
	echo "}"
	a=0
	while [ $a -lt 8 ]; do
		echo "virtual_server 192.0.2.$((10 + a)) 80 {"
		echo "  lb_algo rr"
		echo "  lb_kind NAT"
		echo "  protocol TCP"
		p=0
		while [ $p -lt 250 ]; do
			echo "  real_server 198.51.100.$((1 + a)) $((10000 + p)) {"
			echo "    weight $((1 + p % 5))"
			echo "  }"
			p=$((p + 1))
		done
		echo "}"
		a=$((a + 1))
	done
} >/tmp/s.conf

"$VIGILD" -n -l -G -f /tmp/s.conf -p /run/v.pid -r /run/v_vrrp.pid -c /run/v_check.pid \
	--control=/run/v.ctl --metrics=127.0.0.1:9650 >/tmp/v.log 2>&1 &
vpid=$!
i=0
until grep -q "IPVS start" /tmp/v.log || [ $i -ge 300 ]; do i=$((i + 1)); sleep 0.1; done
dests() { ipvsadm -S -n | grep -c -- '^-a'; }
until [ "$(dests)" -ge $N ] || [ $i -ge 600 ]; do i=$((i + 1)); sleep 0.1; done
is "$(dests)" "$N" "the kernel's table has the $N real servers"

scrape() { wget -q -O /tmp/m.txt http://127.0.0.1:9650/metrics; }
status() { vigil status --socket /run/v.ctl >/tmp/st.txt 2>&1; }
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$vpid/status; }

k=0
while [ $k -lt 5 ]; do scrape; status; k=$((k + 1)); done
run "/metrics answers" scrape
is "$(grep -c '^vigil_lvs_real_server_up{' /tmp/m.txt)" "$N" "/metrics: a vigil_lvs_real_server_up row per real server"
is "$(grep -c '^vigil_lvs_ipvs_weight{' /tmp/m.txt)" "$N" "/metrics: the kernel's weight of each real server"
grep -q '^vigil_lvs_ipvs_weight{.*real_server="198.51.100.1:10003".* 4$' /tmp/m.txt
ok $? "/metrics: the kernel's weight of 198.51.100.1:10003 is 4"
run "vigil status answers" status
grep -q "198.51.100.8:10249" /tmp/st.txt
ok $? "vigil status names the last real server" || diag "$(tail -5 /tmp/st.txt)"

r0=$(rss)
k=0
while [ $k -lt 40 ]; do scrape; k=$((k + 1)); done
r1=$(rss)
k=0
while [ $k -lt 40 ]; do status; k=$((k + 1)); done
r2=$(rss)
diag "VmRSS: $r0 kB after the warm-up, $r1 kB after 40 scrapes of /metrics, $r2 kB after 40 of vigil status"
[ -n "$r0" ] && [ -n "$r1" ] && [ $((r1 - r0)) -le 1024 ]
ok $? "40 scrapes of /metrics: vigild grew by $((r1 - r0)) kB (at most 1 MiB)"
[ -n "$r2" ] && [ $((r2 - r1)) -le 1024 ]
ok $? "40 requests of vigil status: vigild grew by $((r2 - r1)) kB (at most 1 MiB)"

kill -TERM $vpid
wait $vpid
is "$(ipvsadm -S -n)" "" "SIGTERM removes the table"
finish
