# SPDX-License-Identifier: GPL-2.0-or-later
"""E-mail alerts (notification_email, smtp_server, smtp_alert, ...) through a
real SMTP exchange with tests/netns/smtp_responder.py in the client
namespace (192.0.2.250:2525).  The expected dialogues are what keepalived
2.2.7 sent to the same responder (docs/smtp_alerts.md); run the file with
--daemon /usr/sbin/keepalived to see keepalived pass the same checks."""
import json
import os
import re
import time

import vgnet as V
import vrrpwire as W

SMTP_ADDR, SMTP_PORT = "192.0.2.250", 2525
RESPONDER = os.path.join(V.HERE, "smtp_responder.py")
DATE = re.compile(r"^Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$")


def global_defs(timeout=3, extra=""):
    return ("global_defs {\n    router_id vgml_r1\n    script_user root\n    enable_script_security\n"
            "    notification_email {\n        alice@example.com\n        bob@example.com\n    }\n"
            "    notification_email_from vigil@example.com\n"
            "    smtp_server %s %d\n    smtp_helo_name helo.example.com\n"
            "    smtp_connect_timeout %d\n    smtp_alert\n%s}\n" % (SMTP_ADDR, SMTP_PORT, timeout, extra))


def responder(t, net, *args):
    log = os.path.join(net.workdir, "smtp-%d.jsonl" % len(net.procs))
    p = V.Proc([V.PYTHON, RESPONDER, SMTP_ADDR, str(SMTP_PORT), log] + list(args), net.client_ns,
               log + ".out", "smtp")
    net.procs.append(p)
    ok, _ = V.wait_for(lambda: os.path.exists(log) and "listening" in open(log).read(), 10)
    t.check(ok, "the SMTP responder did not start: %s" % p.text())
    return log


def dialogues(log):
    """{conn: [(dir, line)]} with the Date header masked."""
    out = {}
    try:
        with open(log) as f:
            for raw in f:
                r = json.loads(raw)
                if r["conn"] == 0:
                    continue
                line = r["line"]
                if r["dir"] == "C" and DATE.match(line):
                    line = "Date: <masked>"
                out.setdefault(r["conn"], []).append((r["dir"], line))
    except FileNotFoundError:
        pass
    return out


def mails(log):
    """The dialogues that carried a message (a Subject line), in order."""
    return [d for _, d in sorted(dialogues(log).items()) if any(x[1].startswith("Subject:") for x in d)]


def keepalived_dialogue(subject, body):
    """What keepalived 2.2.7 sent for one alert (docs/smtp_alerts.md, "The dialogue")."""
    return [("event", "connect"), ("S", "220 vgml.example ESMTP responder"),
            ("C", "HELO helo.example.com"), ("S", "250 OK"),
            ("C", "MAIL FROM:<vigil@example.com>"), ("S", "250 OK"),
            ("C", "RCPT TO:<alice@example.com>"), ("S", "250 OK"),
            ("C", "RCPT TO:<bob@example.com>"), ("S", "250 OK"),
            ("C", "DATA"), ("S", "354 End data with <CR><LF>.<CR><LF>"),
            ("C", "Date: <masked>"), ("C", "From: vigil@example.com"),
            ("C", "Subject: [vgml_r1] %s" % subject), ("C", "X-Mailer: Keepalived"),
            ("C", "To: alice@example.com, bob@example.com"), ("C", ""), ("C", body), ("C", ""),
            ("C", "."), ("S", "250 OK"), ("C", "QUIT"), ("S", "221 Bye"), ("event", "close")]


def single_master(t, net, gdefs, insts):
    node = net.node(1)
    node.write_conf(gdefs + "".join(insts))
    node.start()
    return node


