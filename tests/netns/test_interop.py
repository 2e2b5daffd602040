# SPDX-License-Identifier: GPL-2.0-or-later
"""Interop: mixed clusters of --daemon (A) and --peer-daemon (B), VRRPv2 and
VRRPv3, each side as master: election, kill -9 failover, preemption back.
Skipped without --peer-daemon, or when both are the same binary (set
VGT_INTEROP_FORCE=1 to run them anyway, e.g. to check the test itself)."""
import os
import time

import vgnet as V

VRID = 61


def interop(t, version, master_side):
    a, b = t.opts.daemon, t.opts.peer_daemon
    if not b:
        t.skip("no --peer-daemon")
    if not os.access(b, os.X_OK):
        t.skip("peer daemon %s not found" % b)
    if (os.path.realpath(a) == os.path.realpath(b)
            and os.environ.get("VGT_INTEROP_FORCE") != "1"):
        t.skip("--daemon and --peer-daemon are the same binary")
    daemons = [a, b] if master_side == "A" else [b, a]
    net = t.net(2)
    cap = net.capture()
    inst = {"vrid": VRID, "version": version}
    master = V.start_cluster(net, [150, 100], daemons=daemons, **inst)
    backup = net.node(2)
    t_steady = time.time()
    time.sleep(2.5)
    t.check(net.holders() == [master.name], "not one master: %s" % net.holders())
    t_kill = time.time()
    master.kill9()
    mdi = V.master_down_interval(100, 1.0, version)
    ok, _ = V.wait_for(lambda: backup.holds(), mdi + 3)
    t.check(ok, "%s (%s) did not take over" % (backup.name, os.path.basename(daemons[1])))
    time.sleep(0.5)
    t_back = time.time()
    master.start(daemon=daemons[0])
    ok, _ = net.wait_holders([master.name], V.master_down_interval(150, 1.0, version) + 5)
    t.check(ok, "%s (%s) did not preempt back: %s" % (master.name,
                                                      os.path.basename(daemons[0]),
                                                      net.holders()))
    pkts = cap.stop()
    steady = [p for p in V.adverts(pkts, vrid=VRID, src=backup.ip, t_from=t_steady,
                                   t_to=t_kill) if p["prio"] > 0]
    t.check(not steady, "backup advertised while the master was up")
    vers = {p["ver"] for p in V.adverts(pkts, vrid=VRID, t_from=t_steady)}
    t.check(vers == {version}, "adverts of versions %s on the wire" % sorted(vers))
    tk = V.takeover(pkts, master.ip, backup.ip, VRID, t_kill - 1.5)
    t.check(tk is not None, "no takeover seen in the capture")
    t.diag("v%d, master %s: takeover %.3f s, MDI %.3f s" % (version, "A" if master_side == "A"
                                                             else "B", tk[2], mdi))
    t.check(tk[2] <= mdi + t.opts.tolerance, "takeover %.3f s > MDI %.3f s + tolerance"
            % (tk[2], mdi))


def tests(opts):
    out = []
    for version in (2, 3):
        for side in ("A", "B"):
            out.append(("interop_v%d_master_%s" % (version, side),
                        lambda t, v=version, s=side: interop(t, v, s)))
    return out
