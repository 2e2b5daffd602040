#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The names of the pid files and of the SIGUSR1 data file: keepalived.conf's
# top-level `instance NAME` and `use_pid_dir`, global_defs `data_use_instance`,
# and -p winning over them. Each daemon runs in its own network namespace and
# mount namespace with fresh tmpfs on /run and /tmp, so the files it makes are
# all there is to see. The expected lists are what keepalived 2.2.7 made
# (observed on Debian 12's keepalived 2.2.7, and checked again here when
# /usr/sbin/keepalived is installed):
#   instance inst1 + use_pid_dir:  /run/keepalived/keepalived_inst1.pid, vrrp_inst1.pid
#   instance inst1 alone:          the same (instance implies the directory)
#   use_pid_dir alone:             /run/keepalived/keepalived.pid, vrrp.pid
#   + data_use_instance:           SIGUSR1 writes /tmp/keepalived.inst1.data
#   data_use_instance, no instance: /tmp/keepalived.data
#   instance inst1, -p /run/my.pid: /run/my.pid, /run/keepalived/vrrp_inst1.pid
#   /run/keepalived is removed at stop; instance / use_pid_dir inside
#   global_defs are "Unknown keyword" to keepalived 2.2.7 and change nothing.
# keepalived also writes keepalived_parent*.data (its parent process), which
# vigild, one process, has not: the lists leave it out.
#
# global_defs reload_file [PATH] (also observed on keepalived 2.2.7): a
# non-empty file there before start is gone once the configuration is read;
# written again while running, a SIGHUP removes it once the reload has read
# the files. Without PATH: /run/keepalived.reload, or with `instance inst1`
# /run/keepalived/keepalived_inst1.reload. One difference, on purpose:
# keepalived 2.2.7 leaves a file of the default name (no PATH) in place after
# a SIGHUP (seen here: "hup: kept"; it removes the reload's file before it
# has worked out the default name), so an update process waiting for it to
# go would wait for ever; vigild removes it, as keepalived.conf(5) says.
#
# global_defs reload_check_config LOG_FILE: a SIGHUP with a file that has an
# unknown keyword leaves the daemon running its old configuration, and
# LOG_FILE (emptied first) names the bad keyword. keepalived 2.2.7 writes
# its config-test child's log there ("(Line 3) Unknown keyword
# 'bogus_keyword'"); vigild its reload's diagnostics, file:line first.
#
# global_defs fifo_write_vrrp_states_on_reload: after a SIGHUP of the same
# file keepalived 2.2.7 wrote to the notify FIFO `GROUP "G" MASTER 0` for
# its Master sync group, nothing for its Master instance V, and `INSTANCE
# "W" FAULT 100` for W (held in Fault by a track_file); without the option
# nothing. vigild writes the same (core/node/reload.h vg_reload_fifo_lines).
#
# global_defs reload_time_file / reload_repeat: the file written while the
# daemon runs with a time 3 s ahead (HH:MM:SS, local time) makes it reload
# then and remove the file; with reload_repeat the file stays (it would
# reload at that time every day); with a date as well the file goes even
# with reload_repeat; a date in the past schedules nothing and the file
# stays. Observed the same with keepalived 2.2.7.
#
# global_defs max_auto_priority / min_auto_priority_delay: the VRRP process
# (keepalived's VRRP child, vigild itself) stopped for 1.5 s, so its
# advert timer runs more than min_auto_priority_delay (0.5 s) late twice:
# SCHED_RR priority 1, then 2 (`chrt -p`); without max_auto_priority it
# stays SCHED_OTHER. Observed the same with keepalived 2.2.7.
#
# child_wait_time SECS (top level): keepalived's parent waits that long for
# its children at stop; vigild's children are its scripts, so its stop waits
# that long for a notify_stop script still running (vigild only: keepalived's
# wait is for its VRRP and checker processes).
#
# usage: daemon_files.sh VIGILD [KEEPALIVED]      root only; a TAP skip otherwise
set -u
VIGILD=$(realpath "$1")
KEEPALIVED=${2:-/usr/sbin/keepalived}
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root"; exit 0; }
command -v ip >/dev/null && command -v unshare >/dev/null || { echo "1..0 # SKIP needs ip, unshare"; exit 0; }
NS=vgkwf-$$
WORK=$(mktemp -d /var/tmp/vgkwf-pid.XXXXXX)
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM PIPE HUP
# each run mounts its own /tmp and /run: a daemon under either (a checkout in /tmp) would vanish
cp "$VIGILD" "$WORK/vigild" && VIGILD=$WORK/vigild || exit 1
ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up
ip -n "$NS" link add eth0 type veth peer name eth1
ip -n "$NS" addr add 192.0.2.1/24 dev eth0
ip -n "$NS" link set eth0 up
ip -n "$NS" link set eth1 up

