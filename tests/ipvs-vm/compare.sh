# SPDX-License-Identifier: GPL-2.0-or-later
# DOC: helpers for the ipvs-vm tests that run keepalived 2.2.7's checker side,
# then vigild's, against the same real servers (test_checkers_compare.sh,
# test_checker_mail.sh, test_lvs_kw_compare.sh); at /test/compare.sh in every
# run, sourced after /test/tap.sh (/bin/sh is dash).
#
#   rs_net PREFIX S...     br0 198.51.100.1/24; real server S in namespace PREFIX-S
#                          (eth0 198.51.100.2, .3, ... in order; host side veth rS lowercase)
#   httpd_start NAME NS PORT DIR, httpd_stop NAME
#                          busybox httpd in NS (its pid in /tmp/httpd-NAME)
#   write_notify           /test/notify.sh: "UPTIME $1 $2" appended to /tmp/notes
#   need_keepalived        a skip and the end of the test without keepalived in the guest
#   run_both FN CONF       FN ka keepalived -C ... CONF, then FN vg $VIGILD -C ... CONF (the same
#                          flags, /run pid files; FN NAME CMD... runs CMD)
#   stop_prog PID          SIGTERM, up to 10 s for it to go, then its status
#   prog_of P              keepalived for ka..., vigild for the others
#   logs_if_failed KA VG N the last N lines of the two logs as diagnostics once a check failed

inns() { ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }

rs_net() {
	_p=$1
	shift
	{
		echo "link add br0 type bridge"
		echo "addr add 198.51.100.1/24 dev br0"
		echo "link set br0 up"
		for _s; do echo "netns add $_p-$_s"; done
		for _s; do echo "link add r$(echo "$_s" | tr A-Z a-z) type veth peer name eth0 netns $_p-$_s"; done
		for _s; do echo "link set r$(echo "$_s" | tr A-Z a-z) master br0"; done
		for _s; do echo "link set r$(echo "$_s" | tr A-Z a-z) up"; done
	} | ip -batch - || return 1
	_n=2
	for _s; do
		ip -n "$_p-$_s" -batch - <<IP || return 1
addr add 198.51.100.$_n/24 dev eth0
link set eth0 up
link set lo up
IP
		_n=$((_n + 1))
	done
}

# not through inns: $! must be httpd's pid (nsenter execs it), not a subshell's
httpd_start() {
	nsenter --net="/run/netns/$2" httpd -f -p "$3" -h "$4" &
	echo $! >/tmp/httpd-$1
}

httpd_stop() {
	kill "$(cat /tmp/httpd-$1)"
	wait "$(cat /tmp/httpd-$1)" 2>/dev/null
	return 0
}

write_notify() {
	printf '#!/bin/sh\necho "$(cut -d" " -f1 /proc/uptime) $1 $2" >>/tmp/notes\n' >/test/notify.sh
	chmod 755 /test/notify.sh
}

need_keepalived() {
	command -v keepalived >/dev/null && return 0
	skip "no keepalived in the guest (run.py --keepalived)"
	finish
	exit
}

run_both() {
	$1 ka keepalived -n -l -G -D -C -f "$2" -p /run/ka.pid -c /run/ka_check.pid
	$1 vg "$VIGILD" -n -l -G -D -C -f "$2" -p /run/v.pid -c /run/v_check.pid --control=none
}

stop_prog() {
	kill -TERM "$1"
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 100 ]; do _i=$((_i + 1)); sleep 0.1; done
	wait "$1"
}

prog_of() { case $1 in ka*) echo keepalived ;; *) echo vigild ;; esac; }

logs_if_failed() {
	[ $_tap_failed -eq 0 ] && return 0
	diag "keepalived's log:"; diag "$(tail -"$3" "$1")"
	diag "vigild's log:"; diag "$(tail -"$3" "$2")"
}
