# SPDX-License-Identifier: GPL-2.0-or-later
"""BFD interop (docs/bfd.md): vigild's bfd_instance against FRR's bfdd (Debian
package frr) and against keepalived 2.2.7's bfd_instance, in namespaces
vgbfd-<pid>-*.  Three nodes: n1 and n2 run vigild with one VRRP instance
(n1 priority 150, n2 100); n1's instance tracks (track_bfd, weight 0) a BFD
session to n3, which runs the peer (bfdd or keepalived).

  bfd_frr, bfd_keepalived:
    - the session comes Up (both sides say so) and n1 holds the VIP;
    - the peer is killed (SIGKILL: no AdminDown): n1's session goes Down
      within the Detection Time (RFC 5880 6.8.4: the peer's Detect Mult x
      max(our Required Min RX, its Desired Min TX) = 3 x 100 ms) after the
      peer's last packet, n1's instance goes to Fault, the VIP moves to n2;
    - the peer starts again: the session comes Up, the VIP returns to n1;
    - n1's BFD packets on the wire (captured on the bridge): UDP to 3784
      from a port in 49152..65535 (RFC 5881 4), TTL 255 (RFC 5881 5),
      version 1, Detect Mult 3, My Discriminator non-zero and constant,
      Desired Min TX 1,000,000 us while not Up and 100,000 us once Up
      (RFC 5880 6.8.3), Required Min RX 100,000 us, Echo 0, no A/D/M bits,
      never P and F together (6.5).
Skipped without FRR (scripts/setup installs it) or keepalived."""
import json
import os
import signal
import struct
import time

import frrnode
import vgnet as V

VRID = 52
MIN_MS = 100
MULT = 3
DETECT = MULT * MIN_MS / 1000.0
TOL = 0.15  # scheduling on a loaded 2-core machine (the detection itself is exact)
KEEPALIVED = "/usr/sbin/keepalived"


def bfd_instance(name, nbr, src):
    return ("bfd_instance %s {\n    neighbor_ip %s\n    source_ip %s\n    min_rx %d\n"
            "    min_tx %d\n    multiplier %d\n}\n" % (name, nbr, src, MIN_MS, MIN_MS, MULT))


class FrrBfd:
    """FRR's bfdd in n3's namespace, with its own config, pid, vty and control socket."""

    def __init__(self, node, peer_ip):
        self.node = node
        self.dir = os.path.join(node.net.workdir, "frr-%s" % node.name)
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o777)
        os.chmod(node.net.workdir, 0o711)
        self.peer_ip = peer_ip
        self.proc = None

    def start(self):
        conf = os.path.join(self.dir, "bfdd.conf")
        with open(conf, "w") as f:
            f.write("frr defaults traditional\n!\nbfd\n peer %s local-address %s\n"
                    "  receive-interval %d\n  transmit-interval %d\n  detect-multiplier %d\n"
                    " !\n!\n" % (self.peer_ip, self.node.ip, MIN_MS, MIN_MS, MULT))
        os.chmod(conf, 0o644)
        vty = os.path.join(self.dir, "bfdd.vty")
        if os.path.exists(vty):
            os.unlink(vty)
        argv = [os.path.join(frrnode.FRR_LIB, "bfdd"), "--vty_socket", self.dir,
                "--bfdctl", os.path.join(self.dir, "bfdd.sock"),
                "-z", os.path.join(self.dir, "zserv.api"), "-P", "0",
                "-i", os.path.join(self.dir, "bfdd.pid"), "-f", conf, "--log", "stdout"]
        self.proc = V.Proc(argv, self.node.ns, os.path.join(self.dir, "bfdd.log"), "frr-bfdd")
        self.node.net.procs.append(self.proc)
        ok, _ = V.wait_for(lambda: os.path.exists(vty) or not self.proc.alive(), 15, 0.05)
        if not ok or not self.proc.alive():
            raise RuntimeError("bfdd did not start: %s" % self.proc.text()[-800:])

    def up(self):
        r = V.run([frrnode.VTYSH, "--vty_socket", self.dir, "-c", "show bfd peers json"],
                  ns=self.node.ns, check=False, timeout=20)
        try:
            peers = json.loads(r or "[]")
        except ValueError:
            return False
        return any(p.get("peer") == self.peer_ip and p.get("status") == "up" for p in peers)

    def kill(self):
        self.proc.kill9_tree()

    def log(self):
        return self.proc.text() if self.proc else ""


