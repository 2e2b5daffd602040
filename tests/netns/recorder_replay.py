#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The flight recorder end to end: vigild records, vigil replay reproduces.

Two vigild nodes in network namespaces of our own (prefix vgrec<pid>-), one
instance (n1 priority 150 tracking a vrrp_script whose result a flag file
controls, n2 priority 100), and a few failovers:

  1. kill -9 of n1 (the Master): n2 takes over; n1 is started again and preempts
  2. n1's eth0 set down: n1 goes to FAULT, n2 takes over; up again: n1 preempts
  3. n1's track_script fails (the flag file removed): FAULT, n2 takes over; it
     passes again: n1 preempts
  4. n2 reloads (SIGHUP) a file with a second instance: VI_1 carries over, VI_2 starts

Then each node writes its recording (n1: the signal `vigild --signum=RECORD`
names; n2: fetched over its control socket with `vigil status --record FILE`,
which must come out mode 0600), `vigil replay` runs it, and the replay's transitions must equal the
daemon's logged transitions for that node (n1: since its restart) line for
line: same instance, state, reason, order and core time (ns).

    sudo tests/netns/recorder_replay.py VIGILD VIGIL
Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder_common as R  # noqa: E402
import vgnet as V  # noqa: E402


def run(net, vigil, sig):
    n1, n2 = net.node(1), net.node(2)
    flag = os.path.join(net.workdir, "healthy")
    open(flag, "w").close()
    check = V.vrrp_script("chk", "/usr/bin/test -f %s" % flag, interval=1, fall=1, rise=1)
    n1.write_conf(V.global_defs("n1") + check + V.vrrp_instance(prio=150, track_scripts=["chk"]))
    n2.write_conf(V.global_defs("n2") + V.vrrp_instance(prio=100))
    rec = {n.name: R.record_args(net, n)[1] for n in net.nodes}
    ctl = {n.name: os.path.join(net.workdir, "%s.ctl" % n.name) for n in net.nodes}

    def start(n):
        n.start(extra_args=R.record_args(net, n)[0] + ["--control=" + ctl[n.name]])

    # 1.-2. kill -9 of n1, its eth0 down and up (n1_from: where its log since the restart begins)
    n1_from = R.failovers(net, start)
    os.unlink(flag)
    R.wait_vip(net, ["n2"], "n1 track_script fails")
    open(flag, "w").close()
    R.wait_vip(net, ["n1"], "n1 track_script passes")
    # 4. a reload of n2 (SIGHUP) adding VI_2: VI_1 carries over, VI_2 starts and becomes Master
    n2.write_conf(V.global_defs("n2") + V.vrrp_instance(prio=100) +
                  V.vrrp_instance(name="VI_2", vrid=52, prio=100, vips=("192.0.2.101/24",)))
    n2.daemon.send(signal.SIGHUP)
    ok, el = V.wait_for(lambda: n2.holds("192.0.2.101"), 12)
    print("# n2 reloaded with VI_2: its VIP after %.2f s" % el)
    if not ok:
        raise RuntimeError("n2 reload: VI_2 did not become Master")
    time.sleep(1.5)  # quiet: an advert or two, no transition in flight

    status = 0
    for n, start_at in ((n1, n1_from), (n2, 0)):
        if n is n2:  # over the control socket: vigil status --record FILE
            r = subprocess.run([vigil, "status", "--socket", ctl[n.name], "--record", rec[n.name]],
                               capture_output=True, text=True, timeout=20)
            print("# n2: vigil status --record: exit %d %s" % (r.returncode, r.stderr.strip()))
            if r.returncode != 0 or not os.path.exists(rec[n.name]):
                status |= R.fail("n2: vigil status --record exit %d: %s" % (r.returncode, r.stderr.strip()))
                continue
            mode = os.stat(rec[n.name]).st_mode & 0o777
            if mode != 0o600:
                status |= R.fail("n2: the recording's mode is %o, not 600" % mode)
        elif not R.write_by_signal(n, sig):
            status = 1
            continue
        st, ran = R.replay_matches(vigil, n, rec[n.name], start_at, 4,
                                   ["--pcap", rec[n.name] + ".pcap", "--svg", rec[n.name] + ".svg"], str.splitlines)
        status |= st
        if ran and os.path.getsize(rec[n.name] + ".pcap") <= 24:
            status |= R.fail("%s: the replay's pcap has no frame" % n.name)
    return status


if __name__ == "__main__":
    sys.exit(R.main(run, "recorder_replay.py", "vgrec", nodes=2))
