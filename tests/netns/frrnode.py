# SPDX-License-Identifier: GPL-2.0-or-later
"""frrnode: FRR's zebra + vrrpd (Debian package frr) on a vgnet node.

FRR runs inside the node's namespace in the foreground (started with
vgnet.Proc, ended by PID), with everything of its own in a directory of the
net's work directory: configuration files, pid files, the vty sockets
(--vty_socket) and zebra's API socket (-z), so that it shares nothing with
an FRR of the host or another node; `vtysh --vty_socket DIR` talks to it.
The daemons drop privileges to the frr user (FRR's default), so that
directory is world-writable and the work directory traversable.

FRR's vrrpd does not create interfaces: a virtual router needs a macvlan on
the parent interface with the virtual MAC (00:00:5e:00:01:VRID for IPv4,
00:00:5e:00:02:VRID for IPv6) and the virtual address on it, made here as
FRR's documentation says ("Macvlan Configuration").  vrrpd keeps that
macvlan protodown while Backup; so a node's VIP does not tell its state:
state() reads `show vrrp json`.
"""
import json
import os
import signal

import vgnet as V

FRR_LIB = "/usr/lib/frr"
VTYSH = "/usr/bin/vtysh"


def available():
    """None when FRR's zebra, vrrpd and vtysh are installed, else what is missing."""
    miss = [p for p in (os.path.join(FRR_LIB, "zebra"), os.path.join(FRR_LIB, "vrrpd"), VTYSH)
            if not os.access(p, os.X_OK)]
    return " ".join(miss) if miss else None


def vmac(vrid, family):
    """RFC 5798 7.3: the virtual router MAC address."""
    return "00:00:5e:00:%02x:%02x" % (1 if family == 4 else 2, vrid)