class KeepalivedBfd:
    """keepalived 2.2.7 in n3's namespace with one bfd_instance (its bfd process)."""

    def __init__(self, node, peer_ip):
        self.node = node
        self.peer_ip = peer_ip

    def start(self):
        self.node.write_conf(V.global_defs("n3") + bfd_instance("B1", self.peer_ip, self.node.ip))
        # after the kill -9 its children can linger as zombies nobody reaps here, which
        # keepalived takes for "daemon is already running": start from no pid files
        for f in ("n3.pid", "n3-vrrp.pid", "n3-checkers.pid", "n3-bfd.pid"):
            path = os.path.join(self.node.net.workdir, f)
            if os.path.exists(path):
                os.unlink(path)
        # its BFD child's pid file in the work directory too (else /run/keepalived_bfd.pid,
        # shared with any other keepalived, and left behind by the kill -9)
        self.node.start(daemon=KEEPALIVED, side=None, extra_args=[
            "-b", os.path.join(self.node.net.workdir, "n3-bfd.pid")])

    def up(self):
        """keepalived 2.2.7's bfd process logs "(B1) Entering Up state" / "... Down state"."""
        if not (self.node.daemon and self.node.daemon.alive()):
            return False
        last = [ln for ln in self.node.log().splitlines() if "(B1) Entering" in ln]
        return bool(last) and last[-1].rstrip().endswith("Entering Up state")

    def kill(self):
        self.node.kill9()

    def log(self):
        return self.node.log()


def vigild_conf(node, prio, peer=None):
    text = V.global_defs(node.name)
    track = ""
    if peer is not None:
        text += bfd_instance("B1", peer.ip, node.ip)
        track = "    track_bfd {\n        B1\n    }"
    return text + V.vrrp_instance(vrid=VRID, prio=prio, extra=track)


def bfd_packets(path):
    """(t, src, dst, ttl, sport, dport, payload) of the UDP datagrams to or from 3784 in a pcap."""
    out = []
    with open(path, "rb") as f:
        gh = f.read(24)
        if len(gh) < 24:
            return out
        nano = struct.unpack("<I", gh[:4])[0] == 0xa1b23c4d
        while True:
            rh = f.read(16)
            if len(rh) < 16:
                break
            sec, frac, incl, _ = struct.unpack("<IIII", rh)
            data = f.read(incl)
            if len(data) < incl or len(data) < 14 + 20 + 8:
                continue
            if struct.unpack("!H", data[12:14])[0] != 0x0800:
                continue
            ip = data[14:]
            ihl = (ip[0] & 0xF) * 4
            if ip[9] != 17:
                continue
            udp = ip[ihl:]
            sport, dport = struct.unpack("!HH", udp[:4])
            out.append((sec + frac / (1e9 if nano else 1e6), ".".join(map(str, ip[12:16])),
                        ".".join(map(str, ip[16:20])), ip[8], sport, dport, udp[8:]))
    return out


def decode(b):
    """RFC 5880 4.1 fields."""
    if len(b) < 24:
        return None
    mult, length = b[2], b[3]
    my, your, tx, rx, echo = struct.unpack("!IIIII", b[4:24])
    return {"ver": b[0] >> 5, "diag": b[0] & 0x1f, "state": b[1] >> 6, "P": bool(b[1] & 0x20),
            "F": bool(b[1] & 0x10), "A": bool(b[1] & 0x04), "D": bool(b[1] & 0x02),
            "M": bool(b[1] & 0x01), "mult": mult, "len": length, "my": my, "your": your,
            "tx": tx, "rx": rx, "echo": echo}


def log_time(log, text, near):
    """The wall-clock time of the first log line with text (vigild stamps its lines with the
    local time of day, the capture with the epoch: both CLOCK_REALTIME)."""
    for ln in log.splitlines():
        if text not in ln:
            continue
        # "Sun Dec 06 11:01:00.337209: ..."
        try:
            hms = ln.split()[3].rstrip(":")
            h, m, sec = hms.split(":")
        except (IndexError, ValueError):
            continue
        lt = time.localtime(near)
        midnight = time.mktime((lt.tm_year, lt.tm_mon, lt.tm_mday, 0, 0, 0, 0, 0, -1))
        return midnight + int(h) * 3600 + int(m) * 60 + float(sec)
    return None


def check_wire(t, pkts, src):
    mine = [p for p in pkts if p[1] == src and p[5] == 3784]
    t.check(mine, "no BFD packet from %s captured" % src)
    discs = set()
    states = set()
    for (_, _, _, ttl, sport, _, payload) in mine:
        f = decode(payload)
        t.check(f is not None, "short BFD packet from %s" % src)
        t.check(49152 <= sport <= 65535, "source port %d outside 49152..65535 (RFC 5881 4)" % sport)
        t.check(ttl == 255, "TTL %d, not 255 (RFC 5881 5)" % ttl)
        t.check(f["ver"] == 1, "version %d" % f["ver"])
        t.check(f["mult"] == MULT, "Detect Mult %d" % f["mult"])
        t.check(f["len"] == 24 and len(payload) == 24, "length %d / %d" % (f["len"], len(payload)))
        t.check(f["my"] != 0, "My Discriminator zero")
        t.check(not (f["A"] or f["D"] or f["M"]), "A/D/M bit set: %s" % f)
        t.check(not (f["P"] and f["F"]), "P and F together (RFC 5880 6.5): %s" % f)
        t.check(f["rx"] == MIN_MS * 1000, "Required Min RX %d us" % f["rx"])
        t.check(f["echo"] == 0, "Required Min Echo RX %d" % f["echo"])
        if f["state"] == 3:
            t.check(f["tx"] in (MIN_MS * 1000, 1000000), "Up: Desired Min TX %d us" % f["tx"])
        else:
            t.check(f["tx"] == 1000000, "not Up: Desired Min TX %d us, not 1 s (RFC 5880 6.8.3)"
                    % f["tx"])
            t.check(f["your"] == 0 or f["state"] == 2,
                    "Down with Your Discriminator %d" % f["your"])
        discs.add(f["my"])
        states.add(f["state"])
    t.check(len(discs) == 1, "My Discriminator changed: %s" % discs)
    t.check(3 in states and 1 in states, "states seen on the wire: %s" % sorted(states))
    up_fast = [decode(p[6]) for p in mine if decode(p[6])["state"] == 3
               and decode(p[6])["tx"] == MIN_MS * 1000]
    t.check(up_fast, "no Up packet with Desired Min TX %d us" % (MIN_MS * 1000))


