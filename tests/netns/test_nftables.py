# SPDX-License-Identifier: GPL-2.0-or-later
"""global_defs nftables / nftables_priority / nftables_counters /
nftables_ifindex and disable_local_igmp, checked against what keepalived
2.2.7 (Debian bookworm, built with NFTABLES and without IPTABLES) did in a
network namespace: with `nftables NAME` and no_accept instances it makes no
table while Backup; at its first Master, tables `ip NAME` and `ip6 NAME`
(set `vips`, chains `in`/`out` on the input/output hooks at
nftables_priority, default -1, dropping daddr/saddr in the set; in ip6 the
neighbor-discovery accept and the link-local chains with set
`vips_link_local`, ipv6_addr . iface_index); back at Backup the sets are
emptied and the tables stay; at stop they go. disable_local_igmp: the
namespace's net.ipv4.igmp_link_local_mcast_reports reads 0 while it runs and
1 again after. The same checks run on any daemon (run.py --daemon)."""
import json
import time

import vgnet as V

TABLE = "vgtab"
VIP4B = "192.0.2.101"
LL = "fe80::100"
GLOBAL = "    nftables %s\n    nftables_priority 7\n    nftables_counters\n" % TABLE
INST = dict(vips=(V.VIP4 + "/24", VIP4B + "/24"),
            extra="    no_accept\n    virtual_ipaddress_excluded {\n        %s/64\n        %s/64\n    }"
                  % (V.VIP6, LL))


def ruleset(node):
    """nft -j list ruleset of node's namespace, as {(kind, family, table, name): object}."""
    out = V.run(["nft", "-j", "list", "ruleset"], ns=node.ns)
    objs = {}
    rules = []
    for item in json.loads(out)["nftables"]:
        for kind, o in item.items():
            if kind == "rule":
                rules.append(o)
            elif kind in ("table", "chain", "set"):
                objs[(kind, o["family"], o.get("table", o["name"]), o["name"])] = o
    return objs, rules


def ours(objs):
    return {k for k in objs if k[2] == TABLE}


def elems(objs, family, name):
    """A set's elements as strings ("a . b" for concatenations)."""
    out = set()
    for e in objs.get(("set", family, TABLE, name), {}).get("elem", []):
        if isinstance(e, dict) and "concat" in e:
            out.add(" . ".join(str(x) for x in e["concat"]))
        else:
            out.add(str(e))
    return out


def check_master_layout(t, node):
    objs, rules = ruleset(node)
    want = {("table", "ip", TABLE, TABLE), ("table", "ip6", TABLE, TABLE)}
    for fam in ("ip", "ip6"):
        want |= {("chain", fam, TABLE, "in"), ("chain", fam, TABLE, "out"), ("set", fam, TABLE, "vips")}
    want |= {("chain", "ip6", TABLE, "in_link_local"), ("chain", "ip6", TABLE, "out_link_local"),
             ("set", "ip6", TABLE, "neighbor-discovery"), ("set", "ip6", TABLE, "vips_link_local")}
    t.check(ours(objs) == want, "master: objects %s, keepalived made %s"
            % (sorted(ours(objs) - want), sorted(want - ours(objs))))
    for fam in ("ip", "ip6"):
        for chain, hook in (("in", "input"), ("out", "output")):
            c = objs.get(("chain", fam, TABLE, chain), {})
            t.check((c.get("hook"), c.get("prio"), c.get("policy")) == (hook, 7, "accept"),
                    "%s %s: hook %s prio %s (keepalived: %s 7 accept)" % (fam, chain, c.get("hook"),
                                                                          c.get("prio"), hook))
    t.check(elems(objs, "ip", "vips") == {V.VIP4, VIP4B}, "ip vips: %s" % elems(objs, "ip", "vips"))
    t.check(elems(objs, "ip6", "vips") == {V.VIP6}, "ip6 vips: %s" % elems(objs, "ip6", "vips"))
    t.check(elems(objs, "ip6", "vips_link_local") == {LL + " . eth0"},
            "ip6 vips_link_local: %s (keepalived: fe80::100 . eth0)" % elems(objs, "ip6", "vips_link_local"))
    nd = objs.get(("set", "ip6", TABLE, "neighbor-discovery"), {})
    t.check(set(nd.get("elem", [])) == {"nd-neighbor-solicit", "nd-neighbor-advert"},
            "neighbor-discovery set: %s" % nd.get("elem"))
    mine = [r for r in rules if r["table"] == TABLE]
    counted = [r for r in mine if any("counter" in e for e in r["expr"])]
    t.check(len(mine) == 10 and len(counted) == len(mine),
            "%d rules, %d with a counter (keepalived: 10, all with nftables_counters)" % (len(mine), len(counted)))
    drops = {(r["family"], r["chain"]) for r in mine if any("drop" in e for e in r["expr"])}
    t.check(drops == {("ip", "in"), ("ip", "out"), ("ip6", "in"), ("ip6", "out"),
                      ("ip6", "in_link_local"), ("ip6", "out_link_local")}, "drop rules in %s" % sorted(drops))