class Frr:
    """zebra + vrrpd on node, one virtual router (vrid) of one family with
    the addresses vips."""

    def __init__(self, node, vrid, version, family, vips, prio, adv_ms=1000, iface="eth0"):
        self.node = node
        self.vrid = vrid
        self.version = version
        self.family = family
        self.vips = [vips] if isinstance(vips, str) else list(vips)  # without prefix length
        self.plen = 24 if family == 4 else 64
        self.prio = prio
        self.adv_ms = adv_ms
        self.iface = iface
        self.dir = os.path.join(node.net.workdir, "frr-%s" % node.name)
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o777)
        os.chmod(node.net.workdir, 0o711)
        self.mvl = "vrrp%d-%d" % (family, vrid)
        self.zebra = None
        self.vrrpd = None
        self.vrrpd_starts = 0
        self.log_mark = 0

    # ------------------------------------------------------------ set-up

    def make_macvlan(self):
        """The macvlan vrrpd needs: virtual MAC, VIP, up.  The kernel here
        refuses addrgenmode at creation (RTNETLINK: Address family not
        supported), so it is set afterwards."""
        ns = self.node.ns
        V.run(["ip", "link", "add", self.mvl, "link", self.iface, "type", "macvlan",
               "mode", "bridge"], ns=ns)
        V.run(["ip", "link", "set", "dev", self.mvl, "addrgenmode", "random"], ns=ns)
        V.run(["ip", "link", "set", "dev", self.mvl, "address", vmac(self.vrid, self.family)],
              ns=ns)
        for vip in self.vips:
            argv = ["ip", "addr", "add", "%s/%d" % (vip, self.plen), "dev", self.mvl]
            V.run(argv + (["nodad"] if self.family == 6 else []), ns=ns)
        V.run(["ip", "link", "set", "dev", self.mvl, "up"], ns=ns)

    def config(self, prio=None):
        """vrrpd's configuration: one virtual router on the parent interface.
        `debug vrrp packets` makes vrrpd log every datagram it rejects
        ("Datagram invalid: ..."), which the tests look for."""
        prio = self.prio if prio is None else prio
        r = "vrrp %d" % self.vrid
        lines = ["frr defaults traditional", "debug vrrp protocol", "debug vrrp packets",
                 "!", "interface %s" % self.iface,
                 " %s version %d" % (r, self.version),
                 " %s priority %d" % (r, prio),
                 " %s advertisement-interval %d" % (r, self.adv_ms),
                 ] + [" %s %s %s" % (r, "ip" if self.family == 4 else "ipv6", vip)
                      for vip in self.vips] + ["!", ""]
        return "\n".join(lines)

    def _common(self, name):
        return ["--vty_socket", self.dir, "-z", os.path.join(self.dir, "zserv.api"),
                "-P", "0", "-i", os.path.join(self.dir, "%s.pid" % name),
                "-f", os.path.join(self.dir, "%s.conf" % name), "--log", "stdout"]

    def _start(self, name):
        path = os.path.join(self.dir, "%s.conf" % name)
        with open(path, "w") as f:
            f.write(self.config() if name == "vrrpd" else "frr defaults traditional\n")
        os.chmod(path, 0o644)
        vty = os.path.join(self.dir, "%s.vty" % name)
        if os.path.exists(vty):
            os.unlink(vty)
        proc = V.Proc([os.path.join(FRR_LIB, name)] + self._common(name), self.node.ns,
                      os.path.join(self.dir, "%s.log" % name), "frr-" + name)
        self.node.net.procs.append(proc)
        ok, _ = V.wait_for(lambda: os.path.exists(vty) or not proc.alive(), 15, 0.05)
        if not proc.alive() or not os.path.exists(vty):
            raise RuntimeError("FRR %s did not start: %s" % (name, proc.text()[-800:]))
        return proc

    def start(self):
        """The macvlan (first time), zebra, vrrpd."""
        if self.zebra is None:
            self.make_macvlan()
            self.zebra = self._start("zebra")
        self.start_vrrpd()

    def start_vrrpd(self, prio=None):
        if prio is not None:
            self.prio = prio
        if self.vrrpd is not None and self.vrrpd.alive():
            raise RuntimeError("vrrpd already running")
        path = os.path.join(self.dir, "vrrpd.log")
        self.log_mark = os.path.getsize(path) if os.path.exists(path) else 0
        self.vrrpd = self._start("vrrpd")
        self.vrrpd_starts += 1
        ok, _ = V.wait_for(lambda: self.router() is not None, 10, 0.1)
        if not ok:
            raise RuntimeError("vrrpd has no virtual router %d: %s" % (self.vrid, self.vtysh(
                "show vrrp")))

    # ------------------------------------------------------------ control

    def vtysh(self, *cmds, check=False):
        argv = [VTYSH, "--vty_socket", self.dir]
        for c in cmds:
            argv += ["-c", c]
        return V.run(argv, ns=self.node.ns, check=check, timeout=20)

    def configure(self, *lines):
        """Lines under `interface IFACE` in configure mode."""
        return self.vtysh("configure terminal", "interface %s" % self.iface, *lines, check=True)

    def set_priority(self, prio):
        self.prio = prio
        self.configure("vrrp %d priority %d" % (self.vrid, prio))

    def router(self):
        """`show vrrp json`'s object of our VRID (None: vrrpd not answering)."""
        try:
            doc = json.loads(self.vtysh("show vrrp json") or "null")
        except (ValueError, RuntimeError):
            return None
        if isinstance(doc, list):
            doc = next((r for r in doc if r.get("vrid") == self.vrid), None)
        return doc or None

    def sub(self):
        """The v4 or v6 part of router(): status, stats, masterDownInterval..."""
        r = self.router()
        return (r or {}).get("v4" if self.family == 4 else "v6")

    def state(self):
        """"Master", "Backup", "Initialize" or None (vrrpd down)."""
        s = self.sub()
        return s.get("status") if s else None

    def stats(self):
        s = self.sub()
        return dict(s.get("stats", {})) if s else {}

    def vrrpd_log(self):
        """vrrpd's log since its last start."""
        if not self.vrrpd:
            return ""
        return self.vrrpd.text()[self.log_mark:]

    def rejected(self):
        """vrrpd's log lines about datagrams it refused (needs `debug vrrp packets`)."""
        if not self.vrrpd:
            return []
        return [ln for ln in self.vrrpd.text().splitlines() if "Datagram invalid" in ln
                or "Datagram has" in ln]

    # ------------------------------------------------------------ stopping

    def kill9_vrrpd(self):
        if self.vrrpd:
            self.vrrpd.kill9_tree()

    def stop_vrrpd(self, sig=signal.SIGTERM):
        if self.vrrpd:
            self.vrrpd.stop(sig, 10)

    def stop(self):
        for p in (self.vrrpd, self.zebra):
            if p:
                p.stop(signal.SIGTERM, 10)

    def logs(self, lines=15):
        """The last lines of both daemons' logs (diagnostics of a failure)."""
        out = []
        for p in (self.zebra, self.vrrpd):
            if p:
                out += ["%s: %s" % (p.name, ln) for ln in p.text().splitlines()[-lines:]]
        return out
