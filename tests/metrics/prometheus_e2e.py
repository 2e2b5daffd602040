#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A real Prometheus server scraping two vigild nodes through a failover.

Namespaces (tests/netns/vgnet.py, prefix vgmet<pid>-): n1 (192.0.2.11,
priority 150) and n2 (192.0.2.12, priority 100) run vigild with
--metrics=ADDR:9650; Debian's /usr/bin/prometheus runs in the client
namespace (192.0.2.250:9090, storage in a temporary directory,
scrape_interval 1s, the alert rules of docs/prometheus/vigil-rules.yml).
Its HTTP API (/api/v1/query) must show n1 as master; then n1 gets SIGTERM
and the API must show n2 as the master, n1's target down, and n2's
transition to master counted under reason "master-down" (n1's priority 0
advert cuts n2's Master_Down_Timer to Skew_Time, RFC 5798 6.4.2). The
rules must evaluate without errors (/api/v1/rules).
Skips (TAP) without root or prometheus.

usage: prometheus_e2e.py VIGILD [--skip-status N]
"""
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

from common import begin, http, vgnet

PROMETHEUS = "/usr/bin/prometheus"
RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "prometheus",
                     "vigil-rules.yml")
PORT = 9650


def query(net, q):
    """The result vector of an instant query, [] on any error."""
    url = "http://192.0.2.250:9090/api/v1/query?" + urllib.parse.urlencode({"query": q})
    status, _, body = http(net.client_ns, url)
    if status != 200:
        return []
    r = json.loads(body)
    return r.get("data", {}).get("result", []) if r.get("status") == "success" else []


def masters(net):
    return sorted(s["metric"].get("instance", "") for s in
                  query(net, 'vigil_vrrp_state{vrrp_instance="VI_1",state="master"} == 1'))


def main():
    daemon, t = begin(__doc__, [PROMETHEUS])
    t0 = time.monotonic()
    with vgnet.Net(nodes=2, daemon=daemon) as net:
        n1, n2 = net.node(1), net.node(2)
        targets = ["%s:%d" % (n.ip, PORT) for n in (n1, n2)]
        pdir = tempfile.mkdtemp(prefix="vgmet-prom-", dir=net.workdir)
        shutil.copy(RULES, os.path.join(pdir, "vigil-rules.yml"))
        with open(os.path.join(pdir, "prometheus.yml"), "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "rule_files:\n  - vigil-rules.yml\n"
                    "scrape_configs:\n  - job_name: vigil\n    static_configs:\n"
                    "      - targets: [%s]\n" % ", ".join('"%s"' % x for x in targets))
        prom = vgnet.Proc([PROMETHEUS, "--config.file=" + os.path.join(pdir, "prometheus.yml"),
                           "--storage.tsdb.path=" + os.path.join(pdir, "data"),
                           "--web.listen-address=192.0.2.250:9090", "--log.level=warn"],
                          net.client_ns, os.path.join(net.workdir, "prometheus.log"), "prometheus")
        net.procs.append(prom)
        for node, prio in ((n1, 150), (n2, 100)):
            node.write_conf(vgnet.global_defs(node.name) + vgnet.vrrp_instance(prio=prio))
            node.start(extra_args=["--metrics=%s:%d" % (node.ip, PORT)])
        ok, _ = net.wait_holders(["n1"], 15)
        t.ok(ok, "n1 (priority 150) becomes master", n1.log() + n2.log())
        ok, _ = vgnet.wait_for(lambda: http(net.client_ns, "http://192.0.2.250:9090/-/ready")[0] == 200, 30, 0.2)
        t.ok(ok, "prometheus is ready", prom.text() if hasattr(prom, "text") else "")
        ok, _ = vgnet.wait_for(lambda: len(query(net, 'up{job="vigil"} == 1')) == 2, 20, 0.5)
        t.ok(ok, "prometheus scrapes both nodes (up == 1)", json.dumps(query(net, "up")))
        got, _ = vgnet.wait_for(lambda: masters(net) == [targets[0]], 15, 0.5)
        t.ok(got, "the API shows n1 as master", json.dumps(masters(net)))
        n1.stop()
        ok, el = net.wait_holders(["n2"], 10)
        t.ok(ok, "after SIGTERM of n1, n2 holds the VIP (%.1f s)" % el, n2.log())
        got, el = vgnet.wait_for(lambda: masters(net) == [targets[1]], 15, 0.5)
        t.ok(got, "the API shows n2 as the new master (%.1f s after the VIP moved)" % el,
             json.dumps(masters(net)))
        down = query(net, 'up{job="vigil"} == 0')
        t.ok([s["metric"]["instance"] for s in down] == [targets[0]], "n1's target is down",
             json.dumps(down))
        tr = query(net, 'sum by (instance) (vigil_vrrp_transitions_total{vrrp_instance="VI_1",'
                        'reason="master-down"})')
        t.ok(any(s["metric"]["instance"] == targets[1] and float(s["value"][1]) >= 1 for s in tr),
             "n2's takeover is counted (transitions_total{reason=\"master-down\"})", json.dumps(tr))
        status, _, body = http(net.client_ns, "http://192.0.2.250:9090/api/v1/rules")
        groups = json.loads(body)["data"]["groups"] if status == 200 else []
        bad = [r["name"] + ": " + r.get("lastError", "") for g in groups for r in g["rules"]
               if r.get("health") not in ("ok", "unknown")]
        t.ok(groups and not bad, "the alert rules evaluate without errors (%d groups)" % len(groups),
             "\n".join(bad) or body[:2000])
        n2.stop()
        t.ok(True, "done in %.1f s" % (time.monotonic() - t0))
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