def test_nftables_keepalived_layout(t):
    """No table at Backup; keepalived's tables at Master; emptied sets after
    losing Master; gone at stop."""
    net = t.net(2)
    hi, lo = net.node(1), net.node(2)
    for node, prio in ((hi, 150), (lo, 100)):
        node.write_conf(V.global_defs(node.name, GLOBAL) + V.vrrp_instance(prio=prio, **INST))
    hi.start()
    ok, _ = net.wait_holders([hi.name], V.master_down_interval(150) + 3)
    t.check(ok, "%s did not become master: holders %s" % (hi.name, net.holders()))
    lo.start()
    V.wait_for(lambda: "BACKUP" in lo.log(), 5)
    time.sleep(1.5)
    t.check(not ours(ruleset(lo)[0]), "backup (never master): objects %s" % sorted(ours(ruleset(lo)[0])))
    check_master_layout(t, hi)
    # lo takes over when hi stops, then gives the VIP back when hi returns
    hi.stop()
    t.check(not ours(ruleset(hi)[0]), "after stop: objects left %s" % sorted(ours(ruleset(hi)[0])))
    ok, _ = net.wait_holders([lo.name], V.master_down_interval(100) + 3)
    t.check(ok, "%s did not take over: holders %s" % (lo.name, net.holders()))
    check_master_layout(t, lo)
    hi.start()
    ok, _ = net.wait_holders([hi.name], V.master_down_interval(150) + 3)
    t.check(ok, "%s did not take back: holders %s" % (hi.name, net.holders()))
    V.wait_for(lambda: not elems(ruleset(lo)[0], "ip", "vips"), 2)
    objs = ruleset(lo)[0]
    t.check(("table", "ip", TABLE, TABLE) in objs and ("table", "ip6", TABLE, TABLE) in objs,
            "back at Backup: the tables went (keepalived keeps them)")
    left = {n: elems(objs, f, n) for f, n in (("ip", "vips"), ("ip6", "vips"), ("ip6", "vips_link_local"))}
    t.check(not any(left.values()), "back at Backup: elements left %s" % left)


def test_nftables_default_priority_ifindex(t):
    """`nftables` alone: table keepalived, priority -1, no counters."""
    net = t.net(2)
    inst = dict(vips=(V.VIP4 + "/24",), extra="    no_accept")
    master = V.start_cluster(net, [150, 100], global_extra="    nftables\n    nftables_ifindex\n", **inst)
    V.wait_for(lambda: ("set", "ip", "keepalived", "vips") in ruleset(master)[0], 2)
    objs, rules = ruleset(master)
    c = objs.get(("chain", "ip", "keepalived", "in"), {})
    t.check((c.get("hook"), c.get("prio")) == ("input", -1), "chain in: %s %s (keepalived: input -1)"
            % (c.get("hook"), c.get("prio")))
    v = objs.get(("set", "ip", "keepalived", "vips"), {}).get("elem", [])
    t.check(v == [V.VIP4], "vips %s" % v)
    t.check(not [r for r in rules if any("counter" in e for e in r["expr"])], "counters without nftables_counters")
    t.check(("table", "ip6", "keepalived", "keepalived") not in objs, "an ip6 table without IPv6 VIPs")


def test_disable_local_igmp(t):
    """net.ipv4.igmp_link_local_mcast_reports: 0 while running, 1 after stop."""
    net = t.net(1)
    node = net.node(1)
    key = "net.ipv4.igmp_link_local_mcast_reports"

    def value():
        return V.run(["sysctl", "-n", key], ns=node.ns).strip()

    t.check(value() == "1", "%s starts at %s" % (key, value()))
    node.write_conf(V.global_defs(node.name, "    disable_local_igmp\n") + V.vrrp_instance(prio=100))
    node.start()
    V.wait_for(lambda: value() == "0", 3)
    t.check(value() == "0", "running: %s = %s (keepalived: 0)" % (key, value()))
    node.stop()
    t.check(value() == "1", "stopped: %s = %s (keepalived: 1 again)" % (key, value()))
