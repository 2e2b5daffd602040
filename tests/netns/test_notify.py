# SPDX-License-Identifier: GPL-2.0-or-later
"""Notify scripts beyond the state changes (keepalived.conf(5)):
notify_master_rx_lower_pri runs when a master receives an advert of a lower
priority; notify_deleted runs (and the notify script gets DELETED) when a
reload removes an instance; notify_priority_changes writes MASTER_PRIORITY /
BACKUP_PRIORITY lines to the notify FIFO."""
import os
import signal
import subprocess
import time

import vgnet as V
import vrrpwire as W


def script(path, line, out):
    with open(path, "w") as f:
        f.write("#!/bin/sh\necho \"%s\" >> %s\n" % (line, out))
    os.chmod(path, 0o755)


def lines(path):
    try:
        with open(path) as f:
            return f.read().split("\n")[:-1]
    except FileNotFoundError:
        return []


def test_notify_master_rx_lower_pri(t):
    """A priority-50 advert of VRID 51 (valid, RFC 3768 5.3) reaches the
    priority-150 master: notify_master_rx_lower_pri runs, with no arguments;
    the notify script is not called for it (it is not a state)."""
    net = t.net(2)
    out = os.path.join(net.workdir, "lower.out")
    nout = os.path.join(net.workdir, "notify.out")
    script(os.path.join(net.workdir, "lower.sh"), "lower $#", out)
    script(os.path.join(net.workdir, "notify.sh"), "$*", nout)
    extra = ("    notify_master_rx_lower_pri %s/lower.sh\n    notify %s/notify.sh"
             % (net.workdir, net.workdir))
    master = V.start_cluster(net, [150, 100], per_node={"n1": {"extra": extra}})
    time.sleep(0.5)
    t.check(lines(out) == [], "notify_master_rx_lower_pri ran before any lower advert: %s" % lines(out))
    net.inject([W.packet(W.advert(version=2, vrid=51, prio=50), gap_ms=0)])
    ok, _ = V.wait_for(lambda: lines(out), 3)
    t.check(ok, "notify_master_rx_lower_pri did not run after a priority-50 advert")
    t.check(lines(out) == ["lower 0"], "notify_master_rx_lower_pri output %s" % lines(out))
    t.check(master.holds(), "the master lost the VIP to a lower-priority advert")
    time.sleep(0.3)
    t.check(not any("LOWER" in x for x in lines(nout)), "notify got %s" % lines(nout))


def test_notify_deleted_on_reload(t):
    """A reload removes VI_2 (which has notify_deleted) and VI_3 (which has
    not): VI_2's notify_deleted script runs and its notify gets DELETED; VI_3
    notifies FAULT, keepalived's default for a deleted instance."""
    net = t.net(1)
    node = net.node(1)
    d = net.workdir
    out, nout = os.path.join(d, "deleted.out"), os.path.join(d, "notify.out")
    script(os.path.join(d, "deleted.sh"), "deleted $#", out)
    script(os.path.join(d, "notify.sh"), "$*", nout)
    insts = [V.vrrp_instance("VI_1", vrid=51, prio=150, vips=("192.0.2.100/24",)),
             V.vrrp_instance("VI_2", vrid=52, prio=150, vips=("192.0.2.101/24",),
                             extra="    notify_deleted %s/deleted.sh\n    notify %s/notify.sh" % (d, d)),
             V.vrrp_instance("VI_3", vrid=53, prio=150, vips=("192.0.2.102/24",),
                             extra="    notify %s/notify.sh" % d)]
    node.write_conf(V.global_defs(node.name) + "".join(insts))
    node.start()
    ok, _ = V.wait_for(lambda: all(node.holds(v) for v in ("192.0.2.100", "192.0.2.101", "192.0.2.102")),
                       V.master_down_interval(150) + 3)
    t.check(ok, "the node did not become master of the three instances")
    V.wait_for(lambda: len(lines(nout)) >= 2, 3)
    node.write_conf(V.global_defs(node.name) + insts[0])
    node.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: lines(out) and any("VI_2 DELETED" in x for x in lines(nout))
                       and any("VI_3 FAULT" in x for x in lines(nout)), 5)
    t.check(lines(out) == ["deleted 0"], "notify_deleted output %s" % lines(out))
    got = lines(nout)
    t.check("INSTANCE VI_2 DELETED 150" in got, "VI_2's notify did not get DELETED: %s" % got)
    t.check("INSTANCE VI_3 FAULT 150" in got, "VI_3's notify did not get FAULT: %s" % got)
    t.check(not any("STOP" in x for x in got), "a deleted instance notified STOP: %s" % got)
    t.check(V.wait_for(lambda: not node.holds("192.0.2.101"), 3)[0], "VI_2's VIP stayed after the reload")
    t.check(node.holds("192.0.2.100"), "VI_1 lost its VIP in the reload")


