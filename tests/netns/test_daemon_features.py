# SPDX-License-Identifier: GPL-2.0-or-later
"""vigild features beyond failover: vrrp_strict (RFC 5798 Accept_Mode False;
no vmac without use_vmac, as keepalived 2.2.7), unicast peers, link down -> Fault, stale VIPs removed
at start, virtual_server blocks without IPVS, the SIGUSR1 state dump."""
import os
import re
import signal
import time

import vgnet as V


def connects(net, addr, port=8080):
    """Can the client namespace open a TCP connection to addr:port?"""
    code = ("import socket,sys\ns=socket.socket();s.settimeout(1)\n"
            "try:\n s.connect((sys.argv[1],int(sys.argv[2])));print('yes')\nexcept Exception:\n print('no')\n")
    out = V.run([V.PYTHON, "-c", code, addr, str(port)], ns=net.client_ns, check=False)
    return (out or "").strip() == "yes"


def test_strict_no_accept_and_interface_mac(t):
    """vrrp_strict: the VIP does not accept traffic (RFC 5798 6.4.3,
    Accept_Mode False); without strict the same VIP answers. vrrp_strict
    alone makes no vmac: observed with keepalived 2.2.7 (this test run with
    --daemon /usr/sbin/keepalived), the master's adverts under vrrp_strict
    without use_vmac come from eth0's own MAC and no vrrp.51 interface is
    made (RFC 5798 7.3's virtual MAC only with use_vmac)."""
    net = t.net(2)
    net.start_servers()
    cap = net.capture()
    master = V.start_cluster(net, [150, 100], global_extra="    vrrp_strict\n")
    time.sleep(1.5)
    t.check(not connects(net, V.VIP4), "strict: a TCP connect to the VIP of a non-owner master succeeded")
    pkts = cap.stop()
    macs = {p.get("src_mac") for p in V.adverts(pkts, vrid=51, src=master.ip) if p["prio"] > 0}
    own = V.node_mac(master)
    t.check(macs == {own}, "strict adverts from %s, not eth0's own MAC %s" % (macs, own))
    t.check("vrrp.51" not in V.run(["ip", "-br", "link"], ns=master.ns),
            "vrrp_strict without use_vmac made a vmac interface vrrp.51")
    master.stop()
    t.check("vigild" not in V.run(["nft", "list", "tables"], ns=master.ns, check=False),
            "the no_accept table is left after stop")
    t.diag("strict: VIP refuses TCP, adverts from %s" % macs)


def test_default_accepts(t):
    """keepalived's default (accept): the master's VIP answers TCP."""
    net = t.net(2)
    net.start_servers()
    V.start_cluster(net, [150, 100])
    t.check(V.wait_for(lambda: connects(net, V.VIP4), 5)[0], "default mode: the VIP does not answer TCP")


def test_unicast_failover(t):
    """unicast_src_ip / unicast_peer: adverts go to the peer only; kill -9 of
    the master hands the VIP over within Master_Down_Interval."""
    net = t.net(2)
    a, b = net.node(1), net.node(2)
    per = {a.name: {"extra": "    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }" % (a.ip, b.ip)},
           b.name: {"extra": "    unicast_src_ip %s\n    unicast_peer {\n        %s\n    }" % (b.ip, a.ip)}}
    cap = net.capture()
    master = V.start_cluster(net, [150, 100], per_node=per)
    time.sleep(1.2)
    t0 = time.time()
    master.kill9()
    mdi = V.master_down_interval(100)
    V.wait_for(lambda: b.holds(), mdi + 2)
    pkts = cap.stop()
    t.check(b.holds(), "the backup did not take the VIP after kill -9 (unicast)")
    dsts = {p.get("dst") for p in V.adverts(pkts, vrid=51) if p["t"] < t0}
    t.check(dsts <= {a.ip, b.ip}, "unicast adverts went to %s" % dsts)
    t.diag("unicast adverts to %s" % sorted(dsts))


