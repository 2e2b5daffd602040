# SPDX-License-Identifier: GPL-2.0-or-later
"""vgnet: network-namespace harness for a keepalived-compatible daemon.

Builds N node namespaces, a client namespace and a switch namespace holding
one Linux bridge per segment; every node and the client have one veth per
segment plugged into that segment's bridge.  All names start with
vgt<pid>- so that a run never touches namespaces it did not create, and
--cleanup-stale can find the ones a killed run left behind.

    sw      vgt<pid>-sw   bridges br0..br<k-1>, ports n<i>s<j>, cls<j>
    node i  vgt<pid>-n<i> eth0..eth<k-1>, 192.0.2.(10+i)/24, 2001:db8::(10+i)/64
    client  vgt<pid>-cl   eth0, 192.0.2.250/24, 2001:db8::250/64

With k > 1 segments, 192.0.2.0/24 is split so that
segment j uses 192.0.2.(64j)/26 (k <= 4); VIPs then come from 2001:db8::/64.

The daemon is a parameter: any binary taking keepalived's flags
(-n -l -D -P -f FILE -p PID -r VRRP_PID -c CHECKERS_PID).  Processes are
started by this module and ended only by their PIDs.
"""
import atexit
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS = os.path.join(HERE, "agents.py")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
PREFIX = "vgt"
# Other prefixes a test module may give Net (pid_prefix=...): "<prefix><pid>-<name>"; cleanup_stale
# knows them all.  vgfrr-: the FRR interop tests (test_frr.py); vgbfd-: BFD (test_bfd.py).
PREFIXES = (PREFIX, "vgfrr-", "vgbfd-")
VIP4 = "192.0.2.100"
VIP6 = "2001:db8::100"
VRRP_MCAST4 = "224.0.0.18"
VRRP_MCAST6 = "ff02::12"
IPPROTO_VRRP = 112
DEFAULT_DAEMON = "/usr/sbin/keepalived"

_live_nets = []


def daemon_from_env(arg=None):
    """The daemon binary: the argument, else $VIGIL_DAEMON, else keepalived."""
    return arg or os.environ.get("VIGIL_DAEMON") or DEFAULT_DAEMON


def run(cmd, ns=None, check=True, timeout=30, input=None):
    """Runs a command (list) optionally inside namespace ns; returns stdout."""
    if ns:
        cmd = ["ip", "netns", "exec", ns] + list(cmd)
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input)
    if check and res.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), res.returncode,
                                                res.stderr.strip()))
    return res.stdout


def wait_for(cond, timeout, interval=0.01):
    """Polls cond() until it returns a true value; returns (value, seconds
    waited) or (None, seconds) on timeout."""
    t0 = time.monotonic()
    while True:
        v = cond()
        el = time.monotonic() - t0
        if v:
            return v, el
        if el >= timeout:
            return None, el
        time.sleep(interval)


# ---------------------------------------------------------------- cleanup

def _cleanup_all():
    for net in list(_live_nets):
        try:
            net.destroy()
        except Exception as e:  # keep cleaning the others
            print("# vgnet cleanup: %s" % e, file=sys.stderr)


def _on_signal(signum, _frame):
    _cleanup_all()
    os._exit(128 + signum)


def install_cleanup():
    """atexit + SIGINT/SIGTERM/SIGHUP handlers that tear every Net down."""
    atexit.register(_cleanup_all)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _on_signal)


