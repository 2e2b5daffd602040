#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Errors and warnings the parser reports for routes, rules, static blocks and
# numeric global_defs, shown the same by `vigil check` and `vigild -t`
# (file:line:col). Each case was also run through Debian's keepalived 2.2.7
# (`keepalived -t -f FILE -l -D`); its messages are quoted beside the case.
# TAP. Usage: conf_errors_cli.sh path/to/vigil path/to/vigild
set -u
vigil=$1
vigild=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..13"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
both() { # FILE: vigil check -> $dir/c ($crc), vigild -t -> $dir/d ($drc)
	"$vigil" check "$1" > "$dir/c" 2>&1; crc=$?
	"$vigild" -t -f "$1" > "$dir/d" 2>&1; drc=$?
}
inst() { # the body of a vrrp_instance around $1
	printf 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n'
	printf '    virtual_ipaddress {\n        192.0.2.10/24\n    }\n%s}\n' "$1"
}

# The issue's example, as a new user writes it. keepalived 2.2.7:
# "(Line 8) unknown route keyword metrik"
inst '    virtual_routes {
        198.51.100.0/24 via 192.0.2.1 metrik 10
    }
' > "$dir/metrik.conf"
both "$dir/metrik.conf"
grep -q "metrik.conf:8:39: error: unknown route word 'metrik'.*did you mean 'metric'" "$dir/c" && [ $crc -eq 2 ]
t $? "vigil check: 'metrik' is an error at 8:39 with a suggestion, exit 2 (got $crc)"
grep -q "metrik.conf:8:39: error: unknown route word 'metrik'" "$dir/d" && [ $drc -eq 4 ]
t $? "vigild -t: 'metrik' is an error at 8:39, exit 4 (got $drc)"

# keepalived 2.2.7: '"gw" for routes is deprecated. Please use "via"',
# '"or" for routes is deprecated. Please use "nexthop"', "Warning - cannot
# track route 198.51.102.0/24 with no interface specified, not tracking"
inst '    virtual_routes {
        198.51.101.0/24 gw 192.0.2.1 dev eth0
        198.51.102.0/24 via 192.0.2.1 or 192.0.2.2 dev eth0
        198.51.103.0/24 via 192.0.2.1
    }
' > "$dir/warn.conf"
both "$dir/warn.conf"
for f in c d; do
	grep -q "warn.conf:8:25: warning: \"gw\" for routes is deprecated" "$dir/$f" &&
	grep -q "warn.conf:9:39: warning: \"or\" for routes is deprecated" "$dir/$f" &&
	grep -q "warn.conf:10:9: warning: cannot track route 198.51.103.0/24 with no interface" "$dir/$f"
	t $? "$([ $f = c ] && echo 'vigil check' || echo 'vigild -t'): gw, or and the untracked route are warnings at their columns"
done
[ $crc -eq 1 ] && [ $drc -eq 4 ]; t $? "warnings only: vigil check exits 1, vigild -t 4 (got $crc, $drc)"

# keepalived 2.2.7: "Route cannot be tracked if protocol is not RTPROT_KEEPALIVED(18),
# resetting protocol"
inst '    virtual_routes {
        198.51.105.0/24 dev eth0 protocol static
    }
' > "$dir/proto.conf"
both "$dir/proto.conf"
grep -q "proto.conf:8:9: warning: a tracked route's protocol is reset" "$dir/c" && grep -q "proto.conf:8:9: warning: a tracked route's protocol is reset" "$dir/d"
t $? "a tracked route with a protocol other than keepalived is a warning in both"

# keepalived 2.2.7: "Unknown rule option bogus", "No action specified for rule - ignoring"
inst '    virtual_rules {
        from 192.0.2.0/24 table 100 bogus preference 1
        from 192.0.2.0/24 preference 2
    }
