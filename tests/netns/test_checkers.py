# SPDX-License-Identifier: GPL-2.0-or-later
"""vigild's health checkers (issue 15) against real servers in a namespace.

n1 runs `vigild -C` (the checker side alone) as the director; n2
(192.0.2.12) runs the real servers: check_servers.py (asyncio, one mode per
port: ok, status500, other body, slow, reset, chunked, a header that never
ends, off = refused) and `openssl s_server` (TLS, with and without SNI).
This kernel has no IPVS: the table edits are reported as not applied, the
checkers, notify scripts and lvs_notify_fifo run. Every verdict must land
within the window core/lvs/checker.c's arithmetic gives for the test's
configuration (keepalived's: an up server goes down on the (retry+1)-th
consecutive failure, the first of them at most delay_loop after the change,
each retry delay_before_retry later, a probe to a silent server taking
connect_timeout; a down server comes up on the first success, at most
delay_loop after the change). The clock starts when the server has really
changed (check_servers.py reports it) and stops at the daemon's own verdict
line; MARGIN is the daemon's scheduling, and the notify script must follow
the line (checkwin.py). vigild only: keepalived's checker process needs IPVS (the comparison runs
in the IPVS test guest)."""
import os
import re
import subprocess
import time

import checkwin as W
import vgnet as V
from test_daemon_features import state_dump

MARGIN = W.MARGIN
RS = "192.0.2.12"
SERVERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_servers.py")


def need_vigild(t):
    if "vigild" not in os.path.basename(t.opts.daemon):
        t.skip("vigild's checker side (keepalived's needs IPVS)")


def notify_script(d, name):
    path = os.path.join(d, "notify.sh")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write("#!/bin/sh\necho \"$1 $2 $(date +%%s.%%N)\" >> %s/notify.out\n" % d)
        os.chmod(path, 0o755)
    return path


events = W.events
wait_event = W.wait_event
set_mode = W.set_mode


def real_server(port, d, name, check, extra=""):
    n = notify_script(d, name)
    return ("  real_server %s %d {\n    weight 1\n    notify_up \"%s up %s\"\n"
            "    notify_down \"%s down %s\"\n%s    %s\n  }\n" % (RS, port, n, name, n, name, extra, check))


def conf(d, vss, extra_global=""):
    out = ("global_defs {\n  router_id dir\n  enable_script_security\n  script_user root\n"
           "  lvs_notify_fifo %s/fifo\n%s}\n" % (d, extra_global))
    for vip, port, body in vss:
        out += "virtual_server %s %d {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n%s}\n" % (vip, port, body)
    return out


def start_servers(net, ports):
    """check_servers.py on n2, every port in mode ok."""
    d = net.workdir
    os.chmod(d, 0o755)  # script security: the scripts' directory must not be writable by others
    for p in ports:
        set_mode(d, p, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d] + [str(p) for p in ports], net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)


def start(t, net, text, ports):
    start_servers(net, ports)
    node = net.node(1)
    node.write_conf(text)
    node.start(side="-C")
    return node


def window_check(t, node, d, name, port, vs, up_, t0, window, vport=80, rs=RS, since=None):
    """name's verdict (the daemon's "Adding/Removing service" line) within
    window + MARGIN of the change at t0, and its notify after the line. The
    line is looked for from `since` (when the change began), else from a
    little before t0 (check_servers.py reports a change up to 50 ms late)."""
    what = "up" if up_ else "down"
    t.check(t0 is not None, "%s: the server did not change" % name)
    since = t0 - 0.2 if since is None else since
    got = W.log_time(node, W.verdict_re(up_, rs, port, vs, vport), since, window + MARGIN + W.WAIT_MORE)
    W.check_window(t, name, what, t0, got, window)
    W.check_notify(t, d, name, what, got)


def fifo_lines(d):
    import fcntl
    fd = os.open(os.path.join(d, "fifo"), os.O_RDONLY | os.O_NONBLOCK)
    try:
        data = b""
        while True:
            try:
                b = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not b:
                break
            data += b
    finally:
        os.close(fd)
    _ = fcntl
    return data.decode(errors="replace").splitlines()


# TCP_CHECK: delay_loop 1, retry 1, delay_before_retry 1, connect_timeout 1
TCP = ("TCP_CHECK {\n      alpha\n      warmup 0\n      delay_loop 1\n      retry 1\n"
       "      delay_before_retry 1\n      connect_timeout 1\n    }")
TCP_DOWN = 1 + 1 * 1   # delay_loop + retry * delay_before_retry (refused at once)
TCP_UP = 1             # delay_loop


