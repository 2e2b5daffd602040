#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""auth_type AH on the wire: vigild and keepalived 2.2.7 in one VRID.

Network namespaces of our own (prefix vgah-<pid>-), one VRRPv2 instance with
`authentication { auth_type AH; auth_pass secret }` (RFC 2338 10, IPsec AH
with HMAC-MD5-96 as keepalived implements it):

  1. keepalived Master (priority 150), vigild Backup (100): vigild holds off
     while keepalived advertises; keepalived killed (-9): vigild takes over
     within Master_Down_Interval; keepalived started again: it learns the
     sequence number from vigild's adverts and preempts back.
  2. the reverse: vigild Master, keepalived Backup, the same steps.
  3. after each: both sides' statistics (SIGUSR2, keepalived.stats in each
     node's own TMPDIR) show adverts received and no authentication error
     (Invalid Type, Type Mismatch, Failure all 0).
  4. a third node (keepalived, auth_pass wrong) joins for a few seconds:
     vigild counts its adverts as authentication failures, and keepalived
     counts vigild's; the Master keeps the VIP.

    sudo tests/netns/ah_interop.py VIGILD [KEEPALIVED]
Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import re
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vgnet as V  # noqa: E402

V.PREFIX = "vgah-"  # our namespaces: vgah-<pid>-n1, -n2, -n3, -sw, -cl
VRID = 71
FAILS = []


def check(ok, msg):
    print("%s - %s" % ("ok" if ok else "FAIL", msg))
    if not ok:
        FAILS.append(msg)
    return ok


def conf(node, prio, password="secret"):
    inst = V.vrrp_instance(vrid=VRID, prio=prio, auth_pass=password).replace(
        "auth_type PASS", "auth_type AH")
    return V.global_defs(node) + inst


def start(net, node, binary):
    """The daemon with TMPDIR = the node's own directory (its keepalived.stats)."""
    d = os.path.join(net.workdir, "tmp-" + node.name)
    os.makedirs(d, exist_ok=True)
    old = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = d
    try:
        node.start(daemon=binary)
    finally:
        if old is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = old
    node.tmp = d


def stats(node, vigild):
    """SIGUSR2 (keepalived: to its VRRP child) -> {label: value} of keepalived.stats."""
    path = os.path.join(node.tmp, "keepalived.stats")
    if os.path.exists(path):
        os.unlink(path)
    pid = node.daemon.pid
    if not vigild:
        with open(os.path.join(node.net.workdir, "%s-vrrp.pid" % node.name)) as f:
            pid = int(f.read().strip())
    os.kill(pid, signal.SIGUSR2)
    ok, _ = V.wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 5)
    if not ok:
        check(False, "%s: no %s after SIGUSR2 to %d" % (node.name, path, pid))
        return {}
    time.sleep(0.2)
    out, section = {}, ""
    with open(path) as f:
        for line in f:
            m = re.match(r"^\s*([A-Za-z ]+):\s*(\d+)?\s*$", line)
            if not m:
                continue
            if m.group(2) is None:
                section = m.group(1).strip()
            else:
                out["%s/%s" % (section, m.group(1).strip())] = int(m.group(2))
    return out


def auth_errors(s):
    return {k: v for k, v in s.items() if k.startswith("Authentication Errors/")}


