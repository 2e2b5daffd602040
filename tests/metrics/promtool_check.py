#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""vigild's metrics endpoint in a network namespace, checked by promtool.

One vigild node (a VRRP instance in a sync group, a virtual server with two
real servers; this host has no IPVS, so the kernel counters are absent)
started with --metrics=192.0.2.11:9650.  `promtool check metrics` must
accept the exposition (TYPE/HELP, names, histograms); the families and
values are checked (the node becomes master; a reload bumps the
generation, a bad one sets vigild_config_last_reload_successful to 0 and
keeps the generation); other paths answer 404, other methods 405.  The
alert rules of docs/prometheus/ pass `promtool check rules`.  Skips
(TAP) without root or promtool.

usage: promtool_check.py VIGILD [--skip-status N]
"""
import os
import signal
import subprocess
import sys
import time

from common import begin, http, samples, value, vgnet

PROMTOOL = "/usr/bin/promtool"
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "prometheus")

CONF = """global_defs {
  router_id n1
}
vrrp_sync_group G1 {
  group {
    VI_1
  }
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
  }
}
virtual_server 192.0.2.100 80 {
  lb_algo rr
  lb_kind DR
  protocol TCP
  real_server 198.51.100.1 80 {
    weight 3
  }
  real_server 198.51.100.2 80 {
    weight 0
  }
}
"""


def promtool(args, text=None):
    r = subprocess.run([PROMTOOL] + args, input=text, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def main():
    daemon, t = begin(__doc__, [PROMTOOL])
    rc, out = promtool(["check", "rules", os.path.join(DOCS, "vigil-rules.yml")])
    t.ok(rc == 0, "promtool check rules docs/prometheus/vigil-rules.yml", out)
    rc, out = promtool(["check", "config", os.path.join(DOCS, "prometheus.yml")])
    t.ok(rc == 0, "promtool check config docs/prometheus/prometheus.yml", out)
    with vgnet.Net(nodes=1, daemon=daemon) as net:
        n1 = net.node(1)
        n1.write_conf(CONF)
        n1.start(side=None, extra_args=["--metrics=%s:9650" % n1.ip])  # both sides: VRRP and LVS
        url = "http://%s:9650/metrics" % n1.ip
        ok, _ = vgnet.wait_for(lambda: n1.holds(vgnet.VIP4), 10, 0.1)
        t.ok(ok, "the node becomes master", n1.log())
        status, headers, body = http(n1.ns, url)
        t.ok(status == 200 and headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
             "GET /metrics: 200, text format 0.0.4", "%s %s\n%s" % (status, headers, body[:500]))
        rc, out = promtool(["check", "metrics"], body)
        t.ok(rc == 0, "promtool check metrics accepts the exposition", out + "\n" + body)
        t.ok(value(body, "vigil_vrrp_state", vrrp_instance="VI_1", state="master") == 1
             and value(body, "vigil_vrrp_state", vrrp_instance="VI_1", state="backup") == 0,
             "vigil_vrrp_state: VI_1 is master", body)
        t.ok(value(body, "vigil_vrrp_sync_group_state", sync_group="G1", state="master") == 1,
             "vigil_vrrp_sync_group_state: G1 is master", body)
        t.ok(value(body, "vigil_vrrp_priority", vrrp_instance="VI_1", vrid=51, interface="eth0",
                   family="ipv4") == 100
             and value(body, "vigil_vrrp_base_priority", vrrp_instance="VI_1") == 100,
             "priority and base priority", body)
        t.ok(value(body, "vigil_vrrp_transitions_total", vrrp_instance="VI_1", reason="master-down") == 1
             and value(body, "vigil_vrrp_master_down_timer_fires_total", vrrp_instance="VI_1") == 1,
             "a transition by master-down, the Master_Down_Timer fired once", body)
        t.ok((value(body, "vigil_vrrp_adverts_sent_total", vrrp_instance="VI_1") or 0) >= 1
             and value(body, "vigil_vrrp_drops_total", vrrp_instance="VI_1", reason="ttl") == 0,
             "adverts sent counted, drops by reason present", body)
        t.ok(value(body, "vigil_lvs_real_server_up", virtual_server="tcp:192.0.2.100:80",
                   real_server="198.51.100.1:80") == 1
             and value(body, "vigil_lvs_real_server_up", real_server="198.51.100.2:80") == 0
             and value(body, "vigil_lvs_real_server_weight", real_server="198.51.100.1:80") == 3,
             "real servers: up and weight from the table vigild programs", body)
        lag = value(body, "vigild_loop_lag_seconds_count")
        t.ok(lag is not None and lag >= 1
             and value(body, "vigild_loop_lag_seconds_bucket", le="+Inf") == lag,
             "loop lag histogram counts the deadlines fired", body)
        t.ok(value(body, "vigild_config_generation") == 1
             and value(body, "vigild_config_last_reload_successful") == 1
             and abs(value(body, "process_start_time_seconds") - time.time()) < 120,
             "generation 1, last reload successful, start time", body)
        # a reload that commits: generation 2
        with open(n1.conf_path, "a") as f:
            f.write("# reloaded\n")
        n1.daemon.send(signal.SIGHUP)
        ok, _ = vgnet.wait_for(lambda: value(http(n1.ns, url)[2], "vigild_config_generation") == 2, 10, 0.2)
        t.ok(ok, "a committed reload: vigild_config_generation 2", n1.log())
        # a reload refused (a syntax error): the generation stays, the last reload is marked failed
        with open(n1.conf_path, "a") as f:
            f.write("vrrp_instance {\n")
        n1.daemon.send(signal.SIGHUP)
        ok, _ = vgnet.wait_for(
            lambda: value(http(n1.ns, url)[2], "vigild_config_last_reload_successful") == 0, 10, 0.2)
        body = http(n1.ns, url)[2]
        t.ok(ok and value(body, "vigild_config_generation") == 2
             and value(body, "vigild_config_reloads_total", result="failure") == 1
             and value(body, "vigild_config_reloads_total", result="success") == 1,
             "a refused reload: last_reload_successful 0, generation kept", n1.log() + body)
        status, _, _ = http(n1.ns, "http://%s:9650/" % n1.ip)
        t.ok(status == 404, "GET / answers 404", str(status))
        status, headers, _ = http(n1.ns, url, "POST")
        t.ok(status == 405 and headers.get("Allow") == "GET, HEAD", "POST /metrics answers 405 with Allow",
             "%s %s" % (status, headers))
        status, _, body = http(n1.ns, url, "HEAD")
        t.ok(status == 200 and body == "", "HEAD /metrics: 200 without a body", str(status))
        body = http(n1.ns, url)[2]
        t.ok(value(body, "vigild_metrics_http_responses_total", code="404") == 1
             and value(body, "vigild_metrics_http_responses_total", code="405") == 1,
             "the endpoint counts its answers by code", body)
        t.ok(len(samples(body)) > 50, "the exposition parses (%d samples)" % len(samples(body)))
        n1.stop()
        t.ok(not n1.daemon.alive(), "vigild stops on SIGTERM", n1.log())
        # IPv6: [ADDR]:PORT
        n1.start(extra_args=["--metrics=[%s]:9650" % n1.addr6])
        url6 = "http://[%s]:9650/metrics" % n1.addr6
        ok, _ = vgnet.wait_for(lambda: http(n1.ns, url6)[0] == 200, 10, 0.2)
        t.ok(ok, "--metrics=[2001:db8::11]:9650 serves over IPv6", n1.log())
        n1.stop()
        # an address this host does not have: a clear error, exit status 1
        d = n1.start(extra_args=["--metrics=198.51.100.77:9650"])
        gone, _ = vgnet.wait_for(lambda: not d.alive(), 10, 0.1)
        rc = d.popen.wait(5) if gone else None
        t.ok(gone and rc == 1 and "--metrics: 198.51.100.77:9650" in n1.log(),
             "an address that cannot be bound stops the start with a clear error", n1.log())
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
