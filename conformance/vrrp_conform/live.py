# SPDX-License-Identifier: GPL-2.0-or-later
"""Live harness: the daemon under test in a network namespace, on a real wire.

Per run: two namespaces vgcf-<pid>-<n>-d (the daemon) and -p (the other
routers), joined by a veth pair vd <-> vp. vd has 192.0.2.10/24,
2001:db8::10/64 and the link-local fe80::10 (no automatic one, no DAD), vp
has 192.0.2.2/24 and 2001:db8::2/64. This process enters the -p namespace
(setns), starts a scapy AsyncSniffer on vp, starts the daemon in -d with the
generated keepalived.conf (time 0 = spawn), sends the crafted frames at
their times with real-time pacing, sends SIGTERM at shutdown_at, stops at
`until`, and hands the capture to the same checks as offline. Frames whose
Ethernet source is one we injected are "in", all others "out".

The daemon command line is keepalived's: `vigild -n -l -f FILE -p PIDFILE`
(vigild is a drop-in); for keepalived itself `-D -P -r VRRPPID` are added.
Namespaces are deleted after each run and on exit; only the daemon this
harness started is signalled, by its pid.
"""

import ctypes
import os
import signal
import subprocess
import time

from scapy.all import AsyncSniffer, conf as scapy_conf, wrpcap

from . import packets
from .harness import NODE4, NODE6, NODE_GLOBAL6, NODE_MAC, Result, checked

CLONE_NEWNET = 0x40000000
PEER_IF_MAC = "02:00:00:00:00:02"  # vp: its own frames (MLD, ...) are neither in nor out
_libc = ctypes.CDLL(None, use_errno=True)


def _setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns %s" % path)
    finally:
        os.close(fd)


def _ip(*args):
    subprocess.run(["ip"] + list(args), check=True, capture_output=True)


class Live:
    name = "live"
    tol_abs = 0.6   # daemon start-up latency on top of timer precision
    tol_rel = 0.12  # timer precision and scheduling between two frames on the wire
    SETTLE = 1.0    # seconds the sniffer runs before the daemon starts

    def __init__(self, daemon, workdir):
        self.daemon = daemon
        self.workdir = workdir
        self.count = 0
        self.prefix = "vgcf-%d" % os.getpid()
        self.home_ns = os.open("/proc/self/ns/net", os.O_RDONLY)
        self.namespaces = []

    # ---- namespaces -------------------------------------------------------

    def _setup(self, n):
        d, p = "%s-%d-d" % (self.prefix, n), "%s-%d-p" % (self.prefix, n)
        for ns in (d, p):
            _ip("netns", "add", ns)
            self.namespaces.append(ns)
        _ip("-n", d, "link", "add", "vd", "type", "veth", "peer", "name", "vp", "netns", p)
        _ip("-n", d, "link", "set", "vd", "address", NODE_MAC)
        _ip("-n", p, "link", "set", "vp", "address", PEER_IF_MAC)
        _ip("-n", d, "link", "set", "vd", "addrgenmode", "none")
        _ip("-n", p, "link", "set", "vp", "addrgenmode", "none")
        for ns in (d, p):
            _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", d, "addr", "add", NODE4 + "/24", "dev", "vd")
        _ip("-n", d, "addr", "add", NODE6 + "/64", "dev", "vd", "nodad")
        _ip("-n", d, "addr", "add", NODE_GLOBAL6 + "/64", "dev", "vd", "nodad")
        _ip("-n", p, "addr", "add", "192.0.2.2/24", "dev", "vp")
        _ip("-n", p, "addr", "add", "fe80::2/64", "dev", "vp", "nodad")
        _ip("-n", p, "addr", "add", "2001:db8::2/64", "dev", "vp", "nodad")
        _ip("-n", d, "link", "set", "vd", "up")
        _ip("-n", p, "link", "set", "vp", "up")
        return d, p

    def _teardown(self):
        if _libc.setns(self.home_ns, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back home")
        for ns in self.namespaces:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)
        self.namespaces = []

    # ---- one run ----------------------------------------------------------

    def _command(self, conf_path, d):
        cmd = ["ip", "netns", "exec", d, self.daemon, "-n", "-l", "-f", conf_path,
               "-p", os.path.join(os.path.dirname(conf_path), "daemon.pid")]
        if "keepalived" in os.path.basename(self.daemon):
            cmd += ["-D", "-P", "-r", os.path.join(os.path.dirname(conf_path), "vrrp.pid")]
        return cmd

    def run(self, conf_text, inputs=(), until=8.0, shutdown_at=None):
        self.count += 1
        run_dir = os.path.join(self.workdir, "run%03d" % self.count)
        os.makedirs(run_dir, exist_ok=True)
        conf_path = os.path.join(run_dir, "keepalived.conf")
        with open(conf_path, "w") as f:
            f.write(conf_text)
        d, p = self._setup(self.count)
        proc = None
        try:
            _setns("/run/netns/" + p)
            sock = scapy_conf.L2socket(iface="vp")
            sniffer = AsyncSniffer(iface="vp", store=True)
            sniffer.start()
            time.sleep(self.SETTLE)
            log = open(os.path.join(run_dir, "daemon.log"), "w")
            t0 = time.time()
            proc = subprocess.Popen(self._command(conf_path, d), stdout=log, stderr=subprocess.STDOUT)
            todo = sorted(inputs, key=lambda x: x[0])
            events = [(t, "send", fr) for t, fr in todo]
            if shutdown_at is not None:
                events.append((shutdown_at, "stop", None))
            events.sort(key=lambda e: (e[0], e[1] == "stop"))
            for t, what, frame in events:
                delay = t0 + t - time.time()
                if delay > 0:
                    time.sleep(delay)
                if what == "send":
                    sock.send(frame)
                elif proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            delay = t0 + until - time.time()
            if delay > 0:
                time.sleep(delay)
            captured = sniffer.stop() or []
            sock.close()
        finally:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            self._teardown()
        in_macs = {fr.src.lower() for _, fr in inputs}
        frames = []
        for pkt in captured:
            f = packets.Frame(float(pkt.time) - t0, pkt)
            f.dir = "in" if f.eth_src in in_macs else "peer" if f.eth_src == PEER_IF_MAC else "out"
            if f.t <= until:
                frames.append(f)
        all_path, out_path = os.path.join(run_dir, "wire.pcap"), os.path.join(run_dir, "out.pcap")
        wrpcap(all_path, [f.pkt for f in frames], linktype=1)
        wrpcap(out_path, [f.pkt for f in frames if f.dir == "out"], linktype=1)
        from .harness import tshark_check
        bad, prio = tshark_check(out_path)
        return checked(Result(frames, None, bad, prio, run_dir))

    def close(self):
        self._teardown()
        os.close(self.home_ns)
