# SPDX-License-Identifier: GPL-2.0-or-later
"""What the flight recorder's end-to-end tests share (docs/recorder.md).

Each test (recorder_replay.py: VRRP failovers; recorder_replay_ah.py: an
auth_type AH pair; recorder_replay_lvs.py: real servers across a reload)
runs vigild with --record-size in network namespaces of its own, has a node
write its recording, runs `vigil replay` on it and compares the replay's
lines with the daemon log's, line for line: same lines, same order, same
core times (ns). Only the scenario differs; this module holds the rest:

    import recorder_common as R
    sys.exit(R.main(run, "recorder_replay.py", "vgrec", nodes=2))
    # run(net, vigil, sig) -> exit status; net: a vgnet.Net of our own

The two VRRP tests share their failovers (failovers(), wait_vip()) and the
check of one node's recording (replay_matches()).

Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vgnet as V  # noqa: E402

# The lines vigild logs while recording and `vigil replay` prints, ending in the core's time.
VRRP_LINE = re.compile(r"((?:\(\S+\) Entering \S+ STATE \(\S+\)|VRRP_Group\(\S+\) Syncing instances to \S+ state)"
                       r" @\d+\.\d{9})$")
RS_LINE = re.compile(r"((?:Adding|Removing) (?:sorry server|service) \S+ (?:to|from) VS \S+ @\d+\.\d{9})$")


def lines(text, pattern=VRRP_LINE):
    """The lines of text that pattern matches (its group 1: after any log prefix)."""
    return [m.group(1) for m in (pattern.search(l) for l in text.splitlines()) if m]


def fail(msg):
    print("FAIL: " + msg)
    return 1


def main(run, usage, prefix, nodes=2):
    """Arguments VIGILD VIGIL, root and iproute2 or skip, namespaces prefix<pid>-*, always cleaned up
    (kept with VGREC_KEEP=1, the work directory printed)."""
    if len(sys.argv) != 3:
        print("usage: %s VIGILD VIGIL" % usage, file=sys.stderr)
        return 2
    vigild, vigil = (os.path.abspath(p) for p in sys.argv[1:3])
    if os.geteuid() != 0 or not shutil.which("ip"):
        print("SKIP: needs root and iproute2")
        return 77
    sig = int(subprocess.check_output([vigild, "--signum=RECORD"]).decode().strip())
    V.PREFIX = prefix
    V.install_cleanup()
    net = V.Net(nodes, daemon=vigild)
    try:
        status = run(net, vigil, sig)
        if status == 0:
            print("PASS")
        return status
    finally:
        if os.environ.get("VGREC_KEEP"):
            print("work directory: " + net.workdir)
            net.keep = True
        net.destroy()


def record_args(net, node):
    """vigild's options for a recording of node into WORKDIR/NAME.rec; returns (args, path)."""
    rec = os.path.join(net.workdir, "%s.rec" % node.name)
    return ["--record-size=512", "--record-file=" + rec], rec


def write_by_signal(node, sig):
    """The RECORD signal; True once the log says the recording was written."""
    before = node.log().count("flight recording written")
    node.daemon.send(sig)
    ok, _ = V.wait_for(lambda: node.log().count("flight recording written") > before, 5)
    if not ok:
        fail("%s: no 'flight recording written' in its log" % node.name)
    return ok


def replay(vigil, rec, extra=()):
    """`vigil replay -v REC EXTRA...`: its stderr printed as comments; (exit status, stdout)."""
    out = subprocess.run([vigil, "replay", "-v", rec] + list(extra), capture_output=True, text=True)
    sys.stdout.write("".join("# " + l + "\n" for l in out.stderr.splitlines()))
    return out.returncode, out.stdout


def compare(what, logged, replayed, minimum=1):
    """Print logged against replayed side by side; 0 if equal (and at least `minimum` lines), else 1."""
    print("# %s: %d lines logged, %d replayed" % (what, len(logged), len(replayed)))
    for i in range(max(len(logged), len(replayed))):
        a = logged[i] if i < len(logged) else "(none)"
        b = replayed[i] if i < len(replayed) else "(none)"
        print("#   %-80s %s" % (a, "=" if a == b else "!= " + b))
    status = 0
    if len(logged) < minimum:
        status |= fail("%s: only %d lines logged" % (what, len(logged)))
    if logged != replayed:
        status |= fail("%s: the replay's lines differ from the log" % what)
    return status


def log_since(node, offset=0):
    """The node's log from byte offset on."""
    with open(node.daemon.log_path, errors="replace") as f:
        f.seek(offset)
        return f.read()


def wait_vip(net, holders, what, timeout=12, among=False):
    """Wait until the nodes named in holders hold the VIP (among: at least they); RuntimeError if not."""
    if among:  # a killed node keeps its VIP until it starts again
        ok, el = V.wait_for(lambda: set(holders) <= set(net.holders()), timeout)
    else:
        ok, el = net.wait_holders(holders, timeout)
    print("# %s: VIP on %s after %.2f s" % (what, holders, el))
    if not ok:
        raise RuntimeError("%s: VIP holders %s, expected %s" % (what, net.holders(), holders))


def failovers(net, start, settle=0):
    """n2 then n1 (the higher priority) started by start(node), n1 Master (then settle seconds);
    kill -9 of n1: n2 takes over, n1 started again preempts; n1's eth0 down: n2 takes over,
    up again: n1 preempts. Returns the size of n1's log when it was started again."""
    n1, n2 = net.node(1), net.node(2)
    start(n2)
    start(n1)
    wait_vip(net, ["n1"], "start")
    if settle:
        time.sleep(settle)
    n1.kill9()
    wait_vip(net, ["n2"], "kill -9 of n1", among=True)
    n1_from = os.path.getsize(n1.daemon.log_path)
    start(n1)
    wait_vip(net, ["n1"], "n1 restarted")
    n1.run(["ip", "link", "set", "eth0", "down"])
    wait_vip(net, ["n2"], "n1 eth0 down")
    n1.run(["ip", "link", "set", "eth0", "up"])
    wait_vip(net, ["n1"], "n1 eth0 up")
    return n1_from


def replay_matches(vigil, node, rec, since, minimum, extra=(), replayed=lines):
    """node's VRRP lines logged from byte `since` on against replayed(stdout) of `vigil replay -v REC
    EXTRA...` (compare()); returns (status, ran), ran False when the replay failed."""
    logged = lines(log_since(node, since))
    rc, out = replay(vigil, rec, extra)
    if rc != 0:
        return fail("%s: vigil replay exit %d" % (node.name, rc)), False
    return compare(node.name, logged, replayed(out), minimum), True