def run(t, kind):
    if kind == "frr":
        miss = None if os.access(os.path.join(frrnode.FRR_LIB, "bfdd"), os.X_OK) else "bfdd"
        if miss or frrnode.available():
            t.skip("FRR not installed: %s" % (miss or frrnode.available()))
    elif not os.access(KEEPALIVED, os.X_OK):
        t.skip("keepalived not installed")
    net = t.net(3, pid_prefix="vgbfd-")
    n1, n2, n3 = net.node(1), net.node(2), net.node(3)
    cap = net.capture(filt="udp port 3784 or ip proto 112")
    peer = FrrBfd(n3, n1.ip) if kind == "frr" else KeepalivedBfd(n3, n1.ip)
    peer.start()
    n2.write_conf(vigild_conf(n2, 100))
    n2.start()
    n1.write_conf(vigild_conf(n1, 150, n3))
    n1.start()
    ok, _ = V.wait_for(lambda: peer.up() and n1.holds() and not n2.holds(), 20, 0.1)
    t.check(ok, "session not Up / VIP not on n1: peer up %s, n1 %s, n2 %s\nn1: %s\npeer: %s"
            % (peer.up(), n1.holds(), n2.holds(), n1.log()[-1500:], peer.log()[-1500:]))
    t.check("BFD_Instance(B1) Init -> Up" in n1.log() or "BFD_Instance(B1) Down -> Up" in n1.log(),
            "n1 did not log the session Up: %s" % n1.log()[-1000:])
    time.sleep(1.0)
    # the peer dies without a word
    t_kill = time.time()
    peer.kill()
    ok, _ = V.wait_for(lambda: n2.holds() and not n1.holds(), 10, 0.05)
    t.check(ok, "VIP did not move to n2: n1 %s, n2 %s\n%s" % (n1.holds(), n2.holds(),
                                                             n1.log()[-1500:]))
    t.check("BFD_Instance(B1) Up -> Down, diagnostic: control detection time expired" in n1.log(),
            "n1 did not log Up -> Down (detection time): %s" % n1.log()[-1500:])
    t.check("Entering FAULT" in n1.log() or "FAULT" in n1.log(), "n1 not in Fault: %s"
            % n1.log()[-1500:])
    # the detection: from the peer's last packet to n1's first packet in Down (diag 1)
    pkts = bfd_packets(cap.path)
    last_peer = max((p[0] for p in pkts if p[1] == n3.ip and p[5] == 3784 and p[0] < t_kill + 1),
                    default=None)
    t.check(last_peer is not None, "no packet from the peer captured")
    down = log_time(n1.log(), "BFD_Instance(B1) Up -> Down", last_peer)
    t.check(down is not None, "no Up -> Down in n1's log")
    took = down - last_peer
    t.diag("%s: Down %.3f s after the peer's last packet (Detection Time %.3f s)" % (kind, took, DETECT))
    t.check(took <= DETECT + TOL, "Down %.3f s after the peer's last packet: more than the "
            "Detection Time %.3f s (RFC 5880 6.8.4) + %.2f" % (took, DETECT, TOL))
    t.check(took >= DETECT * 0.75 - 0.02, "Down only %.3f s after the peer's last packet" % took)
    # the peer comes back
    peer.start()
    ok, _ = V.wait_for(lambda: peer.up() and n1.holds() and not n2.holds(), 20, 0.1)
    t.check(ok, "VIP did not return to n1: peer up %s, n1 %s, n2 %s\n%s"
            % (peer.up(), n1.holds(), n2.holds(), n1.log()[-1500:]))
    time.sleep(0.5)
    check_wire(t, bfd_packets(cap.path), n1.ip)
    n1.stop()
    n2.stop()


def test_bfd_frr(t):
    run(t, "frr")


def test_bfd_keepalived(t):
    run(t, "keepalived")
