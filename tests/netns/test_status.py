# SPDX-License-Identifier: GPL-2.0-or-later
"""vigild's operator interface (docs/operations.md): `vigil status` over the
control socket (table and JSON) on a master and a backup and after a
failover, its errors (vigild not running, a caller that is not root), and
keepalived's signal files: SIGUSR2's keepalived.stats and the JSON signal's
keepalived.json, checked field by field against what keepalived 2.2.7
writes (observed in a namespace: `kill -USR2`, `kill -36`)."""
import json
import os
import signal
import subprocess

import vgnet as V

# keepalived 2.2.7's keepalived.stats, one instance: the labels in order
STATS_LABELS = ["VRRP Instance", "  Advertisements", "    Received", "    Sent", "  Became master",
                "  Released master", "  Packet Errors", "    Length", "    TTL", "    Invalid Type",
                "    Advertisement Interval", "    Address List", "  Authentication Errors",
                "    Invalid Type", "    Type Mismatch", "    Failure", "  Priority Zero",
                "    Received", "    Sent"]
# keepalived 2.2.7's keepalived.json (built with --enable-json), an instance with a VIP and
# PASS authentication: the keys of "data" and "stats", in order
JSON_DATA_KEYS = ["iname", "dont_track_primary", "skip_check_adv_addr", "strict_mode", "vmac_ifname",
                  "ifp_ifname", "master_priority", "last_transition", "garp_delay", "garp_refresh",
                  "garp_rep", "garp_refresh_rep", "garp_lower_prio_delay", "garp_lower_prio_rep",
                  "lower_prio_no_advert", "higher_prio_send_advert", "vrid", "base_priority",
                  "effective_priority", "vipset", "promote_secondaries", "adver_int",
                  "master_adver_int", "accept", "nopreempt", "preempt_delay", "state", "wantstate",
                  "version", "smtp_alert", "notify_deleted", "vips", "auth_type", "auth_data"]
JSON_STATS_KEYS = ["advert_rcvd", "advert_sent", "become_master", "release_master", "packet_len_err",
                   "advert_interval_err", "ip_ttl_err", "invalid_type_rcvd", "addr_list_err",
                   "invalid_authtype", "authtype_mismatch", "auth_failure", "pri_zero_rcvd",
                   "pri_zero_sent"]


def vigil_cli(t):
    cli = os.environ.get("VIGIL_CLI") or os.path.join(
        os.path.dirname(os.path.abspath(t.opts.daemon)), "..", "..", "cli", "vigil")
    if "vigild" not in os.path.basename(t.opts.daemon) or not os.path.exists(cli):
        t.skip("vigild's own interface (vigil status, --control)")
    return os.path.abspath(cli)


def status(cli, sock, *args, user=None):
    argv = [cli, "status", "--socket", sock] + list(args)
    if user:
        argv = ["setpriv", "--reuid=%s" % user, "--regid=nogroup", "--clear-groups"] + argv
    r = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    return r.returncode, r.stdout, r.stderr


def status_json(cli, sock):
    rc, out, err = status(cli, sock, "--json")
    return json.loads(out) if rc == 0 else None


def instance(doc, name="VI_1"):
    for i in (doc or {}).get("vrrp", {}).get("instances", []):
        if i["name"] == name:
            return i
    return None


def start(t, net, prios):
    """Both nodes with their own control socket and TMPDIR (signal files)."""
    os.chmod(net.workdir, 0o711)  # the sockets' mode is what keeps a non-root caller out
    socks, tmps = [], []
    for node, prio in zip(net.nodes, prios):
        node.write_conf(V.global_defs(node.name) + V.vrrp_instance(prio=prio, auth_pass="secret"))
        d = os.path.join(net.workdir, "%s-run" % node.name)
        os.makedirs(d, mode=0o755, exist_ok=True)
        os.chmod(d, 0o755)
        socks.append(os.path.join(d, "ctl"))
        tmps.append(d)
        old = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = d
        try:
            node.start(extra_args=["--control=" + socks[-1]])
        finally:
            if old is None:
                del os.environ["TMPDIR"]
            else:
                os.environ["TMPDIR"] = old
    ok, _ = net.wait_holders([net.nodes[0].name], 10)
    t.check(ok, "%s did not become the only holder of the VIP" % net.nodes[0].name)
    return socks, tmps


