# SPDX-License-Identifier: GPL-2.0-or-later
"""SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK and MISC_CHECK end to end
through `vigild -C` (issue 15), with real servers in a namespace.

n1 (192.0.2.11) runs `vigild -C`; n2 (192.0.2.12) the real servers:
check_servers.py (an SMTP responder and a UDP echo, one mode per port),
dnsmasq (--no-resolv --no-hosts --conf-file=/dev/null, the name from an
--addn-hosts file), the namespace's kernel for ICMP, scripts for MISC_CHECK.
Each type: up (alpha: notify_up at the first success), down (refused, a
negative answer, no answer), slow (connect_timeout / misc_timeout runs
out), flapping (down and up again, and an outage shorter than
delay_before_retry that must not take the server down).

Every verdict is timed from the moment the server really changed to the
daemon's own "Removing service" / "Adding service" line, against the
window keepalived.conf(5) and core/lvs/checker.c give (checkwin.down(),
checkwin.up(), misc windows below); with log_all_failures the retries are
timed inside the daemon too (first failing probe -> verdict = retry *
(delay_before_retry + the probe's failing time)). The notify_up /
notify_down script must have run after the line, and lvs_notify_fifo must
carry keepalived's "RS ... UP/DOWN" lines, in order. vigild only
(keepalived's checker process needs IPVS)."""
import os
import signal
import subprocess
import time

import checkwin as W
import test_checkers as TC
import vgnet as V

RS = "192.0.2.12"
FAST = ("      alpha\n      warmup 0\n      delay_loop 1\n      retry 1\n      delay_before_retry 1\n"
        "      connect_timeout 1\n      log_all_failures\n")
DL, RETRY, DBR, CT = 1, 1, 1, 1   # FAST's delay_loop, retry, delay_before_retry, connect_timeout


def rs_block(d, ip, port, name, check, weight=1):
    n = TC.notify_script(d, name)
    return ("  real_server %s %d {\n    weight %d\n    notify_up \"%s up %s\"\n    notify_down \"%s down %s\"\n"
            "    %s\n  }\n" % (ip, port, weight, n, name, n, name, check))


def conf(d, vss):
    """vss: [(vip, port, protocol, body)]."""
    out = ("global_defs {\n  router_id dir\n  enable_script_security\n  script_user root\n"
           "  lvs_notify_fifo %s/fifo\n}\n" % d)
    for vip, port, proto, body in vss:
        out += ("virtual_server %s %d {\n  lb_algo rr\n  lb_kind NAT\n  protocol %s\n%s}\n"
                % (vip, port, proto, body))
    return out


def servers(net, specs):
    d = net.workdir
    srv = V.Proc(["/usr/bin/python3", TC.SERVERS, d] + list(specs), net.node(2).ns,
                 os.path.join(d, "servers.log"), "servers")
    net.procs.append(srv)
    for s in specs:
        port = int(s.rpartition(":")[2])
        ok, _ = V.wait_for(lambda: W._state(d, port)[0] is not None, 10, 0.05)
        if not ok:
            raise AssertionError("check_servers.py did not start %s" % s)
    return srv


def director(net, text, extra_args=()):
    node = net.node(1)
    node.write_conf(text)
    node.start(side="-C", extra_args=list(extra_args))
    return node


class Rs:
    """One checked real server: its names in the log, its notify name."""

    def __init__(self, name, ip, port, vs, vport, proto="tcp"):
        self.name, self.ip, self.port, self.vs, self.vport, self.proto = name, ip, port, vs, vport, proto
        self.expect = []   # the notify sequence so far

    def fifo(self, up_):
        return "RS [%s]:%s:%d [%s]:%s:%d %s" % (self.ip, self.proto, self.port, self.vs, self.proto, self.vport,
                                                "UP" if up_ else "DOWN")


def verdict(t, node, d, rs, up_, t0, window, span_=None, since=None):
    """Waits for rs's verdict after the change at t0 and checks its window,
    the retries inside the daemon (span_), and its notify script. since:
    when the change began, if t0 is when the test saw it done (the daemon
    may see it first); else a little before t0 (a server's report of its
    change comes up to 50 ms after it)."""
    what = "up" if up_ else "down"
    t.check(t0 is not None, "%s: the server did not change" % rs.name)
    since = t0 - 0.2 if since is None else since
    got = W.log_time(node, W.verdict_re(up_, rs.ip, rs.port, rs.vs, rs.vport, rs.proto), since,
                     window + W.MARGIN + W.WAIT_MORE)
    fail_t = None
    if span_ is not None:
        fail_t = W.log_time(node, W.failure_re(rs.ip, rs.port, rs.proto), since)
    W.check_window(t, rs.name, what, t0, got, window, fail_t, span_)
    W.check_notify(t, d, rs.name, what, got)
    rs.expect.append(what)
    return got


