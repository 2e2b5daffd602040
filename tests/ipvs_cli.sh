#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigil check --ipvs`: the IPVS table each LVS seed configuration programs
# at start, in `ipvsadm -S -n` syntax. The expected tables are written by
# hand from the configurations (not produced by vigil): keepalived puts every
# real server in at start (no checker has run, no `alpha`), DR takes the
# service's port, NAT the real server's; ipvsadm sorts destinations by
# address. Then keepalived -t's findings for LVS blocks (messages quoted
# from keepalived 2.2.7 -t). TAP.
# Usage: ipvs_cli.sh path/to/vigil source-root
set -u
vigil=$1
root=$2
C=$root/docs/scenarios/configs   # copies of ../shared/seed-configs
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..11"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/# /' "$dir/o"; fi; }

# the copies are the seeds themselves (../shared/seed-configs beside the checkout, when there)
S=$root/../shared/seed-configs
if [ -d "$S" ]; then
    same=0
    for f in 01-lvs-dr-haproxy-master 08-lvs-wrr-http-get 10-anjuke-nat-master 10-anjuke-nat-backup; do
        cmp -s "$S/$f.conf" "$C/$f.conf" || same=1
    done
    : > "$dir/o"; t $same "docs/scenarios/configs holds the LVS seeds 01, 08, 10 unchanged"
else
    n=$((n + 1)); echo "ok $n - # SKIP no ../shared/seed-configs beside the source tree"
fi

# seed 01: lb_algo rr, lb_kind DR, protocol TCP, two real servers of weight 1
cat > "$dir/want" <<'T'
-A -t 192.168.0.233:80 -s rr
-a -t 192.168.0.233:80 -r 192.168.0.111:80 -g -w 1
-a -t 192.168.0.233:80 -r 192.168.0.163:80 -g -w 1
T
"$vigil" check --ipvs "$C/01-lvs-dr-haproxy-master.conf" > "$dir/o" 2> "$dir/e"
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "seed 01: DR, rr, both real servers at weight 1"

# seed 08: wrr, DR, persistence_timeout 50
cat > "$dir/want" <<'T'
-A -t 192.168.1.233:80 -s wrr -p 50
-a -t 192.168.1.233:80 -r 192.168.1.129:80 -g -w 1
-a -t 192.168.1.233:80 -r 192.168.1.131:80 -g -w 1
T
"$vigil" check --ipvs "$C/08-lvs-wrr-http-get.conf" > "$dir/o" 2> "$dir/e"
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "seed 08: wrr, persistent 50 s"

# seed 10 master and backup: rr, NAT, persistence_timeout 50, one real server each
printf '%s\n' '-A -t 10.10.3.168:80 -s rr -p 50' '-a -t 10.10.3.168:80 -r 10.10.3.233:80 -m -w 1' > "$dir/want"
"$vigil" check --ipvs "$C/10-anjuke-nat-master.conf" > "$dir/o" 2> "$dir/e"
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "seed 10 master: NAT (-m), persistent 50 s"
printf '%s\n' '-A -t 10.10.3.168:80 -s rr -p 50' '-a -t 10.10.3.168:80 -r 10.10.3.180:80 -m -w 1' > "$dir/want"
"$vigil" check --ipvs "$C/10-anjuke-nat-backup.conf" > "$dir/o" 2> "$dir/e"
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "seed 10 backup: its own real server"

# the findings go to stderr, the table alone to stdout
grep -q "nat_mask" "$dir/e" && ! grep -q "nat_mask" "$dir/o"
t $? "--ipvs: findings on stderr, the table alone on stdout"

