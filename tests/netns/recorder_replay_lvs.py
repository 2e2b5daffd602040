#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The flight recorder's LVS half end to end: vigild records the checker
driver's inputs, vigil replay reproduces its real-server verdicts, across
a reload that carries checkers over.

Two namespaces of our own (prefix vgrl<pid>-): n1 runs vigild (both sides)
with one VRRP instance and one virtual_server with three TCP_CHECK real
servers A, B, C on n2 (192.0.2.12, check_servers.py; this kernel has no
IPVS: the checkers run and log their verdicts anyway):

  1. A is stopped and started again; B is stopped (and stays down)
  2. a reload (SIGHUP) keeps A as it is, edits B (weight 2: its checker is
     carried over, so B stays down without a line), drops C and adds D
     (core/lvs/carry.h, as keepalived 2.2.7 migrates checkers)
  3. B is started (it comes back: a line only because it was carried down),
     A and D are stopped

Then vigild writes its recording (the RECORD signal), `vigil replay` runs
it, and the replay's real-server lines ("Adding service ... to VS ...",
"Removing service ... from VS ...", each ending in the core's time @S.NS)
must equal the daemon log's, line for line: same servers, same order, same
times (ns). A replay that started the new generation afresh (format 2: no
CARRY record) would have B in the table at the reload and no line for it.

    sudo tests/netns/recorder_replay_lvs.py VIGILD VIGIL
Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkwin as W  # noqa: E402
import recorder_common as R  # noqa: E402
import vgnet as V  # noqa: E402

SERVERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_servers.py")
RS = "192.0.2.12"
A, B, C, D = 18101, 18102, 18103, 18104
TCP = ("TCP_CHECK {\n      warmup 0\n      delay_loop 1\n      retry 1\n"
       "      delay_before_retry 1\n      connect_timeout 1\n    }")


def conf(servers):
    """servers: (port, weight) pairs."""
    out = "global_defs {\n  router_id n1\n}\n" + V.vrrp_instance(prio=150)
    out += "virtual_server 192.0.2.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
    for port, weight in servers:
        out += "  real_server %s %d {\n    weight %d\n    %s\n  }\n" % (RS, port, weight, TCP)
    return out + "}\n"


def run(net, vigil, sig):
    d = net.workdir
    os.chmod(d, 0o755)
    for p in (A, B, C, D):
        W.set_mode(d, p, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d] + [str(p) for p in (A, B, C, D)], net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    n1 = net.node(1)
    args, rec = R.record_args(net, n1)
    n1.write_conf(conf([(A, 1), (B, 1), (C, 1)]))
    n1.start(side=None, extra_args=args)

    def count():
        return len(R.lines(n1.log(), R.RS_LINE))

    def wait_lines(n, what, timeout=15):
        ok, el = V.wait_for(lambda: count() >= n, timeout)
        print("# %s: %d real-server lines after %.2f s" % (what, count(), el))
        if not ok:
            raise RuntimeError("%s: %d real-server lines, expected %d" % (what, count(), n))

    # every server is in the table from the start (vigild does not log the install)
    ok, _ = V.wait_for(lambda: "Health checkers:" in n1.log(), 10)
    if not ok:
        return R.fail("the checkers did not start")
    time.sleep(2.5)  # a passing round or two
    W.set_mode(d, A, "off")
    wait_lines(1, "A stopped")
    W.set_mode(d, A, "ok")
    wait_lines(2, "A started")
    W.set_mode(d, B, "off")
    wait_lines(3, "B stopped")
    # the reload: A kept, B edited (weight), C dropped, D added
    n1.write_conf(conf([(A, 1), (B, 2), (D, 1)]))
    n1.daemon.send(signal.SIGHUP)
    ok, el = V.wait_for(lambda: "Health checkers reloaded" in n1.log(), 10)
    said = [l.strip() for l in n1.log().splitlines() if "Health checkers reloaded" in l] or ["not logged"]
    print("# reload after %.2f s: %s" % (el, said[-1]))
    if not ok:
        return R.fail("the checkers did not reload")
    time.sleep(2.5)  # B stays down: no line
    if count() != 3:
        return R.fail("%d real-server lines after the reload, expected 3 (B carried down)" % count())
    W.set_mode(d, B, "ok")
    wait_lines(4, "B started")
    W.set_mode(d, A, "off")
    wait_lines(5, "A stopped")
    W.set_mode(d, D, "off")
    wait_lines(6, "D stopped")
    if not R.write_by_signal(n1, sig):
        return 1
    logged = R.lines(n1.log(), R.RS_LINE)
    rc, out = R.replay(vigil, rec, ["--svg", rec + ".svg"])
    if rc != 0:
        return R.fail("vigil replay exit %d" % rc)
    status = R.compare("n1 real servers", logged, R.lines(out, R.RS_LINE), minimum=6)
    status |= R.compare("n1 VRRP", R.lines(n1.log()), R.lines(out))
    if not any("Adding service [%s]:tcp:%d" % (RS, B) in l for l in logged):
        status |= R.fail("B's return after the reload was not logged")
    return status


if __name__ == "__main__":
    sys.exit(R.main(run, "recorder_replay_lvs.py", "vgrl", nodes=2))
