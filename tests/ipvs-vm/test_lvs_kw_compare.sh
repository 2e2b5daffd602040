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
. /test/compare.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1

rs_net vgkw A B || exit 1
for s in A B; do
	mkdir -p /tmp/www-$s
	echo ok >/tmp/www-$s/index.html
	httpd_start $s vgkw-$s 80 /tmp/www-$s
done
write_notify
printf '#!/bin/sh\necho "args $*" >/tmp/reader.out\ncat "$1" >>/tmp/reader.out\n' >/test/reader.sh
chmod 755 /test/reader.sh
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
	# the first notify, whenever it comes (a loaded TCG guest can take over a second to start):
	# A's from rs_init_notifies at start; without it B's (alpha) at its first success would be first
	i=0
	while [ ! -s /tmp/notes ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	head -1 /tmp/notes >/tmp/$name.early
	sleep $((6 - i / 10))
	cp /tmp/notes /tmp/$name.run
	stop_prog $pid
	sleep 0.5
	cp /tmp/notes /tmp/$name.all
	cp /tmp/reader.out /tmp/$name.reader 2>/dev/null || : >/tmp/$name.reader
}

need_keepalived
run_both runprog /test/lvs_kw_compare.conf

for p in ka vg; do
	who=$(prog_of $p)
	is "$(awk '{print $2, $3}' /tmp/$p.early)" "A up" "$who: rs_init_notifies: A (not alpha) notified at start, first"
	is "$(awk '{print $2, $3}' /tmp/$p.run)" "A up
B up" "$who: B (alpha) at its first success, A not again"
	is "$(awk '{print $2, $3}' /tmp/$p.all)" "A up
B up" "$who: nothing at SIGTERM"
	is "$(head -1 /tmp/$p.reader)" "args /tmp/lvs.fifo" "$who: the FIFO script gets the FIFO's name"
	diag "$who: reader: $(tr '\n' '|' </tmp/$p.reader)"
done
is "$(cat /tmp/vg.reader)" "$(cat /tmp/ka.reader)" "the FIFO script reads the same lines as keepalived's"
logs_if_failed /tmp/ka.log /tmp/vg.log 25
for s in A B; do kill "$(cat /tmp/httpd-$s)" 2>/dev/null; done
finish
