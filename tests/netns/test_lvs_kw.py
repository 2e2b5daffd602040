# SPDX-License-Identifier: GPL-2.0-or-later
"""The checker-side keywords of issue 17 in `vigild -C` (tests named lvskw_*):
lvs_notify_fifo_script, rs_init_notifies, BFD_CHECK and a url's regex_stack.

n1 (192.0.2.11) runs `vigild -C`; n2 (192.0.2.12) the real servers
(python3 -m http.server, check_servers.py) and, for BFD_CHECK, a second
vigild with the peer bfd_instance. vigild only: keepalived's checker
process needs IPVS, which this host's kernel lacks; keepalived's behaviour
is taken from keepalived.conf(5) and keepalived 2.2.7's sources, cited at
each test."""
import os
import signal
import time

import test_checkers as TC
import vgnet as V

RS = "192.0.2.12"
HTTP = ("HTTP_GET {\n      alpha\n      warmup 0\n      delay_loop 1\n      retry 0\n"
        "      connect_timeout 1\n      delay_before_retry 1\n      url {\n        path /body.txt\n"
        "        regex (a|b)*c\n%s      }\n    }")


def http_server(net, port, d):
    srv = V.Proc(["/usr/bin/python3", "-m", "http.server", "--bind", RS, "--directory", d, str(port)],
                 net.node(2).ns, os.path.join(net.workdir, "http%d.log" % port), "http%d" % port)
    net.procs.append(srv)
    ok, _ = V.wait_for(lambda: os.path.exists(os.path.join(net.workdir, "http%d.log" % port)) and
                       b"Serving" in open(os.path.join(net.workdir, "http%d.log" % port), "rb").read(), 10, 0.05)
    if not ok:
        raise AssertionError("http.server on %d did not start" % port)


