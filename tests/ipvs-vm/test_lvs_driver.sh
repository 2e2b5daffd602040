#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: vigild's LVS driver on a real IPVS kernel, in the ipvs-vm guest.
# For the seed configurations 01, 08 and 10 (docs/scenarios/configs) the
# table after vigild starts equals the one written by hand here from the
# file (not computed by vigil).  On 01: reloads (unchanged file: logged
# "unchanged", 0 IPVS messages in the SIGUSR1 dump; only a comment added: a
# full reload, 0 messages; one weight: 1; one server added and one removed), SIGTERM (ours removed, a foreign service left), kill -9 then
# restart (the table adopted with 0 messages: nothing deleted and re-added,
# so connections stay), --cleanup, --ipvs-diff (a start, and a reload of the
# running vigild that drops a virtual server: its -D line), lvs_sync_daemon and
# ha_suspend through the VRRP driver's hooks, keepalived -C side by side on
# the same files, lvs_flush.  One boot.  TAP on stdout.
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr ip_vs_wrr dummy || exit 1
for i in ens192 ens33 eth0; do ip link add $i type dummy && ip link set $i up; done
export VIGILD_DUMP_FILE=/tmp/vigild.data
V="$VIGILD -n -l -G -D -p /run/v.pid -r /run/v_vrrp.pid"

# start CONF: vigild in the background until its first IPVS apply is logged
start() {
	: >/tmp/v.log
	$V -f "$1" >/tmp/v.log 2>&1 &
	vpid=$!
	i=0
	until grep -q "IPVS start" /tmp/v.log || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.1; done
}
# wait_log TEXT: until the log has TEXT N times (default 1)
wait_log() {
	i=0
	until [ "$(grep -c "$1" /tmp/v.log)" -ge "${2:-1}" ] || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.1; done
	[ "$(grep -c "$1" /tmp/v.log)" -ge "${2:-1}" ]
}
stop() {
	kill -TERM $vpid
	wait $vpid
}
# dumpval KEY: "IPVS KEY = N" from the SIGUSR1 dump
dumpval() {
	rm -f $VIGILD_DUMP_FILE
	kill -USR1 $vpid
	i=0
	until [ -s $VIGILD_DUMP_FILE ] || [ $i -ge 50 ]; do i=$((i + 1)); sleep 0.1; done
	sed -n "s/^ *IPVS $1 = //p" $VIGILD_DUMP_FILE
}
# last: the IPVS messages of the latest apply
last() { dumpval "last apply messages"; }

T01="-A -t 192.168.0.233:80 -s rr
-a -t 192.168.0.233:80 -r 192.168.0.111:80 -g -w 1
-a -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 1"
T08="-A -t 192.168.1.233:80 -s wrr -p 50
-a -t 192.168.1.233:80 -r 192.168.1.129:80 -g -w 1
-a -t 192.168.1.233:80 -r 192.168.1.131:80 -g -w 1"
T10="-A -t 10.10.3.168:80 -s rr -p 50
-a -t 10.10.3.168:80 -r 10.10.3.233:80 -m -w 1"

# seed CONF WANT MESSAGES
seed() {
	ipvsadm -C
	start /test/$1
	is "$(ipvsadm -S -n)" "$2" "$1: the table after start"
	is "$(last)" "$3" "$1: start sent one message per object"
	stop
	is "$(ipvsadm -S -n)" "" "$1: SIGTERM removes it"
}
seed 01-lvs-dr-haproxy-master.conf "$T01" 3
seed 08-lvs-wrr-http-get.conf "$T08" 3
seed 10-anjuke-nat-master.conf "$T10" 2