def _pid_alive(pid):
    """True while pid runs (a zombie, killed but not yet reaped, is dead)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def cleanup_stale(verbose=True):
    """Removes vgt<pid>-* (and other PREFIXES') namespaces whose creating process is gone, after
    SIGKILLing the processes still inside them (ones a killed run started)."""
    removed = []
    for line in run(["ip", "netns", "list"], check=False).splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.match(r"^(?:%s)(\d+)-" % "|".join(map(re.escape, PREFIXES)), name)
        if not m or _pid_alive(int(m.group(1))):
            continue
        for pid in run(["ip", "netns", "pids", name], check=False).split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        run(["ip", "netns", "del", name], check=False)
        removed.append(name)
    if verbose:
        for n in removed:
            print("removed stale namespace %s" % n)
    return removed


# ---------------------------------------------------------------- processes

def proc_tree(pid):
    """pid and all its descendants (from /proc/PID/task/*/children)."""
    out = [pid]
    i = 0
    while i < len(out):
        p = out[i]
        i += 1
        try:
            for t in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, t)) as f:
                    out += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


class Proc:
    """A process we started (with Popen); ended only through its PID."""

    def __init__(self, argv, ns, log_path, name):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "ab")
        full = ["ip", "netns", "exec", ns] + list(argv) if ns else list(argv)
        # ip netns exec execs the command: the PID is the program's own
        self.popen = subprocess.Popen(full, stdout=self.log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        self.pid = self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def send(self, sig):
        if self.alive():
            os.kill(self.pid, sig)

    def kill9_tree(self):
        """SIGSTOP the whole tree (so no child reacts to a parent's death or
        a parent respawns a child), then SIGKILL every member."""
        tree = proc_tree(self.pid) if self.alive() else []
        for p in tree:
            try:
                os.kill(p, signal.SIGSTOP)
            except ProcessLookupError:
                pass
        tree = list(dict.fromkeys(tree + [q for p in tree for q in proc_tree(p)]))
        for p in tree:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.wait(5)
        return tree

    def wait(self, timeout):
        try:
            self.popen.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """sig, then SIGKILL of the tree if still running after timeout."""
        if not self.alive():
            return
        tree = proc_tree(self.pid)
        self.send(sig)
        if not self.wait(timeout):
            self.kill9_tree()
        # children a daemon left (it should not): by PID, ones we started
        for p in tree[1:]:
            if _pid_alive(p):
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.log.close() if not self.log.closed else None

    def text(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""


# ---------------------------------------------------------------- config

def vrrp_instance(name="VI_1", iface="eth0", vrid=51, prio=100, vips=(VIP4 + "/24",),
                  version=None, advert_int=1, state="BACKUP", nopreempt=False,
                  preempt_delay=None, track_scripts=(), auth_pass=None, extra=""):
    """keepalived.conf text of one vrrp_instance."""
    lines = ["vrrp_instance %s {" % name,
             "    state %s" % state,
             "    interface %s" % iface,
             "    virtual_router_id %d" % vrid,
             "    priority %d" % prio,
             "    advert_int %s" % advert_int]
    if version:
        lines.append("    version %d" % version)
    if nopreempt:
        lines.append("    nopreempt")
    if preempt_delay is not None:
        lines.append("    preempt_delay %s" % preempt_delay)
    if auth_pass:
        lines += ["    authentication {", "        auth_type PASS",
                  "        auth_pass %s" % auth_pass, "    }"]
    if track_scripts:
        lines.append("    track_script {")
        lines += ["        %s" % s for s in track_scripts]
        lines.append("    }")
    lines.append("    virtual_ipaddress {")
    lines += ["        %s" % v for v in vips]
    lines.append("    }")
    if extra:
        lines.append(extra)
    lines.append("}")
    return "\n".join(lines) + "\n"


def vrrp_script(name, script, interval=1, fall=1, rise=1, weight=0):
    return ("vrrp_script %s {\n    script \"%s\"\n    interval %s\n    fall %d\n"
            "    rise %d\n    weight %d\n}\n" % (name, script, interval, fall, rise, weight))


def global_defs(router_id, extra=""):
    return ("global_defs {\n    router_id %s\n    script_user root\n"
            "    enable_script_security\n%s}\n" % (router_id, extra))


def master_down_interval(prio, advert_int=1.0, version=2):
    """RFC 3768 / 5798: 3 * advert + Skew_Time; skew (256 - prio) / 256 s
    for v2, (256 - prio) * advert / 256 for v3."""
    return 3 * advert_int + skew_time(prio, advert_int, version)


def skew_time(prio, advert_int=1.0, version=2):
    if version == 3:
        return (256 - prio) * advert_int / 256.0
    return (256 - prio) / 256.0


# ---------------------------------------------------------------- capture

class Capture:
    """tcpdump on a bridge of the switch namespace, written to a pcap."""

    def __init__(self, net, bridge="br0", filt=None, snaplen=256):
        self.path = os.path.join(net.workdir, "cap-%s-%d.pcap" % (bridge, len(net.captures)))
        if filt is None:
            filt = "ip proto 112 or ip6 proto 112 or arp or icmp6"
        argv = ["tcpdump", "-i", bridge, "-U", "--immediate-mode", "-n", "-s", str(snaplen),
                "--time-stamp-precision=nano", "-w", self.path, filt]
        self.proc = Proc(argv, net.sw, self.path + ".log", "tcpdump")
        net.captures.append(self)
        ok, _ = wait_for(lambda: "listening on" in self.proc.text() or not self.proc.alive(), 10)
        if not self.proc.alive():
            raise RuntimeError("tcpdump failed: %s" % self.proc.text())
        time.sleep(0.05)

    def stop(self):
        if self.proc.alive():
            time.sleep(0.05)  # let the last packets reach the file
            self.proc.stop(signal.SIGINT, 5)
        return self.packets()

    def packets(self):
        return read_pcap(self.path)


def read_pcap(path):
    """Decoded packets of a pcap (Ethernet link type): a list of dicts with
    t (float seconds), src_mac, kind ('vrrp', 'arp', 'icmp6', 'ip') and the
    fields of that kind.  VRRP: src, dst, ttl, ver, type, vrid, prio, count,
    adv (v2: seconds; v3: centiseconds), family."""
    out = []
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return out
    with f:
        gh = f.read(24)
        if len(gh) < 24:
            return out
        magic = struct.unpack("<I", gh[:4])[0]
        endian = "<"
        if magic in (0xd4c3b2a1, 0x4d3cb2a1):
            endian = ">"
            magic = struct.unpack(">I", gh[:4])[0]
        div = 1e9 if magic == 0xa1b23c4d else 1e6
        while True:
            rh = f.read(16)
            if len(rh) < 16:
                break
            sec, frac, incl, _orig = struct.unpack(endian + "IIII", rh)
            data = f.read(incl)
            if len(data) < incl:
                break
            pkt = decode_ether(data)
            if pkt is not None:
                pkt["t"] = sec + frac / div
                out.append(pkt)
    return out


def _ip6_str(b):
    import socket
    return socket.inet_ntop(socket.AF_INET6, b)


def decode_ether(data):
    if len(data) < 14:
        return None
    etype = struct.unpack("!H", data[12:14])[0]
    mac = data[6:12].hex(":")
    p = data[14:]
    if etype == 0x0806 and len(p) >= 28:
        return {"kind": "arp", "src_mac": mac, "op": struct.unpack("!H", p[6:8])[0],
                "psrc": ".".join(map(str, p[14:18])), "pdst": ".".join(map(str, p[24:28]))}
    if etype == 0x0800 and len(p) >= 20:
        ihl = (p[0] & 0xF) * 4
        proto = p[9]
        d = {"kind": "ip", "src_mac": mac, "family": 4, "ttl": p[8], "proto": proto,
             "src": ".".join(map(str, p[12:16])), "dst": ".".join(map(str, p[16:20]))}
        if proto == IPPROTO_VRRP:
            _vrrp_fields(d, p[ihl:], 4)
        return d
    if etype == 0x86DD and len(p) >= 40:
        nh = p[6]
        d = {"kind": "ip", "src_mac": mac, "family": 6, "ttl": p[7], "proto": nh,
             "src": _ip6_str(p[8:24]), "dst": _ip6_str(p[24:40])}
        if nh == IPPROTO_VRRP:
            _vrrp_fields(d, p[40:], 6)
        elif nh == 58:
            d["kind"] = "icmp6"
            d["icmp6_type"] = p[40] if len(p) > 40 else None
        return d
    return None


def _vrrp_fields(d, v, family):
    d["kind"] = "vrrp"
    d["raw"] = bytes(v)
    if len(v) < 8:
        d.update(ver=None, type=None, vrid=None, prio=None, count=None, adv=None)
        return
    d["ver"] = v[0] >> 4
    d["type"] = v[0] & 0xF
    d["vrid"] = v[1]
    d["prio"] = v[2]
    d["count"] = v[3]
    if d["ver"] == 3:
        d["adv"] = struct.unpack("!H", v[4:6])[0] & 0x0FFF
    else:
        d["adv"] = v[5]


def adverts(pkts, vrid=None, src=None, t_from=None, t_to=None):
    """The VRRP packets of a capture, filtered."""
    out = []
    for p in pkts:
        if p["kind"] != "vrrp":
            continue
        if vrid is not None and p.get("vrid") != vrid:
            continue
        if src is not None and p["src"] != src:
            continue
        if t_from is not None and p["t"] < t_from:
            continue
        if t_to is not None and p["t"] > t_to:
            continue
        out.append(p)
    return out


def garps(pkts, vip, t_from=None):
    """Gratuitous ARPs for vip (sender address == target address == vip)."""
    return [p for p in pkts if p["kind"] == "arp" and p["psrc"] == vip and p["pdst"] == vip
            and (t_from is None or p["t"] >= t_from)]


def takeover(pkts, old_src, new_src, vrid, after):
    """Times (seconds) of the handover seen on the wire after time `after`:
    (last advert of old_src before new_src's first, first advert of new_src,
    gap).  None when new_src never advertised."""
    new = adverts(pkts, vrid=vrid, src=new_src, t_from=after)
    if not new:
        return None
    first_new = new[0]["t"]
    old = adverts(pkts, vrid=vrid, src=old_src, t_to=first_new)
    if not old:
        return None
    last_old = old[-1]["t"]
    return last_old, first_new, first_new - last_old


def interval_stats(times, nominal):
    """(count, mean interval, mean |dev|, max |dev|) of consecutive intervals."""
    iv = [b - a for a, b in zip(times, times[1:])]
    if not iv:
        return 0, 0.0, 0.0, 0.0
    dev = [abs(x - nominal) for x in iv]
    return len(iv), sum(iv) / len(iv), sum(dev) / len(dev), max(dev)


# ---------------------------------------------------------------- topology

class Node:
    def __init__(self, net, index):
        self.net = net
        self.index = index
        self.name = "n%d" % index
        self.ns = "%s-%s" % (net.prefix, self.name)
        self.addr4 = [net.seg_addr4(j, 10 + index) for j in range(net.segments)]
        self.addr6 = "2001:db8::%d" % (10 + index)
        self.daemon = None
        self.server = None
        self.conf_path = None
        self.daemon_bin = net.daemon

    @property
    def ip(self):
        return self.addr4[0]

    def write_conf(self, text):
        self.conf_path = os.path.join(self.net.workdir, "%s.conf" % self.name)
        with open(self.conf_path, "w") as f:
            f.write(text)
        return self.conf_path

    def start(self, daemon=None, extra_args=(), side="-P"):
        """Starts the daemon (keepalived flags) on this node's config; side
        "-P" (VRRP only, the default), "-C" (checkers only) or None (both)."""
        if self.daemon and self.daemon.alive():
            raise RuntimeError("%s: daemon already running" % self.name)
        binary = daemon or self.daemon_bin
        d = self.net.workdir
        argv = [binary, "-n", "-l", "-D"] + ([side] if side else []) + ["-f", self.conf_path,
                "-p", os.path.join(d, "%s.pid" % self.name),
                "-r", os.path.join(d, "%s-vrrp.pid" % self.name),
                "-c", os.path.join(d, "%s-checkers.pid" % self.name)] + list(extra_args)
        self.daemon = Proc(argv, self.ns, os.path.join(d, "%s.log" % self.name), self.name)
        self.net.procs.append(self.daemon)
        return self.daemon

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.daemon:
            self.daemon.stop(sig, timeout)

    def kill9(self):
        """kill -9 of the daemon and all its processes (a crash)."""
        if self.daemon:
            return self.daemon.kill9_tree()
        return []

    def log(self):
        return self.daemon.text() if self.daemon else ""

    def addrs(self, iface=None):
        """Addresses on this node (from ip -j addr)."""
        argv = ["ip", "-n", self.ns, "-j", "addr", "show"]
        if iface:
            argv += ["dev", iface]
        out = []
        for link in json.loads(run(argv) or "[]"):
            for a in link.get("addr_info", []):
                out.append(a["local"])
        return out

    def holds(self, vip=VIP4):
        return vip in self.addrs()

    def nft_drop_vrrp(self):
        """Drops every incoming protocol-112 packet in this namespace."""
        rules = ("table inet vgt_drop {\n chain input {\n"
                 "  type filter hook input priority -10; policy accept;\n"
                 "  meta l4proto 112 drop\n }\n}\n")
        run(["nft", "-f", "-"], ns=self.ns, input=rules)

    def nft_heal(self):
        run(["nft", "delete", "table", "inet", "vgt_drop"], ns=self.ns, check=False)

    def link(self, up, seg=0):
        """Sets this node's veth down/up on the switch side (a cable pull)."""
        run(["ip", "-n", self.net.sw, "link", "set", "dev", "%ss%d" % (self.name, seg),
             "up" if up else "down"])

    def run(self, argv, check=True):
        return run(argv, ns=self.ns, check=check)


class Client:
    """agents.py client in the client namespace, connecting every period."""

    def __init__(self, net, addr=VIP4, port=8080, period_ms=5.0):
        self.path = os.path.join(net.workdir, "client-%d.log" % len(net.procs))
        self.proc = Proc([PYTHON, AGENTS, "client", addr, str(port), self.path, str(period_ms)],
                         net.client_ns, self.path + ".err", "client")
        net.procs.append(self.proc)

    def stop(self):
        self.proc.stop(signal.SIGTERM, 5)
        return self.results()

    def results(self):
        out = []
        try:
            with open(self.path) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 3:
                        out.append((float(parts[0]), parts[1] == "1", parts[2]))
        except FileNotFoundError:
            pass
        out.sort(key=lambda r: r[0])  # attempts overlap: written as they end, read by start
        return out

    def last_answer(self):
        r = self.results()
        ok = [x for x in r if x[1]]
        return ok[-1][2] if ok else None

    @staticmethod
    def max_gap(results, t_from=None, t_to=None):
        """Longest interval without a successful connect within [t_from, t_to],
        as (gap seconds, start, end)."""
        ok = [t for t, good, _ in results if good
              and (t_from is None or t >= t_from) and (t_to is None or t <= t_to)]
        best = (0.0, None, None)
        for a, b in zip(ok, ok[1:]):
            if b - a > best[0]:
                best = (b - a, a, b)
        return best


class Net:
    """The topology: nodes, client and switch namespaces; tear down with
    destroy() (also run by atexit and the signal handlers)."""

    def __init__(self, nodes=2, segments=1, daemon=None, workdir=None, keep=False, pid_prefix=None,
                 exact_prefix=None):
        if segments < 1 or segments > 4:
            raise ValueError("segments: 1..4")
        # The namespaces are "<self.prefix>-<name>".  pid_prefix: one of PREFIXES (default PREFIX),
        # followed by this process's pid; --cleanup-stale removes them once the process is gone.
        # exact_prefix: a test's own whole prefix, used as given; removed by destroy() only.
        if pid_prefix is not None and exact_prefix is not None:
            raise ValueError("Net: pid_prefix or exact_prefix, not both")
        if pid_prefix is not None and pid_prefix not in PREFIXES:
            raise ValueError("Net: pid_prefix %r is not one of PREFIXES %r" % (pid_prefix, PREFIXES))
        if exact_prefix is not None:
            self.prefix = exact_prefix
        else:
            self.prefix = "%s%d" % (pid_prefix or PREFIX, os.getpid())
        self.segments = segments
        self.daemon = daemon_from_env(daemon)
        self.keep = keep
        self.workdir = workdir or tempfile.mkdtemp(prefix="vgnet-")
        self.sw = self.prefix + "-sw"
        self.client_ns = self.prefix + "-cl"
        self.procs = []
        self.captures = []
        self.namespaces = []
        self.nodes = []
        _live_nets.append(self)
        try:
            self._build(nodes)
        except Exception:
            self.destroy()
            raise

    def seg_addr4(self, seg, host):
        if self.segments == 1:
            return "192.0.2.%d" % host
        return "192.0.2.%d" % (64 * seg + host)

    def _plen4(self):
        return 24 if self.segments == 1 else 26

    def _add_ns(self, name):
        if os.path.exists("/run/netns/" + name):
            run(["ip", "netns", "del", name], check=False)
        run(["ip", "netns", "add", name])
        self.namespaces.append(name)
        run(["ip", "-n", name, "link", "set", "lo", "up"])
        for k, v in (("net.ipv6.conf.all.accept_dad", "0"),
                     ("net.ipv6.conf.default.accept_dad", "0")):
            run(["sysctl", "-q", "-w", "%s=%s" % (k, v)], ns=name, check=False)

    def _build(self, n):
        self._add_ns(self.sw)
        for j in range(self.segments):
            br = "br%d" % j
            run(["ip", "-n", self.sw, "link", "add", br, "type", "bridge",
                 "forward_delay", "0", "stp_state", "0", "mcast_snooping", "0"])
            run(["ip", "-n", self.sw, "link", "set", br, "up"])
        for i in range(1, n + 1):
            node = Node(self, i)
            self._add_ns(node.ns)
            for j in range(self.segments):
                self._plug(node.ns, "%ss%d" % (node.name, j), "eth%d" % j, j,
                           node.addr4[j], node.addr6 if j == 0 else None)
            self.nodes.append(node)
        self._add_ns(self.client_ns)
        for j in range(self.segments):
            self._plug(self.client_ns, "cls%d" % j, "eth%d" % j, j,
                       self.seg_addr4(j, 250 if self.segments == 1 else 60),
                       "2001:db8::250" if j == 0 else None)
        # injected VRRP to 224.0.0.18 leaves through eth0
        run(["ip", "-n", self.client_ns, "route", "add", "224.0.0.0/4", "dev", "eth0"])

    def _plug(self, ns, port, ifname, seg, addr4, addr6):
        run(["ip", "-n", self.sw, "link", "add", port, "type", "veth", "peer", "name",
             ifname, "netns", ns])
        run(["ip", "-n", self.sw, "link", "set", port, "master", "br%d" % seg, "up"])
        run(["ip", "-n", ns, "addr", "add", "%s/%d" % (addr4, self._plen4()), "dev", ifname])
        if addr6:
            run(["ip", "-n", ns, "addr", "add", "%s/64" % addr6, "dev", ifname, "nodad"])
        run(["ip", "-n", ns, "link", "set", ifname, "up"])

    def node(self, i):
        return self.nodes[i - 1]

    def start_servers(self, port=8080):
        for node in self.nodes:
            node.server = Proc([PYTHON, AGENTS, "serve", node.name, str(port)], node.ns,
                               os.path.join(self.workdir, "%s-server.log" % node.name),
                               "server")
            self.procs.append(node.server)

    def client(self, addr=VIP4, port=8080, period_ms=5.0):
        return Client(self, addr, port, period_ms)

    def capture(self, bridge="br0", filt=None):
        return Capture(self, bridge, filt)

    def holders(self, vip=VIP4):
        """Names of the nodes that have vip configured."""
        return [n.name for n in self.nodes if n.holds(vip)]

    def wait_holders(self, expect, timeout, vip=VIP4):
        """Waits until holders() == expect (a list of node names)."""
        return wait_for(lambda: self.holders(vip) == list(expect), timeout)

    def inject(self, packets, ns=None):
        """Sends packets (agents.inject format) from the client namespace."""
        path = os.path.join(self.workdir, "inject-%d.json" % time.monotonic_ns())
        with open(path, "w") as f:
            json.dump(packets, f)
        return run([PYTHON, AGENTS, "inject", path], ns=ns or self.client_ns, timeout=300)

    def destroy(self):
        for c in self.captures:
            try:
                c.proc.stop(signal.SIGINT, 3)
            except Exception:
                pass
        for p in reversed(self.procs):
            try:
                p.stop(signal.SIGTERM, 5)
            except Exception:
                pass
        for ns in reversed(self.namespaces):
            run(["ip", "netns", "del", ns], check=False)
        self.namespaces = []
        if self in _live_nets:
            _live_nets.remove(self)
        if not self.keep:
            subprocess.run(["rm", "-rf", self.workdir])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()
        return False


# ---------------------------------------------------------------- test helpers

class Skip(Exception):
    """A test that does not apply (TAP # SKIP)."""


class Todo(Exception):
    """An expected failure (TAP `not ok ... # TODO reason`)."""


def start_cluster(net, prios, daemons=None, global_extra="", prefix="", per_node=None, side="-P",
                  top_first=False, **inst):
    """Writes node i's config (one vrrp_instance, priority prios[i]) and
    starts the daemons; waits until the highest-priority node alone holds
    the VIP.  per_node maps a node name to extra vrrp_instance arguments;
    daemons lists a binary per node (None: the net's daemon); side as in
    Node.start.  top_first: start the highest-priority node alone and wait
    until it holds the VIP before starting the others (with nopreempt the
    first node to time out keeps the VIP, so a loaded machine that starts
    the top node late would elect another).  Returns the master node."""
    for i, (node, prio) in enumerate(zip(net.nodes, prios)):
        kw = dict(inst)
        kw.update((per_node or {}).get(node.name, {}))
        node.write_conf(global_defs(node.name, global_extra) + prefix
                        + vrrp_instance(prio=prio, **kw))
    top = max(range(len(prios)), key=lambda i: prios[i])
    master = net.nodes[top]
    vip = inst.get("vips", [VIP4 + "/24"])[0].split("/")[0]
    adv = float(inst.get("advert_int", 1))
    limit = master_down_interval(min(prios), adv, inst.get("version") or 2) + 3 * adv + 2
    order = list(range(len(prios)))
    if top_first:
        order.remove(top)
        master.start(daemon=daemons[top] if daemons else None, side=side)
        ok, el = net.wait_holders([master.name], limit, vip)
        if not ok:
            raise AssertionError("%s alone did not become master within %.1f s: holders %s"
                                 % (master.name, limit, net.holders(vip)))
    for i in order:
        net.nodes[i].start(daemon=daemons[i] if daemons else None, side=side)
    ok, el = net.wait_holders([master.name], limit, vip)
    if not ok:
        raise AssertionError("cluster did not elect %s within %.1f s: holders %s"
                             % (master.name, limit, net.holders(vip)))
    return master


def first_sign_of_master(pkts, node, vrid, vip, after):
    """Time of the first advert or gratuitous ARP for vip that node sent
    after time `after`, or None."""
    ts = [p["t"] for p in adverts(pkts, vrid=vrid, src=node.ip, t_from=after)
          if (p.get("prio") or 0) > 0]
    mac = node_mac(node)
    ts += [p["t"] for p in garps(pkts, vip, after) if p["src_mac"] == mac]
    return min(ts) if ts else None


def node_mac(node, iface="eth0"):
    for link in json.loads(run(["ip", "-n", node.ns, "-j", "link", "show", "dev", iface])):
        return link.get("address")
    return None