def test_smtp_alert_dialogue(t):
    """One instance starting as Backup and becoming Master: two alerts, each
    a dialogue byte-identical (Date masked) to keepalived 2.2.7's."""
    net = t.net(1)
    log = responder(t, net)
    node = single_master(t, net, global_defs(), [V.vrrp_instance(prio=150, state="MASTER")])
    ok, _ = V.wait_for(lambda: len(mails(log)) >= 2, V.master_down_interval(150) + 5)
    got = mails(log)
    t.check(ok, "expected 2 alerts, got %d: %s" % (len(got), got))
    want = [keepalived_dialogue("VRRP Instance VI_1 - Entering BACKUP state",
                                "=> VRRP Instance is no longer owning VRRP VIPs <="),
            keepalived_dialogue("VRRP Instance VI_1 - Entering MASTER state",
                                "=> VRRP Instance is now owning VRRP VIPs <=")]
    for i, (g, w) in enumerate(zip(got, want)):
        t.check(g == w, "alert %d differs from keepalived's:\n got %s\nwant %s" % (i, g, w))
    t.check(node.holds(), "the node does not hold the VIP")


def test_smtp_alert_sync_group_and_precedence(t):
    """A sync group of two instances: keepalived sends one alert per
    instance and one for the group at each state; VI_3 with `smtp_alert
    off` (the block's own word beats the global one) sends none."""
    net = t.net(1)
    log = responder(t, net)
    group = "vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
    insts = [V.vrrp_instance("VI_1", vrid=51, prio=150, state="MASTER"),
             V.vrrp_instance("VI_2", vrid=52, prio=150, state="MASTER", vips=("192.0.2.101/24",)),
             V.vrrp_instance("VI_3", vrid=53, prio=150, state="MASTER", vips=("192.0.2.102/24",),
                             extra="    smtp_alert off")]
    single_master(t, net, global_defs() + group, insts)
    ok, _ = V.wait_for(lambda: len(mails(log)) >= 6, V.master_down_interval(150) + 6)
    time.sleep(1.0)
    subjects = [x[1] for d in mails(log) for x in d if x[1].startswith("Subject:")]
    want = {"Subject: [vgml_r1] VRRP %s - Entering %s state" % (who, st)
            for who in ("Instance VI_1", "Instance VI_2", "Group G1") for st in ("BACKUP", "MASTER")}
    t.check(ok and set(subjects) == want and len(subjects) == 6, "subjects %s" % subjects)
    bodies = [x[1] for d in mails(log) for x in d if x[1].startswith("=>")]
    t.check("=> All VRRP group instances are now in MASTER state <=" in bodies
            and "=> All VRRP group instances are now in BACKUP state <=" in bodies, "bodies %s" % bodies)


def test_smtp_alert_rejected_mail_from(t):
    """MAIL FROM answered 550: keepalived logs the stage and the code, sends
    QUIT and closes (no RCPT, no DATA)."""
    net = t.net(1)
    log = responder(t, net, "--reply", "MAIL=550")
    node = single_master(t, net, global_defs(), [V.vrrp_instance(prio=150, state="MASTER")])
    want_log = "Error processing MAIL cmd on SMTP server [%s]:%d. SMTP status code = 550" % (SMTP_ADDR, SMTP_PORT)
    ok, _ = V.wait_for(lambda: want_log in node.log(), 5)
    t.check(ok, "no '%s' in the log" % want_log)
    # the daemon logs the 550 before its QUIT reaches the responder's log: wait for the QUIT
    V.wait_for(lambda: ("C", "QUIT") in dialogues(log).get(1, []), 5)
    first = dialogues(log).get(1, [])
    t.check([x for x in first if x[0] == "C"] == [("C", "HELO helo.example.com"),
                                                 ("C", "MAIL FROM:<vigil@example.com>"), ("C", "QUIT")],
            "dialogue %s" % first)


