# SPDX-License-Identifier: GPL-2.0-or-later
"""SIGHUP reload: a changed configuration is applied instance by instance;
an instance whose configuration did not change keeps its state and VIPs
without a single flap (no state change, no advert gap); a configuration
that fails to parse is reported and the running one stays; with vigild, a
SIGHUP whose files read the same is a no-op ("Reloading configuration FILE:
unchanged")."""
import os
import re
import signal
import time

import vgnet as V

VIP_A = "192.0.2.100"
VIP_B = "192.0.2.101"
VIP_C = "192.0.2.102"


def two_instances(node, prio, vip_b, comment=""):
    return (V.global_defs(node.name) + comment
            + V.vrrp_instance("VI_1", vrid=51, prio=prio, vips=(VIP_A + "/24",))
            + V.vrrp_instance("VI_2", vrid=52, prio=prio, vips=(vip_b + "/24",)))


def state_lines(node, inst):
    return re.findall(r"\(%s\) Entering \w+ STATE" % inst, node.log())


def start(t):
    net = t.net(2)
    master, backup = net.node(1), net.node(2)
    master.write_conf(two_instances(master, 150, VIP_B))
    backup.write_conf(two_instances(backup, 100, VIP_B))
    master.start()
    backup.start()
    ok, _ = net.wait_holders([master.name], V.master_down_interval(100) + 5, VIP_B)
    ok = ok and net.wait_holders([master.name], 5, VIP_A)[0]
    t.check(ok, "the cluster did not elect %s for both instances" % master.name)
    return net, master, backup


def test_reload_keeps_unchanged_instances(t):
    """VI_2's VIP changes on both nodes, VI_1 does not (its lines move down): after SIGHUP
    VI_1 on the master has no state change, its VIP never leaves, and its
    adverts keep their 1 s rhythm; VI_2 moves to the new VIP."""
    net, master, backup = start(t)
    cap = net.capture()
    time.sleep(1.5)
    before = state_lines(master, "VI_1")
    # both nodes get VI_2's new VIP (a VRRPv2 address list must match on every node)
    master.write_conf(two_instances(master, 150, VIP_C, comment="# moved down a line\n\n"))
    backup.write_conf(two_instances(backup, 100, VIP_C))
    t_hup = time.time()
    backup.daemon.send(signal.SIGHUP)
    master.daemon.send(signal.SIGHUP)
    t_end = time.monotonic() + V.master_down_interval(150) + 3
    while time.monotonic() < t_end:
        t.check(master.holds(VIP_A), "VI_1's VIP left %s during the reload" % master.name)
        t.check(not backup.holds(VIP_A), "VI_1's VIP appeared on %s during the reload" % backup.name)
        time.sleep(0.05)
    ok, _ = net.wait_holders([master.name], 5, VIP_C)
    t.check(ok, "VI_2's new VIP %s is not on %s: holders %s" % (VIP_C, master.name, net.holders(VIP_C)))
    t.check(not master.holds(VIP_B) and not backup.holds(VIP_B), "VI_2's old VIP %s is still there" % VIP_B)
    after = state_lines(master, "VI_1")
    t.check(after == before, "VI_1 changed state on reload: %s" % after[len(before):])
    t.check("Reload done: 1 instance(s) kept running, 1 stopped, 1 started" in master.log(),
            "reload summary missing from the log")
    pkts = cap.stop()
    times = [p["t"] for p in V.adverts(pkts, vrid=51, src=master.ip, t_from=t_hup - 1.5) if p["prio"] > 0]
    gaps = [b - a for a, b in zip(times, times[1:])]
    t.check(gaps and max(gaps) < 1.05, "VI_1's adverts had a gap of %.3f s around the reload"
            % (max(gaps) if gaps else -1))
    t.diag("VI_1: %d adverts around the reload, longest gap %.3f s; VI_2 moved to %s"
           % (len(times), max(gaps) if gaps else -1, VIP_C))


def test_reload_bad_config_keeps_running(t):
    """A configuration with an error is reported on SIGHUP; the running one
    stays: same state, same VIPs, the daemon alive."""
    net, master, backup = start(t)
    before = state_lines(master, "VI_1") + state_lines(master, "VI_2")
    master.write_conf(two_instances(master, 150, VIP_C).replace("virtual_router_id 52",
                                                                 "virtual_router_id 300"))
    master.daemon.send(signal.SIGHUP)
    time.sleep(V.master_down_interval(150) + 1)
    log = master.log()
    t.check(master.daemon.alive(), "the daemon died on a bad reload")
    t.check("keeping the running configuration" in log, "no 'keeping the running configuration' in the log")
    t.check(re.search(r"n1\.conf:\d+:\d+: error", log) is not None, "the error is not reported with file:line:col")
    t.check(master.holds(VIP_A) and master.holds(VIP_B) and not master.holds(VIP_C),
            "the VIPs changed on a refused reload: %s" % master.addrs())
    after = state_lines(master, "VI_1") + state_lines(master, "VI_2")
    t.check(after == before, "state changed on a refused reload: %s" % after[len(before):])


def test_reload_unchanged_file_is_a_noop(t):
    """vigild: the same bytes written again and SIGHUP: "unchanged" in the log, no instance
    stopped or started, states and VIPs as they were, no "Reload done"; then one VIP changed
    and SIGHUP: the full reload (the instance diff) runs."""
    if "vigild" not in os.path.basename(t.opts.daemon):
        t.skip("vigild's unchanged-reload check")
    net, master, backup = start(t)
    before = state_lines(master, "VI_1") + state_lines(master, "VI_2")
    master.write_conf(two_instances(master, 150, VIP_B))  # the same bytes, a new mtime
    master.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: "Reloading configuration %s: unchanged" % master.conf_path in master.log(), 5)
    t.check(ok, "no 'Reloading configuration ...: unchanged' in the log")
    time.sleep(1.5)
    log = master.log()
    t.check("Reload done" not in log, "an unchanged file was reloaded: %s"
            % [x for x in log.splitlines() if "Reload done" in x])
    t.check(master.daemon.alive(), "the daemon died on an unchanged reload")
    t.check(master.holds(VIP_A) and master.holds(VIP_B), "the VIPs changed on an unchanged reload: %s"
            % master.addrs())
    after = state_lines(master, "VI_1") + state_lines(master, "VI_2")
    t.check(after == before, "state changed on an unchanged reload: %s" % after[len(before):])
    # now a change: the full reload
    master.write_conf(two_instances(master, 150, VIP_C))
    backup.write_conf(two_instances(backup, 100, VIP_C))
    backup.daemon.send(signal.SIGHUP)
    master.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: "Reload done" in master.log(), 5)
    t.check(ok, "a changed file was not reloaded")
    t.check("Reloading configuration %s (%s changed)" % (master.conf_path, master.conf_path) in master.log(),
            "the full reload does not say which file changed")
    ok, _ = net.wait_holders([master.name], 5, VIP_C)
    t.check(ok, "VI_2's new VIP %s is not on %s: holders %s" % (VIP_C, master.name, net.holders(VIP_C)))
