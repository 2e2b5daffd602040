#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: checker e-mail alerts, keepalived 2.2.7 -C then vigild -C, on a real
# IPVS kernel in the ipvs-vm guest (docs/smtp_alerts.md "Checker alerts").
# One virtual server 192.0.2.10:80 (quorum 2) with two real servers in
# namespaces behind a bridge: A (198.51.100.2, one TCP_CHECK) and B
# (198.51.100.3, TCP_CHECKs on ports 80 and 81); an SMTP responder
# (smtp_sink.sh under busybox nc) on the guest's 127.0.0.1:2525 keeps each
# message.  The schedule: A stopped, A back, B:81 stopped, B:80 stopped,
# B:81 back, B:80 back, SIGTERM.  Two configurations: the defaults (no
# smtp_alert anywhere) and no_checker_emails + smtp_alert_checker with
# smtp_alert off in A.  Checked: vigild's subjects and bodies at each step are
# keepalived's (sorted within a step: keepalived sends them on parallel
# connections), and so are the headers of the first message (Date aside).
# tests/netns/test_checker_mail.py expects on this kernel what keepalived
# sent here.
. /test/tap.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1
ip link set lo up
inns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }
ip -batch - <<'IP' || exit 1
link add br0 type bridge
addr add 198.51.100.1/24 dev br0
link set br0 up
netns add vgkm-A
netns add vgkm-B
link add ra type veth peer name eth0 netns vgkm-A
link add rb type veth peer name eth0 netns vgkm-B
link set ra master br0
link set rb master br0
link set ra up
link set rb up
IP
ip -n vgkm-A addr add 198.51.100.2/24 dev eth0 && ip -n vgkm-A link set eth0 up || exit 1
ip -n vgkm-B addr add 198.51.100.3/24 dev eth0 && ip -n vgkm-B link set eth0 up || exit 1
mkdir -p /tmp/www
echo ok >/tmp/www/index.html
# server NAME NS PORT start|stop (pid in /tmp/httpd-NAME; nsenter execs httpd, so $! is its pid)
server() {
	if [ "$4" = start ]; then
		nsenter --net=/run/netns/$2 httpd -f -p $3 -h /tmp/www &
		echo $! >/tmp/httpd-$1
	else
		kill "$(cat /tmp/httpd-$1)"
		wait "$(cat /tmp/httpd-$1)" 2>/dev/null
	fi
	return 0
}
server A vgkm-A 80 start
server B80 vgkm-B 80 start
server B81 vgkm-B 81 start
SINK_DIR=/tmp/mails nc -ll -p 2525 -e /test/smtp_sink.sh &
sinkpid=$!
export SINK_DIR=/tmp/mails

conf() { # conf VARIANT: the configuration (default | nce)
	if [ "$1" = nce ]; then g="    no_checker_emails
    smtp_alert_checker"; a="        smtp_alert off"; else g=""; a=""; fi
	cat <<CONF
global_defs {
    router_id kwm
    notification_email {
        ops@example.com
    }
    notification_email_from lb@example.com
    smtp_server 127.0.0.1 2525
    smtp_connect_timeout 5
$g
}
virtual_server 192.0.2.10 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    quorum 2
    real_server 198.51.100.2 80 {
        weight 1
$a
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 198.51.100.3 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
        TCP_CHECK {
            connect_port 81
            connect_timeout 1
            retry 0
        }
    }
}
CONF
}

# collect OUT STEP: the mails that arrived since the last collect, "STEP | Subject | body", sorted
collect() {
	for f in $(ls /tmp/mails 2>/dev/null | grep -v tmp | sort); do
		awk -v s="$2" '/^Subject: / { sub(/^Subject: /, ""); subj = $0 }
			/^$/ { body = 1; next }
			body && $0 != "" { b = b $0 }
			END { print s " | " subj " | " b }' /tmp/mails/$f
		cat /tmp/mails/$f >>/tmp/$1.raw
		rm /tmp/mails/$f
	done | sort >>/tmp/$1.mails
}
W=4
schedule() { # schedule OUT CMD...
	out=$1
	shift
	ipvsadm -C
	rm -rf /tmp/mails; mkdir -p /tmp/mails
	: >/tmp/$out.mails; : >/tmp/$out.raw
	"$@" >/tmp/$out.log 2>&1 &
	pid=$!
	sleep $W; collect $out 0-start
	server A vgkm-A 80 stop; sleep $W; collect $out 1-A-stopped
	server A vgkm-A 80 start; sleep $W; collect $out 2-A-back
	server B81 vgkm-B 81 stop; sleep $W; collect $out 3-B81-stopped
	server B80 vgkm-B 80 stop; sleep $W; collect $out 4-B80-stopped
	server B81 vgkm-B 81 start; sleep $W; collect $out 5-B81-back
	server B80 vgkm-B 80 start; sleep $W; collect $out 6-B80-back
	kill -TERM $pid
	wait $pid
	sleep 1; collect $out 7-stopped
}

if ! command -v keepalived >/dev/null; then
	skip "no keepalived in the guest (run.py --keepalived)"
	finish
	exit
fi
for v in default nce; do
	conf $v >/tmp/$v.conf
	schedule ka-$v keepalived -n -l -D -C -f /tmp/$v.conf -p /run/ka.pid -c /run/ka_c.pid
	schedule vg-$v "$VIGILD" -n -l -D -C -f /tmp/$v.conf -p /run/v.pid -c /run/v_c.pid --control=none
	diag "keepalived, $v:"; diag "$(cat /tmp/ka-$v.mails)"
	diag "vigild, $v:"; diag "$(cat /tmp/vg-$v.mails)"
	is "$(cat /tmp/vg-$v.mails)" "$(cat /tmp/ka-$v.mails)" "$v: vigild's checker alerts are keepalived's"
	diag "keepalived's first message, $v:"; diag "$(sed -n '1,/^$/p' /tmp/ka-$v.raw)"
	is "$(sed -n '2,/^$/p' /tmp/vg-$v.raw)" "$(sed -n '2,/^$/p' /tmp/ka-$v.raw)" \
		"$v: vigild's first message has keepalived's headers (Date aside)"
	[ $_tap_failed -eq 0 ] || { diag "keepalived's log:"; diag "$(tail -30 /tmp/ka-$v.log)"; diag "vigild's log:"; diag "$(tail -30 /tmp/vg-$v.log)"; }
done
kill $sinkpid
for s in A B80 B81; do kill "$(cat /tmp/httpd-$s)" 2>/dev/null; done
finish