def test_link_down_fault(t):
    """The master's own interface goes down (inside its namespace): the
    instance goes to FAULT and drops the VIP; the backup takes over."""
    net = t.net(2)
    master = V.start_cluster(net, [150, 100])
    backup = net.node(2)
    master.run(["ip", "link", "set", "eth0", "down"])
    ok, _ = net.wait_holders([backup.name], V.master_down_interval(100) + 2)
    t.check(ok, "after link down: holders %s" % net.holders())
    t.check("FAULT" in master.log(), "the master did not log a FAULT state")
    master.run(["ip", "link", "set", "eth0", "up"])
    ok, _ = net.wait_holders([master.name], V.master_down_interval(150) + 3)
    t.check(ok, "after link up the higher node did not take the VIP back: %s" % net.holders())


def test_stale_vip_removed_at_start(t):
    """A VIP left on a node (a crash without supervision) is removed when
    the daemon starts as backup."""
    net = t.net(2)
    master = V.start_cluster(net, [150, 100])
    backup = net.node(2)
    backup.stop()
    backup.run(["ip", "addr", "add", V.VIP4 + "/24", "dev", "eth0"])
    t.check(backup.holds(), "could not plant the stale VIP")
    backup.start()
    ok = V.wait_for(lambda: not backup.holds(), 3)[0]
    t.check(ok, "the stale VIP is still on %s after start" % backup.name)
    t.check(master.holds(), "the master lost the VIP")


def test_ipvs_unavailable_vrrp_runs(t):
    """A virtual_server block on a kernel without IPVS: the VRRP side runs
    and the log says IPVS is unavailable (keepalived 2.2.7 exits)."""
    if os.path.exists("/proc/net/ip_vs"):
        t.skip("this kernel has IPVS")
    net = t.net(2)
    vs = ("virtual_server 192.0.2.100 80 {\n    delay_loop 6\n    lb_algo rr\n    lb_kind DR\n"
          "    protocol TCP\n    real_server 192.0.2.11 80 {\n        weight 1\n"
          "        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n")
    # both sides (no -P): -P runs the VRRP side alone, without the LVS driver
    master = V.start_cluster(net, [150, 100], prefix=vs, side=None)
    t.check("IPVS is unavailable" in master.log(), "no 'IPVS is unavailable' in the log")


DUMP = "/tmp/keepalived.data"


def state_dump(node, want, timeout=3):
    """Sends SIGUSR1 to node's daemon; the dump's text once it contains
    `want`, else None."""
    try:
        os.unlink(DUMP)
    except FileNotFoundError:
        pass
    node.daemon.send(signal.SIGUSR1)
    ok = V.wait_for(lambda: os.path.exists(DUMP) and want in open(DUMP).read(), timeout)[0]
    return open(DUMP).read() if ok else None


def test_sigusr1_state_dump(t):
    """SIGUSR1 writes every instance's state to the dump file; in a normal
    run every effect the core gave the VRRP driver was carried out
    ("Effects not handled = 0")."""
    net = t.net(2)
    master = V.start_cluster(net, [150, 100])
    text = state_dump(master, "State = MASTER")
    t.check(text is not None, "no MASTER state in %s after SIGUSR1" % DUMP)
    t.check(text is None or " Effects not handled = 0\n" in text,
            "the dump does not say 'Effects not handled = 0'")
    if "vigild" not in os.path.basename(t.opts.daemon):
        return

    def ring(txt):
        m = re.search(r"\n Ring = (\d+) of (\d+) bytes in use, (\d+) events, (\d+) dropped, (\d+) configurations "
                      r"kept\n", txt or "")
        return tuple(int(x) for x in m.groups()) if m else None
    # the flight recorder's fill (docs/recorder.md): the default 4 MiB ring, the master's adverts
    # and timers in it, growing
    r0 = ring(text)
    t.check(r0 is not None and r0[1] == 4096 * 1024 and 0 < r0[0] <= r0[1] and r0[2] > 0 and r0[3] == 0
            and r0[4] >= 1, "the dump's flight recorder line: %s" % (r0,))
    time.sleep(2.5)
    r1 = ring(state_dump(master, "Ring = "))
    t.check(r0 is not None and r1 is not None and r1[0] > r0[0] and r1[2] > r0[2],
            "the ring did not grow with the adverts: %s -> %s" % (r0, r1))


