#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The flight recorder's LVS half end to end: vigild records the checker
driver's inputs, vigil replay reproduces its real-server verdicts.

Two namespaces of our own (prefix vgrl<pid>-): n1 runs vigild (both sides)
with one VRRP instance and one virtual_server with two TCP_CHECK real
servers on n2 (192.0.2.12, check_servers.py; this kernel has no IPVS: the
checkers run and log their verdicts anyway). Real server A is stopped and
started again; then vigild writes its recording (the RECORD signal),
`vigil replay` runs it, and the replay's real-server lines ("Adding
service ... to VS ...", "Removing service ... from VS ...", each ending in
the core's time @S.NS) must equal the daemon log's, line for line: same
servers, same order, same times (ns).

    sudo tests/netns/recorder_replay_lvs.py VIGILD VIGIL
Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checkwin as W  # noqa: E402
import vgnet as V  # noqa: E402

V.PREFIX = "vgrl"
SERVERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_servers.py")
RS = "192.0.2.12"
LINE = re.compile(r"((?:Adding|Removing) (?:sorry server|service) \S+ (?:to|from) VS \S+ @\d+\.\d{9})$")
TCP = ("TCP_CHECK {\n      warmup 0\n      delay_loop 1\n      retry 1\n"
       "      delay_before_retry 1\n      connect_timeout 1\n    }")


def rs_lines(text):
    return [m.group(1) for m in (LINE.search(l) for l in text.splitlines()) if m]


def conf():
    out = "global_defs {\n  router_id n1\n}\n" + V.vrrp_instance(prio=150)
    out += "virtual_server 192.0.2.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
    for port in (18101, 18102):
        out += "  real_server %s %d {\n    weight 1\n    %s\n  }\n" % (RS, port, TCP)
    return out + "}\n"


def main():
    if len(sys.argv) != 3:
        print("usage: recorder_replay_lvs.py VIGILD VIGIL", file=sys.stderr)
        return 2
    vigild, vigil = (os.path.abspath(p) for p in sys.argv[1:3])
    if os.geteuid() != 0 or not shutil.which("ip"):
        print("SKIP: needs root and iproute2")
        return 77
    sig = int(subprocess.check_output([vigild, "--signum=RECORD"]).decode().strip())
    V.install_cleanup()
    net = V.Net(2, daemon=vigild)
    try:
        return run(net, vigil, sig)
    finally:
        if os.environ.get("VGREC_KEEP"):
            print("work directory: " + net.workdir)
            net.keep = True
        net.destroy()


def fail(msg):
    print("FAIL: " + msg)
    return 1


def run(net, vigil, sig):
    d = net.workdir
    os.chmod(d, 0o755)
    for p in (18101, 18102):
        W.set_mode(d, p, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d, "18101", "18102"], net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    n1 = net.node(1)
    rec = os.path.join(d, "n1.rec")
    n1.write_conf(conf())
    n1.start(side=None, extra_args=["--record-size=512", "--record-file=" + rec])

    def wait_lines(n, what, timeout=15):
        ok, el = V.wait_for(lambda: len(rs_lines(n1.log())) >= n, timeout)
        print("# %s: %d real-server lines after %.2f s" % (what, len(rs_lines(n1.log())), el))
        if not ok:
            raise RuntimeError("%s: %d real-server lines, expected %d" % (what, len(rs_lines(n1.log())), n))

    # both servers are in the table from the start (vigild does not log the install)
    ok, _ = V.wait_for(lambda: "Health checkers:" in n1.log(), 10)
    if not ok:
        return fail("the checkers did not start")
    time.sleep(2.5)  # a passing round or two
    W.set_mode(d, 18101, "off")
    wait_lines(1, "server A stopped")
    W.set_mode(d, 18101, "ok")
    wait_lines(2, "server A started")
    W.set_mode(d, 18102, "off")
    wait_lines(3, "server B stopped")
    W.set_mode(d, 18102, "ok")
    wait_lines(4, "server B started")
    before = n1.log().count("flight recording written")
    n1.daemon.send(sig)
    ok, _ = V.wait_for(lambda: n1.log().count("flight recording written") > before, 5)
    if not ok:
        return fail("no 'flight recording written' in the log")
    logged = rs_lines(n1.log())
    out = subprocess.run([vigil, "replay", "-v", rec], capture_output=True, text=True)
    sys.stdout.write("".join("# " + l + "\n" for l in out.stderr.splitlines()))
    if out.returncode != 0:
        return fail("vigil replay exit %d" % out.returncode)
    replayed = rs_lines(out.stdout)
    print("# %d real-server lines logged, %d replayed" % (len(logged), len(replayed)))
    for a, b in zip(logged, replayed):
        print("#   %-80s %s" % (a, "=" if a == b else "!= " + b))
    status = 0
    if not any("Removing service [%s]:tcp:18101" % RS in l for l in logged):
        status |= fail("server A's removal was not logged")
    if logged != replayed:
        status |= fail("the replay's real-server lines differ from the log")
    if status == 0:
        print("PASS")
    return status


if __name__ == "__main__":
    sys.exit(main())
