#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: the same verdicts as keepalived 2.2.7's checker process, on a real IPVS
# kernel in the ipvs-vm guest.  keepalived -C, then vigild -C, run
# checkers_compare.conf against the same three real servers, each in its own
# network namespace behind a bridge: A (busybox httpd, TCP_CHECK), B and C
# (busybox httpd with a CGI whose answer the test sets: 200, 404, another
# body, or no answer at all; HTTP_GET with status_code, and with digest and
# inhibit_on_failure).  The same schedule for both: A killed, B 404, C
# silent; all back; C another body; C back.  Checked for each program:
#   - every notify_up/notify_down (notify.sh writes the guest's uptime) lands
#     in the window the configuration promises (delay_loop 2, retry 1,
#     delay_before_retry 1, connect_timeout 1 (TCP) and 2 (HTTP): down
#     after retry x delay_before_retry (a silent server: + (retry + 1) x
#     connect_timeout) .. delay_loop + retry x delay_before_retry + (retry
#     + 1) x connect_timeout; TCP up within delay_loop + connect_timeout;
#     HTTP up after two passes: delay_loop .. max(delay_before_retry,
#     delay_loop) + delay_loop + 2 x connect_timeout), plus SLACK for
#     process start-up under TCG;
#   - the `ipvsadm -S -n` table after each step is the one written here;
# and between them: the same notify sequence per real server, the same
# tables, the same notifies at start (none), the same checker log lines.
# With omega vigild runs every up server's notify_down at SIGTERM;
# keepalived's are printed (its stop kills them, see docs/lvs.md).  The
# delays are printed as TAP comments.  One boot, about 50 s.
. /test/tap.sh
. /test/compare.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1
SLACK=2
now() { cut -d' ' -f1 /proc/uptime; }

rs_net vgcmp A B C || exit 1
for s in A B C; do
	# the CGI answers as /tmp/mode-$s says: ok, 404, other (another body), slow (nothing)
	mkdir -p /tmp/www-$s/cgi-bin
	cat >/tmp/www-$s/cgi-bin/page <<CGI
#!/bin/sh
read -r m </tmp/mode-$s
case \$m in
ok) printf 'Content-Type: text/plain\r\n\r\nok\n' ;;
404) printf 'Status: 404 Not Found\r\n\r\nno\n' ;;
other) printf 'Content-Type: text/plain\r\n\r\nother\n' ;;
slow) sleep 8 ;;
esac
CGI
	chmod +x /tmp/www-$s/cgi-bin/page
	echo ok >/tmp/mode-$s
done
write_notify

mode() { echo "$2" >/tmp/mode-$1; }
for s in A B C; do httpd_start $s vgcmp-$s 80 /tmp/www-$s; done
i=0
until inns vgcmp-A wget -q -O /dev/null http://198.51.100.2/cgi-bin/page 2>/dev/null &&
	inns vgcmp-C wget -q -O /dev/null http://198.51.100.4/cgi-bin/page 2>/dev/null || [ $i -ge 50 ]; do
	i=$((i + 1)); sleep 0.1
done

# trigger SERVER EXPECTED LO HI: the test changed SERVER now; EXPECTED within [LO, HI] s
trigger() { echo "$(now) $1 $2 $3 $4" >>/tmp/trig; }
# wait_notes N TIMEOUT: until /tmp/notes has N lines
wait_notes() {
	i=0
	until [ "$(wc -l </tmp/notes)" -ge "$1" ] || [ $i -ge $(($2 * 10)) ]; do i=$((i + 1)); sleep 0.1; done
	sleep 0.5 # the table edit is before the notify in both; let a stray extra notify show
}
# the windows (s) from delay_loop 2, retry 1, delay_before_retry 1, connect_timeout 1 (TCP)
# and 2 (HTTP: a CGI under TCG on a loaded host can take a second).  Each attempt ends within
# connect_timeout (an answer, or its timeout), so the upper bounds count (retry + 1) of them.
W_FAIL_TCP="0.7 $(echo "2 + 1 + 2 * 1 + $SLACK" | bc)"  # retry*dbr - 0.3 .. delay_loop + retry*dbr + (retry+1)*ct
W_FAIL="0.7 $(echo "2 + 1 + 2 * 2 + $SLACK" | bc)"      # HTTP answer 404 / other body: the same, ct 2
W_SILENT="4.7 $(echo "2 + 1 + 2 * 2 + $SLACK" | bc)"    # no answer: (retry+1)*ct + retry*dbr - 0.3 .. the same
W_UP="0 $(echo "2 + 1 + $SLACK" | bc)"                  # TCP: 0 .. delay_loop + connect_timeout
# HTTP: once the failed url passes, every url is checked again a delay_loop later before the
# server is up (keepalived's check_http.c epilog; core/lvs/checker.c): delay_loop - 0.3 ..
# max(delay_before_retry, delay_loop) + delay_loop + 2 x connect_timeout (a probe in flight, the pass)
W_HTTP_UP="1.7 $(echo "2 + 2 + 2 * 2 + $SLACK" | bc)"
FULL="-A -t 192.0.2.10:80 -s rr
-a -t 192.0.2.10:80 -r 198.51.100.2:80 -m -w 1
-a -t 192.0.2.10:80 -r 198.51.100.3:80 -m -w 2
-a -t 192.0.2.10:80 -r 198.51.100.4:80 -m -w 3"
DOWN1="-A -t 192.0.2.10:80 -s rr
-a -t 192.0.2.10:80 -r 198.51.100.4:80 -m -w 0"
DOWN3="-A -t 192.0.2.10:80 -s rr
-a -t 192.0.2.10:80 -r 198.51.100.2:80 -m -w 1
-a -t 192.0.2.10:80 -r 198.51.100.3:80 -m -w 2
-a -t 192.0.2.10:80 -r 198.51.100.4:80 -m -w 0"