def pair(net, vigild, keepalived, vigild_master):
    n1, n2 = net.node(1), net.node(2)
    master, backup = (n1, n2)
    mb, bb = (vigild, keepalived) if vigild_master else (keepalived, vigild)
    what = "vigild master, keepalived backup" if vigild_master else "keepalived master, vigild backup"
    master.write_conf(conf(master.name, 150))
    backup.write_conf(conf(backup.name, 100))
    # the Master first: with AH a Backup takes over only after an advert or its timeout
    start(net, master, mb)
    ok, el = net.wait_holders([master.name], V.master_down_interval(150) + 3)
    check(ok, "%s: %s alone becomes Master (%.2f s)" % (what, os.path.basename(mb), el))
    start(net, backup, bb)
    time.sleep(3.5)
    check(net.holders() == [master.name], "%s: the Backup holds off: holders %s" % (what, net.holders()))

    t = time.time()
    master.kill9()
    mdi = V.master_down_interval(100)
    ok, el = V.wait_for(lambda: backup.holds(), mdi + 2)
    check(ok and el <= mdi + 1.0, "%s: %s takes over after kill -9 in %.2f s (MDI %.2f s)"
          % (what, os.path.basename(bb), time.time() - t, mdi))
    time.sleep(2.5)
    start(net, master, mb)
    ok, el = net.wait_holders([master.name], V.master_down_interval(150) + 4)
    check(ok, "%s: %s restarted preempts back (%.2f s): holders %s"
          % (what, os.path.basename(mb), el, net.holders()))
    time.sleep(2.5)
    for node, binary in ((master, mb), (backup, bb)):
        s = stats(node, binary == vigild)
        errs = auth_errors(s)
        check(errs and not any(errs.values()),
              "%s: %s (%s) counts no authentication error: %s" % (what, node.name,
                                                                 os.path.basename(binary), errs))
    s = stats(backup, bb == vigild)
    check(s.get("Advertisements/Received", 0) >= 3, "%s: the Backup received %d adverts"
          % (what, s.get("Advertisements/Received", 0)))
    return master, backup


def wrong_password(net, keepalived, master, backup, vigild_master):
    n3 = net.node(3)
    n3.write_conf(conf(n3.name, 50, password="wrong"))
    vg = master if vigild_master else backup
    before = stats(vg, True).get("Authentication Errors/Failure", 0)
    start(net, n3, keepalived)
    time.sleep(6)  # n3 rejects every advert, so it becomes Master after its MDI (3.8 s) and advertises
    after = stats(vg, True).get("Authentication Errors/Failure", 0)
    check(after > before, "wrong auth_pass: vigild counts its adverts as authentication failures "
          "(%d -> %d)" % (before, after))
    s3 = stats(n3, False)
    check(s3.get("Authentication Errors/Failure", 0) > 0,
          "wrong auth_pass: keepalived (n3) counts the others' adverts as failures: %s" % auth_errors(s3))
    check(master.holds(), "wrong auth_pass: the Master keeps the VIP")
    n3.stop()


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: ah_interop.py VIGILD [KEEPALIVED]", file=sys.stderr)
        return 2
    vigild = os.path.abspath(sys.argv[1])
    keepalived = sys.argv[2] if len(sys.argv) == 3 else "/usr/sbin/keepalived"
    if os.geteuid() != 0 or not shutil.which("ip"):
        print("SKIP: needs root and iproute2")
        return 77
    if not os.access(keepalived, os.X_OK):
        print("SKIP: no keepalived at %s" % keepalived)
        return 77
    V.install_cleanup()
    for vigild_master in (False, True):
        net = V.Net(3, daemon=vigild, workdir=tempfile.mkdtemp(prefix="vgah-"))
        try:
            master, backup = pair(net, vigild, keepalived, vigild_master)
            wrong_password(net, keepalived, master, backup, vigild_master)
        except Exception as e:  # noqa: BLE001 - report and go on to the teardown
            import traceback
            traceback.print_exc(file=sys.stdout)
            check(False, "exception: %r" % e)
        finally:
            if FAILS and os.environ.get("VGAH_KEEP"):
                print("work directory: " + net.workdir)
                net.keep = True
            if FAILS:
                for n in net.nodes:
                    print("# --- %s log (last lines)" % n.name)
                    for line in n.log().splitlines()[-15:]:
                        print("#   " + line)
            net.destroy()
    print("FAIL: %d check(s)" % len(FAILS) if FAILS else "PASS")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
