#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""DOC: the IPVS benchmark: vigild and keepalived -C programming N x M services, side by side.

    bench/ipvs/bench.py [--build DIR] [--sizes 100,1000,10000] [--m 10]
                        [--phase-timeout S] [--memory MB] [--save FILE]
                        [--daemons vigild,keepalived]
    bench/ipvs/bench.py --from FILE [--phase-timeout S]   # only format a saved run's output

Writes the configurations (gen.py) into a temporary directory, boots the
QEMU guest of tests/ipvs-vm (run.py, with keepalived, nlmon, ipvs_time and
nl_count) on guest.sh, and prints what it measured as a table: for each
size, from an empty table, the time from exec to the daemon's "done" log
line and the IPVS objects per second, then the reload of the unchanged file
(SIGHUP to "done"), and the generic-netlink requests each sent (round trips:
the sendmsg() calls that carried them). A phase that takes longer than
--phase-timeout is cut: the table then shows what was programmed by then.
Numbers, not a test: nothing is asserted, and it is not part of
./scripts/test (bench/run.sh runs it only with --ipvs).
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402


def parse(lines):
    """R N DAEMON PHASE KEY VALUE -> {N: {(daemon, phase, key): value}}"""
    res = {}
    for line in lines:
        f = line.split()
        if len(f) >= 4 and f[0] == "R" and f[1] != "-":
            n = int(f[1])
            d = res.setdefault(n, {})
            if f[2] == "objects":
                d["objects"] = int(f[3])
            elif len(f) == 6:
                d[(f[2], f[3], f[4])] = f[5]
    return res


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_s(v):
    x = num(v)
    if x is None:
        return v or "-"
    return "%.3f" % x if x < 10 else "%.1f" % x


def ratio(a, b):
    a, b = num(a), num(b)
    if a is None or b is None or a == 0:
        return "-"
    return "%.1fx" % (b / a)


def table(res, m):
    out = []
    out.append("| virtual x real servers | IPVS objects | vigild start s | objects/s | keepalived start s | "
               "objects/s | keepalived / vigild |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sorted(res):
        d = res[n]
        obj = d.get("objects", 0)
        vs, ks = d.get(("vigild", "start", "seconds")), d.get(("keepalived", "start", "seconds"))
        vr = num(d.get(("vigild", "start", "rows"))) or 0
        kr = num(d.get(("keepalived", "start", "rows"))) or 0
        vops = "%.0f" % (vr / num(vs)) if num(vs) else "-"
        kops = "%.0f" % (kr / num(ks)) if num(ks) else "-"
        if ks == "timeout":
            t = d.get(("keepalived", "start", "cap"), d.get("cap", ""))
            ks = "> %s (cut: %d of %d objects in)" % (t or "cap", kr, obj)
            kops = "%.0f" % (kr / num(t)) if num(t) else "-"
            rat = "> %.0fx" % (num(t) / num(vs)) if num(t) and num(vs) else "-"
        else:
            rat = ratio(vs, ks)
        out.append("| %d x %d | %d | %s | %s | %s | %s | %s |" % (n, m, obj, fmt_s(vs), vops, fmt_s(ks), kops, rat))
    out.append("")
    out.append("| virtual x real servers | vigild reload s (its IPVS part) | keepalived reload s | "
               "vigild / keepalived |")
    out.append("| --- | ---: | ---: | ---: |")
    for n in sorted(res):
        d = res[n]
        vr, kr = d.get(("vigild", "reload", "seconds")), d.get(("keepalived", "reload", "seconds"))
        us = num(d.get(("vigild", "reload", "apply_us")))
        part = " (%.1f ms)" % (us / 1000) if us is not None else ""
        if d.get(("vigild", "reload", "unchanged")) == "1":
            part = " (files unchanged: no parse, no IPVS part)"
        pct = "%.1f %%" % (100 * num(vr) / num(kr)) if num(vr) and num(kr) else "-"
        out.append("| %d x %d | %s%s | %s | %s |" % (n, m, fmt_s(vr), part, fmt_s(kr), pct))
    out.append("")
    out.append("| virtual x real servers | vigild requests / sendmsg start | reload | keepalived requests / "
               "sendmsg start | reload |")
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for n in sorted(res):
        d = res[n]

        def pair(daemon, phase):
            r, s = d.get((daemon, phase, "req_msg")), d.get((daemon, phase, "req_skb"))
            return "%s / %s" % (r, s) if r is not None else "-"
        out.append("| %d x %d | %s | %s | %s | %s |" % (n, m, pair("vigild", "start"), pair("vigild", "reload"),
                                                         pair("keepalived", "start"),
                                                         pair("keepalived", "reload")))
    return "\n".join(out)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--sizes", default="100,1000,10000")
    p.add_argument("--m", type=int, default=10)
    p.add_argument("--phase-timeout", type=int, default=600)
    p.add_argument("--memory", type=int, default=1536)
    p.add_argument("--save", help="also write the guest's raw output here")
    p.add_argument("--from", dest="saved", help="format a saved output instead of running")
    p.add_argument("--daemons", default="vigild,keepalived",
                   help="who runs in the guest: vigild, keepalived or both (default)")
    a = p.parse_args(argv)
    if a.saved:
        with open(a.saved) as f:
            lines = f.read().splitlines()
    else:
        sizes = [int(x) for x in a.sizes.split(",")]
        with tempfile.TemporaryDirectory(prefix="ipvs-bench-") as tmp:
            files = []
            for n in sizes:
                path = os.path.join(tmp, "c%d.conf" % n)
                with open(path, "w") as f:
                    gen.write(n, a.m, f)
                files.append(path)
            argv = [sys.executable, os.path.join(ROOT, "tests", "ipvs-vm", "run.py"), "--keepalived",
                    "--module", "nlmon",
                    "--vigild", os.path.join(a.build, "backends", "linux", "vigild"),
                    "--bin", os.path.join(a.build, "bench", "ipvs_time"),
                    "--bin", os.path.join(a.build, "bench", "nl_count"),
                    "--env", "SIZES=" + " ".join(str(n) for n in sizes), "--env", "M=%d" % a.m,
                    "--env", "DAEMONS=" + " ".join(a.daemons.split(",")),
                    "--env", "T=%d" % a.phase_timeout, "--memory", str(a.memory),
                    "--timeout", str(len(sizes) * (4 * a.phase_timeout) + 300),
                    os.path.join(HERE, "guest.sh")] + files
            proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
            lines = proc.stdout.splitlines()
        if a.save:
            with open(a.save, "w") as f:
                f.write("\n".join(lines) + "\n")
        for line in lines:
            if not line.startswith("R "):
                print(line)
    res = parse(lines)
    for d in res.values():
        d["cap"] = str(a.phase_timeout)  # outputs of guest.sh without its cap line
    print(table(res, a.m))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
