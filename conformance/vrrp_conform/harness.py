# SPDX-License-Identifier: GPL-2.0-or-later
"""What a test runs against: one node under test, adverts of other routers in, frames out.

Both harnesses have the same interface, so every test is written once:

    r = h.run(config, inputs=[(t, frame), ...], until=8.0, shutdown_at=None)
    r.out_adverts()        # adverts the node sent, in time order (Frame objects)
    r.events               # offline only: `vigil conform` JSON lines; None live

Times are seconds since the node's Startup (time 0). h.tol_abs is the
tolerance of a time measured from Startup, h.tol_rel of a time measured from
another frame on the wire (offline both are zero, up to pcap microseconds).

The node under test has the address 192.0.2.10 (IPv4), fe80::10 (its IPv6
link-local primary) and 2001:db8::10, and the MAC NODE_MAC; other routers are
crafted with addresses 192.0.2.5 / fe80::5 (lower than the node's) and
192.0.2.20 / fe80::20 (higher).
"""

import json
import os
import subprocess

from . import packets
from .registry import check

NODE4, NODE6 = "192.0.2.10", "fe80::10"
NODE_GLOBAL6 = "2001:db8::10"
NODE_MAC = "02:00:00:00:00:10"
LOW4, HIGH4, LOW6, HIGH6 = "192.0.2.5", "192.0.2.20", "fe80::5", "fe80::20"
PEER_MACS = {"192.0.2.5": "02:00:00:00:01:05", "192.0.2.20": "02:00:00:00:01:20",
             "fe80::5": "02:00:00:00:01:05", "fe80::20": "02:00:00:00:01:20"}
IFACE = "vd"


def config(version=3, family=4, vrid=51, priority=100, adver_int=1.0, vips=None, auth_pass=None,
           auth_ah=False, strict=False, use_vmac=False, nopreempt=False, state=None, extra=""):
    """A keepalived.conf with one vrrp_instance VI_1 on interface vd.

    An address owner (priority 255) is written `state MASTER`, as keepalived
    users write it: keepalived 2.2 starts an owner written `state BACKUP` in
    Backup for a Master_Down_Interval, against RFC 5798 6.4.1.
    """
    if state is None:
        state = "MASTER" if priority == 255 else "BACKUP"
    if vips is None:
        vips = ["192.0.2.100"] if family == 4 else ["2001:db8::100"]
    plen = 24 if family == 4 else 64
    lines = ["global_defs {", "    router_id vgcf"]
    if strict:
        lines.append("    vrrp_strict")
    lines += ["}", "vrrp_instance VI_1 {", "    state %s" % state, "    interface %s" % IFACE,
              "    virtual_router_id %d" % vrid, "    priority %d" % priority,
              "    advert_int %g" % adver_int, "    version %d" % version]
    if nopreempt:
        lines.append("    nopreempt")
    if use_vmac:
        lines.append("    use_vmac")
    if auth_pass is not None or auth_ah:
        lines += ["    authentication {", "        auth_type %s" % ("AH" if auth_ah else "PASS"),
                  "        auth_pass %s" % (auth_pass or "secret"), "    }"]
    lines.append("    virtual_ipaddress {")
    lines += ["        %s/%d" % (v, plen) for v in vips]
    lines.append("    }")
    if extra:
        lines.append(extra)
    lines.append("}")
    return "\n".join(lines) + "\n"


class Result:
    def __init__(self, frames, events, tshark_bad, tshark_prio, workdir):
        self.frames = frames            # all frames, in and out, in time order
        self.events = events            # list of dicts, or None (live)
        self.tshark_bad = tshark_bad    # frames tshark calls malformed / expert errors (output only)
        self.tshark_prio = tshark_prio  # vrrp.prio of each output advert as tshark reads it
        self.workdir = workdir

    def out(self, kind=None):
        return [f for f in self.frames if f.dir == "out" and (kind is None or f.kind == kind)]

    def out_adverts(self):
        return self.out("vrrp")

    def first_advert_time(self, after=-1.0, priority=None):
        for f in self.out_adverts():
            if f.t > after and (priority is None or f.priority == priority):
                return f.t
        return None

    def drops(self):
        return [e["drop"] for e in self.events or [] if "drop" in e]

    def describe(self):
        shown = [f for f in self.frames if f.kind != "other" and f.dir != "peer"]
        return " ".join(repr(f) for f in shown[:12]) + (" ..." if len(shown) > 12 else "")


