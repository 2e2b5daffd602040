# SPDX-License-Identifier: GPL-2.0-or-later
"""Benchmarks of keepalived-compatible daemons in network namespaces.

    bench.py --daemon A [--daemon B] [--sections timers,scale,flood]
             [--seconds 30] [--repeat 3] [--instances 1000] [--flood-seconds 10]
             [--no-control] [--rt-priority N]

Prints one table per section with a column per daemon and, with two
daemons, the ratio B/A.  Numbers are printed, never asserted.  Root only.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "netns"))
import vgnet as V  # noqa: E402

VRID = 51
FLOOD_SRC = "192.0.2.200"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print("  .. " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- timers

def timers(daemon, opts):
    """Advert jitter of a master, takeover after kill -9 and after link
    down, and the client's TCP gap minus the takeover."""
    out = {}
    with V.Net(2, daemon=daemon) as net:
        cap = net.capture()
        master = V.start_cluster(net, [150, 100], vrid=VRID, global_extra=global_extra(opts))
        log("jitter: %d s of adverts" % opts.seconds)
        t0 = time.time()
        time.sleep(opts.seconds)
        pkts = cap.stop()
        ts = [p["t"] for p in V.adverts(pkts, vrid=VRID, src=master.ip, t_from=t0)]
        n, mean, dev_mean, dev_max = V.interval_stats(ts, 1.0)
        out["advert intervals"] = (n, "%d")
        out["advert interval mean (s)"] = (mean, "%.4f")
        out["advert jitter mean |dev| (ms)"] = (dev_mean * 1000, "%.2f")
        out["advert jitter max |dev| (ms)"] = (dev_max * 1000, "%.2f")
    mdi = V.master_down_interval(100)
    out["Master_Down_Interval (s)"] = (mdi, "%.3f")
    for how in ("kill -9", "link down"):
        took, gaps, extra = [], [], []
        for r in range(opts.repeat):
            log("takeover after %s, run %d" % (how, r + 1))
            tk, gap, from_fault = one_takeover(daemon, how, global_extra(opts))
            if tk is not None:
                took.append(tk)
                gaps.append(gap - tk)
                extra.append(gap - from_fault)
        if took:
            out["takeover after %s mean (s)" % how] = (sum(took) / len(took), "%.3f")
            out["takeover after %s max (s)" % how] = (max(took), "%.3f")
            out["takeover - MDI after %s mean (ms)" % how] = ((sum(took) / len(took) - mdi) * 1000,
                                                             "%.2f")
            out["takeover - MDI after %s max (ms)" % how] = ((max(took) - mdi) * 1000, "%.1f")
            out["client gap - takeover, %s max (s)" % how] = (max(gaps), "%.3f")
            out["client gap - (fault->new master), %s max (ms)" % how] = (max(extra) * 1000,
                                                                          "%.1f")
    if opts.control:
        for how in ("kill -9", "link down"):
            extra = []
            for r in range(opts.repeat):
                log("control (no daemon) after %s, run %d" % (how, r + 1))
                e = one_control(how)
                if e is not None:
                    extra.append(e)
            if extra:
                out["control, no daemon: client gap - (fault->GARP), %s max (ms)" % how] = (
                    max(extra) * 1000, "%.1f")
    return out


def one_control(how, hold=0.5):
    """The client figure without VRRP: n1 holds the VIP by hand; after the
    fault, `hold` seconds later (a stand-in for Master_Down_Interval), the
    VIP is added on n2 and n2 sends one gratuitous ARP. Returns client gap
    - (fault -> that GARP on the wire), the same formula as one_takeover's
    third figure: what the client and the test bed add on their own."""
    with V.Net(2) as net:
        net.start_servers()
        cap = net.capture()
        old, new = net.node(1), net.node(2)
        old.run(["ip", "addr", "add", V.VIP4 + "/24", "dev", "eth0"])
        old.run([V.PYTHON, V.AGENTS, "garp", "eth0", V.VIP4])
        client = net.client()
        V.wait_for(lambda: client.last_answer() == old.name, 3)
        time.sleep(1.3)
        t_fault = time.time()
        if how == "kill -9":
            old.server.kill9_tree()
        else:
            old.link(False)
        time.sleep(hold)
        new.run(["ip", "addr", "add", V.VIP4 + "/24", "dev", "eth0"])
        new.run([V.PYTHON, V.AGENTS, "garp", "eth0", V.VIP4])
        V.wait_for(lambda: client.last_answer() == new.name, 5)
        time.sleep(0.3)
        res = client.stop()
        pkts = cap.stop()
        mac = V.node_mac(new)
        g = [p["t"] for p in V.garps(pkts, V.VIP4, t_fault) if p["src_mac"] == mac]
        if not g:
            return None
        gap, _, _ = V.Client.max_gap(res, t_fault - 1.0)
        return gap - (min(g) - t_fault)