def test_checker_tcp(t):
    """TCP_CHECK: up (alpha: notify_up at the first success), the listener
    goes away (refused: notify_down within delay_loop + retry *
    delay_before_retry), comes back (notify_up within delay_loop), twice
    (flapping); keepalived's log lines and lvs_notify_fifo lines; the table
    edits reported as not applied."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    node = start(t, net, conf(d, [("192.0.2.100", 80, real_server(18001, d, "tcp", TCP))]), [18001])
    t0 = time.time()
    got = wait_event(d, "up", "tcp", t0 - 5, 5)
    t.check(got is not None, "no notify_up at start (alpha)")
    vs = "192.0.2.100"
    for cycle in range(2):
        window_check(t, node, d, "tcp", 18001, vs, False, set_mode(d, 18001, "off"), TCP_DOWN)
        window_check(t, node, d, "tcp", 18001, vs, True, set_mode(d, 18001, "ok"), TCP_UP)
    log = node.log()
    for line in ("TCP connection to [192.0.2.12]:tcp:18001 success.",
                 "TCP_CHECK on service [192.0.2.12]:tcp:18001 failed after 1 retries.",
                 "Removing service [192.0.2.12]:tcp:18001 from VS [192.0.2.100]:tcp:80",
                 "Adding service [192.0.2.12]:tcp:18001 to VS [192.0.2.100]:tcp:80",
                 "not applied"):
        t.check(line in log, "log lacks %r" % line)
    fl = fifo_lines(d)
    t.check("RS [192.0.2.12]:tcp:18001 [192.0.2.100]:tcp:80 DOWN" in fl, "fifo lines %s" % fl)
    t.check(fl.count("RS [192.0.2.12]:tcp:18001 [192.0.2.100]:tcp:80 UP") == 3, "fifo lines %s" % fl)
    t.check([e[0] for e in events(d)] == ["up", "down", "up", "down", "up"], "notifies %s" % events(d))




def test_checker_quorum_scripts(t):
    """quorum_up / quorum_down scripts (keepalived.conf(5) virtual server
    "quorum_up", "quorum_down"; keepalived 2.2.7 check/ipwrapper.c
    update_quorum_state runs them with the "Gained quorum" / "Lost quorum"
    lines): quorum 2 over two real servers of weight 1. Both up: quorum_up;
    one down (its notify_down, then the sum 1 < 2): quorum_down; back:
    quorum_up again. A virtual server whose real servers have no notify
    scripts runs its quorum scripts too (the driver keeps the per-server
    script arrays only where a server has one)."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    n = notify_script(d, "q")
    body = ("  quorum 2\n  quorum_up \"%s up q\"\n  quorum_down \"%s down q\"\n" % (n, n)
            + real_server(18091, d, "a", TCP) + real_server(18092, d, "b", TCP))
    plain = ("  quorum 1\n  quorum_up \"%s up p\"\n  quorum_down \"%s down p\"\n" % (n, n)
             + "  real_server %s 18093 {\n    weight 1\n    %s\n  }\n" % (RS, TCP))
    node = start(t, net, conf(d, [("192.0.2.100", 80, body), ("192.0.2.101", 80, plain)]), [18091, 18092, 18093])
    t0 = time.time()
    for name in ("a", "b"):
        t.check(wait_event(d, "up", name, t0 - 5, 5) is not None, "no notify_up of %s at start (alpha)" % name)
    up0 = wait_event(d, "up", "q", t0 - 5, 5)
    t.check(up0 is not None, "no quorum_up once both are up: %s" % events(d))
    t.check(wait_event(d, "up", "p", t0 - 5, 5) is not None, "no quorum_up of the VS without notify scripts")
    tb = set_mode(d, 18092, "off")
    down_b = wait_event(d, "down", "b", tb, TCP_DOWN + MARGIN + 2)
    qd = wait_event(d, "down", "q", tb, TCP_DOWN + MARGIN + 2)
    t.check(down_b is not None and qd is not None, "no notify_down of b / quorum_down: %s" % events(d))
    tu = set_mode(d, 18092, "ok")
    qu = wait_event(d, "up", "q", tu, TCP_UP + MARGIN + 2)
    t.check(qu is not None, "no quorum_up when b is back: %s" % events(d))
    q = [e[0] for e in events(d) if e[1] == "q"]
    t.check(q == ["up", "down", "up"], "quorum scripts ran %s (want up, down, up)" % q)
    log = node.log()
    for line in ("Gained quorum 2+0=2 <= 2 for VS [192.0.2.100]:tcp:80",
                 "Lost quorum 2-0=2 > 1 for VS [192.0.2.100]:tcp:80"):
        t.check(line in log, "log lacks %r" % line)