# reloads on 01
# (a reload refuses a file with errors: the seed's vrrp_garp/gna_interval 0 lines go)
sed '/vrrp_g[a-z]*_interval 0/d' /test/01-lvs-dr-haproxy-master.conf >/tmp/k0.conf
cp /tmp/k0.conf /tmp/k.conf
ipvsadm -A -t 198.51.100.1:25 -s rr # a foreign service
start /tmp/k.conf
m0=$(dumpval messages)
cp /tmp/k0.conf /tmp/k.conf # the same bytes again, a new mtime
kill -HUP $vpid; wait_log "Reloading configuration /tmp/k.conf: unchanged" 1
is "$(dumpval messages)" "$m0" "reload, unchanged file: 0 IPVS messages" ||
	diag "$(grep -i "reload\|error" /tmp/v.log | tail -5)"
is "$(grep -c "IPVS reload" /tmp/v.log)" "0" "reload, unchanged file: no parse, no plan, no IPVS reload"
echo "# only a comment: the file changed, its table did not" >>/tmp/k.conf
kill -HUP $vpid; wait_log "IPVS reload" 1
is "$(last)" "0" "reload, a comment added: a full reload, 0 IPVS messages" ||
	diag "$(grep -i "reload\|error" /tmp/v.log | tail -5)"
# the first real server's weight 1 -> 5
awk '/real_server 192.168.0.163/ {r=1} r && /weight/ {sub(/weight 1/, "weight 5"); r=0} {print}' \
	/tmp/k0.conf >/tmp/k.conf
kill -HUP $vpid; wait_log "IPVS reload" 2
is "$(last)" "1" "reload, one weight changed: 1 IPVS message"
is "$(ipvsadm -S -n | grep 192.168.0.163)" "-a -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 5" "the weight is 5"
# 192.168.0.111 -> 192.168.0.112: one added, one removed
sed 's/192.168.0.111/192.168.0.112/' /tmp/k.conf >/tmp/k2.conf && mv /tmp/k2.conf /tmp/k.conf
kill -HUP $vpid; wait_log "IPVS reload" 3
is "$(last)" "2" "reload, one server added and one removed: 2 IPVS messages"
is "$(ipvsadm -S -n)" "-A -t 192.168.0.233:80 -s rr
-a -t 192.168.0.233:80 -r 192.168.0.112:80 -g -w 1
-a -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 5
-A -t 198.51.100.1:25 -s rr" "the table after the reloads (the foreign service left alone)"

# a reload that drops a whole virtual server, shown first by --ipvs-diff against the running vigild
cp /tmp/k.conf /tmp/k1.conf
printf 'virtual_server 192.168.0.234 80 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n  real_server 192.168.0.111 80 {\n    weight 1\n  }\n}\n' >>/tmp/k.conf
kill -HUP $vpid; wait_log "IPVS reload" 4
is "$(last)" "2" "reload, one virtual server added: 2 IPVS messages"
is "$(cat /run/v.ipvs)" "-A -t 192.168.0.233:80 -s rr
-A -t 192.168.0.234:80 -s rr" "the running vigild lists the services it owns beside its pid file"
before=$(ipvsadm -S -n)
is "$($VIGILD --ipvs-diff -f /tmp/k1.conf -p /run/v.pid 2>/dev/null)" "-D -t 192.168.0.234:80" \
	"--ipvs-diff against the running vigild: the dropped virtual server is deleted, the foreign one is not"
is "$($VIGILD --ipvs-diff -f /tmp/k1.conf 2>/dev/null)" "" \
	"--ipvs-diff without a running vigild (another pid file): a start leaves 192.168.0.234 alone"
is "$(ipvsadm -S -n)" "$before" "--ipvs-diff touched nothing"
cp /tmp/k1.conf /tmp/k.conf
kill -HUP $vpid; wait_log "IPVS reload" 5
is "$(last)" "1" "reload that drops the virtual server: 1 IPVS message (DEL_SERVICE)"
is "$(ipvsadm -S -n | grep -c 192.168.0.234)" "0" "the dropped virtual server is gone"


before=$(ipvsadm -S -n)
is "$($VIGILD --ipvs-diff -f /tmp/k0.conf 2>/dev/null)" \
"-a -t 192.168.0.233:80 -r 192.168.0.111:80 -g -w 1
-e -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 1
-d -t 192.168.0.233:80 -r 192.168.0.112:80" "--ipvs-diff prints the changes as ipvsadm commands"
is "$(ipvsadm -S -n)" "$before" "--ipvs-diff touched nothing"

