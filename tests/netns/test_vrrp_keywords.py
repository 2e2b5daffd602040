# SPDX-License-Identifier: GPL-2.0-or-later
"""keepalived.conf keywords of the VRRP side, on the wire and on the host,
with keepalived 2.2.7 as the peer where the wire matters (--peer-daemon;
without it the daemon under test is its own peer).

Observed with keepalived 2.2.7 on both nodes (this file run with --daemon
/usr/sbin/keepalived): adverts to the vrrp_mcast_group4 group, the backup
silent; unicast adverts leave with unicast_ttl and the peer accepts them;
static_ipaddress / static_routes / static_rules present while it runs and
all three gone after SIGTERM.
"""
import os
import time

import vgnet as V


def peer(t):
    b = t.opts.peer_daemon
    return b if b and os.access(b, os.X_OK) else t.opts.daemon


def test_vrrp_mcast_group4_on_the_wire(t):
    """vrrp_mcast_group4 224.0.0.19 on both nodes: the master (the daemon)
    advertises to 224.0.0.19 only, the backup (the peer) hears it there and
    stays silent."""
    net = t.net(2)
    cap = net.capture()
    g = "    vrrp_mcast_group4 224.0.0.19\n"
    master = V.start_cluster(net, [150, 100], daemons=[t.opts.daemon, peer(t)], global_extra=g)
    t_steady = time.time()
    time.sleep(3.5)  # longer than the backup's Master_Down_Interval
    pkts = cap.stop()
    adv = V.adverts(pkts, vrid=51, t_from=t_steady)
    dsts = {p["dst"] for p in adv if p["src"] == master.ip}
    t.check(dsts == {"224.0.0.19"}, "master's adverts went to %s" % sorted(dsts))
    t.check(not [p for p in adv if p["src"] == net.node(2).ip and p["prio"] > 0],
            "the backup advertised: it did not hear the master on 224.0.0.19")
    t.check(net.holders() == [master.name], "holders %s" % net.holders())


def test_unicast_ttl_on_the_wire(t):
    """unicast_ttl 10: the daemon's unicast adverts leave with TTL 10 and the
    peer (keepalived 2.2.7 does not ask 255 of a unicast advert) stays backup."""
    net = t.net(2)
    cap = net.capture()
    n1, n2 = net.node(1), net.node(2)
    per = {"n1": {"extra": "    unicast_ttl 10\n    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }"
                  % (n1.ip, n2.ip)},
           "n2": {"extra": "    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }" % (n2.ip, n1.ip)}}
    master = V.start_cluster(net, [150, 100], daemons=[t.opts.daemon, peer(t)], per_node=per)
    t_steady = time.time()
    time.sleep(3.5)
    pkts = cap.stop()
    adv = V.adverts(pkts, vrid=51, t_from=t_steady)
    ttls = {p["ttl"] for p in adv if p["src"] == master.ip}
    t.check(ttls == {10}, "master's unicast adverts left with TTL %s" % sorted(ttls))
    t.check(not [p for p in adv if p["src"] == n2.ip and p["prio"] > 0],
            "the backup advertised: it refused TTL 10")


