# SPDX-License-Identifier: GPL-2.0-or-later
"""Preemption: the higher-priority node takes the VIP back when it returns;
with nopreempt the current master keeps it."""
import signal
import time

import vgnet as V


def stop_master_and_restart(t, nopreempt):
    net = t.net(2)
    cap = net.capture()
    kw = {"nopreempt": True, "top_first": True} if nopreempt else {}
    high = V.start_cluster(net, [150, 100], **kw)
    low = net.node(2)
    high.stop(signal.SIGTERM, 10)
    ok, _ = net.wait_holders([low.name], 5)
    t.check(ok, "%s did not take over after SIGTERM of %s: %s" % (low.name, high.name,
                                                                  net.holders()))
    t_back = time.time()
    high.start()
    return net, cap, high, low, t_back


def test_preempt_back(t):
    """The returning priority-150 node preempts the priority-100 master:
    it becomes master after its Master_Down_Interval (it ignores the lower
    adverts), the other node releases the VIP."""
    net, cap, high, low, t_back = stop_master_and_restart(t, nopreempt=False)
    mdi = V.master_down_interval(150)
    ok, el = net.wait_holders([high.name], mdi + 5)
    t.check(ok, "%s did not take the VIP back within %.1f s: holders %s"
            % (high.name, mdi + 5, net.holders()))
    pkts = cap.stop()
    first = V.first_sign_of_master(pkts, high, 51, V.VIP4, t_back)
    t.check(first is not None, "no advert of %s after its restart" % high.name)
    t.diag("preempted %.3f s after restart, MDI %.3f s" % (first - t_back, mdi))


def test_nopreempt_keeps_master(t):
    """With nopreempt on both nodes (state BACKUP), the returning
    priority-150 node stays backup for 3 Master_Down_Intervals."""
    net, cap, high, low, t_back = stop_master_and_restart(t, nopreempt=True)
    watch = 3 * V.master_down_interval(150)
    t_end = time.monotonic() + watch
    while time.monotonic() < t_end:
        h = net.holders()
        t.check(h == [low.name], "holders became %s with nopreempt" % h)
        time.sleep(0.1)
    pkts = cap.stop()
    adv = [p for p in V.adverts(pkts, vrid=51, src=high.ip, t_from=t_back) if p["prio"] > 0]
    t.check(not adv, "%s advertised %d times after its return" % (high.name, len(adv)))
    t.diag("%s stayed master %.1f s after the higher node returned" % (low.name, watch))