# kill -9, then restart: adopted, 0 messages, counters kept
kill -9 $vpid; wait $vpid 2>/dev/null
is "$(ipvsadm -S -n | wc -l)" "4" "kill -9 leaves the table"
start /tmp/k.conf
is "$(last)" "0" "restart after kill -9: the table is adopted with 0 IPVS messages"
is "$(ipvsadm -S -n | grep -c 192.168.0)" "3" "same table after restart"
stop
is "$(ipvsadm -S -n)" "-A -t 198.51.100.1:25 -s rr" "SIGTERM: ours removed, the foreign service left"
[ ! -e /run/v.ipvs ]
ok $? "SIGTERM removes the list of owned services"

# --cleanup after kill -9
start /tmp/k.conf
kill -9 $vpid; wait $vpid 2>/dev/null
$VIGILD --cleanup -f /tmp/k.conf -p /run/v.pid -r /run/v_vrrp.pid >/tmp/c.log 2>&1
is "$(ipvsadm -S -n)" "-A -t 198.51.100.1:25 -s rr" "--cleanup removes what a killed vigild left"

# lvs_timeouts; lvs_sync_daemon follows VI_1 (backup at start, master once VI_1 is Master); ha_suspend
# follows the VIP 192.168.0.233 that VI_1 adds (the table stays: keepalived only pauses checkers)
ipvsadm -C
sed -e 's/^global_defs {/global_defs {\n  lvs_sync_daemon ens192 VI_1 id 7\n  lvs_timeouts tcp 900 tcpfin 30 udp 60/' \
    -e 's/^virtual_server 192.168.0.233 80 {/virtual_server 192.168.0.233 80 {\n  ha_suspend/' /tmp/k0.conf >/tmp/s.conf
start /tmp/s.conf
is "$(ipvsadm -L --timeout)" "Timeout (tcp tcpfin udp): 900 30 60" "lvs_timeouts: one SET_CONFIG"
# VI_1 (state MASTER) leaves Backup about a second after start, which under TCG can be before the
# first look at the table: the log says in which order things happened
wait_log "sync daemon: starting backup"
bl=$(grep -n "sync daemon: starting backup" /tmp/v.log | head -1 | cut -d: -f1)
ml=$(grep -n "Entering MASTER STATE" /tmp/v.log | head -1 | cut -d: -f1)
[ -n "$bl" ] && { [ -z "$ml" ] || [ "$bl" -lt "$ml" ]; }
ok $? "lvs_sync_daemon: started as backup while VI_1 is Backup (log lines $bl, Master at ${ml:-not yet})"
wait_log "Entering MASTER STATE"
wait_log "sync daemon: starting master"
is "$(ipvsadm -L -n --daemon | cut -d, -f1-2)" "master sync daemon (mcast=ens192, syncid=7" \
	"lvs_sync_daemon: master once VI_1 is Master"
wait_log "ha_suspend: virtual server 192.168.0.233: address present"
ok $? "ha_suspend: the LVS driver hears VI_1's VIP through the hook"
is "$(ipvsadm -S -n)" "$T01" "ha_suspend: the table is unchanged"
stop
is "$(ipvsadm -L -n --daemon)" "" "SIGTERM stops the sync daemon"