def test_static_addresses_routes_rules_set_and_removed(t):
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1") + """
static_ipaddress {
    192.0.2.200/32 dev eth0
}
static_routes {
    198.51.100.0/24 via 192.0.2.1 dev eth0
}
static_rules {
    from 203.0.113.0/24 table 100 preference 1000
}
""" + V.vrrp_instance(prio=100))
    n.start()

    def present():
        return ("192.0.2.200" in n.addrs(),
                "198.51.100.0/24" in n.run(["ip", "route", "show", "198.51.100.0/24"]),
                "203.0.113.0/24" in n.run(["ip", "rule", "show"]))
    ok, _ = V.wait_for(lambda: present() == (True, True, True), 5)
    t.check(ok, "address, route, rule present: %s" % (present(),))
    n.stop()
    t.check(present() == (False, False, False), "after SIGTERM: address, route, rule %s" % (present(),))


VIP_GONE_VIPS = ("192.0.2.100/24", "192.0.2.101/24 no_track", "192.0.2.102/24")


def _vip_gone_master(t):
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1") + V.vrrp_instance(prio=150, vips=VIP_GONE_VIPS))
    cap = net.capture()
    n.start()
    ok, _ = V.wait_for(lambda: {"192.0.2.100", "192.0.2.101", "192.0.2.102"} <= set(n.addrs()), 8)
    t.check(ok, "not Master with its three VIPs: %s" % n.addrs())
    time.sleep(1.2)
    return net, n, cap


def test_vip_removed_by_hand_tracked(t):
    """`ip addr del` of a tracked VIP on the Master: priority 0 at once, every
    VIP removed, Master again Skew_Time later with every VIP re-added
    (keepalived 2.2.7: priority 0 6 ms after the deletion, the VIPs back
    0.416 s after it at priority 150, Skew_Time 0.414 s)."""
    net, n, cap = _vip_gone_master(t)
    t_del = time.time()
    n.run(["ip", "addr", "del", "192.0.2.100/24", "dev", "eth0"])
    ok, _ = V.wait_for(lambda: {"192.0.2.100", "192.0.2.101", "192.0.2.102"} <= set(n.addrs()), 3)
    t.check(ok, "the VIPs did not come back: %s" % n.addrs())
    time.sleep(0.3)
    pkts = cap.stop()
    adv = V.adverts(pkts, vrid=51, src=n.ip, t_from=t_del)
    zero = [p for p in adv if p["prio"] == 0]
    t.check(zero and zero[0]["t"] - t_del < 0.2, "no priority-0 advert within 0.2 s of the deletion")
    if zero:
        back = [p for p in adv if p["prio"] == 150 and p["t"] > zero[0]["t"]]
        t.check(back, "no advert at priority 150 after the priority 0")
        if back:
            el = back[0]["t"] - zero[0]["t"]
            skew = V.skew_time(150)
            t.diag("priority 0 %.3f s after the deletion, Master again %.3f s later; Skew_Time %.3f s"
                   % (zero[0]["t"] - t_del, el, skew))
            t.check(abs(el - skew) <= t.opts.tolerance,
                    "Master again %.3f s after the priority 0, expected Skew_Time %.3f s" % (el, skew))


def test_vip_removed_by_hand_no_track(t):
    """`ip addr del` of a `no_track` VIP on the Master: nothing happens (no
    priority 0, no transition) and the address stays gone (keepalived 2.2.7:
    the same)."""
    net, n, cap = _vip_gone_master(t)
    t_del = time.time()
    n.run(["ip", "addr", "del", "192.0.2.101/24", "dev", "eth0"])
    time.sleep(2.0)
    pkts = cap.stop()
    adv = V.adverts(pkts, vrid=51, src=n.ip, t_from=t_del)
    addrs = n.addrs()
    t.check(not [p for p in adv if p["prio"] == 0], "a priority-0 advert after removing a no_track VIP")
    t.check(len(adv) >= 1, "the Master stopped advertising")
    t.check("192.0.2.101" not in addrs, "the no_track VIP came back: %s" % addrs)
    t.check({"192.0.2.100", "192.0.2.102"} <= set(addrs), "the tracked VIPs went: %s" % addrs)


def test_garp_extra_if_on_other_interfaces(t):
    """`garp_extra_if all 2`, VIPs 192.0.2.100 and .101 on eth1 (the instance
    runs on eth0), `vrrp_min_garp`: while Master, one gratuitous ARP on eth1
    for the first of them every 2 s (with an advert), none for the second
    (keepalived 2.2.7: with `all 3`, 3.00-3.004 s apart, the first 3.08 s
    after becoming Master, only for the first VIP on eth1)."""
    net = t.net(1, segments=2)
    n = net.node(1)
    n.write_conf(V.global_defs("n1", "    vrrp_min_garp\n") + V.vrrp_instance(
        prio=150, vips=("192.0.2.20/26", "192.0.2.100/26 dev eth1", "192.0.2.101/26 dev eth1"),
        extra="    garp_extra_if all 2"))
    cap1 = net.capture("br1")
    cap0 = net.capture("br0")
    n.start()
    ok, _ = V.wait_for(lambda: "192.0.2.100" in n.addrs(), 8)
    t.check(ok, "not Master: %s" % n.addrs())
    time.sleep(7.5)
    p1, p0 = cap1.stop(), cap0.stop()
    first = [p["t"] for p in V.adverts(p0, vrid=51) if p["prio"] > 0]
    t.check(first, "no advert on eth0")
    if not first:
        return
    t_m = first[0]
    g100 = [p["t"] - t_m for p in V.garps(p1, "192.0.2.100", t_from=t_m + 0.5)]
    g101 = [p["t"] - t_m for p in V.garps(p1, "192.0.2.101", t_from=t_m + 0.5)]
    g20 = [p["t"] - t_m for p in V.garps(p0, "192.0.2.20", t_from=t_m + 0.5)]
    t.diag("extra GARPs for 192.0.2.100 at %s s after Master" % ", ".join("%.3f" % x for x in g100))
    t.check(len(g100) >= 3, "%d extra GARPs for 192.0.2.100 in 7 s, expected 3" % len(g100))
    gaps = [b - a for a, b in zip(g100, g100[1:])]
    t.check(all(abs(x - 2.0) <= 0.1 + t.opts.tolerance for x in gaps), "gaps %s, expected 2 s" % gaps)
    t.check(not g101, "extra GARPs for the second VIP on eth1: %s" % g101)
    t.check(not g20, "extra GARPs on the instance's own interface: %s" % g20)


def test_promote_secondaries_set_and_reset(t):
    """`promote_secondaries`: net.ipv4.conf.eth0.promote_secondaries is 1
    while the daemon runs and 0 again after SIGTERM (keepalived 2.2.7: the
    same)."""
    net = t.net(1)
    n = net.node(1)
    key = "net.ipv4.conf.eth0.promote_secondaries"
    n.run(["sysctl", "-q", "-w", key + "=0"])
    n.write_conf(V.global_defs("n1") + V.vrrp_instance(prio=150, extra="    promote_secondaries"))
    n.start()

    def value():
        return n.run(["sysctl", "-n", key]).strip()
    ok, _ = V.wait_for(lambda: value() == "1", 5)
    t.check(ok, "%s = %s while running" % (key, value()))
    n.stop()
    t.check(value() == "0", "%s = %s after SIGTERM" % (key, value()))


STATIC_A = """
static_ipaddress {
    192.0.2.200/32 dev eth0
    192.0.2.201/32 dev eth0
}
static_routes {
    198.51.100.0/24 via 192.0.2.1 dev eth0
    203.0.113.0/25 via 192.0.2.1 dev eth0
}
static_rules {
    from 203.0.113.0/24 table 100 preference 1000
    from 198.51.100.0/24 table 101 preference 1001
}
"""
STATIC_B = (STATIC_A.replace("192.0.2.201/32", "192.0.2.202/32")
            .replace("203.0.113.0/25", "203.0.113.128/25")
            .replace("table 101 preference 1001", "table 102 preference 1002"))


def test_static_reload_applies_the_difference(t):
    """SIGHUP with one static address, route and rule of two changed: those
    three are deleted and their replacements added; the unchanged ones are
    never deleted (ip monitor); SIGTERM removes what the new file set
    (keepalived 2.2.7: the same)."""
    import signal
    import subprocess
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1") + STATIC_A + V.vrrp_instance(prio=100))
    n.start()

    def state():
        return (sorted(a for a in n.addrs() if a.startswith("192.0.2.2")),
                sorted(l.split(" proto")[0].strip() for l in n.run(["ip", "route"]).splitlines()
                       if "via 192.0.2.1" in l),
                sorted(l.split(" proto")[0].strip() for l in n.run(["ip", "rule"]).splitlines()
                       if "lookup 10" in l))
    want_a = (["192.0.2.200", "192.0.2.201"],
              ["198.51.100.0/24 via 192.0.2.1 dev eth0", "203.0.113.0/25 via 192.0.2.1 dev eth0"],
              ["1000:\tfrom 203.0.113.0/24 lookup 100", "1001:\tfrom 198.51.100.0/24 lookup 101"])
    want_b = (["192.0.2.200", "192.0.2.202"],
              ["198.51.100.0/24 via 192.0.2.1 dev eth0", "203.0.113.128/25 via 192.0.2.1 dev eth0"],
              ["1000:\tfrom 203.0.113.0/24 lookup 100", "1002:\tfrom 198.51.100.0/24 lookup 102"])
    ok, _ = V.wait_for(lambda: state() == want_a, 5)
    t.check(ok, "at start: %s" % (state(),))
    mon_log = os.path.join(net.workdir, "monitor.txt")
    with open(mon_log, "w") as f:
        mon = subprocess.Popen(["ip", "-n", n.ns, "monitor", "address", "route", "rule"], stdout=f,
                               stderr=subprocess.STDOUT)
    try:
        time.sleep(0.3)
        n.write_conf(V.global_defs("n1") + STATIC_B + V.vrrp_instance(prio=100))
        n.daemon.send(signal.SIGHUP)
        ok, _ = V.wait_for(lambda: state() == want_b, 5)
        t.check(ok, "after SIGHUP: %s" % (state(),))
        time.sleep(0.5)
    finally:
        mon.terminate()
        mon.wait(5)
    deleted = [l for l in open(mon_log).read().splitlines() if l.startswith("Deleted")]
    for kept in ("192.0.2.200/32", "198.51.100.0/24 via", "from 203.0.113.0/24"):
        t.check(not [l for l in deleted if kept in l], "%s deleted by the reload: %s" % (kept, deleted))
    for gone in ("192.0.2.201/32", "203.0.113.0/25 via", "lookup 101"):
        t.check([l for l in deleted if gone in l], "%s not deleted by the reload" % gone)
    n.stop()
    t.check(state() == ([], [], []), "after SIGTERM: %s" % (state(),))


def test_default_interface_for_static_addresses(t):
    """global_defs default_interface: a static_ipaddress without dev goes on
    it (keepalived.conf(5); keepalived 2.2.7 observed putting it on lo)."""
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1", "    default_interface lo\n") + """
static_ipaddress {
    203.0.113.77/32
}
""" + V.vrrp_instance(prio=100))
    n.start()
    ok, _ = V.wait_for(lambda: "203.0.113.77" in n.addrs("lo"), 5)
    t.check(ok, "203.0.113.77 not on lo: %s / eth0 %s" % (n.addrs("lo"), n.addrs("eth0")))
