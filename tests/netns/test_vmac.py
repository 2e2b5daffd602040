# SPDX-License-Identifier: GPL-2.0-or-later
"""vmacs: keepalived.conf vmac_prefix, vmac_addr_prefix, use_vmac_addr and
use_ipvlan, on the host and on the wire.

Observed with keepalived 2.2.7 (this file run with --daemon
/usr/sbin/keepalived): with vmac_prefix vgx and vmac_addr_prefix vga, an
IPv4 instance of VRID 7 with use_vmac and use_vmac_addr gets vgx.7 on eth0
and, for its VIP on eth1, vga.7 on eth1 (macvlan mode private, MAC
00:00:5e:00:01:07, the VIP on it, its gratuitous ARPs from that MAC); an
IPv6 instance of the same VRID gets vgx6.7 (vgx.7 is taken), one of VRID 9
vgx.9; all gone after SIGTERM.
"""
import json

import vgnet as V

VMAC_CONF = """
vrrp_instance A {
    state BACKUP
    interface eth0
    virtual_router_id 7
    priority 150
    advert_int 1
    use_vmac
    use_vmac_addr
    virtual_ipaddress {
        192.0.2.40/26
        192.0.2.100/26 dev eth1
    }
}
vrrp_instance B {
    state BACKUP
    interface eth0
    virtual_router_id 7
    priority 150
    advert_int 1
    use_vmac
    virtual_ipaddress {
        2001:db8::107/64
    }
}
vrrp_instance C {
    state BACKUP
    interface eth0
    virtual_router_id 9
    priority 150
    advert_int 1
    use_vmac
    virtual_ipaddress {
        2001:db8::109/64
    }
}
"""


def links(n):
    out = {}
    for x in json.loads(n.run(["ip", "-d", "-j", "link", "show"])):
        info = x.get("linkinfo", {})
        out[x["ifname"]] = {"mac": x.get("address"), "kind": info.get("info_kind"),
                            "mode": info.get("info_data", {}).get("mode"),
                            "parent": x.get("link")}
    return out


def addrs_on(n, dev):
    try:
        return n.addrs(dev)
    except Exception:  # the link is not there (yet)
        return []


def test_vmac_names_and_use_vmac_addr(t):
    net = t.net(1, segments=2)
    n = net.node(1)
    cap = net.capture(bridge="br1")
    n.write_conf(V.global_defs("n1", "    vmac_prefix vgx\n    vmac_addr_prefix vga\n") + VMAC_CONF)
    n.start()
    ok, _ = V.wait_for(lambda: "192.0.2.100" in addrs_on(n, "vga.7"), 8)
    t.check(ok, "192.0.2.100 is not on vga.7: links %s" % sorted(links(n)))
    ls = links(n)
    want = {"vgx.7": ("00:00:5e:00:01:07", "eth0"), "vga.7": ("00:00:5e:00:01:07", "eth1"),
            "vgx6.7": ("00:00:5e:00:02:07", "eth0"), "vgx.9": ("00:00:5e:00:02:09", "eth0")}
    for name, (mac, parent) in want.items():
        got = ls.get(name)
        t.check(got and got["kind"] == "macvlan" and got["mode"] == "private" and got["mac"] == mac
                and got["parent"] == parent, "%s: %s (want macvlan private %s on %s)" % (name, got, mac, parent))
    t.check("192.0.2.40" in addrs_on(n, "vgx.7"), "192.0.2.40 not on vgx.7: %s" % n.addrs("vgx.7"))
    V.wait_for(lambda: False, 1.0)
    pkts = cap.stop()
    g = V.garps(pkts, "192.0.2.100")
    t.check(g and {p["src_mac"] for p in g} == {"00:00:5e:00:01:07"},
            "gratuitous ARPs for 192.0.2.100 on eth1 from %s" % sorted({p["src_mac"] for p in g}))
    n.stop()
    left = [k for k in links(n) if k.startswith(("vgx", "vga"))]
    t.check(not left, "vmacs left after SIGTERM: %s" % left)
