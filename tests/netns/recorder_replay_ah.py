#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The flight recorder with auth_type AH: the replay checks the AH as vigild did.

Two vigild nodes in network namespaces of our own (prefix vgra<pid>-), one
VRRPv2 instance with `authentication { auth_type AH; auth_pass secret }`
(RFC 2338 10; the core checks the ICV over the IPv4 header and the AH, and
the sequence number, RFC 2338 5.3.6.3, as keepalived 2.2.7 does), n1
priority 150, n2 100:

  1. start: n1 Master, n2 Backup (its recording holds n1's AH adverts)
  2. kill -9 of n1: n2 takes over; n1 started again: it learns n2's sequence
     number and preempts
  3. n1's eth0 down: n2 takes over; up again: n1 preempts

Each node writes its recording (the RECORD signal), `vigil replay` runs it,
and the replay's transitions must equal the node's logged ones line for
line (n1: since its restart). Without the IP header and the AH in the
recording the replay sees each advert as an authentication type mismatch
and its Backup takes over at once.

    sudo tests/netns/recorder_replay_ah.py VIGILD VIGIL
Exit status 0 pass, 1 fail, 77 skip (not root, or a tool missing).
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder_common as R  # noqa: E402
import vgnet as V  # noqa: E402

VRID = 73


def conf(node, prio):
    inst = V.vrrp_instance(vrid=VRID, prio=prio, auth_pass="secret").replace("auth_type PASS", "auth_type AH")
    return V.global_defs(node) + inst


def run(net, vigil, sig):
    n1, n2 = net.node(1), net.node(2)
    n1.write_conf(conf("n1", 150))
    n2.write_conf(conf("n2", 100))

    def start(n):
        n.start(extra_args=R.record_args(net, n)[0])

    n1_from = R.failovers(net, start, settle=2)  # n2 receives a few AH adverts
    time.sleep(1.5)  # quiet: an advert or two, no transition in flight

    status = 0
    for n, start_at in ((n1, n1_from), (n2, 0)):
        if not R.write_by_signal(n, sig):
            status = 1
            continue
        st, ran = R.replay_matches(vigil, n, R.record_args(net, n)[1], start_at, 3)
        status |= st
        if ran:
            # the recording's configuration is compressed (format 4): ask vigil replay for it
            shown = subprocess.run([vigil, "replay", R.record_args(net, n)[1], "--config"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
            if "auth_type AH" not in shown:
                status |= R.fail("%s: the recorded configuration has no auth_type AH" % n.name)
    return status


if __name__ == "__main__":
    sys.exit(R.main(run, "recorder_replay_ah.py", "vgra", nodes=2))
