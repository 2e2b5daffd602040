# SPDX-License-Identifier: GPL-2.0-or-later
"""The seed LVS configurations end to end on this host (issue 15): seeds 01
(DR, TCP_CHECK), 08 (DR, wrr, HTTP_GET, nb_get_retry) and the pair 10 (NAT,
TCP_CHECK, notify_down, mail alerts) run in vigild, both sides (VRRP and
checkers), each with its real servers in their own namespaces
(check_servers.py answering HTTP on port 80). This kernel has no IPVS, so
the table edits are reported as not applied; the test checks the VRRP
master holds the VIP, every real server is checked and in, one real server
taken down leaves (verdict line within the seed's window, status row out,
notify_down where the seed has one) and comes back, the others stay.
The IPVS table itself is tests/ipvs-vm's business (in the QEMU guest).

The seeds are read from docs/scenarios/configs (tests/ipvs_cli.sh checks
they are ../shared/seed-configs' files unchanged) and rewritten only where
they name this machine: every 192.168.x.y and 10.10.x.y address becomes
192.0.2.y (the host octet kept: the VIPs .233 and .168, the real servers
.163 .111 .129 .131 .233 .180, none of them one of vgnet's .11-.14/.250),
the SMTP server 10.10.6.209 becomes 203.0.113.209 (no route: the mail
alerts fail at once), `interface ensNNN` becomes eth0, and seed 10's
notify_down /root/script/restart_keepalived.sh a script in the work
directory that appends to notify.out. Nothing else changes (no alpha, no
warmup 0, the seeds' own delay_loop 6 and retries)."""
import os
import re

import checkwin as W
import test_checkers as TC
import vgnet as V

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "docs", "scenarios", "configs")


def substitute(text, notify=None):
    text = re.sub(r"(?m)^(\s*interface\s+)\S+", r"\1eth0", text)
    text = text.replace("10.10.6.209", "203.0.113.209")
    text = re.sub(r"\b(?:192\.168|10\.10)\.\d+\.(\d+)\b", r"192.0.2.\1", text)
    if notify:
        text = text.replace("/root/script/restart_keepalived.sh", notify)
    return text


def seed(name):
    with open(os.path.join(SEEDS, name + ".conf")) as f:
        return f.read()


def real_servers(t, net, where):
    """where: {node index: address}; each node gets the address and its own
    check_servers.py on port 80 (mode files in DIR/rsN)."""
    dirs = {}
    for i, addr in where.items():
        node = net.node(i)
        V.run(["ip", "-n", node.ns, "addr", "add", addr + "/24", "dev", "eth0"])
        d = os.path.join(net.workdir, "rs%d" % i)
        os.makedirs(d)
        W.set_mode(d, 80, "ok", wait=False)
        net.procs.append(V.Proc(["/usr/bin/python3", TC.SERVERS, d, "80"], node.ns, os.path.join(d, "log"),
                                "servers"))
        ok, _ = V.wait_for(lambda: W._state(d, 80)[0] == "ok", 10, 0.05)
        t.check(ok, "real server %s did not start" % addr)
        dirs[addr] = d
    return dirs


def director(t, net, i, text):
    node = net.node(i)
    node.write_conf(text)
    sock = os.path.join(net.workdir, "%s.ctl" % node.name)
    node.start(side=None, extra_args=["--control=" + sock])
    return node, sock


def rows(cli, sock):
    return TC.status_rows(cli, sock)


def all_checked_up(t, cli, sock, names, timeout):
    """Every real server has a check result, up, and is in (no alpha: in from
    the start; the first probe comes within warmup = delay_loop)."""
    def f():
        r = rows(cli, sock)
        return all(n in r and r[n]["in"] is True and (r[n]["check"] or {}).get("result") == "up" for n in names)
    ok, _ = V.wait_for(f, timeout, 0.2)
    t.check(ok, "not every real server checked and up: %s" % rows(cli, sock))


def flip(t, node, cli, sock, d, rs, vs, down_w, up_w, others, notify=None):
    """rs's server off: the verdict line within down_w, its status row out,
    the others stay in; back on: in again within up_w."""
    t0 = W.set_mode(d, 80, "off")
    t.check(t0 is not None, "%s: server did not stop" % rs)
    got = W.log_time(node, W.verdict_re(False, rs, 80, vs, 80), t0 - 0.2, down_w + W.MARGIN + W.WAIT_MORE)
    W.check_window(t, rs, "down", t0, got, down_w)
    if notify:
        W.check_notify(t, notify[0], notify[1], "down", got)
    r = rows(cli, sock)
    t.check(r.get("%s:80" % rs, {}).get("in") is False, "%s: row %s" % (rs, r.get("%s:80" % rs)))
    for o in others:
        t.check(r.get("%s:80" % o, {}).get("in") is True, "%s: row %s" % (o, r.get("%s:80" % o)))
    t0 = W.set_mode(d, 80, "ok")
    got = W.log_time(node, W.verdict_re(True, rs, 80, vs, 80), t0 - 0.2, up_w + W.MARGIN + W.WAIT_MORE)
    W.check_window(t, rs, "up", t0, got, up_w)
    t.check(rows(cli, sock).get("%s:80" % rs, {}).get("in") is True, "%s: not back in" % rs)
    t.check("not applied" in node.log(), "no 'not applied' line")


