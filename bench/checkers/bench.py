# SPDX-License-Identifier: GPL-2.0-or-later
"""Checker benchmark: vigild and keepalived 2.2.7 probing the same real servers.

    bench.py [--where guest|host] [--cases tcp1000,http1000,tcp10000,http10000,lat,jit0,jit]
             [--delay-loop S] [--warm S] [--window S] [--jit-seconds S]
             [--lat-flaps N] [--lat-period S] [--lat-servers N] [--vigild PATH] [--keepalived PATH|none]
             [--smp N] [--memory MB] [--raw FILE] [--vigild-args 'ARGS'] [--floor]

Root only (host), or any user (guest). Numbers are printed, never asserted;
this is not a test. bench/README.md ("bench/checkers") says what each
figure is; docs/lvs.md ("Measured: checkers") has the latest run.

--where guest (default) runs run.sh in the ipvs-vm QEMU guest
(tests/ipvs-vm/run.py: Debian's 6.1 kernel with IPVS, under TCG), where
keepalived's checker process can run; --where host runs it in a network
namespace on this machine, where the kernel has no IPVS: vigild runs its
checkers and reports the table edits as not applied, keepalived -C exits
(the script shows how).

Cases (the same configurations for both daemons):
  tcpN, httpN   N real servers (N/250 addresses x 250 ports) with TCP_CHECK or
                HTTP_GET (url / status_code 200), warmup = delay_loop so the
                checks are spread, -C; CPU over --window after --warm,
                memory at the end of the window, per process;
                With --floor, also bench/checkers/floor.c on the same servers:
                the least CPU a probe that opens a connection costs (the
                kernel's handshake, data and teardown, which every such
                checker pays), and each daemon's CPU against it;
  lat           vigild only: 1,000 TCP_CHECKs (--lat-servers), delay_loop 1, retry 0; half
                of the real servers refuse, then accept again, --lat-flaps
                times; the SIGUSR1 dump's "Verdict to table edit" line;
  jit0, jit     one VRRP instance (advert_int 1) on the veth, alone (jit0)
                and with 10,000 TCP_CHECKs (jit), both sides of the daemon;
                the adverts' spacing on the wire (tcpdump on the real
                servers' side).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PORTS = 250
PORT_FIRST = 10000


def log(msg):
    print("  .. " + msg, file=sys.stderr, flush=True)


def addr(k):
    return "198.51.100.%d" % (k + 1) if k < 20 else "203.0.113.%d" % (k - 19)


def conf_servers(n, kind, delay_loop, retry=None, connect_timeout=5):
    """n real servers: n/250 virtual servers of 250 real servers each."""
    naddr = max(1, n // PORTS)
    out = []
    for a in range(naddr):
        out.append("virtual_server 192.0.2.%d 80 {\n  delay_loop %d\n  lb_algo rr\n  lb_kind NAT\n"
                   "  protocol TCP\n" % (10 + a, delay_loop))
        for p in range(min(PORTS, n - a * PORTS)):
            out.append("  real_server %s %d {\n    weight 1\n" % (addr(a), PORT_FIRST + p))
            opts = "connect_timeout %d\n      warmup %d\n" % (connect_timeout, delay_loop)
            if retry is not None:
                opts += "      retry %d\n" % retry
            if kind == "http":
                out.append("    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n"
                           "      %s    }\n  }\n" % opts)
            else:
                out.append("    TCP_CHECK {\n      %s    }\n  }\n" % opts)
        out.append("}\n")
    return "".join(out)


VRRP = """vrrp_instance VI_1 {
  state MASTER
  interface cbd0
  virtual_router_id 51
  priority 150
  advert_int 1
  virtual_ipaddress {
    192.0.2.100/24
  }
}
"""
GLOBAL = "global_defs {\n  router_id checkbench\n}\n"


def write_confs(d, cases, opts):
    for c in cases:
        m = re.fullmatch(r"(tcp|http)(\d+)", c)
        if m:
            text = GLOBAL + conf_servers(int(m.group(2)), m.group(1), opts.delay_loop)
        elif c == "lat":
            text = GLOBAL + conf_servers(opts.lat_servers, "tcp", 1, retry=0, connect_timeout=1)
        elif c == "jit0":
            text = GLOBAL + VRRP
        elif c == "jit":
            text = GLOBAL + VRRP + conf_servers(10000, "tcp", opts.delay_loop)
        else:
            sys.exit("unknown case %s" % c)
        with open(os.path.join(d, c + ".conf"), "w") as f:
            f.write(text)


def build_rs(d):
    for prog in ("rs", "floor"):
        subprocess.run(["cc", "-O2", "-o", os.path.join(d, prog), os.path.join(HERE, prog + ".c")], check=True)


def env_of(opts, cases):
    return {"CASES": " ".join(cases), "WARM": str(opts.warm), "WINDOW": str(opts.window),
            "JIT_SECONDS": str(opts.jit_seconds), "LAT_FLAPS": str(opts.lat_flaps),
            "LAT_PERIOD": str(opts.lat_period), "VIGILD_ARGS": opts.vigild_args,
            "SPLIT": "1" if opts.split_cpu else "0", "FLOOR": "1" if opts.floor else "0",
            "DELAY_LOOP": str(opts.delay_loop)}


def run_host(opts, cases, d):
    pfx = "vgcb%d-" % os.getpid()
    ns = pfx + "d"
    env = dict(os.environ, PFX=pfx, D=d, T=os.path.join(d, "t"), VIGILD=os.path.abspath(opts.vigild),
               KEEPALIVED="", **env_of(opts, cases))
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        p = subprocess.run(["ip", "netns", "exec", ns, "sh", os.path.join(HERE, "run.sh")], env=env,
                           stdout=subprocess.PIPE, text=True, timeout=7200)
        lines = p.stdout.splitlines()
        if opts.keepalived != "none":
            lines += keepalived_on_host(opts, d, ns, cases)
        return lines
    finally:
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def keepalived_on_host(opts, d, ns, cases):
    """Does keepalived -C run its checkers without IPVS?  Start it, watch 10 s."""
    conf = os.path.join(d, cases[0] + ".conf")
    logf = os.path.join(d, "k-host.log")
    with open(logf, "w") as f:
        t0 = time.monotonic()
        k = subprocess.Popen(["ip", "netns", "exec", ns, opts.keepalived, "-n", "-l", "-G", "-D", "-C",
                              "-f", conf, "-p", os.path.join(d, "kh.pid"), "-c", os.path.join(d, "khc.pid")],
                             stdout=f, stderr=subprocess.STDOUT)
        try:
            rc = k.wait(timeout=10)
            took = time.monotonic() - t0
        except subprocess.TimeoutExpired:
            k.terminate()
            k.wait()
            rc, took = None, None
    text = open(logf).read().splitlines()
    keep = [l.split(": ", 1)[-1] for l in text if re.search(r"ipvs|IPVS|exited|Stopped|FATAL", l)]
    if rc is None:
        return ["@@K keepalived -C still running after 10 s"]
    return ["@@K keepalived -C exited with status %d after %.1f s: %s" % (rc, took, " / ".join(keep[:4]))]


def run_guest(opts, cases, d):
    args = [sys.executable, os.path.join(ROOT, "tests", "ipvs-vm", "run.py"), "--vigild", opts.vigild,
            "--smp", str(opts.smp), "--memory", str(opts.memory), "--timeout", str(opts.timeout),
            "--bin", "/usr/bin/tcpdump", "--env", "D=/test/cb", "--env", "TCPDUMP=/usr/bin/tcpdump"]
    if opts.keepalived != "none":
        args += ["--keepalived", "--env", "KEEPALIVED=/usr/sbin/keepalived"]
    for k, v in env_of(opts, cases).items():
        args += ["--env", "%s=%s" % (k, v)]
    args += [os.path.join(HERE, "run.sh"), d + "=/test/cb"]
    lines = []
    p = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        if line.startswith("@@R") or line.startswith("@@C") or line.startswith("#"):
            log(line)
    p.wait()
    return lines


# ---------------------------------------------------------------- report

def kv(fields):
    return dict(f.split("=", 1) for f in fields if "=" in f)


def report(lines, opts, cases):
    procs = {}    # (case, daemon) -> [(role, cpu, rss, pss, hwm)]
    checks = {}   # (case, daemon) -> (start_s, checks, window)
    dumps = {}    # (case, daemon) -> [text]
    adverts = {}  # (case, daemon) -> [t]
    for l in lines:
        f = l.split()
        if not f:
            continue
        if f[0] == "@@R":
            v = kv(f[5:])
            procs.setdefault((f[1], f[2]), []).append(
                (f[3], float(v["cpu"]), int(v["rss_kb"] or 0), int(v["pss_kb"] or 0), int(v["hwm_kb"] or 0),
                 float(v.get("usr", "nan")), float(v.get("sys", "nan")), int(v.get("thp_kb") or 0)))
        elif f[0] == "@@C":
            v = kv(f[3:])
            # a probe is a connection, or (--check-tcp=syn) a half-open entry the director's RST ended
            checks[(f[1], f[2])] = (float(v["start_s"]), int(v["checks"]) + int(v.get("halfopen") or 0),
                                    float(v["window_s"]))
        elif f[0] == "@@L":
            dumps.setdefault((f[1], f[2]), []).append(" ".join(f[3:]))
        elif f[0] == "@@T":
            adverts.setdefault((f[1], f[2]), []).append(float(f[3]))
        elif f[0] in ("@@E", "@@K", "@@I"):
            print(l[3:].strip())
        elif l.startswith("# ipvs-vm"):
            print(l)

    def total(key, i):
        return sum(p[i] for p in procs.get(key, []))

    def checker(key, i):
        for p in procs.get(key, []):
            if p[0] == "checker":
                return p[i]
        return total(key, i)

    print("\n## capacity (delay_loop %d s, warmup %d s, CPU over %d s after %d s)\n"
          % (opts.delay_loop, opts.delay_loop, opts.window, opts.warm))
    print("| case | daemon | process | start s | probes/s (want) | CPU % of a core | user % | kernel % "
          "| RSS MiB | Pss MiB | of RSS: huge pages MiB |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in cases:
        m = re.fullmatch(r"(tcp|http)(\d+)", c)
        if not m:
            continue
        n = int(m.group(2))
        for d in ("vigild", "keepalived", "floor"):
            if (c, d) not in procs:
                continue
            st, ck, w = checks.get((c, d), (0, 0, 1))
            for role, cpu, rss, pss, hwm, usr, sys_, thp in procs[(c, d)]:
                print("| %s | %s | %s | %.1f | %.0f (%.0f) | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |" % (
                    c, d, role, st, ck / w, n / opts.delay_loop, cpu, usr, sys_, rss / 1024, pss / 1024,
                    thp / 1024))
    print("\n## ratios vigild / keepalived (keepalived: its checker process; in brackets: all its processes)\n")
    print("| case | CPU vigild | CPU keepalived | CPU x | RSS vigild MiB | RSS keepalived MiB | RSS x "
          "| Pss x | vigild B / server (RSS) | user CPU x |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in cases:
        m = re.fullmatch(r"(tcp|http)(\d+)", c)
        if not m or (c, "vigild") not in procs:
            continue
        n = int(m.group(2))
        vc, vr, vp = total((c, "vigild"), 1), total((c, "vigild"), 2), total((c, "vigild"), 3)
        row = "| %s | %.2f |" % (c, vc)
        if (c, "keepalived") in procs:
            kc, kr, kp = checker((c, "keepalived"), 1), checker((c, "keepalived"), 2), checker((c, "keepalived"), 3)
            kct, krt, kpt = total((c, "keepalived"), 1), total((c, "keepalived"), 2), total((c, "keepalived"), 3)
            row += " %.2f (%.2f) | %.3f (%.3f) | %.1f | %.1f (%.1f) | %.3f (%.3f) | %.3f (%.3f) |" % (
                kc, kct, vc / kc if kc else 0, vc / kct if kct else 0, vr / 1024, kr / 1024, krt / 1024,
                vr / kr if kr else 0, vr / krt if krt else 0, vp / kp if kp else 0, vp / kpt if kpt else 0)
        else:
            row += " - | - | %.1f | - | - | - |" % (vr / 1024)
        row += " %.0f |" % (vr * 1024 / n)
        ku = checker((c, "keepalived"), 5) if (c, "keepalived") in procs else 0
        row += " %.3f |" % (total((c, "vigild"), 5) / ku) if ku else " - |"
        print(row)
    if any(k[1] == "floor" for k in procs):
        print("\n## against the floor (floor.c: the least a probe that connects costs; CPU % of a core)\n")
        print("| case | floor | vigild | vigild / floor | keepalived checker | keepalived / floor "
              "| floor / keepalived: the least CPU x any such checker can reach |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        def cell(x):
            return "-" if x is None else "%.2f" % x

        def ratio(a, b):
            return "-" if a is None or b is None or not b else "%.3f" % (a / b)
        for c in cases:
            if (c, "floor") not in procs:
                continue
            fc = total((c, "floor"), 1)
            vc = total((c, "vigild"), 1) if (c, "vigild") in procs else None
            kc = checker((c, "keepalived"), 1) if (c, "keepalived") in procs else None
            print("| %s | %.2f | %s | %s | %s | %s | %s |" % (c, fc, cell(vc), ratio(vc, fc), cell(kc), ratio(kc, fc),
                                                             ratio(fc, kc)))
    # marginal memory per server between the two sizes of a kind
    for kind in ("tcp", "http"):
        sizes = sorted(int(c[len(kind):]) for c in cases if re.fullmatch(kind + r"\d+", c))
        if len(sizes) < 2:
            continue
        a, b = "%s%d" % (kind, sizes[0]), "%s%d" % (kind, sizes[-1])
        for d in ("vigild", "keepalived"):
            if (a, d) in procs and (b, d) in procs:
                get = checker if d == "keepalived" else total
                dr = (get((b, d), 2) - get((a, d), 2)) * 1024 / (sizes[-1] - sizes[0])
                dc = (get((b, d), 1) - get((a, d), 1)) / (sizes[-1] - sizes[0])
                print("%s %s: %d -> %d servers: %.0f B RSS and %.5f %% CPU per added server"
                      % (kind, d, sizes[0], sizes[-1], dr, dc))
                ra, rb = ring_used(dumps.get((a, d))), ring_used(dumps.get((b, d)))
                if ra is not None and rb is not None:
                    # the flight recorder's ring is a fixed size (--record-size): it fills with events
                    # over time whatever N, so its fill is not a per-server cost once it is full
                    print("%s %s: %d -> %d servers: %.0f B RSS per added server without the recorder ring's "
                          "fill (%d -> %d bytes in it)" % (kind, d, sizes[0], sizes[-1],
                                                            dr - (rb - ra) / (sizes[-1] - sizes[0]), ra, rb))
    for key, text in sorted(dumps.items()):
        for t in text:
            print("%s %s: %s" % (key[0], key[1], t))
    if adverts:
        print("\n## VRRP advert spacing on the wire (advert_int 1 s)\n")
        print("| case | daemon | adverts | mean interval s | mean abs dev ms | max abs dev ms | daemon CPU % |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for (c, d), ts in sorted(adverts.items()):
            iv = [b - a for a, b in zip(ts, ts[1:])]
            if not iv:
                continue
            dev = [abs(x - 1.0) for x in iv]
            print("| %s | %s | %d | %.4f | %.2f | %.2f | %.2f |" % (
                c, d, len(ts), sum(iv) / len(iv), 1000 * sum(dev) / len(dev), 1000 * max(dev), total((c, d), 1)))


def ring_used(lines):
    """Bytes in the flight recorder's ring, from the dump's "Ring = U of S bytes" line."""
    for t in lines or []:
        m = re.match(r"Ring = (\d+) of \d+ bytes", t)
        if m:
            return int(m.group(1))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--where", choices=("guest", "host"), default="guest")
    ap.add_argument("--cases", default="tcp1000,http1000,tcp10000,http10000,lat,jit0,jit")
    ap.add_argument("--delay-loop", type=int, default=30)
    ap.add_argument("--warm", type=int, default=40)
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--jit-seconds", type=int, default=30)
    ap.add_argument("--lat-flaps", type=int, default=6)
    ap.add_argument("--lat-servers", type=int, default=1000,
                    help="real servers of the lat case (under TCG 1,000 checks a second saturate the guest)")
    ap.add_argument("--lat-period", type=float, default=3)
    ap.add_argument("--vigild", default=os.path.join(ROOT, "build", "backends", "linux", "vigild"))
    ap.add_argument("--keepalived", default="/usr/sbin/keepalived")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--memory", type=int, default=1024)
    ap.add_argument("--timeout", type=int, default=3600)
    ap.add_argument("--raw", help="also write the @@ lines to FILE")
    ap.add_argument("--floor", action="store_true",
                    help="also run bench/checkers/floor.c on the tcpN / httpN cases: the least CPU a probe that "
                         "connects costs, for reading both daemons' CPU against it")
    ap.add_argument("--vigild-args", default="", help="extra vigild flags, e.g. --check-close=reset")
    ap.add_argument("--split-cpu", action="store_true",
                    help="the daemon on CPU 0; the real servers and every veth's receive work (RPS) on "
                         "CPU 1, as a NIC's interrupts would be: the daemon's CPU is then its own work "
                         "(user, system calls, the send path), not the real servers' kernel work (2 CPUs)")
    opts = ap.parse_args()
    cases = [c for c in opts.cases.split(",") if c]
    if opts.keepalived != "none" and not os.path.exists(opts.keepalived):
        opts.keepalived = "none"
    d = tempfile.mkdtemp(prefix="vgcb-")
    os.chmod(d, 0o755)
    try:
        write_confs(d, cases, opts)
        build_rs(d)
        print("# load average before: %s" % open("/proc/loadavg").read().strip())
        lines = run_host(opts, cases, d) if opts.where == "host" else run_guest(opts, cases, d)
        print("# load average after: %s" % open("/proc/loadavg").read().strip())
        if opts.raw:
            with open(opts.raw, "w") as f:
                f.write("\n".join(lines) + "\n")
        report(lines, opts, cases)
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