def global_extra(opts):
    """--rt-priority N: keepalived's vrrp_rt_priority (SCHED_RR) for both daemons."""
    return "    vrrp_rt_priority %d\n" % opts.rt_priority if opts.rt_priority else ""


def one_takeover(daemon, how, extra=""):
    with V.Net(2, daemon=daemon) as net:
        net.start_servers()
        cap = net.capture()
        master = V.start_cluster(net, [150, 100], vrid=VRID, global_extra=extra)
        backup = net.node(2)
        client = net.client()
        V.wait_for(lambda: client.last_answer() == master.name, 3)
        time.sleep(1.3)
        t_fault = time.time()
        if how == "kill -9":
            master.kill9()
            master.server.kill9_tree()
        else:
            master.link(False)
        ok, _ = V.wait_for(lambda: backup.holds(), 10)
        V.wait_for(lambda: client.last_answer() == backup.name, 5)
        time.sleep(0.3)
        res = client.stop()
        pkts = cap.stop()
        if not ok:
            return None, None, None
        tk = V.takeover(pkts, master.ip, backup.ip, VRID, t_fault - 1.5)
        if tk is None:
            return None, None, None
        first = V.first_sign_of_master(pkts, backup, VRID, V.VIP4, tk[0])
        gap, _, _ = V.Client.max_gap(res, t_fault - 1.0)
        return first - tk[0], gap, first - t_fault


# ---------------------------------------------------------------- scale