def holds_vip(t, net, vip, master, others=()):
    ok, _ = V.wait_for(lambda: net.node(master).holds(vip), 15, 0.1)
    t.check(ok, "n%d does not hold %s: %s" % (master, vip, net.node(master).log()[-1500:]))
    for o in others:
        t.check(not net.node(o).holds(vip), "n%d holds %s too" % (o, vip))


def test_checker_seed01(t):
    """Seed 01 (LVS DR, TCP_CHECK connect_timeout 5, retry 2,
    delay_before_retry 3, delay_loop 6): .111 refused goes down within
    delay_loop + retry * delay_before_retry = 12 s, comes back within
    max(delay_loop, delay_before_retry) = 6 s; .163 stays in."""
    TC.need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(3)
    d = real_servers(t, net, {2: "192.0.2.163", 3: "192.0.2.111"})
    node, sock = director(t, net, 1, substitute(seed("01-lvs-dr-haproxy-master")))
    holds_vip(t, net, "192.0.2.233", 1)
    all_checked_up(t, cli, sock, ["192.0.2.163:80", "192.0.2.111:80"], 6 + 1 + W.MARGIN + W.WAIT_MORE)
    flip(t, node, cli, sock, d["192.0.2.111"], "192.0.2.111", "192.0.2.233", W.down(6, 2, 3), W.up(6, 3),
         ["192.0.2.163"])
    t.check("TCP_CHECK on service [192.0.2.111]:tcp:80 failed after 2 retries." in node.log(), "no failure line")


def test_checker_seed08(t):
    """Seed 08 (LVS DR wrr, HTTP_GET url / status_code 200, connect_timeout 3,
    nb_get_retry 3 (retry), delay_before_retry 3, delay_loop 6): .131
    refused goes down within delay_loop + retry * delay_before_retry = 15 s;
    back, up within max(delay_before_retry, delay_loop) + delay_loop = 12 s
    (check_http.c checks every url again before the server is up); .129
    stays in."""
    TC.need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(3)
    d = real_servers(t, net, {2: "192.0.2.129", 3: "192.0.2.131"})
    node, sock = director(t, net, 1, substitute(seed("08-lvs-wrr-http-get")))
    holds_vip(t, net, "192.0.2.233", 1)
    all_checked_up(t, cli, sock, ["192.0.2.129:80", "192.0.2.131:80"], 6 + 1 + W.MARGIN + W.WAIT_MORE)
    flip(t, node, cli, sock, d["192.0.2.131"], "192.0.2.131", "192.0.2.233", W.down(6, 3, 3), max(3, 6) + 6,
         ["192.0.2.129"])
    t.check("HTTP_CHECK on service [192.0.2.131]:tcp:80 failed after 3 retries." in node.log()
            or "HTTP_CHECK on service [192.0.2.131]:tcp:80 failed." in node.log(), "no failure line")


def test_checker_seed10(t):
    """Seed pair 10 (LVS NAT, TCP_CHECK connect_timeout 3 with keepalived's
    defaults retry 1, delay_before_retry 1, delay_loop 6; notify_down;
    mail alerts to an unreachable server; a one-member sync group): n1 the
    master director checking .233, n2 the backup checking .180, both with
    the VIP .168 between them (n1 holds it). .233 refused: down on n1
    within delay_loop + retry * delay_before_retry = 7 s, notify_down runs;
    back within max(delay_loop, delay_before_retry) = 6 s (no notify_up: the
    seed has none). The backup's .180 stays in."""
    TC.need_vigild(t)
    from test_status import vigil_cli
    cli = vigil_cli(t)
    net = t.net(4)
    wd = net.workdir
    os.chmod(wd, 0o755)
    d = real_servers(t, net, {3: "192.0.2.233", 4: "192.0.2.180"})
    scripts = {}
    for i in (1, 2):
        p = os.path.join(wd, "n%d-restart_keepalived.sh" % i)
        with open(p, "w") as f:
            f.write("#!/bin/sh\necho \"down n%d $(date +%%s.%%N)\" >> %s/notify.out\n" % (i, wd))
        os.chmod(p, 0o755)
        scripts[i] = p
    n1, s1 = director(t, net, 1, substitute(seed("10-anjuke-nat-master"), scripts[1]))
    n2, s2 = director(t, net, 2, substitute(seed("10-anjuke-nat-backup"), scripts[2]))
    holds_vip(t, net, "192.0.2.168", 1, [2])
    all_checked_up(t, cli, s1, ["192.0.2.233:80"], 6 + 1 + W.MARGIN + W.WAIT_MORE)
    all_checked_up(t, cli, s2, ["192.0.2.180:80"], 6 + 1 + W.MARGIN + W.WAIT_MORE)
    t.check(W.events(wd) == [], "notify before any change: %s" % W.events(wd))
    flip(t, n1, cli, s1, d["192.0.2.233"], "192.0.2.233", "192.0.2.168", W.down(6, 1, 1), W.up(6, 1), [],
         notify=(wd, "n1"))
    t.check([(e[0], e[1]) for e in W.events(wd)] == [("down", "n1")], "notifies %s" % W.events(wd))
    t.check(rows(cli, s2).get("192.0.2.180:80", {}).get("in") is True, "the backup's real server left")
    t.check(n2.log().count("Removing service") == 0, "the backup removed a server: %s" % n2.log()[-1500:])
    holds_vip(t, net, "192.0.2.168", 1, [2])
