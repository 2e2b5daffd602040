# SPDX-License-Identifier: GPL-2.0-or-later
"""vrrp_track_process inside a network namespace.

The kernel's process events (the proc connector) answer only in the initial
network namespace. keepalived 2.2.7 started in a namespace logs "Failed to
set/clear process event listen - errno 111 - Connection refused" and
"(VI_1) entering FAULT state (tracked process tp_sleep quorum not achieved)"
although the process runs (observed: `ip netns exec` + `keepalived -n -l -D`
with `vrrp_track_process { process sleep 7391.5; weight 0 }` while that sleep
ran): it never counts a process there. vigild falls back to scanning /proc
every second (backends/linux/procwatch.h), so the tracked process counts.

The tracked process is a `sleep` with an argument unique to the run, started
and killed by PID by the test. Namespaces: vgtp-<pid>-*.
"""
import os
import signal
import subprocess
import time

import vgnet as V

KEEPALIVED_REASON = ("keepalived 2.2.7 cannot use process events outside the initial "
                     "network namespace and holds the instance in FAULT")


class Sleeper:
    """`sleep SECONDS.PID` started by the test: the tracked process."""

    def __init__(self, arg):
        self.arg = arg
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["sleep", self.arg])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None


def _net(t, nodes=2):
    return t.net(nodes, exact_prefix="vgtp-%d" % os.getpid())


def _track_conf(name, arg, weight, extra=""):
    return ("vrrp_track_process %s {\n    process sleep %s\n    weight %d\n%s}\n"
            % (name, arg, weight, extra))


def _run(t, weight, extra=""):
    """n1 (150) tracks the sleep with `weight`, n2 (100) tracks nothing: the sleep
    dies -> the VIP moves to n2; it runs again -> n1 takes it back (preempt)."""
    net = _net(t)
    sl = Sleeper("7391.%d%d" % (os.getpid(), abs(weight)))
    sl.start()
    try:
        n1, n2 = net.node(1), net.node(2)
        n1.write_conf(V.global_defs("n1") + _track_conf("tp_sleep", sl.arg, weight, extra)
                      + V.vrrp_instance(prio=150, extra="    track_process {\n        tp_sleep\n    }"))
        n2.write_conf(V.global_defs("n2") + V.vrrp_instance(prio=100))
        n1.start()
        n2.start()
        ok, _ = net.wait_holders(["n1"], V.master_down_interval(100) + 5)
        if not ok:
            log = n1.log()
            t.known(False, "n1 did not become master while its tracked process ran: holders %s"
                    % net.holders(), ["keepalived"], KEEPALIVED_REASON)
            t.check("Failed to set/clear process event listen" in log,
                    "keepalived did not log the proc connector failure")
            return
        time.sleep(1)
        t_kill = time.monotonic()
        sl.stop()
        limit = 1.0 + V.master_down_interval(100) + 1.5 + t.opts.tolerance
        ok, el = net.wait_holders(["n2"], limit + 2)
        t.check(ok, "VIP did not move to n2 after the tracked process died: %s" % net.holders())
        t.diag("VIP on n2 %.3f s after the tracked process was killed (scan every 1 s)"
               % (time.monotonic() - t_kill))
        if weight == 0:
            t.check("FAULT" in n1.log(), "n1 did not enter FAULT (weight 0)")
        sl.start()
        ok, el = net.wait_holders(["n1"], 1.0 + V.master_down_interval(150) + 4)
        t.check(ok, "VIP did not come back to n1 once the process ran again: %s" % net.holders())
        t.diag("VIP back on n1 %.3f s after the process restarted" % el)
    finally:
        sl.stop()


def test_track_process_fault_in_netns(t):
    """weight 0: the process dies -> n1 FAULT, VIP to n2; it restarts -> back."""
    _run(t, 0)


def test_track_process_weight_in_netns(t):
    """weight -60: 150 - 60 = 90 < 100 while the process is down."""
    _run(t, -60)


def test_track_process_terminate_delay(t):
    """terminate_delay 3: a restart within the delay never moves the VIP
    (keepalived.conf(5): "to avoid down/up bounce after terminate/parent refork")."""
    net = _net(t)
    sl = Sleeper("7391.%d9" % os.getpid())
    sl.start()
    try:
        n1, n2 = net.node(1), net.node(2)
        n1.write_conf(V.global_defs("n1") + _track_conf("tp_sleep", sl.arg, 0, "    terminate_delay 3\n")
                      + V.vrrp_instance(prio=150, extra="    track_process {\n        tp_sleep\n    }"))
        n2.write_conf(V.global_defs("n2") + V.vrrp_instance(prio=100))
        n1.start()
        n2.start()
        ok, _ = net.wait_holders(["n1"], V.master_down_interval(100) + 5)
        if not ok:
            t.known(False, "n1 did not become master: holders %s" % net.holders(), ["keepalived"],
                    KEEPALIVED_REASON)
            return
        sl.stop()
        time.sleep(1.2)
        sl.start()
        end = time.monotonic() + 4
        while time.monotonic() < end:
            t.check(net.holders() == ["n1"], "VIP left n1 within terminate_delay: %s" % net.holders())
            time.sleep(0.1)
        t.check("FAULT" not in n1.log(), "n1 entered FAULT within terminate_delay")
    finally:
        sl.stop()
