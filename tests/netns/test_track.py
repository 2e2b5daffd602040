# SPDX-License-Identifier: GPL-2.0-or-later
"""track_script: a failing check moves the VIP to the backup."""
import os
import time

import vgnet as V


def test_track_script_failure_moves_vip(t):
    net = t.net(2)
    # one flag file per node: the namespaces share the file system
    flags = {}
    for node in net.nodes:
        flags[node.name] = os.path.join(net.workdir, "healthy-%s" % node.name)
        open(flags[node.name], "w").close()
    per_node = {n.name: {"track_scripts": ["chk_%s" % n.name]} for n in net.nodes}
    scripts = "".join(V.vrrp_script("chk_%s" % n.name, "/usr/bin/test -f %s" % flags[n.name],
                                    interval=1, fall=1, rise=1) for n in net.nodes)
    master = V.start_cluster(net, [150, 100], prefix=scripts, per_node=per_node)
    flag = flags[master.name]
    backup = net.node(2)
    time.sleep(1.5)
    t_rm = time.time()
    os.unlink(flag)
    limit = 1 + V.master_down_interval(100) + t.opts.tolerance
    ok, el = net.wait_holders([backup.name], limit + 2)
    t.check(ok, "VIP did not move to %s within %.1f s: %s" % (backup.name, limit + 2,
                                                            net.holders()))
    t.diag("VIP moved %.3f s after the check started failing (interval 1 s, fall 1)" % el)
    t.check(el <= limit, "moved after %.3f s > interval + MDI %.3f s" % (el, limit))
    # the check passes again: the higher-priority node takes the VIP back
    open(flag, "w").close()
    ok, el = net.wait_holders([master.name], 2 + V.master_down_interval(150) + 2)
    t.check(ok, "VIP did not return to %s once the check passed: %s" % (master.name,
                                                                      net.holders()))


def test_unsafe_script_removed_from_tracking(t):
    """enable_script_security and a world-writable vrrp_script (it would fail,
    and it starts failed: init_fail): keepalived does not run it and removes it
    from tracking, so neither its weight 0 (Fault) nor its weight -60 counts;
    n1 (150) is master over n2 (100) as without the scripts."""
    net = t.net(2)
    ran = os.path.join(net.workdir, "unsafe-ran")
    path = os.path.join(net.workdir, "unsafe-check.sh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\ntouch %s\nexit 1\n" % ran)
    os.chmod(path, 0o777)  # writable by anyone: unsafe for a script run as root
    scripts = "".join("vrrp_script %s {\n    script \"%s\"\n    interval 1\n    weight %d\n"
                      "    init_fail\n}\n" % (name, path, w)
                      for name, w in (("chk_unsafe_fault", 0), ("chk_unsafe_weight", -60)))
    per = {"n1": {"track_scripts": ["chk_unsafe_fault", "chk_unsafe_weight"]}}
    master = V.start_cluster(net, [150, 100], prefix=scripts, per_node=per)
    t.check(master.name == "n1", "master %s" % master.name)
    time.sleep(2.5)
    t.check(net.holders() == ["n1"], "holders %s: the disabled scripts still count" % net.holders())
    t.check(not os.path.exists(ran), "the unsafe script was run")
    t.check("FAULT" not in master.log(), "n1 went to FAULT because of a disabled script")
