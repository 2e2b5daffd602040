# SPDX-License-Identifier: GPL-2.0-or-later
"""nftables drop of protocol 112 on the backup: split brain, then healing."""
import time

import vgnet as V


def test_nft_drop_split_brain_and_heal(t):
    net = t.net(2)
    cap = net.capture()
    master = V.start_cluster(net, [150, 100])
    backup = net.node(2)
    t_drop = time.time()
    backup.nft_drop_vrrp()
    mdi = V.master_down_interval(100)
    ok, el = net.wait_holders([master.name, backup.name], mdi + 2)
    t.check(ok, "no split brain within %.1f s of the drop: holders %s" % (mdi + 2,
                                                                       net.holders()))
    t.diag("split brain %.3f s after the drop rule, MDI %.3f s" % (el, mdi))
    time.sleep(1.5)
    t.check(net.holders() == [master.name, backup.name], "split brain did not last")
    backup.nft_heal()
    ok, el2 = net.wait_holders([master.name], 2 + 1 + t.opts.tolerance)
    t.check(ok, "not healed to one master: holders %s" % net.holders())
    t.diag("healed %.3f s after the drop rule was removed" % el2)
    time.sleep(2.5)
    t.check(net.holders() == [master.name], "holders changed after healing: %s"
            % net.holders())
    pkts = cap.stop()
    both = V.adverts(pkts, vrid=51, src=backup.ip, t_from=t_drop)
    t.check(both, "the isolated backup never advertised (capture)")