' > "$dir/rule.conf"
both "$dir/rule.conf"
grep -q "rule.conf:8:37: error: unknown rule word 'bogus'" "$dir/c" && grep -q "rule.conf:9:9: error: the rule has no action" "$dir/c" &&
grep -q "rule.conf:8:37: error: unknown rule word 'bogus'" "$dir/d" && grep -q "rule.conf:9:9: error: the rule has no action" "$dir/d"
t $? "rules: an unknown word and a missing action are errors in both"

# keepalived 2.2.7: "(Line 2) number '50' outside range [-20, 19]"
printf 'global_defs {\n    vrrp_priority 50\n    vrrp_rt_priority 200\n}\n' > "$dir/global.conf"
both "$dir/global.conf"
grep -q "global.conf:2:19: error: vrrp_priority 50 is not in -20..19" "$dir/c" && grep -q "global.conf:2:19: error: vrrp_priority 50 is not in -20..19" "$dir/d"
t $? "global_defs: vrrp_priority 50 is an error at 2:19 in both (was refused only at start-up)"
grep -q "global.conf:3:22: error: vrrp_rt_priority 200 is not in 1..99 (keepalived 2.2.7 uses 99)" "$dir/d"
t $? "global_defs: vrrp_rt_priority 200 is an error naming keepalived's clamp"

# static blocks are typed too (keepalived 2.2.7: "invalid route via address
# 192.0.2.300", "Invalid rule fwmark 1/x specified")
printf 'static_routes {\n    10.9.0.0/16 dev eth0 via 192.0.2.300\n}\nstatic_rules {\n    from 10.0.0.0/8 table 5 fwmark 1/x preference 3\n}\n' > "$dir/static.conf"
both "$dir/static.conf"
grep -q "static.conf:2:30: error: '192.0.2.300' is not an IPv4 or IPv6 address" "$dir/c" && grep -q "static.conf:5:36: error: fwmark '1/x'" "$dir/d"
t $? "static_routes / static_rules: a bad address and a bad fwmark are errors at their columns"

# table names: vigild -t resolves them through this host's rt_tables at plan time
# (keepalived 2.2.7: "Routing table nosuchtable not found for route")
inst '    virtual_routes {
        10.8.0.0/16 dev eth0 table nosuchtable
        10.7.0.0/16 dev eth0 table main
    }
' > "$dir/table.conf"
both "$dir/table.conf"
grep -q "table.conf:8:36: error: routing table 'nosuchtable' is not" "$dir/d" && ! grep -q "table.conf:9" "$dir/d"
t $? "vigild -t: an unknown table name is an error at its column; 'main' resolves"
# the host layer reads rt_tables: `vigil check --host` reports it too, with the same words, and
# vigild -t (plan build + host checks) reports it once
"$vigil" check --host "$dir/table.conf" > "$dir/h" 2>&1
grep -q "table.conf:8:36: error: routing table 'nosuchtable' is not" "$dir/h" && ! grep -q "table.conf:9" "$dir/h" &&
	! grep -q "nosuchtable" "$dir/c" && [ "$(grep -c "table 'nosuchtable'" "$dir/d")" -eq 1 ]
t $? "vigil check --host: an unknown table name is an error at its column (without --host: not looked up); vigild -t reports it once"

# a clean file with every kind of line passes both
inst '    virtual_routes {
        198.51.100.0/24 via 192.0.2.1 dev eth0 metric 10 mtu lock 1400 protocol keepalived
        198.51.104.0/24 dev eth0 nexthop via 192.0.2.1 weight 1 nexthop via 192.0.2.2 weight 2
    }
    virtual_rules {
        from 192.0.2.0/24 table 100 preference 100 uidrange 1000-2000 ipproto tcp dport 443
    }
' > "$dir/clean.conf"
both "$dir/clean.conf"
[ $crc -eq 0 ] && [ $drc -eq 0 ]; t $? "a clean file with routes and rules passes both (got $crc, $drc)"