def scale_conf(router, n, prio, segments):
    """n VRRPv3 IPv6 instances, VRIDs 1..ceil(n/segments) on eth0..eth<k-1>,
    one VIP 2001:db8::<seg+1>:<vrid> each, advert_int 1."""
    text = [V.global_defs(router)]
    per = -(-n // segments)
    made = 0
    for seg in range(segments):
        for vrid in range(1, per + 1):
            if made == n:
                break
            text.append(V.vrrp_instance(name="VI_%d_%d" % (seg, vrid), iface="eth%d" % seg,
                                        vrid=vrid, prio=prio, version=3,
                                        vips=["2001:db8::%x:%x/64" % (seg + 1, vrid)]))
            made += 1
    return "".join(text)


def proc_stats(pids):
    """(utime+stime ticks, VmRSS kB, VmHWM kB) summed over pids."""
    ticks = rss = hwm = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return ticks, rss, hwm


def scale(daemon, opts):
    n = opts.instances
    segs = 4
    out = {"instances": (n, "%d")}
    with V.Net(2, segments=segs, daemon=daemon) as net:
        master, backup = net.node(1), net.node(2)
        master.write_conf(scale_conf("n1", n, 150, segs))
        backup.write_conf(scale_conf("n2", n, 100, segs))
        t0 = time.monotonic()
        master.start()
        backup.start()

        ok, el = V.wait_for(lambda: count_vips(master) == n and count_vips(backup) == 0,
                            60, 0.5)
        out["converged (s)"] = (el if ok else float("nan"), "%.1f")
        log("scale: %s after %.1f s (%d VIPs on master, %d on backup)"
            % ("converged" if ok else "NOT converged", el, count_vips(master),
               count_vips(backup)))
        time.sleep(2)
        for node in (master, backup):
            node.pids = V.proc_tree(node.daemon.pid)
        a = {r: proc_stats(nd.pids) for r, nd in (("master", master), ("backup", backup))}
        t1 = time.monotonic()
        log("scale: measuring CPU for %d s" % opts.seconds)
        time.sleep(opts.seconds)
        dt = time.monotonic() - t1
        for role, node in (("master", master), ("backup", backup)):
            ticks, rss, hwm = proc_stats(node.pids)
            cpu = (ticks - a[role][0]) / CLK_TCK / dt * 100
            out["%s CPU (%% of a core)" % role] = (cpu, "%.2f")
            out["%s VmRSS (MiB)" % role] = (rss / 1024, "%.1f")
            out["%s VmHWM (MiB)" % role] = (hwm / 1024, "%.1f")
            out["%s processes" % role] = (len(node.pids), "%d")
        out["VIPs on master at end"] = (count_vips(master), "%d")
        out["VIPs on backup at end"] = (count_vips(backup), "%d")
    return out


def count_vips(node):
    """VIPs of the scale bench (2001:db8::<seg>:<vrid>) on node."""
    n = 0
    for a in node.addrs():
        parts = a.split("::")
        if a.startswith("2001:db8::") and len(parts) == 2 and ":" in parts[1]:
            n += 1
    return n


# ---------------------------------------------------------------- flood

def build_flood():
    exe = os.path.join(os.environ.get("TMPDIR", "/tmp"), "vgt-flood-%d" % os.getpid())
    subprocess.run(["cc", "-std=c11", "-O2", "-Wall", "-Wextra", "-o", exe,
                    os.path.join(HERE, "flood.c")], check=True)
    return exe


FLOOD_MODES = (("random", "-"), ("never its VRID", "!%d" % VRID),
               ("half advert-like, its VRID", "%d" % VRID))


def flood(daemon, opts):
    """Garbage floods from the backup's namespace (spoofed source) while
    watching the master's advert gaps and the backup's state: plain random
    payloads, random ones that never carry the master's VRID (pure load),
    and ones half of which start like an advert of that VRID."""
    out = {}
    exe = build_flood()
    try:
        for label, arg in FLOOD_MODES:
            for k, v in flood_once(daemon, opts, exe, arg).items():
                out["%s: %s" % (label, k)] = v
    finally:
        os.unlink(exe)
    return out


def flood_once(daemon, opts, exe, vrid_arg):
    out = {}
    with V.Net(2, daemon=daemon) as net:
        cap = net.capture(filt="ip proto 112 and not src host %s" % FLOOD_SRC)
        master = V.start_cluster(net, [150, 100], vrid=VRID)
        backup = net.node(2)
        time.sleep(1.5)
        log("flood %s: %d s" % (vrid_arg, opts.flood_seconds))
        t0 = time.time()
        res = V.run([exe, backup.ip, str(opts.flood_seconds), vrid_arg, FLOOD_SRC],
                    ns=backup.ns, timeout=opts.flood_seconds + 30)
        t1 = time.time()
        holders_after = net.holders()
        time.sleep(1.5)
        pkts = cap.stop()
        pps = float(res.split(":")[1].split()[0]) if ":" in res else float("nan")
        mine = [p["t"] for p in V.adverts(pkts, vrid=VRID, src=master.ip,
                                          t_from=t0 - 1, t_to=t1 + 1)]
        edges = [t0 - 1] + mine + [t1 + 1]     # silence over the whole window counts
        gaps = [b - a for a, b in zip(edges, edges[1:])]
        theirs = [p for p in V.adverts(pkts, vrid=VRID, src=backup.ip, t_from=t0,
                                       t_to=t1 + 1.5) if p["prio"] > 0]
        out["pps"] = (pps, "%.0f")
        out["max advert gap (s)"] = (max(gaps) if gaps else float("nan"), "%.3f")
        out["backup adverts"] = (len(theirs), "%d")
        out["master alive"] = (int(master.daemon.alive()), "%d")
        out["holders after"] = (",".join(holders_after) or "-", "%s")
    return out


# ---------------------------------------------------------------- output

SECTIONS = {"timers": timers, "scale": scale, "flood": flood}


def fmt(v):
    val, f = v
    try:
        return f % val
    except TypeError:
        return str(val)


def table(title, daemons, results):
    names = [os.path.basename(d) for d in daemons]
    keys = []
    for r in results:
        for k in r:
            if k not in keys:
                keys.append(k)
    w = max([len(k) for k in keys] + [10])
    head = "%-*s" % (w, title) + "".join("%14s" % n[:13] for n in names)
    if len(daemons) == 2:
        head += "%10s" % "B/A"
    print(head)
    print("-" * len(head))
    for k in keys:
        row = "%-*s" % (w, k)
        vals = [r.get(k) for r in results]
        row += "".join("%14s" % (fmt(v) if v else "-") for v in vals)
        if len(daemons) == 2 and all(v and isinstance(v[0], (int, float)) for v in vals):
            a, b = vals[0][0], vals[1][0]
            row += "%10s" % ("%.2f" % (b / a) if a else "-")
        print(row)
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daemon", action="append", required=True,
                    help="daemon binary (keepalived flags); give twice to compare")
    ap.add_argument("--sections", default="timers,scale,flood")
    ap.add_argument("--seconds", type=int, default=30,
                    help="jitter capture and CPU measurement length (30)")
    ap.add_argument("--repeat", type=int, default=3, help="takeovers per kind (3)")
    ap.add_argument("--instances", type=int, default=1000)
    ap.add_argument("--flood-seconds", type=int, default=10)
    ap.add_argument("--rt-priority", type=int, default=0,
                    help="timers: run both daemons with global_defs vrrp_rt_priority N")
    ap.add_argument("--no-control", dest="control", action="store_false",
                    help="timers: skip the control runs without a daemon (VIP moved by hand)")
    opts = ap.parse_args()
    if os.geteuid() != 0:
        print("bench.py: needs root (network namespaces)", file=sys.stderr)
        return 77
    if len(opts.daemon) > 2:
        ap.error("at most two daemons")
    V.install_cleanup()
    V.cleanup_stale(verbose=False)
    print("daemons: %s" % ", ".join("%s=%s" % (l, d) for l, d in zip("AB", opts.daemon)))
    print()
    for sec in opts.sections.split(","):
        results = []
        for d in opts.daemon:
            log("%s: %s" % (sec, d))
            results.append(SECTIONS[sec](d, opts))
        table(sec, opts.daemon, results)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
