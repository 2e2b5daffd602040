#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vigild's command line without privileges: --help, --version, --signum, bad
# flags, and the configuration test -t with keepalived's documented exit
# statuses (keepalived(8) "Exit status": 0 OK, 3 cannot run, 4 errors worked
# around, 5 scripts without script security). TAP.
# Usage: vigild_cli.sh path/to/vigild
set -u
vigild=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
echo "1..16"
n=0
t() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$vigild" --help > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q -- "--use-file" "$dir/o" && grep -q -- "--cleanup" "$dir/o" && grep -q -- "--config-test" "$dir/o"
t $? "--help lists keepalived's flags and --cleanup (rc $rc)"

grep -q -- "--ipvs-diff" "$dir/o" && grep -q -- "--dont-release-ipvs" "$dir/o"
t $? "--help lists --ipvs-diff and --dont-release-ipvs"

"$vigild" -v > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q "^vigild [0-9]" "$dir/o"; t $? "-v prints the version"

"$vigild" --no-such-flag > "$dir/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "unknown option '--no-such-flag'" "$dir/o"; t $? "an unknown flag is named, exit 1 (rc $rc)"

[ "$("$vigild" --signum=RELOAD)" = 1 ] && [ "$("$vigild" --signum=STOP)" = 15 ] && [ "$("$vigild" --signum=DATA)" = 10 ]
t $? "--signum gives keepalived's signal numbers"

# keepalived 2.2.7 (Debian, --enable-json): --signum=STATS 12, STATS_CLEAR 63, JSON 36
[ "$("$vigild" --signum=STATS)" = 12 ] && [ "$("$vigild" --signum=STATS_CLEAR)" = 63 ] &&
  [ "$("$vigild" --signum=JSON)" = 36 ]
t $? "--signum STATS, STATS_CLEAR and JSON are keepalived's numbers"

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
"$vigild" -t -f "$dir/clean.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ]; t $? "-t on a clean file exits 0 (rc $rc)"

cat "$dir/clean.conf" - > "$dir/lvs.conf" <<'CONF'
virtual_server 192.0.2.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 192.0.2.1 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
CONF
"$vigild" -t -f "$dir/lvs.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ] && ! grep -q "TCP_CHECK: not run" "$dir/o"
t $? "-t: TCP_CHECK runs (no not-run note), exit status unchanged (rc $rc)"

sed 's/priority 100/priorty 100/' "$dir/clean.conf" > "$dir/typo.conf"
"$vigild" -t -f "$dir/typo.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 4 ] && grep -q "typo.conf:4:5: .*unknown keyword 'priorty'.*did you mean 'priority'" "$dir/o"
t $? "-t: a typo is reported with file:line:col and exits 4 (rc $rc)"

sed 's/interface lo/interface vgnosuch0/' "$dir/clean.conf" > "$dir/noif.conf"
"$vigild" -t -f "$dir/noif.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 4 ] && grep -q "noif.conf:2:.*vgnosuch0.*does not exist" "$dir/o"
t $? "-t runs host checks: a missing interface exits 4 (rc $rc)"

"$vigild" -t -f "$dir/none.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 3 ]; t $? "-t on a missing file exits 3: cannot run (rc $rc)"

{ printf 'vrrp_script chk {\n    script "/bin/true"\n}\n'; cat "$dir/clean.conf"; } > "$dir/script.conf"
"$vigild" -t -f "$dir/script.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 5 ] && grep -q "enable_script_security" "$dir/o"
t $? "-t: scripts without enable_script_security exit 5 (rc $rc)"

{ printf 'global_defs {\n    enable_script_security\n}\n'; cat "$dir/script.conf"; } > "$dir/secure.conf"
"$vigild" -t -f "$dir/secure.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 0 ]; t $? "-t: the same with enable_script_security exits 0 (rc $rc)"

"$vigild" --config-test="$dir/t.log" -f "$dir/typo.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 4 ] && grep -q "priorty" "$dir/t.log" && ! grep -q "priorty" "$dir/o"
t $? "--config-test=FILE writes the findings to FILE (rc $rc)"

# the LVS table's findings (core/lvs/table_from_conf.c, lvs-keepalived), worded as `vigil check`
# and keepalived 2.2.7 -t word them: "Warning: Virtual server FWM 1: protocol specified for fwmark -
# protocol will be ignored"; a finding keepalived works around exits 4
printf 'virtual_server fwmark 1 {\n    protocol TCP\n    lb_kind DR\n    real_server 192.0.2.1 80 {\n    }\n}\n' > "$dir/fwm.conf"
"$vigild" -t -f "$dir/fwm.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 4 ] &&
  grep -q "fwm.conf:1:1: warning: Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored" "$dir/o" &&
  grep -q "fwm.conf:4:5: warning: WARNING - fwmark virtual server FWM 1, real server \[192.0.2.1\]:none:80 has port specified - clearing" "$dir/o" &&
  [ "$(grep -c "protocol specified for fwmark" "$dir/o")" -eq 1 ]
t $? "-t reports the LVS table findings as vigil check does, once (rc $rc)"

# a real server written twice: keepalived 2.2.7 -t says "VS [192.0.2.10]:tcp:80: real server
# [198.51.100.1]:tcp:8080 is duplicated - removing second rs" and runs the virtual server without
# it; so does vigild -t (a warning: tests/check_cli.sh has vigil check's table)
printf 'virtual_server 192.0.2.10 80 {\n  lb_kind NAT\n  protocol TCP\n  real_server 198.51.100.1 8080 {\n    weight 1\n  }\n  real_server 198.51.100.1 8080 {\n    weight 2\n  }\n}\n' > "$dir/dup.conf"
"$vigild" -t -f "$dir/dup.conf" > "$dir/o" 2>&1; rc=$?
[ $rc -eq 4 ] &&
  grep -q "dup.conf:7:3: warning: VS \[192.0.2.10\]:tcp:80: real server \[198.51.100.1\]:tcp:8080 is duplicated - removing second rs" "$dir/o"
ok=$?
t $ok "-t: a duplicated real server gets keepalived's warning (rc $rc)"
[ $ok -eq 0 ] || sed 's/^/# /' "$dir/o"
