# SPDX-License-Identifier: GPL-2.0-or-later
"""Spacing of gratuitous ARPs and unsolicited NAs (keepalived.conf(5)
vrrp_garp_interval, vrrp_gna_interval, garp_group): a new master's burst
(RFC 5798 6.4.1/6.4.2: broadcast a gratuitous ARP / unsolicited NA per
VIP; keepalived repeats it vrrp_garp_master_repeat = 5 times) leaves with
at least the interval between two messages on the interface."""
import time

import vgnet as V

TOL = 0.005  # capture timestamps against the sender's spacing


def burst(net, pkts, master, na=False, window=2.0):
    """Times of the master's first burst: GARPs for VIP4, or NAs (ICMPv6
    type 136) from its MAC, within `window` s of the first one."""
    mac = V.node_mac(master)
    if na:
        ts = [p["t"] for p in pkts if p["kind"] == "icmp6" and p.get("icmp6_type") == 136
              and p["src_mac"] == mac]
    else:
        ts = [p["t"] for p in V.garps(pkts, V.VIP4) if p["src_mac"] == mac]
    ts.sort()
    return [x for x in ts if ts and x <= ts[0] + window]


def spacing(t, global_extra, expect_min, expect_max, na=False, **inst):
    net = t.net(2)
    cap = net.capture()
    master = V.start_cluster(net, [150, 100], global_extra=global_extra, **inst)
    time.sleep(1.5)
    ts = burst(net, cap.stop(), master, na=na)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    t.diag("%d messages, gaps %s ms" % (len(ts), ", ".join("%.1f" % (g * 1000) for g in gaps)))
    t.check(len(ts) >= 2, "saw %d messages" % len(ts))
    t.known(len(ts) == 5, "expected a burst of 5 (vrrp_garp_master_repeat), saw %d" % len(ts),
            ("keepalived",), "keepalived 2.2.7 sends 2 of the 5 when an interval is set")
    t.check(min(gaps) >= expect_min - TOL, "gap %.1f ms < %.0f ms" % (min(gaps) * 1000, expect_min * 1000))
    t.check(max(gaps) <= expect_max, "gap %.1f ms > %.0f ms" % (max(gaps) * 1000, expect_max * 1000))


def test_garp_interval(t):
    """global vrrp_garp_interval 0.1: the 5 GARPs are >= 100 ms apart."""
    spacing(t, "    vrrp_garp_interval 0.1\n", 0.1, 0.3)


def test_garp_group_interval(t):
    """garp_group { garp_interval 0.05; interface eth0 } overrides the
    global 0.3 s for eth0: gaps of 50 ms, not 300."""
    spacing(t, "    vrrp_garp_interval 0.3\n}\ngarp_group {\n    garp_interval 0.05\n"
            "    interface eth0\n", 0.05, 0.2)


def test_gna_interval(t):
    """IPv6 VIP, global vrrp_gna_interval 0.1: the 5 unsolicited NAs are
    >= 100 ms apart."""
    spacing(t, "    vrrp_gna_interval 0.1\n", 0.1, 0.3, na=True,
            vips=("2001:db8::100/64",), version=3)


def test_garp_burst_survives_reload(t):
    """vrrp_garp_interval 0.3: a reload (SIGHUP, the instance unchanged, a
    second one added) in the middle of the new master's burst of 5 GARPs
    keeps the instance running, and the rest of its burst still leaves,
    still spaced: 5 GARPs, >= 300 ms apart."""
    import signal
    net = t.net(2)
    cap = net.capture()
    master = V.start_cluster(net, [150, 100], global_extra="    vrrp_garp_interval 0.3\n")
    conf = open(master.conf_path).read()
    master.write_conf(conf + V.vrrp_instance("VI_2", vrid=52, prio=150, vips=("192.0.2.101/24",)))
    master.daemon.send(signal.SIGHUP)
    time.sleep(2.5)
    ts = burst(net, cap.stop(), master, window=2.0)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    t.diag("%d GARPs, gaps %s ms" % (len(ts), ", ".join("%.1f" % (g * 1000) for g in gaps)))
    t.check("Reload done" in master.log() or "Reloading" in master.log(), "no reload in the log")
    t.known(len(ts) == 5, "expected the burst of 5 across the reload, saw %d" % len(ts),
            ("keepalived",), "keepalived 2.2.7 sends 1 of the 5 when reloaded during the burst")
    t.check(not gaps or min(gaps) >= 0.3 - TOL, "gaps %s" % gaps)