conf() { # $1: lines before global_defs, $2: lines inside it
	printf '%s\nglobal_defs {\n%s\n}\nvrrp_instance V {\n interface eth0\n virtual_router_id 51\n priority 100\n virtual_ipaddress { 192.0.2.100 }\n}\n' "$1" "$2"
}

# files DAEMON CONF ARGS...: the files under /run and /tmp while running (after SIGUSR1), then "stop:" and what is left
files() {
	d=$1; c=$2; shift 2
	cp "$c" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		d=$1; shift
		"$d" -n -l -D -f /run/k.conf "$@" >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! ls /run/*.pid /run/keepalived/*.pid >/dev/null 2>&1; do sleep 0.1; i=$((i+1)); done
		sleep 0.5
		kill -USR1 $p; sleep 0.5
		find /run /tmp -type f | grep -v -e "^/run/k.conf$" -e "_parent" | sort
		kill $p; wait $p
		echo stop:; find /run /tmp -mindepth 1 | grep -v -e "^/run/k.conf$" -e "^/run/mount" -e "_parent" | sort' "$WORK" "$d" "$@"
}

# reload DAEMON CONF RELOADFILE: the reload file before start, after start, written again, after HUP
reload() {
	d=$1; c=$2; rf=$3
	cp "$c" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		mkdir -p /run/keepalived
		echo before >"$2"
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! [ -e /run/p.pid ]; do sleep 0.1; i=$((i+1)); done
		sleep 0.5
		[ -e "$2" ] && echo "start: kept" || echo "start: removed"
		echo update >"$2"
		kill -HUP $p
		i=0
		while [ $i -lt 30 ] && [ -e "$2" ]; do sleep 0.1; i=$((i+1)); done
		[ -e "$2" ] && echo "hup: kept" || echo "hup: removed"
		kill $p; wait $p' "$WORK" "$d" "$rf"
}

# childwait DAEMON CONF: at the daemon's exit, has its notify_stop script (sleep 2) finished?
childwait() {
	cp "$2" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		printf "#!/bin/sh\nsleep 2\ntouch /run/stop.done\n" >/run/stop.sh; chmod 755 /run/stop.sh
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! [ -e /run/p.pid ]; do sleep 0.1; i=$((i+1)); done
		sleep 0.5
		kill $p; wait $p
		[ -e /run/stop.done ] && echo "script finished" || echo "script running"' "$WORK" "$1"
}

# checklog DAEMON CONF: reload_check_config /run/check.log, then a file with an unknown keyword on
# line 3 and a SIGHUP: is the daemon still running, and what does the log file name?
checklog() {
	cp "$2" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		echo stale >/run/check.log
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! [ -e /run/p.pid ]; do sleep 0.1; i=$((i+1)); done
		sleep 0.5
		sed -i "3i bogus_keyword 1" /run/k.conf
		kill -HUP $p; sleep 2
		kill -0 $p && echo running || echo stopped
		grep -q stale /run/check.log && echo "not truncated"
		grep -c bogus_keyword /run/check.log | sed "s/^0$/keyword not named/; s/^[1-9][0-9]*$/keyword named/"
		cp /run/check.log "$0/check.log"
		kill $p; wait $p' "$WORK" "$1"
}

# fifo DAEMON CONF: the notify FIFO's lines a SIGHUP of the same file adds, once V is Master
fifo() {
	cp "$2" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		echo 1 >/run/tf
		mkfifo /run/f
		cat <>/run/f >/run/out &
		c=$!
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 80 ] && ! grep -q "INSTANCE \"V\" MASTER" /run/out 2>/dev/null; do sleep 0.1; i=$((i+1)); done
		sleep 1
		n=$(wc -l </run/out)
		kill -HUP $p; sleep 2
		tail -n +$((n+1)) /run/out; cp /run/out "$0/fifo.out"
		kill $p; wait $p; kill $c 2>/dev/null' "$WORK" "$1"
}

# rtime DAEMON CONF LINE: LINE written to /run/rt/when once the daemon runs; after 6 s, did it
# reload, and is the file still there?
rtime() {
	cp "$2" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		mkdir /run/rt
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! [ -e /run/p.pid ]; do sleep 0.1; i=$((i+1)); done
		sleep 0.5
		eval "echo \"$2\"" >/run/rt/when
		sleep 6
		grep -q "Reloading" "$0/log" && echo reloaded || echo "not reloaded"
		[ -e /run/rt/when ] && echo "file kept" || echo "file removed"
		kill $p; wait $p' "$WORK" "$1" "$3"
}

# autoprio DAEMON CONF: the VRRP process (the -r pid file's) stopped 1.5 s twice, then its scheduling
autoprio() {
	cp "$2" "$WORK/k.conf"
	ip netns exec "$NS" unshare -m --propagation private sh -c '
		mount -t tmpfs -o mode=755 none /run && mount -t tmpfs none /tmp || exit 1
		cp "$0/k.conf" /run/k.conf
		"$1" -n -l -D -f /run/k.conf -p /run/p.pid -r /run/v.pid >"$0/log" 2>&1 &
		p=$!
		i=0
		while [ $i -lt 50 ] && ! [ -s /run/v.pid ]; do sleep 0.1; i=$((i+1)); done
		sleep 1
		v=$(cat /run/v.pid)
		for k in 1 2; do kill -STOP $v; sleep 1.5; kill -CONT $v; sleep 1.2; done
		chrt -p $v | tr "\n" " " | sed "s/pid [0-9]*.s //g; s/ *$//"
		echo
		kill $p; wait $p' "$WORK" "$1"
}

n=0; fail=0
check() { # name expected DAEMON CONF ARGS...
	name=$1; want=$2; shift 2
	n=$((n+1))
	got=$(files "$@" | tr '\n' ' ')
	if [ "$got" = "$want" ]; then echo "ok $n - $name"; else
		echo "not ok $n - $name"; echo "#  want: $want"; echo "#  got:  $got"; sed 's/^/#  log: /' "$WORK/log" | tail -5; fail=1; fi
}

conf "instance inst1
use_pid_dir" "data_use_instance" >"$WORK/a.conf"
conf "instance inst1" "" >"$WORK/b.conf"
conf "use_pid_dir" "" >"$WORK/c.conf"
conf "" "data_use_instance" >"$WORK/d.conf"
conf "instance inst1" "data_use_instance false" >"$WORK/e.conf"
conf "" "instance inst1
use_pid_dir" >"$WORK/f.conf"
conf "" "reload_file" >"$WORK/r1.conf"
conf "instance inst1" "reload_file" >"$WORK/r2.conf"
conf "" "reload_file /run/kw.reload" >"$WORK/r3.conf"
conf "" "" >"$WORK/r4.conf"

A="/run/keepalived/keepalived_inst1.pid /run/keepalived/vrrp_inst1.pid /tmp/keepalived.inst1.data stop: /tmp/keepalived.inst1.data "
B="/run/keepalived/keepalived_inst1.pid /run/keepalived/vrrp_inst1.pid /tmp/keepalived.data stop: /tmp/keepalived.data "
C="/run/keepalived/keepalived.pid /run/keepalived/vrrp.pid /tmp/keepalived.data stop: /tmp/keepalived.data "
P="/run/keepalived/vrrp_inst1.pid /run/my.pid /tmp/keepalived.inst1.data stop: /tmp/keepalived.inst1.data "

daemons=$VIGILD
[ -x "$KEEPALIVED" ] && daemons="$KEEPALIVED $VIGILD"
echo "1..$(( $(echo $daemons | wc -w) * 20 + 2 ))"
for d in $daemons; do
	tag=$(basename "$d")
	# the plain defaults differ by design (keepalived: /run/vrrp.pid; vigild: -r's default), so -r names it
	check "$tag instance+use_pid_dir+data_use_instance" "$A" "$d" "$WORK/a.conf"
	check "$tag instance alone" "$B" "$d" "$WORK/b.conf"
	check "$tag use_pid_dir alone" "$C" "$d" "$WORK/c.conf"
	check "$tag data_use_instance without instance" \
		"/run/p.pid /run/v.pid /tmp/keepalived.data stop: /tmp/keepalived.data " "$d" "$WORK/d.conf" -p /run/p.pid -r /run/v.pid
	check "$tag data_use_instance false" "$B" "$d" "$WORK/e.conf"
	check "$tag -p wins over instance" "$P" "$d" "$WORK/a.conf" -p /run/my.pid
	check "$tag instance/use_pid_dir in global_defs do nothing" \
		"/run/p.pid /run/v.pid /tmp/keepalived.data stop: /tmp/keepalived.data " "$d" "$WORK/f.conf" -p /run/p.pid -r /run/v.pid
	for rc in "r1 /run/keepalived.reload removed" "r2 /run/keepalived/keepalived_inst1.reload removed" \
		  "r3 /run/kw.reload removed" "r4 /run/keepalived.reload kept"; do
		set -- $rc
		n=$((n+1))
		want="start: $3 hup: $3 "
		case "$tag:$1" in keepalived:r1|keepalived:r2) want="start: $3 hup: kept ";; esac
		got=$(reload "$d" "$WORK/$1.conf" "$2" | tr '\n' ' ')
		if [ "$got" = "$want" ]; then echo "ok $n - $tag reload_file $1 ($2 $3)"; else
			echo "not ok $n - $tag reload_file $1 ($2)"; echo "#  want: $want"; echo "#  got:  $got"
			sed 's/^/#  log: /' "$WORK/log" | tail -5; fail=1; fi
	done
	conf "" "reload_check_config /run/check.log" >"$WORK/cl.conf"
	n=$((n+1))
	got=$(checklog "$d" "$WORK/cl.conf" | tr '\n' ' ')
	if [ "$got" = "running keyword named " ] && grep -q -e "New config failed validation" -e "reload failed: keeping" "$WORK/log"; then echo "ok $n - $tag reload_check_config LOG_FILE: a bad reload is refused and logged there"; else
		echo "not ok $n - $tag reload_check_config: got $got"; sed 's/^/#  check.log: /' "$WORK/check.log" | head -5; fail=1; fi
	sed 's/^/#  check.log: /' "$WORK/check.log" | head -3
	in3='$(date -d @$(( $(date +%s) + 3 )) +%H:%M:%S)'
	for rt in "|$in3|reloaded file removed" "reload_repeat|$in3|reloaded file kept" \
		  "reload_repeat|\$(date -d @\$(( \$(date +%s) + 3 )) \"+%Y-%m-%d %H:%M:%S\")|reloaded file removed" \
		  "|2001-01-01 00:00:00|not reloaded file kept"; do
		opt=${rt%%|*}; rest=${rt#*|}; line=${rest%%|*}; want="${rest#*|} "
		printf 'global_defs {\n reload_time_file /run/rt/when\n %s\n}\nvrrp_instance V {\n interface eth0\n virtual_router_id 51\n priority 100\n virtual_ipaddress { 192.0.2.100 }\n}\n' "$opt" >"$WORK/rt.conf"
		n=$((n+1))
		got=$(rtime "$d" "$WORK/rt.conf" "$line" | tr '\n' ' ')
		if [ "$got" = "$want" ]; then echo "ok $n - $tag reload_time_file ${opt:+$opt }'$line': $want"; else
			echo "not ok $n - $tag reload_time_file ${opt:+$opt }'$line': want '$want', got '$got'"; sed 's/^/#  log: /' "$WORK/log" | tail -5; fail=1; fi
	done
	for ap in "max_auto_priority 5|current scheduling policy: SCHED_RR|SCHED_RESET_ON_FORK current scheduling priority: 2" \
		  "|current scheduling policy: SCHED_OTHER current scheduling priority: 0"; do
		opt=${ap%%|*}; want=${ap#*|}
		printf 'global_defs {\n %s\n min_auto_priority_delay 500000\n}\nvrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 51\n priority 100\n virtual_ipaddress { 192.0.2.100 }\n}\n' "$opt" >"$WORK/ap.conf"
		n=$((n+1))
		got=$(autoprio "$d" "$WORK/ap.conf")
		[ "$tag" = keepalived ] && [ "$got" = "${want%2}1" ] && got=$want # it may miss one (above)
		if [ "$got" = "$want" ]; then echo "ok $n - $tag ${opt:-no max_auto_priority}: after two late timers $want"; else
			echo "not ok $n - $tag ${opt:-no max_auto_priority}: want '$want', got '$got'"; sed 's/^/#  log: /' "$WORK/log" | grep -i -e realtime -e expired | tail -5; fail=1; fi
	done
	for fw in "fifo_write_vrrp_states_on_reload|GROUP \"G\" MASTER 0 INSTANCE \"W\" FAULT 100 " "|"; do
		opt=${fw%%|*}; want=${fw#*|}
		printf 'global_defs {\n vrrp_notify_fifo /run/f\n %s\n}\ntrack_file tf {\n file /run/tf\n weight 0\n}\nvrrp_sync_group G {\n group {\n  V\n }\n}\nvrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 51\n priority 100\n virtual_ipaddress { 192.0.2.100 }\n}\nvrrp_instance W {\n interface eth0\n virtual_router_id 52\n priority 100\n track_file { tf }\n virtual_ipaddress { 192.0.2.101 }\n}\n' "$opt" >"$WORK/fw.conf"
		n=$((n+1))
		got=$(fifo "$d" "$WORK/fw.conf" | tr '\n' ' ')
		if [ "$got" = "$want" ]; then echo "ok $n - $tag ${opt:-no fifo_write_vrrp_states_on_reload}: a reload writes '$want'"; else
			echo "not ok $n - $tag ${opt:-without the option}: want '$want', got '$got'"; sed "s/^/#  fifo: /" "$WORK/fifo.out"; sed 's/^/#  log: /' "$WORK/log" | tail -5; fail=1; fi
	done
done
# child_wait_time (top level): vigild's children are its scripts; stop waits for them that long
for cw in "10 finished" "1 running"; do
	set -- $cw
	printf 'child_wait_time %s\nvrrp_instance V {\n interface eth0\n virtual_router_id 51\n priority 100\n notify_stop /run/stop.sh\n virtual_ipaddress { 192.0.2.100 }\n}\n' "$1" >"$WORK/cw.conf"
	n=$((n+1))
	got=$(childwait "$VIGILD" "$WORK/cw.conf")
	if [ "$got" = "script $2" ]; then echo "ok $n - vigild child_wait_time $1: at exit the notify_stop script is $2"; else
		echo "not ok $n - vigild child_wait_time $1: want script $2, got $got"; sed 's/^/#  log: /' "$WORK/log" | tail -5; fail=1; fi
done
exit $fail
