# SPDX-License-Identifier: GPL-2.0-or-later
"""Failover: kill -9 of the master (2 and 3 nodes), graceful stop (SIGTERM)."""
import signal
import time

import vgnet as V

VRID = 51


def crash_and_measure(t, prios):
    """Starts len(prios) nodes, a client, kills the master with -9 (daemon
    and its TCP server: the node is gone), checks that the next node in
    priority takes over within Master_Down_Interval + tolerance and that
    the client reaches the VIP on the new master."""
    net = t.net(len(prios))
    net.start_servers()
    cap = net.capture()
    master = V.start_cluster(net, prios, vrid=VRID)
    order = sorted(range(len(prios)), key=lambda i: -prios[i])
    new = net.nodes[order[1]]
    client = net.client()
    ok, _ = V.wait_for(lambda: client.last_answer() == master.name, 3)
    t.check(ok, "client never reached the VIP on %s" % master.name)
    time.sleep(1.2)

    t_kill = time.time()
    master.kill9()
    master.server.kill9_tree()
    mdi = V.master_down_interval(prios[order[1]])
    ok, el = V.wait_for(lambda: new.holds(), mdi + 3)
    t.check(ok, "%s did not take the VIP within %.2f s" % (new.name, mdi + 3))
    ok, _ = V.wait_for(lambda: client.last_answer() == new.name, 3)
    t.check(ok, "client did not reach the VIP on %s" % new.name)
    time.sleep(0.3)
    res = client.stop()
    pkts = cap.stop()

    tk = V.takeover(pkts, master.ip, new.ip, VRID, t_kill - 1.5)
    t.check(tk is not None, "no advert of %s after the kill in the capture" % new.name)
    last_old, _, _ = tk
    first_new = V.first_sign_of_master(pkts, new, VRID, V.VIP4, last_old)
    took = first_new - last_old
    gap, _, _ = V.Client.max_gap(res, t_kill - 1.0)
    t.diag("takeover %.3f s, MDI %.3f s, client gap %.3f s" % (took, mdi, gap))
    for other in net.nodes:
        if other is not new and other is not master:
            t.check(not other.holds(), "%s holds the VIP too" % other.name)
    tol = t.opts.tolerance
    t.check(took <= mdi + tol, "takeover %.3f s > MDI %.3f + %.3f s" % (took, mdi, tol))
    t.check(took >= mdi - tol, "premature takeover %.3f s < MDI %.3f - %.3f s" % (took, mdi, tol))
    t.check(master.daemon.alive() is False, "killed daemon still running")


def test_kill9_two_nodes(t):
    crash_and_measure(t, [150, 100])


def test_kill9_three_nodes(t):
    crash_and_measure(t, [150, 120, 100])


def test_sigterm_hands_over_in_skew_time(t):
    """SIGTERM on the master: it sends priority 0, the backup takes over
    after Skew_Time, and the stopped master removes the VIP."""
    net = t.net(2)
    cap = net.capture()
    master = V.start_cluster(net, [150, 100], vrid=VRID)
    backup = net.node(2)
    time.sleep(1.2)
    t_stop = time.time()
    master.stop(signal.SIGTERM, 10)
    ok, _ = V.wait_for(lambda: backup.holds(), 5)
    t.check(ok, "backup did not take the VIP within 5 s of SIGTERM")
    time.sleep(0.2)
    pkts = cap.stop()
    zero = [p for p in V.adverts(pkts, vrid=VRID, src=master.ip, t_from=t_stop - 0.1)
            if p["prio"] == 0]
    t.check(zero, "the stopping master sent no priority-0 advert")
    first_new = V.first_sign_of_master(pkts, backup, VRID, V.VIP4, zero[0]["t"])
    t.check(first_new is not None, "no advert of the backup after priority 0")
    took = first_new - zero[0]["t"]
    skew = V.skew_time(100)
    t.diag("handover %.3f s after priority 0, Skew_Time %.3f s" % (took, skew))
    t.check(not master.holds(), "stopped master still holds the VIP")
    tol = t.opts.tolerance
    t.check(took <= skew + tol, "handover %.3f s > Skew_Time %.3f + %.3f s" % (took, skew, tol))