def tshark_check(pcap):
    """(frames tshark flags as malformed or expert errors, [vrrp.prio of each VRRP frame]).

    One tshark pass; the VRRPv3 checksum preference is set so that tshark
    checks v3 checksums with the pseudo-header (RFC 5798 5.2.8).
    """
    p = subprocess.run(["tshark", "-r", pcap, "-o", "vrrp.v3_checksum_as_in_v2:FALSE",
                        "-Y", "vrrp || _ws.malformed || _ws.expert.severity >= error",
                        "-T", "fields", "-E", "separator=|", "-e", "vrrp.prio", "-e", "_ws.malformed",
                        "-e", "_ws.expert.severity"], capture_output=True, text=True, check=False)
    bad, prio = 0, []
    for line in p.stdout.splitlines():
        fields = (line.split("|") + ["", "", ""])[:3]
        severities = [int(x, 0) for x in fields[2].split(",") if x.strip()]
        if fields[1] or any(s >= 0x00800000 for s in severities):  # PI_ERROR
            bad += 1
        if fields[0]:
            prio.append(int(fields[0]))
    return bad, prio


def checked(result):
    """Every run: tshark's dissector must find nothing malformed in what the node sent."""
    check(result.tshark_bad == 0, "tshark: %d frames the node sent are malformed or have expert errors (%s)"
          % (result.tshark_bad, result.workdir))
    return result


class Offline:
    """`vigil conform` on the simulator: input pcap in, output pcap out, virtual time."""

    name = "offline"
    tol_abs = 2e-6
    tol_rel = 2e-6
    START = 1_700_000_000.0  # the epoch of time 0 in the pcaps

    def __init__(self, vigil, workdir):
        self.vigil = vigil
        self.workdir = workdir
        self.count = 0

    def run(self, conf_text, inputs=(), until=8.0, shutdown_at=None):
        from scapy.all import wrpcap

        self.count += 1
        d = os.path.join(self.workdir, "run%03d" % self.count)
        os.makedirs(d, exist_ok=True)
        conf_path, in_path, out_path = (os.path.join(d, n) for n in ("keepalived.conf", "in.pcap", "out.pcap"))
        with open(conf_path, "w") as f:
            f.write(conf_text)
        pkts = []
        for t, frame in inputs:
            p = frame.copy()
            p.time = self.START + t
            pkts.append(p)
        wrpcap(in_path, pkts, linktype=1)
        cmd = [self.vigil, "conform", "--config", conf_path, "--in", in_path, "--out", out_path,
               "--start", "%.6f" % self.START, "--until", "%.6f" % until,
               "--node-addr", NODE4, "--node-addr", NODE6, "--node-mac", NODE_MAC]
        if shutdown_at is not None:
            cmd += ["--shutdown-at", "%.6f" % shutdown_at]
        p = subprocess.run(cmd, capture_output=True, text=True, check=False)
        with open(os.path.join(d, "cmd.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n" + p.stderr)
        if p.returncode != 0:
            raise RuntimeError("vigil conform exited %d: %s" % (p.returncode, p.stderr.strip()))
        events = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
        in_macs = {frame.src.lower() for _, frame in inputs}
        frames = packets.parse_frames(in_path, self.START, in_macs) if pkts else []
        for f in frames:
            f.dir = "in"
        frames += packets.parse_frames(out_path, self.START, set())
        frames.sort(key=lambda f: (f.t, f.dir == "out"))
        bad, prio = tshark_check(out_path)
        return checked(Result(frames, events, bad, prio, d))

    def close(self):
        pass