def test_notify_priority_changes_fifo(t):
    """notify_priority_changes with a vrrp_notify_fifo: a track_file moves
    n1's effective priority (150 + value) while Master, while Backup, into
    a tracked Fault (-254) and out of it. The FIFO gets exactly what
    keepalived 2.2.7 writes for the same steps: a *_PRIORITY line for a
    change without a change of state, none when the state changes, and the
    FAULT line with the priority from before the fault."""
    net = t.net(2)
    d = net.workdir
    fifo, out, tf = os.path.join(d, "fifo"), os.path.join(d, "fifo.out"), os.path.join(d, "tf")
    os.mkfifo(fifo)

    def set_file(value):
        with open(tf + ".new", "w") as f:
            f.write("%d\n" % value)
        os.rename(tf + ".new", tf)

    set_file(0)
    reader = subprocess.Popen(["sh", "-c", "exec cat %s > %s" % (fifo, out)])
    try:
        n1, n2 = net.node(1), net.node(2)
        inst = V.vrrp_instance(prio=150, extra="    notify_priority_changes\n"
                               "    track_file {\n        tfile\n    }")
        n1.write_conf(V.global_defs("n1", "    vrrp_notify_fifo %s\n" % fifo)
                      + "track_file tfile {\n    file %s\n    weight 1\n}\n" % tf + inst)
        n2.write_conf(V.global_defs("n2") + V.vrrp_instance(prio=100))
        n1.start()
        n2.start()
        steps = [(None, 'INSTANCE "VI_1" MASTER 150'),
                 (10, 'INSTANCE "VI_1" MASTER_PRIORITY 160'),
                 (-100, 'INSTANCE "VI_1" BACKUP 50'),
                 (-20, 'INSTANCE "VI_1" BACKUP_PRIORITY 130'),
                 (-254, 'INSTANCE "VI_1" FAULT 130'),
                 (5, 'INSTANCE "VI_1" MASTER 155')]
        for value, want in steps:
            if value is not None:
                set_file(value)
            ok, _ = V.wait_for(lambda: want in lines(out), 3 * V.master_down_interval(100))
            t.check(ok, "after track_file %s: no '%s' on the FIFO: %s" % (value, want, lines(out)))
        t.check(lines(out) == ['INSTANCE "VI_1" BACKUP 150', 'INSTANCE "VI_1" MASTER 150',
                               'INSTANCE "VI_1" MASTER_PRIORITY 160', 'INSTANCE "VI_1" MASTER_PRIORITY 50',
                               'INSTANCE "VI_1" BACKUP 50', 'INSTANCE "VI_1" BACKUP_PRIORITY 130',
                               'INSTANCE "VI_1" FAULT 130', 'INSTANCE "VI_1" BACKUP 155',
                               'INSTANCE "VI_1" MASTER 155'],
                "FIFO lines %s" % lines(out))
    finally:
        reader.kill()
        reader.wait()