def director_flags(cap, director, port):
    """The TCP flags of the director's segments to port, from the capture (tcpdump -r)."""
    cap.stop()
    out = subprocess.run(["tcpdump", "-r", cap.path, "-nn", "tcp"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    flags = []
    for line in out.splitlines():
        f = line.split()
        if len(f) > 6 and f[2].startswith(director + ".") and f[4] == "%s.%d:" % (RS, port) and f[5] == "Flags":
            flags.append(f[6].strip("[],"))
    return flags


def test_checker_tcp_close(t):
    """--check-close: by default a TCP_CHECK closes as keepalived's does (the
    director sends a FIN, never a RST); with --check-close=reset it sends a
    RST (SO_LINGER 0) and no FIN, and the verdict is the same (up)."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    port = 18003
    text = conf(d, [("192.0.2.100", 80, real_server(port, d, "tcp", TCP))])
    for mode, args in (("fin", ()), ("reset", ("--check-close=reset",))):
        cap = net.capture("br0", "tcp port %d" % port)
        if mode == "fin":
            node = start(t, net, text, [port])
        else:
            node.start(side="-C", extra_args=args)
        t0 = time.time()
        got = wait_event(d, "up", "tcp", t0 - 1, 5)
        t.check(got is not None, "%s: no notify_up" % mode)
        time.sleep(2.5)  # delay_loop 1: a few more probes
        node.stop()
        flags = director_flags(cap, node.ip, port)
        fins = [f for f in flags if "F" in f]
        rsts = [f for f in flags if "R" in f]
        t.check(len([f for f in flags if f == "S"]) >= 2, "%s: director's SYNs %s" % (mode, flags))
        if mode == "fin":
            t.check(fins and not rsts, "fin: the director closes with FIN, no RST: %s" % flags)
        else:
            t.check(rsts and not fins, "reset: the director closes with RST, no FIN: %s" % flags)


def test_checker_tcp_syn(t):
    """--check-tcp=syn (half-open TCP_CHECK): the same verdicts within the
    same windows as a connect() (up with alpha, refused -> down within
    delay_loop + retry * delay_before_retry, back up within delay_loop,
    twice), keepalived's log lines; on the wire the director sends SYNs and
    only its kernel's RSTs to the SYN-ACKs, never an ACK or a FIN: no
    connection is made (RFC 9293 3.10.7.1 / 3.10.7.3). A server address
    where no host answers: the SYN is sent again 1 s after the first
    (RFC 6298 2.1, as a connect() retransmits) and the check fails with
    "timeout" at connect_timeout."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    port = 18004
    silent = 18005  # the server's kernel drops every segment to it (nftables): no answer
    slow_tcp = TCP.replace("connect_timeout 1", "connect_timeout 2").replace("alpha", "log_all_failures")
    body = real_server(port, d, "syn", TCP)
    body += ("  real_server %s %d {\n    weight 1\n    %s\n  }\n" % (RS, silent, slow_tcp))
    # no host at this address: the director's ARP fails after ~3 s and its kernel reports host
    # unreachable (ICMP) to the SYN's sender, before connect_timeout 5 (a connect() fails there too)
    unreach = "192.0.2.99"
    body += ("  real_server %s 80 {\n    weight 1\n    %s\n  }\n"
             % (unreach, slow_tcp.replace("connect_timeout 2", "connect_timeout 5")))
    V.run(["nft", "-f", "-"], ns=net.node(2).ns,
          input="table inet vgt_silent {\n chain in {\n  type filter hook input priority 0;\n"
                "  tcp dport %d drop\n }\n}\n" % silent)
    # IPv6: a listener on 2001:db8::12 port 18006 (up), nothing on 18007 (refused: never up)
    body6 = real_server(18006, d, "syn6", TCP).replace(RS, "2001:db8::12")
    body6 += real_server(18007, d, "syn6off", TCP).replace(RS, "2001:db8::12")
    l6 = V.Proc(["/usr/bin/python3", "-c", "import socket, time\n"
                 "s = socket.socket(socket.AF_INET6)\ns.bind(('2001:db8::12', 18006))\ns.listen(16)\n"
                 "while True: time.sleep(60)\n"], net.node(2).ns, os.path.join(d, "l6.log"), "l6")
    net.procs.append(l6)
    cap = net.capture("br0", "tcp")
    os.chmod(d, 0o755)
    set_mode(d, port, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d, str(port)], net.node(2).ns, os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    node = net.node(1)
    node.write_conf(conf(d, [("192.0.2.100", 80, body), ("2001:db8::100", 80, body6)]))
    node.start(side="-C", extra_args=("--check-tcp=syn",))
    t0 = time.time()
    t.check(wait_event(d, "up", "syn", t0 - 5, 5) is not None, "no notify_up at start (alpha)")
    t.check(wait_event(d, "up", "syn6", t0 - 5, 5) is not None, "IPv6: no notify_up at start (alpha)")
    vs = "192.0.2.100"
    for cycle in range(2):
        window_check(t, node, d, "syn", port, vs, False, set_mode(d, port, "off"), TCP_DOWN)
        window_check(t, node, d, "syn", port, vs, True, set_mode(d, port, "ok"), TCP_UP)
    time.sleep(2.5)  # the silent server: at least one whole connect_timeout
    dump = state_dump(node, "Half-open TCP_CHECK") or ""
    m = re.search(r"SYNs sent = (\d+), again = (\d+); answers alive = (\d+), refused = (\d+), "
                  r"unreachable = (\d+), ignored = \d+; connected instead = (\d+); send calls = (\d+)", dump)
    t.check(m is not None, "the SIGUSR1 dump has no half-open counters: %r" % dump[:400])
    if m:
        sent, again, alive, refused, unreach_n, fallback, calls = (int(x) for x in m.groups())
        t.check(sent >= 8 and again >= 1 and alive >= 4 and refused >= 2 and unreach_n >= 1 and fallback == 0,
                "half-open counters %s" % (m.groups(),))
        # the three IPv4 servers' first SYNs are due in one wake-up: one sendmmsg (syn.c vgc_syn_flush)
        t.diag("SYNs sent %d + %d again in %d system calls" % (sent, again, calls))
        t.check(calls < sent + again, "every SYN took a system call of its own: %s" % (m.groups(),))
    node.stop()
    log = node.log()
    for line in ("TCP_CHECK half-open (--check-tcp=syn): IPv4 SYNs from port",
                 "TCP connection to [192.0.2.12]:tcp:%d success." % port,
                 "TCP_CHECK on service [192.0.2.12]:tcp:%d failed after 1 retries." % port,
                 "Removing service [192.0.2.12]:tcp:%d from VS [192.0.2.100]:tcp:80" % port,
                 "Adding service [192.0.2.12]:tcp:%d to VS [192.0.2.100]:tcp:80" % port):
        t.check(line in log, "log lacks %r" % line)
    t.check([e[0] for e in events(d) if e[1] == "syn"] == ["up", "down", "up", "down", "up"], "notifies %s" % events(d))
    t.check([e[1] for e in events(d) if e[1].startswith("syn6")] == ["syn6"], "IPv6 notifies %s" % events(d))
    t.check("IPv6 SYNs from port" in log, "IPv6 went through the raw socket? %s" % log[-2000:])
    t.check("TCP connection to [%s]:tcp:%d timeout." % (RS, silent) in log, "the silent server's timeout is not logged")
    t.check("TCP connection to [%s]:tcp:80 failed." % unreach in log, "host unreachable (ICMP) was not a failure")
    flags = director_flags(cap, node.ip, port)
    t.check(len([f for f in flags if f == "S"]) >= 4, "director's SYNs %s" % flags)
    t.check(any("R" in f for f in flags), "no RST from the director's kernel to a SYN-ACK: %s" % flags)
    t.check(all(f in ("S", "R") for f in flags), "the director made a connection (ACK or FIN): %s" % flags)
    out6 = subprocess.run(["tcpdump", "-r", cap.path, "-nn", "ip6", "and", "tcp", "and", "dst", "port", "18006"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    f6 = [l.split("Flags [")[1].split("]")[0] for l in out6.splitlines() if "Flags [" in l]
    t.check("S" in f6 and "R" in f6 and all(f in ("S", "R") for f in f6), "IPv6: the director's flags %s" % f6)
    out = subprocess.run(["tcpdump", "-r", cap.path, "-nn", "-tt", "tcp", "and", "dst", "port", str(silent)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    syns = [float(l.split()[0]) for l in out.splitlines() if "Flags [S]" in l]
    gaps = [round(b - a, 1) for a, b in zip(syns, syns[1:])]
    t.check(len(syns) >= 2 and any(0.8 <= g <= 1.3 for g in gaps),
            "the silent server's SYNs: no retransmission 1 s after a first (times %s)" % syns)


def test_checker_bind_options(t):
    """The checker options that shape the probe's socket (keepalived.conf(5):
    bindto, bind_port, bind_if, fwmark), with connect() and with
    --check-tcp=syn. bindto: the real server sees the probe from that address
    (half-open too: the SYN's source); bind_port: the first SYN from that port;
    fwmark: the probe's packets carry the mark (an nftables rule on the
    director drops mark 7 to one port: that server never comes up; mark 8 to
    another port is counted and comes up); bind_if: bound to lo the probe
    cannot reach the server (never up), bound to eth0 it does. Half-open
    makes a connect() probe of a bind_port, fwmark or bind_if checker (the
    raw socket cannot carry them): the SIGUSR1 dump counts them. With
    --check-close=reset (no TIME_WAIT after the close) a fixed bind_port
    serves every probe, and that checker stays up."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    src = "192.0.2.21"
    net.node(1).run(["ip", "addr", "add", src + "/24", "dev", "eth0"])
    V.run(["nft", "-f", "-"], ns=net.node(1).ns,
          input="table inet vgt_mark {\n chain out {\n  type filter hook output priority 0;\n"
                "  meta mark 7 tcp dport 18022 drop\n  meta mark 8 tcp dport 18023 counter accept\n }\n}\n")
    tcp = TCP.replace("alpha\n", "alpha\n      %s\n")
    checks = {18021: "bindto %s" % src, 18022: "fwmark 7", 18023: "fwmark 8", 18024: "bind_if lo",
              18025: "bind_if eth0", 18026: "bindto %s\n      bind_port 40123" % src}
    names = {p: "b%d" % p for p in checks}
    body = "".join(real_server(p, d, names[p], tcp % c) for p, c in sorted(checks.items()))
    start_servers(net, checks)
    node = net.node(1)
    args = {"connect": (), "syn": ("--check-tcp=syn",), "reset": ("--check-close=reset",)}
    # each run its own bind_port: the connect run's is in TIME_WAIT for a minute after it
    for mode, bport in (("connect", 40123), ("syn", 40124), ("reset", 40125)):
        node.write_conf(conf(d, [("192.0.2.100", 80, body.replace("bind_port 40123", "bind_port %d" % bport))]))
        cap = net.capture("br0", "tcp")
        t0 = time.time()
        node.start(side="-C", extra_args=args[mode])
        for p in (18021, 18023, 18025):
            t.check(wait_event(d, "up", names[p], t0, 6) is not None, "%s: %s checker never up" % (mode, checks[p]))
        time.sleep(3.5 if mode == "reset" else 1.5)  # more probes: of the ones that must stay down, of bind_port
        for p in (18022, 18024):
            t.check(wait_event(d, "up", names[p], t0, 0) is None,
                    "%s: the %s checker came up (the option was not applied)" % (mode, checks[p]))
        dump = state_dump(node, "connected instead" if mode == "syn" else "Health checkers") or ""
        node.stop()
        cap.stop()
        out = subprocess.run(["tcpdump", "-r", cap.path, "-nn", "tcp", "and", "dst", "host", RS],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        lines = [l for l in out.splitlines() if "Flags [" in l]

        def seen(port, flags=None):
            return [l.split()[2] for l in lines if l.split()[4] == "%s.%d:" % (RS, port)
                    and (flags is None or "Flags [%s]" % flags in l)]
        froms = seen(18021)
        t.check(froms and all(f.startswith(src + ".") for f in froms),
                "%s: bindto: the probes came from %s, not %s" % (mode, sorted(set(froms)), src))
        syn26 = seen(18026, "S")
        t.check(syn26[:1] == ["%s.%d" % (src, bport)], "%s: bind_port: the first SYN from %s" % (mode, syn26[:1]))
        # (connect: no SO_REUSEADDR, as keepalived 2.2.7's core/layer4.c; when the director
        # closed first its side waits in TIME_WAIT and the next bind fails, when the server
        # closed first it does not: how many SYNs follow is a race, not asserted)
        if mode == "reset":
            # no TIME_WAIT after an abortive close: every probe binds the port again
            t.check(len(syn26) >= 3 and set(syn26) == {"%s.%d" % (src, bport)},
                    "reset: bind_port: SYNs from %s" % syn26)
            t.check(not [e for e in events(d) if e[1] == names[18026] and e[0] == "down" and e[2] >= t0],
                    "reset: the bind_port checker went down: %s" % events(d))
        t.check(not seen(18022), "%s: a packet with mark 7 left the director: %s" % (mode, seen(18022)))
        t.check(not seen(18024), "%s: bind_if lo: a packet went out on eth0: %s" % (mode, seen(18024)))
        rules = V.run(["nft", "list", "table", "inet", "vgt_mark"], ns=net.node(1).ns)
        m = re.search(r"meta mark 0x00000008 tcp dport 18023 counter packets (\d+)", rules)
        t.check(m is not None and int(m.group(1)) > 0, "%s: no packet with mark 8: %s" % (mode, rules))
        if mode == "syn":
            flags = [l.split("Flags [")[1].split("]")[0] for l in lines if l.split()[4] == "%s.18021:" % RS]
            t.check(flags and all(f in ("S", "R") for f in flags),
                    "syn: bindto alone stays half-open (flags %s)" % flags)
            m = re.search(r"connected instead = (\d+)", dump)
            t.check(m is not None and int(m.group(1)) >= 4,
                    "syn: the bind_port, fwmark and bind_if probes made by connect(): %s" % (m and m.group(0)))
        V.run(["nft", "reset", "counters", "table", "inet", "vgt_mark"], ns=net.node(1).ns)


def http_check(url_extra, extra="", path="/"):
    return ("HTTP_GET {\n      alpha\n      warmup 0\n      delay_loop 1\n      retry 0\n"
            "      connect_timeout 1\n      delay_before_retry 1\n%s      url {\n        path %s\n%s      }\n    }"
            % (extra, path, url_extra))


def test_checker_http(t):
    """HTTP_GET against the asyncio server, every server up first (alpha:
    notify_up), then each breaks its own way and must go down within
    delay_loop (+ connect_timeout when it stops answering): a wrong body
    (digest), status 500, a body the regex does not match, a slow answer, a
    reset, a header that never ends; all come back within
    max(delay_before_retry, delay_loop) + delay_loop. A
    chunked response is accepted (regex on the wire bytes). A down HTTP
    checker probes its failed url every max(delay_before_retry, delay_loop)
    (check_http.c), so delay_before_retry is 1 s here."""
    import hashlib
    need_vigild(t)
    md5 = hashlib.md5(b"hello vigil\n").hexdigest()
    net = t.net(2)
    d = net.workdir
    cases = [  # port, name, url lines, broken mode, good mode, window
        (18011, "digest", "        digest %s\n" % md5, "other", "ok", 1),
        (18012, "status", "        status_code 200\n", "status500", "ok", 1),
        (18013, "regex", "        regex \"hello v.gil\"\n", "other", "ok", 1),
        (18014, "slow", "", "slow", "ok", 1 + 1),
        (18015, "reset", "", "reset", "ok", 1),
        (18016, "chunked", "        regex \"vigil\"\n", "endless", "chunked", 1 + 1),
    ]
    # the paths are kept once each for the log lines (gen.c path_keep): two servers share "/s"
    paths = {18012: "/s", 18013: "/regex", 18015: "/s"}
    body = "".join(real_server(p, d, n, http_check(u, path=paths.get(p, "/"))) for p, n, u, _, _, _ in cases)
    ports = [c[0] for c in cases]
    node = start(t, net, conf(d, [("192.0.2.100", 80, body)]), ports)
    set_mode(d, 18016, "chunked")
    for p, n, _, _, _, _ in cases:
        t.check(wait_event(d, "up", n, 0, 10) is not None, "%s: not up at start" % n)
    tk = {}
    for p, n, _, bad, _, _ in cases:
        tk[p] = set_mode(d, p, bad)
    for p, n, _, _, _, w in cases:
        window_check(t, node, d, n, p, "192.0.2.100", False, tk[p], w)
    tu = {}
    for p, n, _, _, good, _ in cases:
        tu[p] = set_mode(d, p, good)
    for p, n, _, _, _, w in cases:
        # check_http.c: once the failed url passes, every url is checked again from the
        # first, a delay_loop later, before the server is up: max(delay_before_retry,
        # delay_loop) + delay_loop; a probe in flight to the slow / endless server first
        # runs out its connect_timeout (w - 1)
        up = (w - 1) + 1 + 1
        window_check(t, node, d, n, p, "192.0.2.100", True, tu[p], up)
    log = node.log()
    for line in ("MD5 digest success to [192.0.2.12]:tcp:18011 url(/)",
                 "HTTP status code success to [192.0.2.12]:tcp:18012 url(/s)",
                 "Regex match success to [192.0.2.12]:tcp:18013 url(/regex)",
                 "HTTP status code success to [192.0.2.12]:tcp:18015 url(/s)",
                 "Remote Web server [192.0.2.12]:tcp:18011 succeed on service.",
                 "HTTP_CHECK on service [192.0.2.12]:tcp:18012 failed.",
                 "Removing service [192.0.2.12]:tcp:18014 from VS [192.0.2.100]:tcp:80"):
        t.check(line in log, "log lacks %r" % line)


def make_cert(d, name, cn):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=%s" % cn, "-keyout", os.path.join(d, name + ".key"),
                    "-out", os.path.join(d, name + ".crt")], check=True, capture_output=True)


def s_server(net, port, extra=()):
    d = net.workdir
    p = V.Proc(["openssl", "s_server", "-quiet", "-www", "-accept", str(port), "-cert",
                os.path.join(d, "a.crt"), "-key", os.path.join(d, "a.key")] + list(extra),
               net.node(2).ns, os.path.join(d, "s_server.%d.log" % port), "s_server")
    net.procs.append(p)
    return p


def listening(node, port, timeout=10):
    """When a TCP listener on port shows up in node's namespace (ss)."""
    ok, _ = V.wait_for(lambda: V.run(["ss", "-Hltn", "sport = :%d" % port], ns=node.ns, check=False).strip(),
                       timeout, 0.02)
    return time.time() if ok else None


def ssl_check(sni_host=None):
    extra = "      enable_sni\n      virtualhost %s\n" % sni_host if sni_host else ""
    return ("SSL_GET {\n      alpha\n      warmup 0\n      delay_loop 1\n      retry 0\n"
            "      connect_timeout 1\n      delay_before_retry 1\n%s      url {\n        path /\n        status_code 200\n      }\n    }"
            % extra)


def test_checker_ssl(t):
    """SSL_GET against `openssl s_server -www` (self-signed: keepalived does
    not verify the server's certificate, nor does vigild): up; a server that
    requires the SNI name vigil.test (-servername_fatal) is up for a checker
    sending it and never up for one sending another; the plain server
    stopped: down within delay_loop, restarted: up within
    max(delay_before_retry, delay_loop) + delay_loop."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    make_cert(d, "a", "default.test")
    make_cert(d, "b", "vigil.test")
    s1 = s_server(net, 18021)
    s_server(net, 18022, ["-servername", "vigil.test", "-cert2", os.path.join(d, "b.crt"),
                          "-key2", os.path.join(d, "b.key"), "-servername_fatal"])
    text = conf(d, [("192.0.2.100", 443, real_server(18021, d, "tls", ssl_check())),
                    ("192.0.2.101", 443, real_server(18022, d, "sni", ssl_check("vigil.test"))),
                    ("192.0.2.102", 443, real_server(18022, d, "badsni", ssl_check("wrong.test")))])
    node = net.node(1)
    node.write_conf(text)
    node.start(side="-C")
    for n in ("tls", "sni"):
        t.check(wait_event(d, "up", n, 0, 10) is not None, "%s: not up" % n)
    time.sleep(2)
    t.check(not any(e[1] == "badsni" and e[0] == "up" for e in events(d)), "wrong SNI name came up")
    s1.stop()
    window_check(t, node, d, "tls", 18021, "192.0.2.100", False, time.time(), 1, vport=443)
    ts = time.time()
    s_server(net, 18021)
    # up: max(delay_before_retry, delay_loop) + delay_loop (all urls again), from when s_server listens
    window_check(t, node, d, "tls", 18021, "192.0.2.100", True, listening(net.node(2), 18021), 2, vport=443,
                 since=ts)
    t.check("Remote Web server [192.0.2.12]:tcp:18021 succeed on service." in node.log(), "no success line")


def test_checker_shared(t):
    """Two virtual servers with the same real server and the same TCP_CHECK
    share one probe target; both get every verdict."""
    need_vigild(t)
    net = t.net(2)
    d = net.workdir
    text = conf(d, [("192.0.2.100", 80, real_server(18031, d, "a", TCP)),
                    ("192.0.2.101", 80, real_server(18031, d, "b", TCP))])
    node = start(t, net, text, [18031])
    for n in ("a", "b"):
        t.check(wait_event(d, "up", n, 0, 10) is not None, "%s: not up" % n)
    t.check("2 real server(s), 1 probe target(s) (1 shared)" in node.log(), "no sharing: %s" % node.log()[-2000:])
    tk = set_mode(d, 18031, "off")
    for n, vs in (("a", "192.0.2.100"), ("b", "192.0.2.101")):
        window_check(t, node, d, n, 18031, vs, False, tk, TCP_DOWN)


def metrics_get(node, url):
    code = ("import sys, urllib.request\n"
            "print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode(), end='')\n")
    return V.run(["/usr/bin/python3", "-c", code, url], ns=node.ns, timeout=20)


def metric(text, name, **labels):
    import re
    for line in text.splitlines():
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$', line)
        if not m or m.group(1) != name:
            continue
        got = dict(re.findall(r'([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        if all(got.get(k) == str(v) for k, v in labels.items()):
            return float(m.group(3))
    return None


def test_checker_status_metrics(t):
    """vigil status and /metrics fed by the checker driver: a TCP_CHECKed
    real server (alpha, no inhibit_on_failure: removed from the table when
    down) goes down. `vigil status --json` still lists it, out, with its last
    check result (down, TCP_CHECK, a time, down_since); /metrics has
    vigil_lvs_check_up 0, its failures counted in
    vigil_lvs_check_results_total, its latency histogram, and
    vigil_lvs_real_server_up 0 (the series stays); `promtool check metrics`
    accepts the page. Its sibling that stays up reads up / 1."""
    import json
    import shutil
    need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    for p in (18041, 18042):
        set_mode(d, p, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d, "18041", "18042"], net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    node = net.node(1)
    sock = os.path.join(d, "n1.ctl")
    maddr = "%s:9651" % node.addr4[0]
    node.write_conf(conf(d, [("192.0.2.100", 80, real_server(18041, d, "a", TCP) +
                              real_server(18042, d, "b", TCP))]))
    node.start(side="-C", extra_args=["--control=" + sock, "--metrics=" + maddr])
    for n in ("a", "b"):
        t.check(wait_event(d, "up", n, 0, 10) is not None, "%s: not up at start" % n)
    tk = set_mode(d, 18041, "off")
    window_check(t, node, d, "a", 18041, "192.0.2.100", False, tk, TCP_DOWN)

    def rs_rows():
        r = subprocess.run([cli, "status", "--socket", sock, "--json"], capture_output=True, text=True,
                           timeout=20)
        if r.returncode:
            return {}
        doc = json.loads(r.stdout)
        return {rs["name"]: rs for vs in doc["lvs"]["virtual_servers"] for rs in vs["real_servers"]}
    rows = rs_rows()
    a, b = rows.get("192.0.2.12:18041"), rows.get("192.0.2.12:18042")
    t.diag("status rows: %s" % rows)
    t.check(a is not None, "the down server has no row in vigil status --json")
    t.check(b is not None, "the up server has no row")
    if a and b:
        t.check(a["in"] is False and a["check"]["result"] == "down" and a["check"]["kind"] == "TCP_CHECK"
                and a["check"]["time"] is not None and a["down_since"] is not None,
                "down server's row: %s" % a)
        t.check(a["down_since"] >= tk - 1 and a["down_since"] <= time.time(), "down_since %s" % a["down_since"])
        t.check(b["in"] is True and b["check"]["result"] == "up" and b["down_since"] is None
                and b["check"]["latency_ms"] is not None, "up server's row: %s" % b)
    r = subprocess.run([cli, "status", "--socket", sock], capture_output=True, text=True, timeout=20)
    t.check(r.returncode == 0 and "192.0.2.12:18041" in r.stdout, "status table: %s" % r.stdout)
    body = metrics_get(node, "http://%s/metrics" % maddr)
    lab_a = dict(virtual_server="tcp:192.0.2.100:80", real_server="192.0.2.12:18041")
    lab_b = dict(virtual_server="tcp:192.0.2.100:80", real_server="192.0.2.12:18042")
    t.check(metric(body, "vigil_lvs_check_up", checker="TCP_CHECK", **lab_a) == 0, "check_up of a")
    t.check(metric(body, "vigil_lvs_check_up", checker="TCP_CHECK", **lab_b) == 1, "check_up of b")
    t.check((metric(body, "vigil_lvs_check_results_total", checker="TCP_CHECK", outcome="failure", **lab_a)
             or 0) >= 2, "a's failures counted")
    t.check((metric(body, "vigil_lvs_check_results_total", checker="TCP_CHECK", outcome="success", **lab_b)
             or 0) >= 1, "b's successes counted")
    # the duration histogram is the virtual server's, per checker type: a's and b's checks in one
    n_res = sum(metric(body, "vigil_lvs_check_results_total", checker="TCP_CHECK", outcome=o, **lab) or 0
                for o in ("success", "failure", "timeout", "error") for lab in (lab_a, lab_b))
    n_dur = metric(body, "vigil_lvs_check_duration_seconds_count", checker="TCP_CHECK",
                   virtual_server="tcp:192.0.2.100:80")
    t.check(n_dur is not None and n_res >= 3 and n_dur == n_res,
            "the virtual server's latency histogram counts a's and b's checks: %s of %s" % (n_dur, n_res))
    t.check(metric(body, "vigil_lvs_check_duration_seconds_count", real_server="192.0.2.12:18042") is None,
            "no histogram per real server")
    t.check(metric(body, "vigil_lvs_real_server_up", **lab_a) == 0, "real_server_up of a stays, 0")
    t.check(metric(body, "vigil_lvs_real_server_up", **lab_b) == 1, "real_server_up of b")
    if shutil.which("promtool"):
        r = subprocess.run(["promtool", "check", "metrics"], input=body, capture_output=True, text=True,
                           timeout=60)
        t.check(r.returncode == 0, "promtool check metrics: %s" % (r.stdout + r.stderr))
    # back up: the row and the series say so
    window_check(t, node, d, "a", 18041, "192.0.2.100", True, set_mode(d, 18041, "ok"), TCP_UP)
    a = rs_rows().get("192.0.2.12:18041")
    t.check(a is not None and a["in"] is True and a["check"]["result"] == "up" and a["down_since"] is None,
            "a back up: %s" % a)


def status_rows(cli, sock):
    import json
    r = subprocess.run([cli, "status", "--socket", sock, "--json"], capture_output=True, text=True, timeout=20)
    if r.returncode:
        return {}
    doc = json.loads(r.stdout)
    return {rs["name"]: rs for vs in doc["lvs"]["virtual_servers"] for rs in vs["real_servers"]}


def write_value(path, v):
    with open(path + ".new", "w") as f:
        f.write("%s\n" % v)
    os.rename(path + ".new", path)


def test_checker_file(t):
    """FILE_CHECK through `vigild -C` (keepalived.conf(5) "Track files",
    "File checker"): the tracked files are read before the services start
    and watched with inotify. Server a's file holds 3: a starts in, weight
    1 + 3 = 4; 7 moves it to 8 without a notify; -2147483648 (FAULT) takes
    it down (notify_down, out of the table); 0 brings it back (notify_up,
    weight 1). Server b's file starts in FAULT: out from the start, no
    notify; 5 brings it up (notify_up, weight 6). `vigild -t` does not call
    FILE_CHECK not run."""
    need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    fa, fb = os.path.join(d, "wa"), os.path.join(d, "wb")
    write_value(fa, 3)
    write_value(fb, -2147483648)
    track = "".join("track_file %s {\n  file \"%s\"\n}\n" % (n, p) for n, p in (("ta", fa), ("tb", fb)))
    text = track + conf(d, [("192.0.2.100", 80,
                             real_server(18051, d, "a", "FILE_CHECK {\n      track_file ta\n    }") +
                             real_server(18052, d, "b", "FILE_CHECK {\n      track_file tb\n    }"))])
    node = net.node(1)
    node.write_conf(text)
    r = subprocess.run([t.opts.daemon, "-t", "-f", node.conf_path], capture_output=True, text=True, timeout=20)
    t.check("not run" not in r.stdout + r.stderr, "-t calls FILE_CHECK not run: %s" % (r.stdout + r.stderr))
    sock = os.path.join(d, "n1.ctl")
    node.start(side="-C", extra_args=["--control=" + sock])
    ra, rb = "192.0.2.12:18051", "192.0.2.12:18052"

    def row_is(name, **want):
        def f():
            row = status_rows(cli, sock).get(name)
            return row if row and all(row.get(k) == v for k, v in want.items()) else None
        ok, _ = V.wait_for(f, 5, 0.1)
        t.check(ok, "%s: %s, wanted %s" % (name, status_rows(cli, sock).get(name), want))
    row_is(ra, **{"in": True, "weight": 4})
    row_is(rb, **{"in": False})
    write_value(fa, 7)
    row_is(ra, **{"in": True, "weight": 8})
    ta = time.time()
    write_value(fa, -2147483648)
    t.check(wait_event(d, "down", "a", ta, 3) is not None, "a: no notify_down on FAULT")
    row_is(ra, **{"in": False})
    ta = time.time()
    write_value(fa, 0)
    t.check(wait_event(d, "up", "a", ta, 3) is not None, "a: no notify_up after FAULT")
    row_is(ra, **{"in": True, "weight": 1})
    tb = time.time()
    write_value(fb, 5)
    t.check(wait_event(d, "up", "b", tb, 3) is not None, "b: no notify_up")
    row_is(rb, **{"in": True, "weight": 6})
    ev = [(e[0], e[1]) for e in events(d)]
    t.check(ev == [("down", "a"), ("up", "a"), ("up", "b")], "notifies %s" % ev)


def test_checker_reload_carry(t):
    """SIGHUP with unchanged checkers carries their state over (keepalived
    2.2.7 check/ipwrapper.c clear_diff_rs / migrate_checkers): a server that
    is down stays down across the reload (no notify, no fifo line, no
    'Adding service' line, its status row out with the same down_since),
    one that is up stays up (no second notify_up although its TCP_CHECK is
    alpha). A reload that changes b's checker (connect_timeout) restarts that
    checker alone: alpha again, b is notified up at its first success, a
    still stays down. a comes back on its first success afterwards."""
    need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    for p in (18061, 18062):
        set_mode(d, p, "ok", wait=False)
    srv = V.Proc(["/usr/bin/python3", SERVERS, d, "18061", "18062"], net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    node = net.node(1)
    sock = os.path.join(d, "n1.ctl")
    import signal

    def text(b_check):
        return conf(d, [("192.0.2.100", 80, real_server(18061, d, "a", TCP) + real_server(18062, d, "b", b_check))])
    node.write_conf(text(TCP))
    node.start(side="-C", extra_args=["--control=" + sock])
    for n in ("a", "b"):
        t.check(wait_event(d, "up", n, 0, 10) is not None, "%s: not up at start" % n)
    window_check(t, node, d, "a", 18061, "192.0.2.100", False, set_mode(d, 18061, "off"), TCP_DOWN)
    time.sleep(0.3)
    before = status_rows(cli, sock).get("192.0.2.12:18061") or {}
    fifo_before = fifo_lines(d)
    log_at = len(node.log())
    n_events = len(events(d))
    node.write_conf(text(TCP) + "# reloaded, unchanged\n")
    node.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: "checker(s) carried over" in node.log()[log_at:], 5)
    t.check(ok, "no reload line: %s" % node.log()[log_at:])
    t.check("2 checker(s) carried over" in node.log()[log_at:], "carried: %s" % node.log()[log_at:])
    time.sleep(3.5)  # a few delay_loops: every checker ran after the reload
    after = status_rows(cli, sock).get("192.0.2.12:18061") or {}
    t.check(events(d)[n_events:] == [], "notifies across the reload: %s" % events(d)[n_events:])
    t.check(fifo_lines(d) == [], "fifo lines across the reload: %s (before: %s)" % (fifo_lines(d), fifo_before))
    t.check("Adding service [192.0.2.12]:tcp:18061" not in node.log()[log_at:], "a was added back")
    t.check(after.get("in") is False and after.get("down_since") == before.get("down_since")
            and after.get("down_since") is not None, "a's row across the reload: %s -> %s" % (before, after))
    # a changed checker restarts (alpha: b down until its first success, notified up again)
    log_at = len(node.log())
    tr = time.time()
    node.write_conf(text(TCP.replace("connect_timeout 1", "connect_timeout 2")))
    node.daemon.send(signal.SIGHUP)
    ok, _ = V.wait_for(lambda: "1 checker(s) carried over" in node.log()[log_at:], 5)
    t.check(ok, "second reload: %s" % node.log()[log_at:])
    t.check(wait_event(d, "up", "b", tr, 8) is not None, "b's changed checker did not start again")
    t.check(not any(e[1] == "a" and e[2] >= tr for e in events(d)), "a notified: %s" % events(d))
    window_check(t, node, d, "a", 18061, "192.0.2.100", True, set_mode(d, 18061, "ok"), TCP_UP)
