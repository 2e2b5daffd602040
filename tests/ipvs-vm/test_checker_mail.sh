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
. /test/compare.sh
modprobe -a ip_vs ip_vs_rr bridge veth || exit 1
ip link set lo up
rs_net vgkm A B || exit 1
mkdir -p /tmp/www
echo ok >/tmp/www/index.html
httpd_start A vgkm-A 80 /tmp/www
httpd_start B80 vgkm-B 80 /tmp/www
httpd_start B81 vgkm-B 81 /tmp/www
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
	httpd_stop A; sleep $W; collect $out 1-A-stopped
	httpd_start A vgkm-A 80 /tmp/www; sleep $W; collect $out 2-A-back
	httpd_stop B81; sleep $W; collect $out 3-B81-stopped
	httpd_stop B80; sleep $W; collect $out 4-B80-stopped
	httpd_start B81 vgkm-B 81 /tmp/www; sleep $W; collect $out 5-B81-back
	httpd_start B80 vgkm-B 80 /tmp/www; sleep $W; collect $out 6-B80-back
	stop_prog $pid
	sleep 1; collect $out 7-stopped
}

need_keepalived
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
	logs_if_failed /tmp/ka-$v.log /tmp/vg-$v.log 30
done
kill $sinkpid
for s in A B80 B81; do kill "$(cat /tmp/httpd-$s)" 2>/dev/null; done
finish