# schedule NAME CMD...: run the checker program CMD through the schedule; results in /tmp/NAME.*
schedule() {
	name=$1
	shift
	ipvsadm -C
	: >/tmp/notes
	: >/tmp/trig
	"$@" >/tmp/$name.log 2>&1 &
	pid=$!
	i=0
	until [ "$(ipvsadm -S -n | grep -c '^-a')" -ge 3 ] || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.1; done
	ipvsadm -S -n >/tmp/$name.t0
	sleep 3 # every checker has passed once (warmup at most delay_loop)
	cp /tmp/notes /tmp/$name.start

	# 1: A refused, B 404, C silent
	httpd_stop A && trigger A down $W_FAIL_TCP
	mode B 404 && trigger B down $W_FAIL
	mode C slow && trigger C down $W_SILENT
	wait_notes 3 16
	ipvsadm -S -n >/tmp/$name.t1
	# 2: all back
	httpd_start A vgcmp-A 80 /tmp/www-A && trigger A up $W_UP
	mode B ok && trigger B up $W_HTTP_UP
	mode C ok && trigger C up $W_HTTP_UP
	wait_notes 6 16
	ipvsadm -S -n >/tmp/$name.t2
	# 3: C another body (digest mismatch)
	mode C other && trigger C down $W_FAIL
	wait_notes 7 14
	ipvsadm -S -n >/tmp/$name.t3
	# 4: C back
	mode C ok && trigger C up $W_HTTP_UP
	wait_notes 8 14
	ipvsadm -S -n >/tmp/$name.t4

	n=$(wc -l </tmp/notes)
	cp /tmp/notes /tmp/$name.run
	stop_prog $pid
	sleep 0.5
	ipvsadm -S -n >/tmp/$name.t5
	tail -n +$((n + 1)) /tmp/notes >/tmp/$name.stop
	# pair each notify with its server's next trigger: "SERVER EXPECTED GOT DELAY VERDICT"
	awk 'NR == FNR { n[$2]++; t[$2, n[$2]] = $1; e[$2, n[$2]] = $3; lo[$2, n[$2]] = $4; hi[$2, n[$2]] = $5; next }
	     { k = ++m[$2]
	       if (k > n[$2]) { print $2, "-", $3, "-", "extra"; next }
	       d = $1 - t[$2, k]
	       v = ($3 == e[$2, k] && d >= lo[$2, k] && d <= hi[$2, k]) ? "ok" : "BAD(" lo[$2, k] ".." hi[$2, k] ")"
	       printf "%s %s %s %.2f %s\n", $2, e[$2, k], $3, d, v }
	     END { for (s in n) for (k = m[s] + 1; k <= n[s]; k++) print s, e[s, k], "-", "-", "missing" }' \
		/tmp/trig /tmp/$name.run >/tmp/$name.ev
	# restore the servers for the next program
	mode B ok
	mode C ok
}

need_keepalived
run_both schedule /test/checkers_compare.conf

for p in ka vg; do
	who=$(prog_of $p)
	is "$(cat /tmp/$p.t0)" "$FULL" "$who: the table at start"
	is "$(cat /tmp/$p.t1)" "$DOWN1" "$who: A refused, B 404 out; C silent at weight 0 (inhibit_on_failure)"
	is "$(cat /tmp/$p.t2)" "$FULL" "$who: all three back"
	is "$(cat /tmp/$p.t3)" "$DOWN3" "$who: C with another body (digest) at weight 0"
	is "$(cat /tmp/$p.t4)" "$FULL" "$who: C back"
	is "$(cat /tmp/$p.t5)" "" "$who: SIGTERM removes the virtual server"
	is "$(grep -v ' ok$' /tmp/$p.ev)" "" "$who: every notify is the expected one, within its window"
	diag "$who: server expected got delay(s) verdict"
	diag "$(cat /tmp/$p.ev)"
	diag "$who: notifies at start: $(awk '{print $2, $3}' /tmp/$p.start | tr '\n' ' ')"
	diag "$who: notifies at SIGTERM: $(awk '{print $2, $3}' /tmp/$p.stop | tr '\n' ' ')"
done
seq_of() { awk '{print $1, $3}' /tmp/$1.ev | sort -s -k1,1; }
is "$(seq_of vg)" "$(seq_of ka)" "the same notify sequence per real server as keepalived"
is "$(awk '{print $2, $3}' /tmp/vg.start)" "$(awk '{print $2, $3}' /tmp/ka.start)" \
	"the same notifies at start as keepalived (none: alpha is off)"
# omega: at SIGTERM the notify_down of every server still up (all three)
is "$(awk '{print $2, $3}' /tmp/vg.stop | sort)" "A down
B down
C down" "vigild, omega: notify_down for each server up at SIGTERM"
# the checker's log lines an operator reads (timestamps off, vigild's flight recorder stamp
# " @S.NS" (docs/recorder.md) off, each distinct line once; not
# keepalived's "Shutting down service .. from VS .." at stop: vigild logs "IPVS stop: ..." there)
loglines() {
	sed -n 's/^[^:]*:[^:]*:[^:]*: //p' /tmp/$1.log | sed 's/ @[0-9]*\.[0-9]\{9\}$//' |
		grep -E 'success|succeed|failed|Removing|Adding|Enabling|Disabling' | sort -u
}
is "$(loglines vg)" "$(loglines ka)" "the same checker log lines as keepalived"
logs_if_failed /tmp/ka.log /tmp/vg.log 25
for s in A B C; do kill "$(cat /tmp/httpd-$s)" 2>/dev/null; done
finish