def signal_file(node, sig, path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    node.daemon.send(sig)
    ok, _ = V.wait_for(lambda: os.path.exists(path) and open(path).read().endswith("\n"), 3)
    return open(path).read() if ok else None


def test_status_master_backup_failover(t):
    """vigil status (table and --json) shows the master and the backup with
    their states and priorities, the master's address on the backup; after
    kill -9 of the master the backup shows itself MASTER with the reason;
    the killed node's stale socket reads as 'not running'."""
    cli = vigil_cli(t)
    net = t.net(2)
    (s1, s2), _ = start(t, net, [150, 100])
    n1, n2 = net.nodes[0], net.nodes[1]
    doc, _ = V.wait_for(lambda: (lambda d: d if instance(d) and instance(d)["state"] == "BACKUP"
                                 and instance(d)["master"] else None)(status_json(cli, s2)), 5)
    t.check(doc is not None, "the backup's status never showed BACKUP with a master")
    b = instance(doc)
    t.check(b["effective_priority"] == 100 and b["base_priority"] == 100, "backup priorities %r" % b)
    t.check(b["master"]["address"] == n1.ip and b["master"]["priority"] == 150,
            "backup's master %r, want %s prio 150" % (b["master"], n1.ip))
    t.check(b["adverts"]["received"] > 0, "the backup received no adverts: %r" % b["adverts"])
    m = instance(status_json(cli, s1))
    t.check(m and m["state"] == "MASTER" and m["effective_priority"] == 150 and m["base_priority"] == 150,
            "master's status %r" % m)
    t.check(m["master"]["self"] and m["master"]["address"] == n1.ip, "master's master %r" % m["master"])
    t.check(m["last_transition"]["to"] == "MASTER", "master's last transition %r" % m["last_transition"])
    t.check(m["vips_installed"] is True and m["adverts"]["sent"] > 0, "master %r" % m)
    rc, out, err = status(cli, s2)
    t.check(rc == 0, "vigil status on the backup: %d %s" % (rc, err))
    row = [ln for ln in out.splitlines() if ln.startswith("VI_1 ")]
    t.check(row and row[0].split()[1:3] == ["BACKUP", "100"] and ("%s prio 150" % n1.ip) in row[0],
            "backup's table row %r" % row)
    rc, out, _ = status(cli, s1)
    row = [ln for ln in out.splitlines() if ln.startswith("VI_1 ")]
    t.check(row and row[0].split()[1:3] == ["MASTER", "150"] and "(this node)" in row[0],
            "master's table row %r" % row)

    # --watch: the table again every 0.5 s until interrupted; a terminal is cleared before each
    # (run under script(1) for a pty), a pipe gets the tables one after the other
    for pty in (False, True):
        argv = [cli, "status", "--socket", s2, "--watch", "0.5"]
        if pty:
            argv = ["script", "-q", "-e", "-c", " ".join(argv), "/dev/null"]
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            out, _ = p.communicate(timeout=1.8)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGINT)
            try:
                out, _ = p.communicate(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                out, _ = p.communicate()
        text = out.decode(errors="replace")
        tables = text.count("\nVI_1 ") + text.startswith("VI_1 ")
        clears = text.count("\033[H\033[2J")
        t.check(tables >= 3 and (clears >= 3 if pty else clears == 0),
                "--watch 0.5 for 1.8 s (%s): %d tables, %d screen clears" % ("pty" if pty else "pipe",
                                                                            tables, clears))

    n1.kill9()
    ok, _ = V.wait_for(lambda: n2.holds(), 8)  # the killed node keeps its VIP: no wait_holders
    t.check(ok, "%s did not take over" % n2.name)
    doc, _ = V.wait_for(lambda: (lambda d: d if instance(d) and instance(d)["state"] == "MASTER" else None)(
        status_json(cli, s2)), 3)
    t.check(doc is not None, "the new master's status never showed MASTER")
    lt = instance(doc)["last_transition"]
    t.check(lt["from"] == "BACKUP" and lt["to"] == "MASTER" and lt["reason"] == "master-down",
            "new master's last transition %r" % lt)
    t.check(instance(doc)["master"]["address"] == n2.ip, "new master's master %r" % instance(doc)["master"])
    rc, out, _ = status(cli, s2)
    row = [ln for ln in out.splitlines() if ln.startswith("VI_1 ")]
    t.check(rc == 0 and row and row[0].split()[1] == "MASTER" and "(master-down)" in row[0],
            "new master's table row %r" % row)
    # kill -9 left the socket file: nobody accepts on it
    rc, _, err = status(cli, s1)
    t.check(rc == 3 and "not running" in err, "status of the killed node: %d %r" % (rc, err))


def test_status_errors(t):
    """vigild not running (no socket): exit 3 and a sentence saying so; a
    caller that is not root: exit 4, permission denied (socket mode 0600)."""
    cli = vigil_cli(t)
    net = t.net(2)
    (s1, _), _ = start(t, net, [150, 100])
    st = os.stat(s1)
    t.check(st.st_mode & 0o777 == 0o600 and st.st_uid == 0, "socket mode %o uid %d" % (st.st_mode & 0o777, st.st_uid))
    rc, _, err = status(cli, s1, user="nobody")
    t.check(rc == 4 and "permission denied" in err and "root" in err, "as nobody: %d %r" % (rc, err))
    rc, _, err = status(cli, os.path.join(net.workdir, "none.ctl"))
    t.check(rc == 3 and "vigild is not running" in err, "no socket: %d %r" % (rc, err))
    net.nodes[0].stop(signal.SIGTERM, 10)
    t.check(not os.path.exists(s1), "vigild left its control socket after SIGTERM")
    rc, _, err = status(cli, s1)
    t.check(rc == 3 and "not running" in err, "after SIGTERM: %d %r" % (rc, err))


def test_status_sigusr2_and_json_files(t):
    """SIGUSR2 writes keepalived.stats and the JSON signal (vigild
    --signum=JSON) keepalived.json in $TMPDIR, mode 0600, with keepalived
    2.2.7's structure; the values are the instance's."""
    cli = vigil_cli(t)
    net = t.net(2)
    _, (d1, d2) = start(t, net, [150, 100])
    n1, n2 = net.nodes[0], net.nodes[1]
    V.wait_for(lambda: False, 1.5)  # a few adverts
    text = signal_file(n1, signal.SIGUSR2, os.path.join(d1, "keepalived.stats"))
    t.check(text is not None, "no keepalived.stats after SIGUSR2")
    lines = text.splitlines()
    t.check([ln.split(":")[0] for ln in lines] == STATS_LABELS, "stats labels %r" % lines)
    t.check(lines[0] == "VRRP Instance: VI_1", "first line %r" % lines[0])
    vals = [ln.split(": ", 1)[1] for ln in lines if ": " in ln]
    t.check(all(v.isdigit() for v in vals[1:]), "stats values %r" % vals)
    t.check(int(vals[2]) > 0 and vals[3] == "1", "master: Sent %s, Became master %s" % (vals[2], vals[3]))
    t.check(os.stat(os.path.join(d1, "keepalived.stats")).st_mode & 0o777 == 0o600, "stats file mode")

    sig = int(subprocess.run([t.opts.daemon, "--signum=JSON"], capture_output=True, text=True).stdout)
    t.check(sig == signal.SIGRTMIN + 2, "--signum=JSON printed %d" % sig)
    docs = {}
    for node, d in ((n1, d1), (n2, d2)):
        raw = signal_file(node, sig, os.path.join(d, "keepalived.json"))
        t.check(raw is not None, "no keepalived.json from %s" % node.name)
        docs[node.name] = json.loads(raw)
    for name, doc in docs.items():
        t.check(isinstance(doc, list) and len(doc) == 1, "%s: %r" % (name, doc))
        t.check(list(doc[0]) == ["data", "stats"], "%s: top keys %r" % (name, list(doc[0])))
        t.check(list(doc[0]["data"]) == JSON_DATA_KEYS, "%s: data keys %r" % (name, list(doc[0]["data"])))
        t.check(list(doc[0]["stats"]) == JSON_STATS_KEYS, "%s: stats keys %r" % (name, list(doc[0]["stats"])))
    m, b = docs[n1.name][0], docs[n2.name][0]
    want_m = {"iname": "VI_1", "vrid": 51, "base_priority": 150, "effective_priority": 150, "state": 2,
              "wantstate": 2, "version": 2, "vipset": True, "ifp_ifname": "eth0", "adver_int": 1,
              "master_priority": 0, "auth_type": 1, "auth_data": "secret", "accept": 1, "nopreempt": False,
              "vips": ["192.0.2.100/24 dev eth0 scope global set"], "garp_delay": 5, "garp_rep": 5}
    for k, v in want_m.items():
        t.check(m["data"][k] == v, "master data.%s = %r, want %r" % (k, m["data"][k], v))
    want_b = {"state": 1, "base_priority": 100, "effective_priority": 100, "master_priority": 150,
              "vipset": False, "vips": ["192.0.2.100/24 dev eth0 scope global"]}
    for k, v in want_b.items():
        t.check(b["data"][k] == v, "backup data.%s = %r, want %r" % (k, b["data"][k], v))
    t.check(m["stats"]["advert_sent"] > 0 and m["stats"]["become_master"] == 1, "master stats %r" % m["stats"])
    t.check(b["stats"]["advert_rcvd"] > 0 and b["stats"]["become_master"] == 0, "backup stats %r" % b["stats"])
    t.check(isinstance(m["data"]["last_transition"], float) and m["data"]["last_transition"] > 1e9,
            "last_transition %r" % m["data"]["last_transition"])