def test_instance_debug_in_state_dump(t):
    """vrrp_instance debug 2: keepalived.conf(5) says "not implemented";
    observed with keepalived 2.2.7 (this test run with --daemon
    /usr/sbin/keepalived), its only effect is the line "Debug level = 2" in
    the SIGUSR1 dump of the instance. vigild shows it there too, and its
    -t check has no warning for it."""
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1") + V.vrrp_instance(prio=150, extra="    debug 2"))
    n.start()
    t.check(net.wait_holders([n.name], V.master_down_interval(150) + 3)[0], "n1 did not become master")
    text = state_dump(n, "Debug level = 2")
    t.check(text is not None, "no 'Debug level = 2' in %s after SIGUSR1" % DUMP)
    if "vigild" in os.path.basename(t.opts.daemon):
        out = V.run(["sh", "-c", '"$0" -t -f "$1" 2>&1', t.opts.daemon, n.conf_path], check=False)
        t.check("debug" not in (out or ""), "vigild -t warns about debug: %s" % out)


def test_vrrp_rt_priority(t):
    """global_defs vrrp_rt_priority 10 (keepalived.conf(5)): the daemon runs
    SCHED_RR at priority 10, with an RLIMIT_RTTIME; its scripts would not."""
    net = t.net(2)
    master = V.start_cluster(net, [150, 100], global_extra="    vrrp_rt_priority 10\n")
    seen = []
    for pid in V.proc_tree(master.daemon.pid):  # keepalived: its VRRP child
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # fields[0] is field 3 (state): rt_priority is field 40, policy field 41
        seen.append((int(fields[38]) & 0xff, int(fields[37])))
    t.check((2, 10) in seen, "no process of the daemon runs SCHED_RR (2) priority 10: %s" % seen)


def test_vrrp_no_swap(t):
    """global_defs vrrp_no_swap (keepalived.conf(5)): the daemon's VRRP
    process has its memory locked (VmLck in /proc/PID/status); without it,
    nothing is locked."""
    def locked_kb(node):
        out = []
        for pid in V.proc_tree(node.daemon.pid):  # keepalived: its VRRP child
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmLck:"):
                        out.append(int(line.split()[1]))
        return out
    net = t.net(2)
    master = V.start_cluster(net, [150, 100], per_node={}, global_extra="    vrrp_no_swap\n")
    t.check(max(locked_kb(master) or [0]) > 1024, "no process of the daemon has memory locked: %s kB"
            % locked_kb(master))
    net2 = t.net(2)
    plain = V.start_cluster(net2, [150, 100])
    t.check(max(locked_kb(plain) or [0]) == 0, "memory locked without vrrp_no_swap: %s kB" % locked_kb(plain))

def _many_instances(router, prio, segments=4, per=250):
    text = [V.global_defs(router)]
    for seg in range(segments):
        for vrid in range(1, per + 1):
            text.append(V.vrrp_instance(name="VI_%d_%d" % (seg, vrid), iface="eth%d" % seg,
                                        vrid=vrid, prio=prio, version=3,
                                        vips=["2001:db8::%x:%x/64" % (seg + 1, vrid)]))
    return "".join(text)


def _scale_vips(node):
    return sum(1 for a in node.addrs() if a.startswith("2001:db8::") and ":" in a.split("::")[-1])