# keepalived 2.2.7's checker side on the same files, one after the other: the same table.
# Its checkers run, so the real servers answer on a dummy interface (busybox httpd).
if command -v keepalived >/dev/null; then
	ip link add rs type dummy && ip link set rs up
	for a in 192.168.0.111 192.168.0.163 192.168.1.129 192.168.1.131 10.10.3.233; do
		ip addr add $a/32 dev rs
		mkdir -p /tmp/www && echo ok >/tmp/www/index.html
		httpd -f -p $a:80 -h /tmp/www &
	done
	for f in 01-lvs-dr-haproxy-master.conf 08-lvs-wrr-http-get.conf 10-anjuke-nat-master.conf; do
		ipvsadm -C
		keepalived -n -l -G -D -C -f /test/$f -p /run/ka.pid -c /run/ka_check.pid >/tmp/ka.log 2>&1 &
		kpid=$!
		i=0
		until [ "$(ipvsadm -S -n | grep -c '^-a')" -ge 1 ] && sleep 0.5 || [ $i -ge 100 ]; do
			i=$((i + 1)); sleep 0.1
		done
		ka=$(ipvsadm -S -n)
		kill -TERM $kpid; wait $kpid
		start /test/$f
		is "$(ipvsadm -S -n)" "$ka" "$f: vigild programs the table keepalived -C programs"
		stop
	done
else
	skip "no keepalived in the guest (run.py --keepalived)"
fi

# kill -9 then restart keeps the connections: 10's NAT service with a client and the real
# server in namespaces; a connection's entry and the destination's counters survive.
ip link del rs 2>/dev/null
ipvsadm -C
sysctl -qw net.ipv4.ip_forward=1
ip netns add cli && ip netns add rsn
ip -n cli link set lo up && ip -n rsn link set lo up
ip link add vc type veth peer name vc1 netns cli
ip link add vr type veth peer name vr1 netns rsn
ip addr add 172.16.1.1/24 dev vc && ip link set vc up
ip addr add 10.10.3.1/24 dev vr && ip link set vr up
ip -n cli addr add 172.16.1.2/24 dev vc1 && ip -n cli link set vc1 up && ip -n cli route add default via 172.16.1.1
ip -n rsn addr add 10.10.3.233/24 dev vr1 && ip -n rsn link set vr1 up && ip -n rsn route add default via 10.10.3.1
ip link add vip0 type dummy && ip link set vip0 up && ip addr add 10.10.3.168/32 dev vip0
mkdir -p /tmp/www && echo ok >/tmp/www/index.html
inns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
inns rsn httpd -f -p 10.10.3.233:80 -h /tmp/www &
i=0
until inns rsn timeout 1 wget -q -O /dev/null http://10.10.3.233/ 2>/dev/null || [ $i -ge 50 ]; do i=$((i + 1)); sleep 0.1; done
start /test/10-anjuke-nat-master.conf
is "$(inns cli timeout 5 wget -q -O - http://10.10.3.168/ 2>/dev/null)" "ok" "NAT: the client reaches the VIP, the real server answers"
counters() { ipvsadm -L -n | awk '/-> 10.10.3.233:80/ {print $5, $6}'; }
entries() { ipvsadm -L -n -c | grep -c 10.10.3.233; }
c0=$(counters) e0=$(entries)
[ -n "$c0" ] && [ "$c0" != "0 0" ] && [ "$e0" -ge 1 ]
ok $? "the connection is counted on the destination ($c0) and in the table ($e0 entries)"
kill -9 $vpid; wait $vpid 2>/dev/null
start /test/10-anjuke-nat-master.conf
is "$(last)" "0" "NAT restart after kill -9: 0 IPVS messages"
is "$(counters)" "$c0" "the destination's connection counters are not reset ($c0)"
is "$(entries)" "$e0" "the connection entries are kept ($e0)"
is "$(inns cli timeout 5 wget -q -O - http://10.10.3.168/ 2>/dev/null)" "ok" "the service still answers"
stop

# lvs_flush: the foreign service goes at start
sed 's/^global_defs {/global_defs {\n  lvs_flush/' /test/01-lvs-dr-haproxy-master.conf >/tmp/f.conf
grep -q lvs_flush /tmp/f.conf || printf 'global_defs {\n  lvs_flush\n}\n' >>/tmp/f.conf
start /tmp/f.conf
is "$(ipvsadm -S -n)" "$T01" "lvs_flush: only the configuration's services after start"
stop

[ $_tap_failed -eq 0 ] || { diag "vigild's log:"; diag "$(tail -30 /tmp/v.log)"; }
finish
