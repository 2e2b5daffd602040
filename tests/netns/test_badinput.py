# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input on the wire: every RFC 5798 / 3768 section 7.1 class of bad
advertisement, then 1000 random protocol-112 payloads, sent to the master
with priority 254.  The master must stay master, keep advertising on time
and keep running; the backup must not take over.  A control at the end
sends valid priority-254 adverts and expects the master to step down, which
proves the injected packets reach the daemon."""
import os
import re
import time

import vgnet as V
import vrrpwire as W

VRID = 51
STATE_RE = re.compile(os.environ.get("VIGIL_STATE_RE", r"Entering \w+ STATE"))


def state_changes(node):
    return len(STATE_RE.findall(node.log()))


KEEPALIVED_REASON = ("keepalived 2.2.7 master sends no advert while invalid adverts of its "
                     "VRID keep arriving (e.g. TTL 254 every 0.3 s), so the backup takes over")


def bad_input(t, version):
    net = t.net(2)
    cap = net.capture()
    adv = 1.0
    master = V.start_cluster(net, [150, 100], vrid=VRID, version=version)
    backup = net.node(2)
    mdi = V.master_down_interval(100)
    time.sleep(1.5)
    changes = state_changes(master), state_changes(backup)
    t0 = time.time()
    classes = W.bad_classes(version, VRID, master.ip)
    burst = []
    for _name, pkts in classes:
        burst += [dict(p, gap_ms=40) for p in pkts * 2]
    rounds = 0
    while time.time() - t0 < mdi + 1.5:      # longer than one Master_Down_Interval
        net.inject(burst)
        rounds += 1
    t.check(master.daemon.alive(), "master daemon died on the RFC classes")
    net.inject(W.random_payloads(1000, VRID))
    t1 = time.time()
    t.check(master.daemon.alive(), "master daemon died on the random payloads")
    t.check(backup.daemon.alive(), "backup daemon died")
    # after the bad input: the master alone holds the VIP (at once, or
    # within a Master_Down_Interval if it had lost it)
    ok, _ = net.wait_holders([master.name], mdi + 2)
    t.check(ok, "holders %s after the bad input" % net.holders())
    time.sleep(1.2)
    changed = (state_changes(master), state_changes(backup)) != changes

    # control: valid adverts with priority 254 do reach the daemon
    good = W.advert(version=version, vrid=VRID, adv=100 if version == 3 else 1)
    net.inject([W.packet(good, gap_ms=100)] * 5)
    ok, _ = V.wait_for(lambda: not master.holds(), 2)
    pkts = cap.stop()
    t.check(ok, "control failed: valid priority-254 adverts did not make the master step "
                "down, so the injected packets may not reach the daemon")

    mine = [p["t"] for p in V.adverts(pkts, vrid=VRID, src=master.ip, t_from=t0 - 1, t_to=t1)]
    n, mean, dev_mean, dev_max = V.interval_stats(mine, adv)
    theirs = [p for p in V.adverts(pkts, vrid=VRID, src=backup.ip, t_from=t0, t_to=t1 + 1)
              if p["prio"] > 0]
    t.diag("%d classes x2 x%d rounds + 1000 random in %.1f s; master adverts %d, "
           "mean interval %.3f s, max deviation %.3f s; backup adverts %d"
           % (len(classes), rounds, t1 - t0, n + 1, mean, dev_max, len(theirs)))
    t.known(dev_max <= 0.5 * adv, "advert interval deviated by %.3f s" % dev_max,
            ["keepalived"], KEEPALIVED_REASON)
    t.known(not theirs, "false takeover: the backup advertised %d times" % len(theirs),
            ["keepalived"], KEEPALIVED_REASON)
    t.known(not changed, "state changes in the logs during the bad input",
            ["keepalived"], KEEPALIVED_REASON)


def test_bad_input_v2(t):
    bad_input(t, 2)


def test_bad_input_v3(t):
    bad_input(t, 3)