def start_up(t, node, d, rs, t0):
    """alpha, warmup 0: the first probe ~1 s (the bootstrap delay) after start, up at its success."""
    got = W.log_time(node, W.verdict_re(True, rs.ip, rs.port, rs.vs, rs.vport, rs.proto), t0, 10)
    t.check(got is not None, "%s: not up at start (alpha)" % rs.name)
    W.check_notify(t, d, rs.name, "up", got)
    rs.expect.append("up")


def stays(t, node, d, rs, t0, what="up"):
    """No verdict (log line or notify) for rs since t0."""
    t.check(W.log_time(node, W.verdict_re(what != "up", rs.ip, rs.port, rs.vs, rs.vport, rs.proto), t0) is None,
            "%s: a verdict since %.3f: %s" % (rs.name, t0, node.log()[-1500:]))
    t.check(not [e for e in W.events(d) if e[1] == rs.name and e[2] >= t0],
            "%s: notified: %s" % (rs.name, W.events(d)))


def final(t, d, rss):
    fl = TC.fifo_lines(d)
    for rs in rss:
        got = [e[0] for e in W.events(d) if e[1] == rs.name]
        t.check(got == rs.expect, "%s: notifies %s, expected %s" % (rs.name, got, rs.expect))
        want = [rs.fifo(w == "up") for w in rs.expect]
        mine = [l for l in fl if l.startswith("RS [%s]:%s:%d [%s]" % (rs.ip, rs.proto, rs.port, rs.vs))]
        t.check(mine == want, "%s: fifo %s, expected %s" % (rs.name, mine, want))


def blip(t, node, d, rs, port, bad, good="ok"):
    """An outage shorter than delay_before_retry - 0.2 s: at most one
    failing probe, its retry delay_before_retry later passes, so the server
    stays up (check_tcp.c: down only at the (retry+1)-th failure in a row).
    Repeated until the server's own times show a short enough outage."""
    for _ in range(5):
        t0 = W.set_mode(d, port, bad)
        time.sleep(0.3)
        t1 = W.set_mode(d, port, good)
        if t0 is not None and t1 is not None and t1 - t0 < DBR - 0.2:
            time.sleep(DL + DBR + CT + 0.5)
            stays(t, node, d, rs, t0)
            t.diag("%s: an outage of %.3f s did not take it down" % (rs.name, t1 - t0))
            return
        time.sleep(DL + DBR + CT + 0.5)
    t.diag("%s: no outage short enough to test on this loaded machine" % rs.name)


