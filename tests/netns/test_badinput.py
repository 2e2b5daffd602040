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


def bad_input(t, version):
    net = t.net(2)
    cap = net.capture()
    adv = 1.0
    master = V.start_cluster(net, [150, 100], vrid=VRID, version=version)
    backup = net.node(2)
    time.sleep(1.5)
    changes = state_changes(master), state_changes(backup)
    t0 = time.time()
    classes = W.bad_classes(version, VRID, master.ip)
    for name, pkts in classes:
        net.inject(pkts * 3)
        t.check(net.holders() == [master.name], "after '%s': holders %s" % (name,
                                                                            net.holders()))
    t.check(master.daemon.alive(), "daemon died on the RFC classes")
    net.inject(W.random_payloads(1000, VRID))
    # a full Master_Down_Interval after the last packet: the backup would
    # have taken over by now if the master had stopped advertising
    time.sleep(V.master_down_interval(100) + 0.5)
    t1 = time.time()
    t.check(master.daemon.alive(), "master daemon died")
    t.check(backup.daemon.alive(), "backup daemon died")
    t.check(net.holders() == [master.name], "holders %s after the random payloads"
            % net.holders())
    t.check((state_changes(master), state_changes(backup)) == changes,
            "state changes in the logs during the bad input")

    # control: valid adverts with priority 254 do reach the daemon
    good = W.advert(version=version, vrid=VRID, adv=100 if version == 3 else 1)
    net.inject([W.packet(good, gap_ms=100)] * 5)
    ok, _ = V.wait_for(lambda: not master.holds(), 2)
    pkts = cap.stop()
    mine = [p["t"] for p in V.adverts(pkts, vrid=VRID, src=master.ip, t_from=t0 - 1, t_to=t1)]
    n, mean, dev_mean, dev_max = V.interval_stats(mine, adv)
    theirs = V.adverts(pkts, vrid=VRID, src=backup.ip, t_from=t0, t_to=t1)
    t.diag("%d classes x3 + 1000 random; master adverts %d, mean interval %.3f s, "
           "max deviation %.3f s" % (len(classes), n + 1, mean, dev_max))
    t.check(n >= int(t1 - t0) - 1, "master sent %d adverts in %.1f s" % (n + 1, t1 - t0))
    t.check(dev_max <= 0.5 * adv, "advert interval deviated by %.3f s" % dev_max)
    t.check(not theirs, "the backup advertised %d times during the bad input" % len(theirs))
    t.check(ok, "control failed: valid priority-254 adverts did not make the master step "
                "down, so the injected packets may not reach the daemon")


def test_bad_input_v2(t):
    bad_input(t, 2)


def test_bad_input_v3(t):
    bad_input(t, 3)
