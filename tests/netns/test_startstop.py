# SPDX-License-Identifier: GPL-2.0-or-later
"""global_defs startup_script / shutdown_script and their timeouts.

keepalived 2.2.7 (observed): the startup script runs, and is waited for,
before the VRRP side starts (no VIP yet); the shutdown script runs after
the VRRP side stopped and removed its VIPs; a script past its timeout is
killed and the daemon goes on. Namespaces: vgtp-<pid>-*.
"""
import os
import time

import vgnet as V

SCRIPT = """#!/bin/sh
echo "$1 $(date +%%s.%%N) vip=$(ip -o addr show dev eth0 | grep -c %s)" >> %s
sleep %s
echo "$1 done" >> %s
"""


def _node(t, delay, extra=""):
    net = t.net(1, exact_prefix="vgtp-%d" % os.getpid())
    out = os.path.join(net.workdir, "startstop.out")
    path = os.path.join(net.workdir, "startstop.sh")
    with open(path, "w") as f:
        f.write(SCRIPT % (V.VIP4, out, delay, out))
    os.chmod(path, 0o755)
    n1 = net.node(1)
    n1.write_conf(V.global_defs("n1", '    startup_script "%s start"\n    shutdown_script "%s stop"\n%s'
                                % (path, path, extra))
                  + V.vrrp_instance(prio=150))
    return net, n1, out


def _lines(out):
    try:
        with open(out) as f:
            return f.read().split("\n")
    except FileNotFoundError:
        return []


def test_startup_shutdown_script_order(t):
    net, n1, out = _node(t, 1)
    t0 = time.time()
    n1.start()
    ok, _ = net.wait_holders(["n1"], 8)
    t.check(ok, "n1 did not become master")
    lines = _lines(out)
    t.check(len(lines) >= 2 and lines[0].startswith("start ") and lines[0].endswith("vip=0"),
            "startup script did not run before the VIP was set: %s" % lines)
    t.check("start done" in lines, "the startup script was not waited for: %s" % lines)
    t.check(float(lines[0].split()[1]) >= t0 - 1, "stale output")
    n1.stop()
    lines = _lines(out)
    stops = [x for x in lines if x.startswith("stop ") and "done" not in x]
    t.check(stops and stops[0].endswith("vip=0"), "shutdown script missing or ran with the VIP: %s" % lines)
    t.check("stop done" in lines, "the daemon did not wait for the shutdown script: %s" % lines)


def test_startup_script_timeout(t):
    """startup_script_timeout 1 and a script of 30 s: killed, the daemon starts."""
    net, n1, out = _node(t, 30, "    startup_script_timeout 1\n    shutdown_script_timeout 1\n")
    n1.start()
    ok, el = net.wait_holders(["n1"], 10)
    t.check(ok, "n1 did not become master after its startup script timed out")
    t.check("start done" not in _lines(out), "the startup script was not killed")
    t0 = time.monotonic()
    n1.stop()
    t.check(time.monotonic() - t0 < 6, "the shutdown script was waited for past its timeout")