def test_checker_smtp(t):
    """SMTP_CHECK (keepalived check_smtp.c: 220 banner, HELO 250, QUIT)
    against check_servers.py's responder: refused, a 554 banner (negative
    answer), no banner (timeout), each down and up again; a short outage."""
    TC.need_vigild(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    rs = Rs("smtp", RS, 2525, "192.0.2.100", 25)
    chk = "SMTP_CHECK {\n%s      helo_name director.example\n    }" % FAST
    W.set_mode(d, 2525, "ok", wait=False)
    servers(net, ["smtp:2525"])
    ts = time.time()
    node = director(net, conf(d, [("192.0.2.100", 25, "TCP", rs_block(d, RS, 2525, "smtp", chk))]))
    start_up(t, node, d, rs, ts)
    for bad, fail in (("off", 0.0), ("badbanner", 0.0), ("slow", CT), ("off", 0.0)):
        verdict(t, node, d, rs, False, W.set_mode(d, 2525, bad), W.down(DL, RETRY, DBR, fail),
                W.span(RETRY, DBR, fail))
        verdict(t, node, d, rs, True, W.set_mode(d, 2525, "ok"), W.up(DL, DBR, fail))
    blip(t, node, d, rs, 2525, "off")
    log = node.log()
    for line in ("SMTP_CHECK on service [192.0.2.12]:tcp:2525 succeed.",
                 "SMTP_CHECK on service [192.0.2.12]:tcp:2525 failed after 1 retries.",
                 "SMTP_CHECK connection to [192.0.2.12]:tcp:2525 timeout.",
                 "not applied"):
        t.check(line in log, "log lacks %r" % line)
    final(t, d, [rs])


# ---- DNS_CHECK: dnsmasq

DNSQ = r"""
import socket, struct, sys, time
srv, port, name, want, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
q = struct.pack(">HHHHHH", 0x5151, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
end = time.time() + timeout
while time.time() < end:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.2)
    s.connect((srv, port))
    try:
        s.send(q)
        r = s.recv(512)
        got = "ok" if r[3] & 15 == 0 else "negative"
    except socket.timeout:
        got = "silent"
    except ConnectionRefusedError:
        got = "refused"
    s.close()
    if got == want:
        print("%.6f" % time.time())
        sys.exit(0)
    time.sleep(0.02)
sys.exit(1)
"""


def dns_state(net, want, timeout=10):
    """When a query from the director's namespace first sees `want` (ok,
    negative, refused, silent): the clock's start; None if never."""
    r = subprocess.run(["ip", "netns", "exec", net.node(1).ns, "/usr/bin/python3", "-c", DNSQ, RS, "5353",
                        "www.example.test", want, str(timeout)], capture_output=True, text=True,
                       timeout=timeout + 20)
    return float(r.stdout) if r.returncode == 0 else None


def dnsmasq(net, hosts):
    d = net.workdir
    p = V.Proc(["dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null",
                "--port=5353", "--listen-address=" + RS, "--bind-interfaces", "--user=root",
                "--pid-file=" + os.path.join(d, "dnsmasq.pid"), "--addn-hosts=" + hosts, "--log-facility=-"],
               net.node(2).ns, os.path.join(d, "dnsmasq.log"), "dnsmasq")
    net.procs.append(p)
    return p


def test_checker_dns(t):
    """DNS_CHECK (keepalived check_dns.c: RCODE 0 passes) against dnsmasq
    serving www.example.test from an --addn-hosts file: the name removed
    (SIGHUP: a negative answer), dnsmasq stopped (ICMP port unreachable:
    refused), dnsmasq SIGSTOPped (no answer: timeout), each down and up
    again."""
    import shutil
    TC.need_vigild(t)
    if not shutil.which("dnsmasq"):
        t.skip("no dnsmasq (Debian dnsmasq-base)")
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    V.run(["sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0"], ns=net.node(2).ns, check=False)
    hosts = os.path.join(d, "hosts")
    TC.write_value(hosts, "192.0.2.9 www.example.test")
    dm = dnsmasq(net, hosts)
    t.check(dns_state(net, "ok") is not None, "dnsmasq does not answer: %s" % dm.text())
    rs = Rs("dns", RS, 53, "192.0.2.100", 53, "udp")
    chk = "DNS_CHECK {\n%s      connect_port 5353\n      type A\n      name www.example.test\n    }" % FAST
    ts = time.time()
    node = director(net, conf(d, [("192.0.2.100", 53, "UDP", rs_block(d, RS, 53, "dns", chk))]))
    start_up(t, node, d, rs, ts)
    # each change: the clock starts when a query from n1 sees it (dns_state), the
    # verdict line is looked for from the moment the change began
    for cycle in range(2):
        # a negative answer
        TC.write_value(hosts, "")
        ts = time.time()
        dm.send(signal.SIGHUP)
        verdict(t, node, d, rs, False, dns_state(net, "negative"), W.down(DL, RETRY, DBR), W.span(RETRY, DBR), ts)
        TC.write_value(hosts, "192.0.2.9 www.example.test")
        ts = time.time()
        dm.send(signal.SIGHUP)
        verdict(t, node, d, rs, True, dns_state(net, "ok"), W.up(DL, DBR), since=ts)
    # refused: dnsmasq gone
    ts = time.time()
    dm.stop()
    verdict(t, node, d, rs, False, dns_state(net, "refused"), W.down(DL, RETRY, DBR), W.span(RETRY, DBR), ts)
    ts = time.time()
    dm = dnsmasq(net, hosts)
    verdict(t, node, d, rs, True, dns_state(net, "ok"), W.up(DL, DBR), since=ts)
    # slow: stopped, the queries wait
    dm.send(signal.SIGSTOP)
    t0 = time.time()
    verdict(t, node, d, rs, False, t0, W.down(DL, RETRY, DBR, CT), W.span(RETRY, DBR, CT))
    dm.send(signal.SIGCONT)
    t0 = time.time()
    verdict(t, node, d, rs, True, t0, W.up(DL, DBR, CT))
    t.check("DNS_CHECK on service [192.0.2.12]:udp:53 succeed." in node.log(), "no success line")
    final(t, d, [rs])


def test_checker_udp(t):
    """UDP_CHECK against check_servers.py's UDP responder, one checker with
    payload and require_reply 4f 4b ("OK"), one with neither (keepalived
    check_udp.c: silence passes without require_reply). No socket (ICMP port
    unreachable): both down, both up again (twice: flapping). Silence: the
    require_reply one times out and goes down, the other stays up. A reply
    "NO": the require_reply one goes down (mismatch), the other stays up."""
    TC.need_vigild(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    V.run(["sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0"], ns=net.node(2).ns, check=False)
    W.set_mode(d, 7777, "ok", wait=False)
    servers(net, ["udp:7777"])
    req = Rs("udpreq", RS, 7777, "192.0.2.100", 7777, "udp")
    anyr = Rs("udpany", RS, 7777, "192.0.2.101", 7777, "udp")
    creq = "UDP_CHECK {\n%s      payload 01 02 03\n      require_reply 4f 4b\n    }" % FAST
    cany = "UDP_CHECK {\n%s    }" % FAST
    ts = time.time()
    node = director(net, conf(d, [("192.0.2.100", 7777, "UDP", rs_block(d, RS, 7777, "udpreq", creq)),
                                  ("192.0.2.101", 7777, "UDP", rs_block(d, RS, 7777, "udpany", cany))]))
    start_up(t, node, d, req, ts)
    start_up(t, node, d, anyr, ts)
    for cycle in range(2):
        t0 = W.set_mode(d, 7777, "off")
        for rs in (req, anyr):
            verdict(t, node, d, rs, False, t0, W.down(DL, RETRY, DBR), W.span(RETRY, DBR))
        t0 = W.set_mode(d, 7777, "ok")
        for rs in (req, anyr):
            verdict(t, node, d, rs, True, t0, W.up(DL, DBR))
    t0 = W.set_mode(d, 7777, "silent")
    verdict(t, node, d, req, False, t0, W.down(DL, RETRY, DBR, CT), W.span(RETRY, DBR, CT))
    t1 = W.set_mode(d, 7777, "ok")
    verdict(t, node, d, req, True, t1, W.up(DL, DBR, CT))
    stays(t, node, d, anyr, t0)
    t0 = W.set_mode(d, 7777, "wrong")
    verdict(t, node, d, req, False, t0, W.down(DL, RETRY, DBR), W.span(RETRY, DBR))
    t1 = W.set_mode(d, 7777, "ok")
    verdict(t, node, d, req, True, t1, W.up(DL, DBR))
    stays(t, node, d, anyr, t0)
    final(t, d, [req, anyr])


def test_checker_ping(t):
    """PING_CHECK: the namespace's kernel answers the echo for 192.0.2.40,
    an address the test adds to n2 and deletes again (then nothing answers:
    down within delay_loop + (retry + 1) * connect_timeout + retry *
    delay_before_retry, the retries 1..2 s apart: a failure may come at
    once from the neighbour layer or at connect_timeout), twice; 192.0.2.77
    (no host at all) never comes up (alpha): no notify, its status row out."""
    TC.need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    n2 = net.node(2)
    addr = ["ip", "-n", n2.ns, "addr"]
    V.run(addr + ["add", "192.0.2.40/24", "dev", "eth0"])
    ping = Rs("ping", "192.0.2.40", 80, "192.0.2.100", 80)
    nohost = Rs("nohost", "192.0.2.77", 80, "192.0.2.100", 80)
    chk = "PING_CHECK {\n%s    }" % FAST
    sock = os.path.join(d, "n1.ctl")
    ts = time.time()
    node = director(net, conf(d, [("192.0.2.100", 80, "TCP", rs_block(d, "192.0.2.40", 80, "ping", chk) +
                                   rs_block(d, "192.0.2.77", 80, "nohost", chk))]), ["--control=" + sock])
    start_up(t, node, d, ping, ts)
    for cycle in range(2):
        V.run(addr + ["del", "192.0.2.40/24", "dev", "eth0"])
        verdict(t, node, d, ping, False, time.time(), W.down(DL, RETRY, DBR, CT),
                (W.span(RETRY, DBR), W.span(RETRY, DBR, CT)))
        V.run(addr + ["add", "192.0.2.40/24", "dev", "eth0"])
        verdict(t, node, d, ping, True, time.time(), W.up(DL, DBR, CT))
    row = TC.status_rows(cli, sock).get("192.0.2.77:80")
    t.check(row is not None and row["in"] is False and row["check"]["kind"] == "PING_CHECK"
            and row["check"]["result"] == "down", "no-host row: %s" % row)
    t.check("PING_CHECK on service [192.0.2.40]:tcp:80 succeed." in node.log(), "no success line")
    final(t, d, [ping, nohost])


# ---- MISC_CHECK (keepalived.conf(5) MISC_CHECK; check_misc.c)

MISC_DL, MISC_TIMEOUT = 1, 1.5


def misc_down(exit_hangs=False):
    """check_misc.c: the next script starts delay_loop after the start of
    the last (retry 0, the default), so the first failing one starts at most
    delay_loop after the change and fails when it exits (~0 s) or when
    misc_timeout kills it."""
    return MISC_DL + (MISC_TIMEOUT if exit_hangs else 0)


def misc_up(from_hang=False):
    """The first passing script starts at most delay_loop after the change;
    a hanging script in flight is killed misc_timeout after its start and
    the next one starts at once if delay_loop has passed:
    max(delay_loop, misc_timeout)."""
    return max(MISC_DL, MISC_TIMEOUT) if from_hang else MISC_DL


def set_exit(d, name, v):
    """The scripts read DIR/misc.NAME at every run; the change is in force from the rename."""
    t0 = time.time()
    TC.write_value(os.path.join(d, "misc." + name), v)
    return t0


def test_checker_misc(t):
    """MISC_CHECK through `vigild -C`: a script exiting 0 / 1 (down, up,
    twice), one that hangs past misc_timeout (down at misc_timeout, killed;
    up again); misc_dynamic: exit 5 sets the weight to 3, exit 12 to 10,
    exit 1 takes the server down, exit 0 brings it back at its configured
    weight (keepalived.conf(5): exit 2..255 sets the weight to status - 2)."""
    TC.need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(2)
    d = net.workdir
    os.chmod(d, 0o755)
    script = os.path.join(d, "misc.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\nv=$(cat %s/misc.$1)\n[ \"$v\" = hang ] && echo $$ >> %s/hang.pids && exec sleep 30\n"
                "exit \"$v\"\n" % (d, d))
    os.chmod(script, 0o755)
    for n in ("misc", "dyn"):
        set_exit(d, n, 0)
    head = ("      alpha\n      warmup 0\n      delay_loop %d\n      misc_timeout %s\n" % (MISC_DL, MISC_TIMEOUT))
    misc = Rs("misc", RS, 9001, "192.0.2.100", 80)
    dyn = Rs("dyn", RS, 9002, "192.0.2.100", 80)
    sock = os.path.join(d, "n1.ctl")
    ts = time.time()
    node = director(net, conf(d, [("192.0.2.100", 80, "TCP",
                                   rs_block(d, RS, 9001, "misc", "MISC_CHECK {\n%s      misc_path \"%s misc\"\n    }"
                                            % (head, script)) +
                                   rs_block(d, RS, 9002, "dyn", "MISC_CHECK {\n%s      misc_path \"%s dyn\"\n"
                                            "      misc_dynamic\n    }" % (head, script), weight=1))]),
                    ["--control=" + sock])
    start_up(t, node, d, misc, ts)
    start_up(t, node, d, dyn, ts)
    for cycle in range(2):
        verdict(t, node, d, misc, False, set_exit(d, "misc", 1), misc_down())
        verdict(t, node, d, misc, True, set_exit(d, "misc", 0), misc_up())
    verdict(t, node, d, misc, False, set_exit(d, "misc", "hang"), misc_down(True))
    verdict(t, node, d, misc, True, set_exit(d, "misc", 0), misc_up(True))
    with open(os.path.join(d, "hang.pids")) as f:
        hung = [int(x) for x in f.read().split()]
    # SIGTERM at misc_timeout, SIGKILL 2 s later if still there (keepalived's sequence)
    ok, _ = V.wait_for(lambda: not [p for p in hung if V._pid_alive(p)], 5, 0.1)
    t.check(hung and ok, "the hanging script was not killed: %s" % hung)

    def weight_is(w, timeout):
        def f():
            row = TC.status_rows(cli, sock).get("%s:9002" % RS)
            return row if row and row["in"] is True and row["weight"] == w else None
        ok, _ = V.wait_for(f, timeout, 0.1)
        t.check(ok, "dyn: weight %s, wanted %d" % (TC.status_rows(cli, sock).get("%s:9002" % RS), w))
    weight_is(1, 3)
    for code, w in ((5, 3), (12, 10)):
        set_exit(d, "dyn", code)
        weight_is(w, MISC_DL + W.MARGIN + W.WAIT_MORE)
    verdict(t, node, d, dyn, False, set_exit(d, "dyn", 1), misc_down())
    verdict(t, node, d, dyn, True, set_exit(d, "dyn", 0), misc_up())
    weight_is(1, 3)
    final(t, d, [misc, dyn])