def test_lvskw_regex_stack(t):
    """url regex_stack START MAX (keepalived.conf(5): the PCRE2 stack sizes
    for a complicated regex; keepalived 2.2.7 check_http.c assigns a JIT
    stack of that size to the url's matches, and a match that outgrows it
    is no match). The body is 1,000 'a' and a 'c', the regex (a|b)*c needs
    one backtracking frame per 'a': with regex_stack 32768 65536 the match
    runs out of room and the server stays down; with regex_stack 1048576
    4194304, and without the keyword, it comes up. Fails without vigild
    acting on regex_stack (all three come up)."""
    TC.need_vigild(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    www = os.path.join(d, "www")
    os.makedirs(www)
    with open(os.path.join(www, "body.txt"), "w") as f:
        f.write("a" * 1000 + "c")
    for p in (18201, 18202, 18203):
        http_server(net, p, www)
    body = (TC.real_server(18201, d, "small", HTTP % "        regex_stack 32768 65536\n") +
            TC.real_server(18202, d, "large", HTTP % "        regex_stack 1048576 4194304\n") +
            TC.real_server(18203, d, "none", HTTP % ""))
    node = net.node(1)
    node.write_conf(TC.conf(d, [("192.0.2.100", 80, body)]))
    node.start(side="-C")
    t0 = time.time()
    for name in ("large", "none"):
        t.check(TC.wait_event(d, "up", name, t0 - 5, 15) is not None, "%s: no notify_up" % name)
    time.sleep(3)  # three more delay_loops for "small"
    ev = TC.events(d)
    t.check(not [e for e in ev if e[1] == "small"], "small regex_stack: the server came up %s" % ev)
    log = node.log()
    t.check("Adding service [192.0.2.12]:tcp:18201" not in log, "small: added")


def test_lvskw_fifo_script(t):
    """lvs_notify_fifo_script (keepalived.conf(5): run by keepalived to
    process the checker's notify events, the FIFO name passed as the last
    parameter; keepalived 2.2.7 lib/notify.c starts it when the checker
    process opens the FIFO and logs "lvs notify fifo script terminated"
    when it exits). The reader gets the FIFO's name, reads the first line
    (the real server's "RS ... UP" at its first success, alpha) and exits;
    vigild logs its end. Fails without vigild acting on the keyword (no
    reader starts)."""
    TC.need_vigild(t)
    net = t.net(2)
    d = net.workdir
    reader = os.path.join(d, "reader.sh")
    with open(reader, "w") as f:
        f.write("#!/bin/sh\nfor a; do f=$a; done\necho \"$@\" > %s/reader.args\n"
                "head -n 1 \"$f\" > %s/reader.tmp\nmv %s/reader.tmp %s/reader.out\n" % (d, d, d, d))
    os.chmod(reader, 0o755)
    text = TC.conf(d, [("192.0.2.100", 80, TC.real_server(18211, d, "tcp", TC.TCP))],
                   extra_global="  lvs_notify_fifo_script %s\n" % reader)
    node = TC.start(t, net, text, [18211])
    out = os.path.join(d, "reader.out")
    ok, _ = V.wait_for(lambda: os.path.exists(out), 15, 0.05)
    t.check(ok, "the reader did not read a line")
    with open(os.path.join(d, "reader.args")) as f:
        t.check(f.read().split() == [os.path.join(d, "fifo")], "reader arguments")
    with open(out) as f:
        line = f.read().strip()
    t.check(line == "RS [192.0.2.12]:tcp:18211 [192.0.2.100]:tcp:80 UP", "reader read %r" % line)
    ok, _ = V.wait_for(lambda: "lvs notify fifo script terminated" in node.log(), 5, 0.05)
    t.check(ok, "no 'lvs notify fifo script terminated' line")


TCP_NA = TC.TCP.replace("      alpha\n", "")   # not alpha: the server starts alive


def test_lvskw_rs_init_notifies(t):
    """global rs_init_notifies (keepalived.conf(5): send notifies at start-up
    for real servers that are starting up; keepalived 2.2.7 ipwrapper.c
    init_service_rs(): a server that starts alive - no alpha, no failed
    checker - runs notify_up and writes "RS ... UP" to the FIFO when it is
    added; a server kept across a reload is skipped, a new one notifies).
    At start, before any probe result: notify_up of a and its FIFO line;
    the first results then add nothing. A reload that adds b: b's
    notify_up, not a second one of a. Fails without vigild acting on the
    keyword (a non-alpha server never notifies while it stays up)."""
    TC.need_vigild(t)
    net = t.net(2)
    d = net.workdir

    def text(servers):
        return TC.conf(d, [("192.0.2.100", 80, "".join(TC.real_server(p, d, n, TCP_NA) for p, n in servers))],
                       extra_global="  rs_init_notifies\n")
    node = TC.start(t, net, text([(18221, "a")]), [18221, 18222])
    t0 = time.time()
    t.check(TC.wait_event(d, "up", "a", t0 - 5, 10) is not None, "a: no notify_up at start")
    time.sleep(2.5)  # the first probe results (bootstrap 1 s, delay_loop 1 s)
    t.check([e[:2] for e in TC.events(d)] == [("up", "a")], "notifies %s" % TC.events(d))
    fl = [x for x in TC.fifo_lines(d) if x.startswith("RS ")]  # and "VS ... UP": quorum at start
    t.check(fl == ["RS [192.0.2.12]:tcp:18221 [192.0.2.100]:tcp:80 UP"], "fifo lines %s" % fl)
    log_at = len(node.log())
    node.write_conf(text([(18221, "a"), (18222, "b")]))
    node.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: "Health checkers reloaded" in node.log()[log_at:], 5)
    t.check(ok, "no reload line: %s" % node.log()[log_at:])
    t.check(TC.wait_event(d, "up", "b", t0 - 5, 10) is not None, "b: no notify_up after the reload")
    time.sleep(2.5)
    t.check([e[:2] for e in TC.events(d)] == [("up", "a"), ("up", "b")], "notifies %s" % TC.events(d))
    fl = [x for x in TC.fifo_lines(d) if x.startswith("RS ")]
    t.check(fl == ["RS [192.0.2.12]:tcp:18222 [192.0.2.100]:tcp:80 UP"], "fifo lines %s" % fl)


