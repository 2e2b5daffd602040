#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: rs_init_notifies and lvs_notify_fifo_script as keepalived 2.2.7's checker
# process acts on them, on a real IPVS kernel in the ipvs-vm guest.  keepalived
# -C, then vigild -C, run lvs_kw_compare.conf against two real servers (busybox
# httpd in namespaces): A's TCP_CHECK is not alpha (A starts alive), B's is.
# Checked for each program, then between them:
#   - the notifies at start: A up at once (rs_init_notifies), before any
#     check ran (B, alpha, is notified at its first success, later);
#   - the FIFO reader: started with the FIFO's name as its only argument,
#     it reads the same lines ("RS [..] [..] UP" for A and B, "VS .. UP");
#   - nothing more at SIGTERM (no omega).
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1
inns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }

ip -batch - <<'IP' || exit 1
link add br0 type bridge
addr add 198.51.100.1/24 dev br0
link set br0 up
netns add vgkw-A
netns add vgkw-B
link add ra type veth peer name eth0 netns vgkw-A
link add rb type veth peer name eth0 netns vgkw-B
link set ra master br0
link set rb master br0
link set ra up
link set rb up
IP
n=2
for s in A B; do
	ip -n vgkw-$s -batch - <<IP || exit 1
addr add 198.51.100.$n/24 dev eth0
link set eth0 up
link set lo up
IP
	n=$((n + 1))
	mkdir -p /tmp/www-$s
	echo ok >/tmp/www-$s/index.html
	nsenter --net=/run/netns/vgkw-$s httpd -f -p 80 -h /tmp/www-$s &
	echo $! >/tmp/httpd-$s
done
printf '#!/bin/sh\necho "$(cut -d" " -f1 /proc/uptime) $1 $2" >>/tmp/notes\n' >/test/notify.sh
printf '#!/bin/sh\necho "args $*" >/tmp/reader.out\ncat "$1" >>/tmp/reader.out\n' >/test/reader.sh
chmod 755 /test/notify.sh /test/reader.sh
sleep 0.5

# run NAME CMD...: CMD for 6 s (every checker has run twice), then SIGTERM; results in /tmp/NAME.*
runprog() {
	name=$1
	shift
	ipvsadm -C
	: >/tmp/notes
	rm -f /tmp/reader.out /tmp/lvs.fifo
	"$@" >/tmp/$name.log 2>&1 &
	pid=$!
	sleep 0.7 # started, no check has run yet (the first is 1 s + warmup away)
	cp /tmp/notes /tmp/$name.early
	sleep 5.3
	cp /tmp/notes /tmp/$name.run
	kill -TERM $pid
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
	wait $pid
	sleep 0.5
	cp /tmp/notes /tmp/$name.all
	cp /tmp/reader.out /tmp/$name.reader 2>/dev/null || : >/tmp/$name.reader
}

if ! command -v keepalived >/dev/null; then
	skip "no keepalived in the guest (run.py --keepalived)"
	finish
	exit
fi
runprog ka keepalived -n -l -G -D -C -f /test/lvs_kw_compare.conf -p /run/ka.pid -c /run/ka_check.pid
runprog vg "$VIGILD" -n -l -G -D -C -f /test/lvs_kw_compare.conf -p /run/v.pid -c /run/v_check.pid --control=none

for p in ka vg; do
	case $p in ka) who=keepalived ;; *) who=vigild ;; esac
	is "$(awk '{print $2, $3}' /tmp/$p.early)" "A up" "$who: rs_init_notifies: A (not alpha) notified at start"
	is "$(awk '{print $2, $3}' /tmp/$p.run)" "A up
B up" "$who: B (alpha) at its first success, A not again"
	is "$(awk '{print $2, $3}' /tmp/$p.all)" "A up
B up" "$who: nothing at SIGTERM"
	is "$(head -1 /tmp/$p.reader)" "args /tmp/lvs.fifo" "$who: the FIFO script gets the FIFO's name"
	diag "$who: reader: $(tr '\n' '|' </tmp/$p.reader)"
done
is "$(cat /tmp/vg.reader)" "$(cat /tmp/ka.reader)" "the FIFO script reads the same lines as keepalived's"
[ $_tap_failed -eq 0 ] || {
	diag "keepalived's log:"; diag "$(tail -25 /tmp/ka.log)"
	diag "vigild's log:"; diag "$(tail -25 /tmp/vg.log)"
}
for s in A B; do kill "$(cat /tmp/httpd-$s)" 2>/dev/null; done
finish
