# SPDX-License-Identifier: GPL-2.0-or-later
"""Checker e-mail alerts (smtp_alert in real_server / virtual_server,
smtp_alert_checker, no_checker_emails): `vigild -C` as the director in n1,
the real servers (check_servers.py) in n2 (192.0.2.12), and
tests/netns/smtp_responder.py in the client namespace (192.0.2.250:2525).

One virtual server (quorum 2) with A (port 18001, one TCP_CHECK) and B
(port 18002, TCP_CHECKs on 18002 and 18003). The schedule: A refused, A
back, B:18003 refused, B:18002 refused, B:18003 back, B:18002 back. The
alerts expected at each step are what keepalived 2.2.7's checker process
sent on the same schedule in the ipvs-vm guest (keepalived's checkers need
IPVS; tests/ipvs-vm/test_checker_mail.sh, docs/smtp_alerts.md "Checker
alerts"): subjects, bodies, and the dialogue of each alert."""
import os
import time

import test_checkers as C
import test_smtp_alert as S
import vgnet as V

RS = C.RS
VS = "[192.0.2.100]:tcp:80"
A = "[%s]:tcp:18001" % RS
B = "[%s]:tcp:18002" % RS
FAILED = "=> TCP CHECK failed on service <="
SUCCEED = "=> TCP CHECK succeed on service <="


def rs_alert(rs, state, body):
    return ("[kwm] Realserver %s of virtual server %s - %s" % (rs, VS, state), body)


def vs_alert(state, body):
    return ("[kwm] Virtualserver %s - %s" % (VS, state), body)


def conf(d, extra_global="", a_extra=""):
    tcp = "    TCP_CHECK {\n      connect_timeout 1\n      retry 0\n%s    }\n"
    return ("global_defs {\n  router_id kwm\n  enable_script_security\n  script_user root\n"
            "  notification_email {\n    ops@example.com\n  }\n  notification_email_from lb@example.com\n"
            "  smtp_server %s %d\n  smtp_connect_timeout 3\n%s}\n"
            "virtual_server 192.0.2.100 80 {\n  delay_loop 1\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
            "  quorum 2\n"
            "  real_server %s 18001 {\n    weight 1\n%s%s  }\n"
            "  real_server %s 18002 {\n    weight 1\n%s%s  }\n}\n"
            % (S.SMTP_ADDR, S.SMTP_PORT, extra_global, RS, a_extra, tcp % "", RS, tcp % "",
               tcp % "      connect_port 18003\n"))


def alerts(log):
    """(subject, body) of every message received, in order of connection."""
    out = []
    for d in S.mails(log):
        subj = [x[1][len("Subject: "):] for x in d if x[0] == "C" and x[1].startswith("Subject: ")]
        body = [x[1] for x in d if x[0] == "C" and x[1].startswith("=>")]
        out.append((subj[0] if subj else "", body[0] if body else ""))
    return out


def run_schedule(t, extra_global, a_extra, want):
    """Runs the schedule; want: the alerts expected at each step (start first)."""
    C.need_vigild(t)
    net = t.net(2)
    d = net.workdir
    log = S.responder(t, net)
    C.start(t, net, conf(d, extra_global, a_extra), [18001, 18002, 18003])
    steps = [(None, None), (18001, "off"), (18001, "ok"), (18003, "off"), (18002, "off"),
             (18003, "ok"), (18002, "ok")]
    seen = 0
    for i, ((port, mode), w) in enumerate(zip(steps, want)):
        if port is None:
            time.sleep(2.5)  # every checker has run once (delay_loop 1, connect_timeout 1)
        else:
            t.check(C.set_mode(d, port, mode) is not None, "step %d: the server did not change" % i)
            V.wait_for(lambda: len(alerts(log)) >= seen + len(w), 6)
            time.sleep(1.5)  # let an extra alert show
        got = alerts(log)[seen:]
        seen += len(got)
        what = "start" if port is None else "%d %s" % (port, mode)
        t.check(sorted(got) == sorted(w), "step %d (%s): alerts\n got %s\nwant %s" % (i, what, got, w))
    return log


def test_checker_mail_defaults(t):
    """No smtp_alert anywhere: the real servers' alerts are on (keepalived's
    default for them), the quorum alerts off. Every checker that changes
    its verdict sends one, the subject giving the server's state after it
    (B:18003 back while B:18002 is down: "succeed", "- DOWN"); none at start
    (the checkers start up without alpha). Each alert's dialogue is the one
    keepalived sends (From, To, X-Mailer, the body line)."""
    want = [[], [rs_alert(A, "DOWN", FAILED)], [rs_alert(A, "UP", SUCCEED)],
            [rs_alert(B, "DOWN", FAILED)], [rs_alert(B, "DOWN", FAILED)],
            [rs_alert(B, "DOWN", SUCCEED)], [rs_alert(B, "UP", SUCCEED)]]
    log = run_schedule(t, "", "", want)
    first = S.mails(log)[0]
    data = [x[1] for x in first if x[0] == "C"]
    # HELO: the host's name (no smtp_helo_name)
    t.check(data[:1] == ["HELO %s" % os.uname().nodename] and data[1:] == ["MAIL FROM:<lb@example.com>",
                     "RCPT TO:<ops@example.com>", "DATA", "Date: <masked>", "From: lb@example.com",
                     "Subject: [kwm] Realserver %s of virtual server %s - DOWN" % (A, VS),
                     "X-Mailer: Keepalived", "To: ops@example.com", "", FAILED, "", ".", "QUIT"],
            "the first alert's dialogue: %s" % data)


def test_checker_mail_no_checker_emails(t):
    """no_checker_emails and smtp_alert_checker, with `smtp_alert off` in A:
    the quorum alerts are on (smtp_alert_checker), "Starting with quorum up"
    at start, "Lost quorum 2+0=2 <= 1" (keepalived writes '+' and '<=' in
    the alert where its log says "2-0=2 > 1"); A's own smtp_alert off
    silences A; B alerts only when its state changes (its second checker's
    failure and first checker's return send nothing)."""
    want = [[vs_alert("UP", "=> Starting with quorum up 2+0=2 <= 2 <=")],
            [vs_alert("DOWN", "=> Lost quorum 2+0=2 <= 1 <=")],
            [vs_alert("UP", "=> Gained quorum 2+0=2 <= 2 <=")],
            [rs_alert(B, "DOWN", FAILED), vs_alert("DOWN", "=> Lost quorum 2+0=2 <= 1 <=")],
            [], [],
            [rs_alert(B, "UP", SUCCEED), vs_alert("UP", "=> Gained quorum 2+0=2 <= 2 <=")]]
    run_schedule(t, "  no_checker_emails\n  smtp_alert_checker\n", "    smtp_alert off\n", want)