# every feature in one file: group (range, fwmark), IPv6, sh flags, alpha + inhibit, TUN gue, sorry server
cat > "$dir/all.conf" <<'T'
virtual_server_group G {
    192.0.2.1-2 80
    fwmark 7
}
virtual_server group G {
    protocol TCP
    lb_kind DR
    real_server 192.0.2.100 80 {
        weight 3
    }
}
virtual_server 2001:db8::10 53 {
    protocol UDP
    lb_algo sh
    sh-port
    ops
    persistence_timeout 300
    persistence_granularity 64
    lb_kind TUN type gue port 6080 csum
    real_server 2001:db8::2 53 {
        alpha
        inhibit_on_failure
        TCP_CHECK {
        }
    }
    real_server 2001:db8::3 53 {
        weight 2
    }
}
virtual_server 192.0.2.50 443 {
    protocol TCP
    lb_algo wrr
    persistence_timeout 60
    persistence_granularity 255.255.255.0
    alpha
    sorry_server 192.0.2.99 8443
    real_server 192.0.2.51 8443 {
        TCP_CHECK {
        }
    }
}
T
cat > "$dir/want" <<'T'
-A -t 192.0.2.1:80 -s wlc
-a -t 192.0.2.1:80 -r 192.0.2.100:80 -g -w 3
-A -t 192.0.2.2:80 -s wlc
-a -t 192.0.2.2:80 -r 192.0.2.100:80 -g -w 3
-A -t 192.0.2.50:443 -s wrr -p 60 -M 255.255.255.0
-a -t 192.0.2.50:443 -r 192.0.2.99:8443 -m -w 1
-A -u [2001:db8::10]:53 -s sh -p 300 -M 64 -o -b sh-port
-a -u [2001:db8::10]:53 -r [2001:db8::2]:53 -i -w 0 --tun-type gue --tun-port 6080 --tun-csum
-a -u [2001:db8::10]:53 -r [2001:db8::3]:53 -i -w 2 --tun-type gue --tun-port 6080 --tun-csum
-A -f 7 -s wlc
-a -f 7 -r 192.0.2.100:0 -g -w 3
T
"$vigil" check --ipvs "$dir/all.conf" > "$dir/o" 2> "$dir/e"
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "groups, IPv6, sh flags, ops, persistence netmasks, alpha, inhibit, TUN gue, sorry server"

# keepalived 2.2.7 -t on the same file prints exactly these three findings (and exits 5)
sed 's/^[^ ]* warning: //' "$dir/e" | grep -v '^ ' | grep -v 'warnings$' | grep -v 'vigild does not act on it' > "$dir/o"
cat > "$dir/want" <<'T'
Virtual server [G]:0: no scheduler set, setting default 'wlc'
WARNING - fwmark virtual server [G]:0, real server [192.0.2.100]:tcp:80 has port specified - port will be ignored
Virtual server [192.0.2.50]:tcp:443: no forwarding method set, setting default NAT
T
diff -u "$dir/want" "$dir/o" > /dev/null; t $? "the findings of keepalived -t on that file, word for word"

# keepalived 2.2.7 -t says: "Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored"
printf 'virtual_server fwmark 1 {\n    protocol TCP\n    lb_kind DR\n    real_server 192.0.2.1 80 {\n    }\n}\n' > "$dir/fwm.conf"
"$vigil" check "$dir/fwm.conf" > "$dir/o" 2>&1; rc=$?
grep -q "fwm.conf:1:1: warning: Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored" "$dir/o" &&
  grep -q "fwm.conf:4:5: warning: WARNING - fwmark virtual server FWM 1, real server \[192.0.2.1\]:none:80 has port specified - clearing" "$dir/o" &&
  [ $rc -eq 1 ]
t $? "vigil check: a protocol for a fwmark service and a DR port, as keepalived -t words them (exit $rc)"

# keepalived 2.2.7 -t: "(a.conf: Line 3) sh-port only applies to sh scheduler - ignoring",
# "... one packet scheduling requires UDP - resetting"
printf 'virtual_server 192.0.2.10 80 {\n    lb_algo rr\n    sh-port\n    ops\n    protocol TCP\n    flag-3\n    real_server 192.0.2.1 80 {\n    }\n}\n' > "$dir/flags.conf"
"$vigil" check --ipvs "$dir/flags.conf" > "$dir/o" 2> "$dir/e"
grep -q "flags.conf:3:5: warning: sh-port only applies to sh scheduler - ignoring" "$dir/e" &&
  grep -q "one packet scheduling requires UDP - resetting" "$dir/e" &&
  grep -q "flags.conf:6:5: warning: flag-3: the kernel's rr scheduler takes no flag" "$dir/e" &&
  grep -qx -- "-A -t 192.0.2.10:80 -s rr -b flag-3" "$dir/o"
t $? "scheduler flags: sh-port dropped for rr, ops dropped for TCP, flag-3 kept but useless"

"$vigil" check --ipvs "$C/01-lvs-dr-haproxy-master.conf" "$C/08-lvs-wrr-http-get.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "takes one file" "$dir/o"; t $? "--ipvs with two files is a usage error (exit $rc)"
