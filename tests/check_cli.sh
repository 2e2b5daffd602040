#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `vigil check`: file:line:col findings with "did you mean", exit status
# 0 / 1 / 2, cross-node failover analysis, and JSON for machines. TAP.
# Usage: check_cli.sh path/to/vigil source-root
set -u
vigil=$1
root=$2
C=$root/docs/scenarios/configs
D=$root/tests/data
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..11"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$vigil" check "$D/clean.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ]; t $? "a clean file exits 0 (got $rc)"

"$vigil" check "$C/05-nginx-master-129.conf" > "$dir/o" 2>&1; rc=$?
grep -q "05-nginx-master-129.conf:38:5: error: .*did you mean 'virtual_ipaddress'" "$dir/o" && [ $rc -eq 2 ]
t $? "the 'virtual _ipaddress' typo is an error at 38:5 with a suggestion, exit 2 (got $rc)"

# a real server written twice (keepalived 2.2.7: "... is duplicated - removing second rs", the
# virtual server runs on): a warning, and the table has the first one only
printf 'virtual_server 192.0.2.10 80 {\n  lb_kind NAT\n  protocol TCP\n  real_server 198.51.100.1 8080 {\n    weight 1\n  }\n  real_server 198.51.100.1 8080 {\n    weight 2\n  }\n}\n' > "$dir/dup.conf"
"$vigil" check --ipvs "$dir/dup.conf" > "$dir/ipvs" 2> "$dir/o"; rc=$?
[ $rc -eq 1 ] && grep -q "dup.conf:7:3: warning: VS .*is duplicated - removing second rs" "$dir/o" &&
  [ "$(grep -c -- '^-a ' "$dir/ipvs")" -eq 1 ] && grep -q -- "-r 198.51.100.1:8080 -m -w 1$" "$dir/ipvs"
ok=$?
t $ok "a duplicated real server: a warning at 7:3, the first one in the table (got $rc)"
[ $ok -eq 0 ] || sed 's/^/# /' "$dir/o" "$dir/ipvs"

printf 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        192.0.2.9\n    }\n}\n' > "$dir/noprefix.conf"
"$vigil" check "$dir/noprefix.conf" > "$dir/o" 2>&1; rc=$?
grep -q "noprefix.conf:5:9: warning: .*no prefix length" "$dir/o" && [ $rc -eq 1 ]
t $? "a VIP without prefix is a warning at 5:9, exit 1 (got $rc)"

"$vigil" check "$C/06-nginx-master-129-weight5.conf" "$C/06-nginx-backup-131-fixed.conf" > "$dir/o" 2>&1
grep -q "weight5.conf:35:9: error: .*priority drops from 100 to 95.*the VIPs do not move" "$dir/o"
t $? "cross-node: weight -5 cannot move the VIP over a gap of 10 (node, instance, line named)"

"$vigil" check "$C/06-nginx-master-129-fixed.conf" "$C/06-nginx-backup-131-fixed.conf" > "$dir/o" 2>&1
grep -q "failover: VI_1 .*100 -> 80 when it fails, below .*90: the backup takes over" "$dir/o"
t $? "cross-node: weight -20 moves the VIP (100 -> 80 < 90)"

"$vigil" check --format json "$D/clean.conf" > "$dir/j" 2>&1
/usr/bin/python3 - "$dir/j" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
i = d["files"][0]["instances"][0]
assert i["vrid"] == 51 and i["priority"] == 100 and i["advert_int_cs"] == 100 and i["interface"] == "eth0"
assert i["vips"][0]["address"] == "192.0.2.100" and i["vips"][0]["prefix"] == 24
assert d["errors"] == 0
PY
t $? "--format json carries the parsed instance (VRID, priority, interval, VIPs)"

"$vigil" check "$dir/missing.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 2 ]; t $? "an unreadable file exits 2 (got $rc)"

# --host: priority 255 claims the VIPs; this host owns 127.0.0.1 but not 192.0.2.250
printf 'vrrp_instance VI_1 {\n    interface lo\n    virtual_router_id 51\n    priority 255\n    virtual_ipaddress {\n        192.0.2.250/24\n    }\n}\n' > "$dir/owner.conf"
"$vigil" check --host "$dir/owner.conf" > "$dir/o" 2>&1; rc=$?
grep -q "owner.conf:4:5: warning: (VI_1) priority 255 but this host does not own 192.0.2.250" "$dir/o" && [ $rc -eq 1 ]
t $? "--host: priority 255 without the VIP on any interface is reported at 4:5, exit 1 (got $rc)"
sed 's#192.0.2.250/24#127.0.0.1/8#' "$dir/owner.conf" > "$dir/owner-lo.conf"
"$vigil" check --host "$dir/owner-lo.conf" > "$dir/o" 2>&1
grep -q "claims that this node owns" "$dir/o" && ! grep -q "but this host does not own" "$dir/o"
t $? "--host: priority 255 with the VIP on lo is not reported as a non-owner"

# A large director (its tree takes the huge-page chunks of host/conf_loader.c): every service
# parsed, and a typo near the end reported at its line.
awk 'BEGIN {
	for (v = 0; v < 3000; v++) {
		printf "virtual_server 192.0.2.%d %d {\n    protocol TCP\n    lb_algo wrr\n", v % 200 + 1, 1024 + v
		for (r = 1; r <= 10; r++)
			printf "    real_server 198.51.100.%d 80 {\n        weight %d\n        HTTP_GET {\n            url {\n                path /healthz\n                status_code 200\n            }\n            connect_timeout 3\n        }\n    }\n", r, r
		printf "}\n"
	}
	printf "virtual_server 192.0.2.250 80 {\n    protocol TCP\n    real_server 198.51.100.1 80 {\n        TCP_CHECK {\n            conect_timeout 3\n        }\n    }\n}\n"
}' > "$dir/big.conf"
big_line=$(grep -n conect_timeout "$dir/big.conf" | cut -d: -f1)
"$vigil" check --format json "$dir/big.conf" > "$dir/j" 2>&1; rc=$?
/usr/bin/python3 - "$dir/j" "$big_line" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
vs = d["files"][0]["virtual_servers"]
assert len(vs) == 3001, len(vs)
assert all(len(v["real_servers"]) == 10 for v in vs[:3000])
assert vs[2999]["real_servers"][9]["checkers"][0]["urls"][0]["path"] == "/healthz"
f = [x for x in d["findings"] if x["code"] == "unknown-keyword"]
assert len(f) == 1 and f[0]["line"] == int(sys.argv[2]) and f[0]["suggestion"] == "connect_timeout", f
PY
[ $? -eq 0 ] && [ $rc -eq 1 ]
t $? "a 3,000-service file: every service parsed, the one typo reported at line $big_line (exit $rc)"
