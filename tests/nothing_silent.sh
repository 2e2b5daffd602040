#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 17, "Nothing silent": a keyword vigild does not act on is a warning
# at its file:line in `vigil check` and `vigild -t`, and `-t` counts it as a
# configuration vigild only partly honours; `vigil check` reports whatever
# `vigild -t` refuses (authentication over IPv6). TAP.
# Usage: nothing_silent.sh path/to/vigil path/to/vigild
#
# keepalived 2.2.7 (Debian 12), `keepalived -t -f FILE` in a network
# namespace with the file's interface present, observed:
#   a clean file                                         exit 0
#   an unknown keyword (keepalived ignores the line)     exit 5, "Unknown keyword"
#   no virtual_router_id (the instance is dropped)       exit 5
#   a missing interface                                  exit 5
#   scripts without enable_script_security               exit 6
# keepalived(8) documents 4 for "configuration errors but keepalived will run
# after modifying the configuration" and 5 for script security: the binary is
# one above its manual (its enum starts KEEPALIVED_CHK_EXIT_CONFIG at 4 and
# config_test_exit() uses the next one). vigild -t follows the manual, as
# tests/vigild_cli.sh checks; a keyword it will not act on is such a
# partly-honoured configuration, so it exits 4 (the binary's 5).
set -u
vigil=$1
vigild=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..9"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# the issue's example: track_process (weight 0), track_bfd, vrrp_mcast_group4,
# notification_email, lvs_sync_daemon and a virtual_server block (with a checker);
# enable_snmp_vrrp stands for a keyword vigild does not act on yet (BFD is acted on now)
cat > "$dir/issue.conf" <<'CONF'
global_defs {
    notification_email {
        ops@example.com
    }
    vrrp_mcast_group4 224.0.0.19
    lvs_sync_daemon lo VI_1
    enable_snmp_vrrp
}
vrrp_track_process haproxy {
    process haproxy
    weight 0
}
bfd_instance b1 {
    neighbor_ip 192.0.2.2
}
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 51
    priority 100
    track_process {
        haproxy
    }
    track_bfd {
        b1
    }
    virtual_ipaddress {
        192.0.2.10/24
    }
}
virtual_server 192.0.2.10 80 {
    protocol TCP
    lb_algo rr
    lb_kind DR
    real_server 192.0.2.20 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
CONF
lines() { # the lines with a keyword warning, one per line
	sed -n "s/^[^:]*issue.conf:\([0-9]*\):[0-9]*: warning: '[^']*' in .*vigild does not act on it.*/\1/p" "$1" | sort -n | tr '\n' ' '
}
want="7 " # notification_email (2), vrrp_mcast_group4 (5), track_process (9, 20), bfd_instance (13), track_bfd (23) and TCP_CHECK (35) are acted on now

"$vigild" -t -f "$dir/issue.conf" > "$dir/t" 2>&1; rc=$?
got=$(lines "$dir/t")
[ $rc -eq 4 ] && [ "$got" = "$want" ]
t $? "vigild -t: a warning at each keyword it does not act on ($got), exit 4 (rc $rc)"

grep -q "issue.conf:7:5: warning: 'enable_snmp_vrrp' in global_defs: vigild does not act on it yet: SNMP" "$dir/t" &&
  ! grep -q "lvs_sync_daemon\|issue.conf:6:\|vrrp_mcast_group4\|TCP_CHECK\|track_process\|track_bfd\|bfd_instance\|notification_email" "$dir/t"
t $? "vigild -t: the warning says why; lvs_sync_daemon, vrrp_mcast_group4, track_process, bfd_instance, track_bfd, TCP_CHECK and notification_email, which vigild acts on, do not warn"

"$vigil" check "$dir/issue.conf" > "$dir/c" 2>&1; rc=$?
got=$(lines "$dir/c")
[ $rc -eq 1 ] && [ "$got" = "$want" ]
t $? "vigil check: the same warnings ($got), exit 1 (rc $rc)"

"$vigil" check --format json "$dir/issue.conf" > "$dir/j" 2>&1
grep -q '"code": *"not-supported"' "$dir/j"
t $? "vigil check --format json: the findings carry the code not-supported"

# a file of keywords vigild acts on stays clean in both
cat > "$dir/clean.conf" <<'CONF'
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        192.0.2.100/24
    }
}
CONF
"$vigild" -t -f "$dir/clean.conf" > "$dir/t" 2>&1; rc1=$?
"$vigil" check "$dir/clean.conf" > "$dir/c" 2>&1; rc2=$?
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
t $? "a file vigild fully acts on: vigild -t exits 0, vigil check exits 0 ($rc1, $rc2)"

# auth_type AH is acted on (core/vrrp/ah.c; tests/netns/ah_interop.py against keepalived):
# neither refuses it any more
sed 's/    priority 100/    priority 100\n    authentication {\n        auth_type AH\n        auth_pass secret\n    }/' \
	"$dir/clean.conf" > "$dir/ah.conf"
"$vigild" -t -f "$dir/ah.conf" > "$dir/t" 2>&1; rc1=$?
"$vigil" check "$dir/ah.conf" > "$dir/c" 2>&1; rc2=$?
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
t $? "auth_type AH: vigild -t exits 0, vigil check exits 0 ($rc1, $rc2)"

# a refusal of the core's run check (authentication over IPv6: VRRPv3 has none), in both
sed 's/    priority 100/    priority 100\n    authentication {\n        auth_type PASS\n        auth_pass secret\n    }/; s#192.0.2.100/24#2001:db8::100/64#' \
	"$dir/clean.conf" > "$dir/v6auth.conf"
"$vigild" -t -f "$dir/v6auth.conf" > "$dir/t" 2>&1; rc=$?
[ $rc -eq 4 ] && grep -q "v6auth.conf:1:1: error: vrrp_instance VI_1 cannot run: authentication: only VRRPv2 carries authentication" "$dir/t"
t $? "vigild -t refuses authentication over IPv6: instance-not-run at the instance's line (rc $rc)"

"$vigil" check "$dir/v6auth.conf" > "$dir/c" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "v6auth.conf:1:1: error: vrrp_instance VI_1 cannot run: authentication: only VRRPv2 carries authentication" "$dir/c"
t $? "vigil check reports the same refusal, exit 2 (rc $rc)"

# every refusal of the core's run check, through both: VRRPv2 with IPv6 is refused too
printf 'vrrp_instance V6 {\n    interface lo\n    virtual_router_id 7\n    version 2\n    authentication {\n        auth_type PASS\n        auth_pass x\n    }\n    virtual_ipaddress {\n        2001:db8::7/64\n    }\n}\n' > "$dir/v6.conf"
"$vigild" -t -f "$dir/v6.conf" 2>&1 | grep "error:" | sed 's/^[^ ]* //' > "$dir/t"
"$vigil" check "$dir/v6.conf" 2>&1 | grep "error:" | sed 's/^[^ ]* //' > "$dir/c"
[ -s "$dir/t" ] && diff "$dir/t" "$dir/c" > /dev/null
t $? "vigild -t and vigil check give the same errors for an IPv6 instance with authentication"