def advert_check(t, net, node, seconds, what):
    """Adverts of node (VRID 51) over `seconds` while alerts fail: every interval 1 s."""
    cap = net.capture()
    time.sleep(seconds)
    pkts = cap.stop()
    times = [p["t"] for p in V.adverts(pkts, vrid=51, src=node.ip) if p.get("prio")]
    n, mean, _, worst = V.interval_stats(times, 1.0)
    t.diag("%s: %d advert intervals, mean %.3f s, worst deviation %.3f s" % (what, n, mean, worst))
    t.check(n >= seconds - 2, "%s: only %d advert intervals in %.0f s" % (what, n, seconds))
    t.check(worst <= 0.1 + t.opts.tolerance, "%s: an advert interval was %.3f s off 1 s" % (what, worst))


def test_smtp_server_down_does_not_delay_adverts(t):
    """The SMTP server refuses (nothing listens), then drops every SYN
    (smtp_connect_timeout 2): alerts on 4 instances fail and are logged,
    and the adverts stay 1 s apart throughout."""
    net = t.net(1)
    insts = [V.vrrp_instance("VI_%d" % i, vrid=50 + i, prio=150, state="MASTER",
                             vips=("192.0.2.%d/24" % (100 + i),)) for i in range(1, 5)]
    node = single_master(t, net, global_defs(timeout=2), insts)
    ok, _ = V.wait_for(lambda: node.holds("192.0.2.101"), V.master_down_interval(150) + 3)
    t.check(ok, "the node did not become master")
    # refused: keepalived 2.2.7 logs "smtp fd N returned write error", vigild "SMTP connection ERROR to ..."
    refused = re.compile(r"smtp fd \d+ returned write error|SMTP connection ERROR to \[%s\]:%d"
                         % (re.escape(SMTP_ADDR), SMTP_PORT))
    ok, _ = V.wait_for(lambda: refused.search(node.log()), 5)
    t.check(ok, "a refused SMTP connection was not logged")
    # timeouts: SYNs to the server dropped; a reload (SIGHUP) makes no alerts, so flap the
    # instances: a higher-priority advert for each VRID sends them to BACKUP and back
    V.run(["nft", "add", "table", "inet", "vgml"], ns=net.client_ns)
    V.run(["nft", "add", "chain", "inet", "vgml", "in", "{ type filter hook input priority 0; }"],
          ns=net.client_ns)
    V.run(["nft", "add", "rule", "inet", "vgml", "in", "tcp", "dport", str(SMTP_PORT), "drop"],
          ns=net.client_ns)
    net.inject([W.packet(W.advert(version=2, vrid=50 + i, prio=200, addrs=("192.0.2.%d" % (100 + i),)),
                         gap_ms=0) for i in range(1, 5)])
    ok, _ = V.wait_for(lambda: node.holds("192.0.2.101"), V.master_down_interval(150) + 3)
    t.check(ok, "the node did not take the VIP back after the injected adverts")
    advert_check(t, net, node, 7, "SYNs dropped")
    ok, _ = V.wait_for(lambda: "Timeout opening connection to remote SMTP server [%s]:%d" % (SMTP_ADDR, SMTP_PORT)
                       in node.log(), 3)
    t.check(ok, "a connect timeout was not logged")


def test_smtp_server_silent_does_not_delay_adverts(t):
    """A server that accepts and never answers (smtp_connect_timeout 2):
    keepalived logs "Timeout reading data" twice per alert (the greeting,
    then the QUIT it sends); the adverts stay 1 s apart."""
    net = t.net(1)
    responder(t, net, "--banner-delay", "600")
    insts = [V.vrrp_instance("VI_%d" % i, vrid=50 + i, prio=150, state="MASTER",
                             vips=("192.0.2.%d/24" % (100 + i),)) for i in range(1, 4)]
    node = single_master(t, net, global_defs(timeout=2), insts)
    ok, _ = V.wait_for(lambda: node.holds("192.0.2.101"), V.master_down_interval(150) + 3)
    t.check(ok, "the node did not become master")
    advert_check(t, net, node, 7, "silent server")
    n = node.log().count("Timeout reading data to remote SMTP server [%s]:%d" % (SMTP_ADDR, SMTP_PORT))
    t.check(n >= 2, "%d 'Timeout reading data' lines" % n)