def _dump_counters(node):
    """(packets received, packet reads, text) from a SIGUSR1 dump of node's daemon."""
    text = state_dump(node, "VRRP Instance", 5)
    if text is None:
        raise AssertionError("no state dump in %s" % DUMP)
    rx = re.search(r"Packets received = (\d+)", text)
    reads = re.search(r"Packet reads = (\d+)", text)
    if not rx or not reads:
        raise AssertionError("no packet counters in the dump:\n%s" % text[:400])
    return int(rx.group(1)), int(reads.group(1)), text


def test_rx_coalescing_many_instances(t):
    """1000 VRRPv3 instances (advert_int 1) on 4 interfaces: the backup
    takes the master's 1000 adverts a second in batches (receive coalescing,
    docs/vigild.md), at least 4 adverts a read where a wake-up per packet
    gives about 2.5, and the batches change nothing: every VIP stays on the
    master, the backup stays BACKUP everywhere."""
    if "vigild" not in os.path.basename(t.opts.daemon):
        t.skip("vigild's own counters")
    net = t.net(2, segments=4)
    master, backup = net.node(1), net.node(2)
    master.write_conf(_many_instances("n1", 150))
    backup.write_conf(_many_instances("n2", 100))
    master.start()
    backup.start()
    ok = V.wait_for(lambda: _scale_vips(master) == 1000 and _scale_vips(backup) == 0, 60, 0.5)[0]
    t.check(ok, "not converged: %d VIPs on the master, %d on the backup"
            % (_scale_vips(master), _scale_vips(backup)))
    time.sleep(2)
    rx0, reads0, _ = _dump_counters(backup)
    time.sleep(6)
    rx1, reads1, text = _dump_counters(backup)
    packets, reads = rx1 - rx0, max(reads1 - reads0, 1)
    t.diag("backup: %d adverts in %d reads (%.1f a read)" % (packets, reads, packets / reads))
    t.check(packets >= 5000, "the backup received only %d adverts in 6 s" % packets)
    t.check(packets / reads >= 4, "%d adverts in %d reads: not coalesced" % (packets, reads))
    t.check("State = MASTER" not in text, "an instance of the backup became MASTER")
    t.check(_scale_vips(master) == 1000 and _scale_vips(backup) == 0,
            "VIPs moved: %d on the master, %d on the backup" % (_scale_vips(master), _scale_vips(backup)))


def test_virtual_routes_rules(t):
    """virtual_routes / virtual_rules, typed by the parser and resolved by
    the plan: the master installs them with every word it wrote (table,
    metric, mtu lock, multipath weights; rule uidrange, ipproto, dport) and
    removes them when it stops; the backup then installs them."""
    net = t.net(2)
    a, b = net.node(1), net.node(2)
    per = {}
    for n, other in ((a, b), (b, a)):
        per[n.name] = {"extra": (
            "    virtual_routes {\n"
            "        198.51.100.0/24 dev eth0 table 100 metric 7 mtu lock 1400 no_track\n"
            "        198.51.101.0/24 table 100 no_track nexthop via %s dev eth0 weight 1 "
            "nexthop via %s dev eth0 weight 3\n"
            "    }\n"
            "    virtual_rules {\n"
            "        from 198.51.100.0/24 table 100 preference 1000 uidrange 100-200 ipproto tcp dport 443\n"
            "    }" % (other.ip, n.ip))}
    master = V.start_cluster(net, [150, 100], per_node=per)
    backup = b if master is a else a

    def routes(node):
        return V.run(["ip", "route", "show", "table", "100"], ns=node.ns, check=False) or ""

    def rules(node):
        return V.run(["ip", "rule", "show"], ns=node.ns, check=False) or ""

    ok, _ = V.wait_for(lambda: "198.51.101.0/24" in routes(master), 3)
    r = routes(master)
    t.check(ok, "the master has no multipath route: %r" % r)
    t.check(re.search(r"198\.51\.100\.0/24 dev eth0 .*metric 7.*mtu lock 1400", r) is not None,
            "the master's route lacks metric 7 / mtu lock 1400: %r" % r)
    t.check("weight 3" in r, "the multipath route lacks weight 3: %r" % r)
    u = rules(master)
    line = next((x for x in u.splitlines() if x.startswith("1000:")), "")
    t.check(all(w in line for w in ("from 198.51.100.0/24", "uidrange 100-200", "ipproto tcp", "dport 443",
                                    "lookup 100")), "the master's rule lacks its words: %r" % u)
    t.check("198.51.10" not in routes(backup), "the backup has the routes: %r" % routes(backup))
    master.stop()
    ok, _ = V.wait_for(lambda: "198.51.100.0/24" in routes(backup), V.master_down_interval(100) + 3)
    t.check(ok, "the new master did not install the routes: %r" % routes(backup))
    t.check("198.51.10" not in routes(master), "the stopped master left its routes: %r" % routes(master))
    t.check("from 198.51.100.0/24" not in rules(master), "the stopped master left its rule")