def test_lvskw_bfdcheck(t):
    """BFD_CHECK { name B1 } (keepalived.conf(5): "BFD instance name to
    check"; keepalived 2.2.7 check_bfd.c: the real server's checker follows
    the bfd_instance's session, logging "BFD check of [B1] RS(...) is
    UP/DOWN" for each event that changes or first confirms it). n1 runs
    vigild -C with bfd_instance B1 towards n3, where keepalived 2.2.7 runs
    the peer bfd_instance; the real server's BFD_CHECK is alpha, so it
    starts down: the session comes Up -> the server is added (notify_up,
    FIFO "RS ... UP"); the peer is killed -> the session goes Down after
    the Detection Time -> the server is removed (notify_down, "RS ...
    DOWN"); the peer again -> back up. Before all that, at start, the
    checker hears the session's state (Down), as keepalived's bfd process
    tells its checker process every session's state when it starts
    (observed: tests/ipvs-vm/test_bfd_check_compare.sh, "Received BFD event:
    instance B1 is in state Down", "BFD check of [B1] RS(..) is DOWN"): the
    alpha server's first notify is notify_down. Fails without vigild acting
    on BFD_CHECK (the checker is not run: the server never comes up)."""
    import test_bfd as B
    TC.need_vigild(t)
    if not os.access(B.KEEPALIVED, os.X_OK):
        t.skip("keepalived not installed")
    net = t.net(3)
    d = net.workdir
    n1, n3 = net.node(1), net.node(3)
    peer = B.KeepalivedBfd(n3, n1.ip)
    peer.start()
    n = TC.notify_script(d, "bfd")
    rs = ("  real_server %s 80 {\n    weight 1\n    notify_up \"%s up bfd\"\n    notify_down \"%s down bfd\"\n"
          "    BFD_CHECK {\n      name B1\n    }\n  }\n" % (n3.ip, n, n))
    body = "  alpha\n" + rs
    text = TC.conf(d, [("192.0.2.100", 80, body)]) + B.bfd_instance("B1", n3.ip, n1.ip)
    node = TC.start(t, net, text, [18239])
    name = "[%s]:tcp:80" % n3.ip
    t0 = time.time()
    t.check(TC.wait_event(d, "down", "bfd", t0 - 5, 10) is not None, "no notify_down at start (Down)")
    t.check(TC.wait_event(d, "up", "bfd", t0 - 5, 20) is not None,
            "no notify_up when the session came Up: %s" % node.log()[-1500:])
    t.check("BFD check of [B1] RS(%s) is UP" % name in node.log(), "no 'BFD check ... is UP' line")
    t.check("Adding service %s to VS [192.0.2.100]:tcp:80" % name in node.log(), "not added")
    t1 = time.time()
    peer.kill()
    t.check(TC.wait_event(d, "down", "bfd", t1 - 0.1, 10) is not None,
            "no notify_down when the session went Down: %s" % node.log()[-1500:])
    t.check(node.log().count("BFD check of [B1] RS(%s) is DOWN" % name) == 2, "not two 'BFD check ... is DOWN' lines")
    t.check("Removing service %s from VS [192.0.2.100]:tcp:80" % name in node.log(), "not removed")
    t2 = time.time()
    peer.start()
    t.check(TC.wait_event(d, "up", "bfd", t2, 20) is not None, "not up again: %s" % node.log()[-1500:])
    rsl = [x for x in TC.fifo_lines(d) if x.startswith("RS ")]
    want = ["RS %s [192.0.2.100]:tcp:80 %s" % (name, s) for s in ("DOWN", "UP", "DOWN", "UP")]
    t.check(rsl == want, "fifo lines %s" % rsl)
    t.check([e[0] for e in TC.events(d)] == ["down", "up", "down", "up"], "notifies %s" % TC.events(d))
