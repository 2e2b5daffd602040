# SPDX-License-Identifier: GPL-2.0-or-later
"""Two Backup timers as keepalived 2.2.7 runs them, measured on the wire
(capture timestamps on the bridge):

- a Backup whose priority changes (a vrrp_track_file) while its
  Master_Down_Timer runs moves the deadline by the change of Skew_Time;
- an instance leaving Fault waits a full Master_Down_Interval before it
  advertises, even with `state MASTER` (whose start-up wait is one
  Advertisement_Interval plus the smallest skew).

Observed with keepalived 2.2.7 (this file run with --daemon
/usr/sbin/keepalived), VRRPv2, advert_int 1:
  priority 100 -> 254 one second after the master died: takeover 3.008-3.009 s
  after the master's last advert (MDI at 254: 3.008 s; at 100: 3.609 s);
  state MASTER, priority 100, Fault cleared: first advert 3.61 s later
  (MDI 3.609 s; the start-up wait would be 1.004 s).
"""
import os
import time

import vgnet as V


def track_file_block(name, path, weight):
    return "vrrp_track_file %s {\n    file \"%s\"\n    weight %d\n}\n" % (name, path, weight)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def test_backup_priority_change_moves_master_down_timer(t):
    net = t.net(2)
    tf = os.path.join(net.workdir, "prio-n2")
    write(tf, "0\n")
    per = {"n2": {"extra": "    track_file {\n        tf_prio\n    }"}}
    master = V.start_cluster(net, [150, 100], prefix=track_file_block("tf_prio", tf, 1),
                             per_node=per)
    backup = net.node(2)
    cap = net.capture()
    time.sleep(1.5)
    t_kill = time.time()
    master.kill9()
    time.sleep(1.0)
    write(tf, "154\n")  # priority 100 + 154 -> 254 (keepalived caps at 254)
    ok, _ = V.wait_for(lambda: backup.holds(), 6)
    t.check(ok, "%s did not take over" % backup.name)
    pkts = cap.stop()
    tk = V.takeover(pkts, master.ip, backup.ip, 51, t_kill - 1.5)
    t.check(tk is not None, "no takeover seen in the capture")
    new_mdi, old_mdi = V.master_down_interval(254), V.master_down_interval(100)
    t.diag("takeover %.3f s after the last advert; MDI at 254 %.3f s, at 100 %.3f s"
           % (tk[2], new_mdi, old_mdi))
    # keepalived 2.2.7: the running timer moves by the change of Skew_Time
    t.check(abs(tk[2] - new_mdi) <= t.opts.tolerance,
            "takeover %.3f s, expected the new MDI %.3f s" % (tk[2], new_mdi))


def test_leaving_fault_waits_master_down_interval(t):
    net = t.net(1)
    node = net.node(1)
    tf = os.path.join(net.workdir, "fault-n1")
    write(tf, "1\n")  # weight 0: a non-zero value is a fault
    node.write_conf(V.global_defs("n1") + track_file_block("tf_fault", tf, 0)
                    + V.vrrp_instance(prio=100, state="MASTER",
                                      extra="    track_file {\n        tf_fault\n    }"))
    cap = net.capture()
    node.start()
    time.sleep(2.5)
    t.check(not node.holds(), "master while its track_file says fault")
    t_clear = time.time()
    write(tf, "0\n")
    ok, _ = V.wait_for(lambda: node.holds(), 6)
    t.check(ok, "no Master after the fault cleared")
    pkts = cap.stop()
    adv = [p for p in V.adverts(pkts, vrid=51, src=node.ip, t_from=t_clear) if p["prio"] > 0]
    t.check(adv, "no advert after the fault cleared")
    el = adv[0]["t"] - t_clear
    mdi = V.master_down_interval(100)
    t.diag("first advert %.3f s after the fault cleared; MDI %.3f s, start-up wait %.3f s"
           % (el, mdi, 1 + 1 / 256.0))
    t.check(abs(el - mdi) <= t.opts.tolerance + 0.05,
            "first advert %.3f s after the fault cleared, expected MDI %.3f s" % (el, mdi))