def _proc_field(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return line.split(":", 1)[1].strip()
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None


def _comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except (FileNotFoundError, ProcessLookupError):
        return None


def test_process_settings_name_umask_affinity(t):
    """global_defs vrrp_process_name, umask and vrrp_cpu_affinity: the
    process doing VRRP (keepalived 2.2.7: its VRRP child, started -P;
    vigild: the daemon itself) is named vgkvrrp (prctl PR_SET_NAME), runs
    with umask 0027 (written as bits) and only on CPU 0, as observed with
    keepalived 2.2.7 in a namespace."""
    net = t.net(1)
    n = net.node(1)
    n.write_conf(V.global_defs("n1", "    vrrp_process_name vgkvrrp\n    umask IWGRP|IROTH|IWOTH|IXOTH\n"
                                     "    vrrp_cpu_affinity 0\n") + V.vrrp_instance(prio=100))
    n.start()
    ok, _ = V.wait_for(lambda: [p for p in V.proc_tree(n.daemon.pid) if _comm(p) == "vgkvrrp"], 5)
    t.check(ok, "no process named vgkvrrp: %s" % [_comm(p) for p in V.proc_tree(n.daemon.pid)])
    if not ok:
        return
    pid = [p for p in V.proc_tree(n.daemon.pid) if _comm(p) == "vgkvrrp"][0]
    # keepalived names its VRRP child before it sets the child's affinity: wait for both
    V.wait_for(lambda: _proc_field(pid, "Cpus_allowed_list") == "0" and _proc_field(pid, "Umask") == "0027", 3)
    t.check(_proc_field(pid, "Umask") == "0027", "umask %s, not 0027" % _proc_field(pid, "Umask"))
    t.check(_proc_field(pid, "Cpus_allowed_list") == "0",
            "CPUs %s, not 0" % _proc_field(pid, "Cpus_allowed_list"))


def test_log_unknown_vrids(t):
    """global_defs log_unknown_vrids: n1 runs VRID 51 and hears n2's adverts
    for VRID 52; it logs "Unknown VRID(52) received on interface(eth0)"
    (keepalived 2.2.7's words, observed in a namespace); n2, without the
    keyword, logs nothing of the kind about VRID 51."""
    net = t.net(2)
    a, b = net.node(1), net.node(2)
    a.write_conf(V.global_defs("n1", "    log_unknown_vrids\n") + V.vrrp_instance(prio=100))
    b.write_conf(V.global_defs("n2") + V.vrrp_instance(vrid=52, prio=150, vips=("192.0.2.101/24",)))
    a.start()
    b.start()
    ok, _ = V.wait_for(lambda: "Unknown VRID(52) received on interface(eth0)" in a.log(), 6)
    t.check(ok, "n1 did not log the unknown VRID 52")
    t.check("Unknown VRID" not in b.log(), "n2 logged unknown VRIDs without log_unknown_vrids")
