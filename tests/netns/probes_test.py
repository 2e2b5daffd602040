# SPDX-License-Identifier: GPL-2.0-or-later
"""The probe types of issue 15 (SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK,
MISC_CHECK, FILE_CHECK) against real servers, with vgc-probe-solo (the probes
without the checker driver: backends/linux/check/probe_solo.c).

Two namespaces (vgprb-c: the director, vgprb-s: the real servers,
198.51.100.1 / .2 on a veth pair) made here and removed at exit. Servers:
dnsmasq (--no-resolv --no-hosts --conf-file=/dev/null, --address and
--host-record only), a small asyncio SMTP responder and UDP echo / silent
sockets (this file, run with -m server), the namespace's kernel for ICMP
(198.51.100.77 has no host: a timeout). Each type: up, down (refused / a
negative answer), slow (timeout). TAP on stdout; skips without root, ip or
dnsmasq. The verdict windows through the core are tests/netns/test_checkers.py's
(vigild -C) business."""
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

C, S = "vgprb-c", "vgprb-s"
CA, SA = "198.51.100.1", "198.51.100.2"
NOHOST = "198.51.100.77"


def sh(*a, check=True):
    return subprocess.run(a, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ns(name, *a, **kw):
    return sh("ip", "netns", "exec", name, *a, **kw)


# ---- servers (python3 probes_test.py server, inside vgprb-s) ----

async def smtp_client(reader, writer, mode):
    try:
        if mode == "slow":
            await asyncio.sleep(30)
            return
        writer.write(b"554 go away\r\n" if mode == "badbanner" else
                     b"220-mx.example ESMTP\r\n220 ready\r\n")
        await writer.drain()
        while True:
            line = await reader.readline()
            if not line:
                return
            cmd = line.strip().upper()
            if cmd.startswith(b"HELO"):
                writer.write(b"250 hello\r\n" if mode != "badhelo" else b"501 no\r\n")
            elif cmd == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                writer.close()
                return
            else:
                writer.write(b"500 what\r\n")
            await writer.drain()
    except ConnectionError:
        pass


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, t):
        self.t = t

    def datagram_received(self, data, addr):
        self.t.sendto(b"OK" + data[:8], addr)


async def serve():
    loop = asyncio.get_running_loop()
    for port, mode in ((2525, "ok"), (2526, "badbanner"), (2527, "slow"), (2528, "badhelo")):
        await asyncio.start_server(lambda r, w, m=mode: smtp_client(r, w, m), SA, port)
    await loop.create_datagram_endpoint(Echo, local_addr=(SA, 7777))
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind((SA, 7778))  # never answers
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    await asyncio.sleep(3600)


# ---- the test ----

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%s %d - %s%s" % ("ok" if cond else "not ok", self.n, what,
                                "" if cond else "  # " + detail.replace("\n", " | ")))
        sys.stdout.flush()


def conf_for(d, name, checker, extra_rs="", track=""):
    path = os.path.join(d, name + ".conf")
    with open(path, "w") as f:
        f.write(track)
        f.write("virtual_server 192.0.2.100 80 {\n  protocol TCP\n  delay_loop 5\n"
                "  real_server %s 80 {\n%s    %s\n  }\n}\n" % (SA, extra_rs, checker))
    return path


def solo(exe, conf, n=1, interval=200):
    r = ns(C, exe, "-f", conf, "-n", str(n), "-i", str(interval), check=False)
    return r.stdout.strip().splitlines(), r.stderr, r.returncode


def first(lines):
    """(outcome, rest) of the first probe line."""
    for l in lines:
        w = l.split(None, 4)
        if w and w[0] == "probe":
            return w[2], w[3:]
    return None, []


def main():
    exe = sys.argv[1]
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("dnsmasq"):
        print("1..0 # SKIP needs root, ip and dnsmasq (Debian dnsmasq-base)")
        return 0
    d = tempfile.mkdtemp(prefix="vgprb-")
    procs = []

    def cleanup(*_):
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for n in (C, S):
            sh("ip", "netns", "del", n, check=False)
        shutil.rmtree(d, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(1)))
    try:
        for n in (C, S):
            sh("ip", "netns", "del", n, check=False)
            sh("ip", "netns", "add", n)
            ns(n, "ip", "link", "set", "lo", "up")
        sh("ip", "link", "add", "vgprb0", "netns", C, "type", "veth", "peer", "name", "vgprb1", "netns", S)
        ns(C, "ip", "addr", "add", CA + "/24", "dev", "vgprb0")
        ns(S, "ip", "addr", "add", SA + "/24", "dev", "vgprb1")
        ns(C, "ip", "link", "set", "vgprb0", "up")
        ns(S, "ip", "link", "set", "vgprb1", "up")
        time.sleep(0.5)  # DAD-free IPv4, link up
        srv = subprocess.Popen(["ip", "netns", "exec", S, sys.executable, os.path.abspath(__file__), "server"],
                               stdout=subprocess.PIPE, text=True)
        procs.append(srv)
        assert srv.stdout.readline().strip() == "ready"
        dns = subprocess.Popen(["ip", "netns", "exec", S, "dnsmasq", "--keep-in-foreground", "--no-resolv",
                                "--no-hosts", "--conf-file=/dev/null", "--port=5353", "--listen-address=" + SA,
                                "--bind-interfaces", "--user=root", "--pid-file=" + os.path.join(d, "dnsmasq.pid"),
                                "--address=/www.example.test/198.51.100.9",
                                "--host-record=db.example.test,198.51.100.10"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(dns)
        time.sleep(0.5)
        t = Tap()
        print("1..22")

        # SMTP_CHECK (keepalived check_smtp.c: 220, HELO 250, QUIT)
        def smtp(port):
            return conf_for(d, "smtp%d" % port, "SMTP_CHECK {\n      connect_port %d\n      connect_timeout 1\n"
                            "      helo_name director.example\n    }" % port)
        o, r = first(solo(exe, smtp(2525))[0])
        t.ok(o == "ok", "SMTP_CHECK: a multi-line 220 banner, 250, QUIT passes", str(r))
        o, r = first(solo(exe, smtp(2526))[0])
        t.ok(o == "failed" and "greeting" in " ".join(r).lower(), "SMTP_CHECK: a 554 banner fails", str(r))
        o, r = first(solo(exe, smtp(2528))[0])
        t.ok(o == "failed" and "helo" in " ".join(r).lower(), "SMTP_CHECK: a 501 to HELO fails", str(r))
        o, r = first(solo(exe, smtp(2599))[0])
        t.ok(o == "failed", "SMTP_CHECK: refused fails", str(r))
        o, r = first(solo(exe, smtp(2527))[0])
        t.ok(o == "timeout" and 900 <= int(r[0]) <= 1900, "SMTP_CHECK: no banner times out at connect_timeout", str(r))

        # DNS_CHECK (keepalived check_dns.c: RCODE 0 passes)
        def dnsc(name, typ, port=5353):
            return conf_for(d, "dns-%s-%s-%d" % (name, typ, port),
                            "DNS_CHECK {\n      connect_port %d\n      connect_timeout 1\n      type %s\n"
                            "      name %s\n    }" % (port, typ, name))
        o, r = first(solo(exe, dnsc("www.example.test", "A"))[0])
        t.ok(o == "ok", "DNS_CHECK: an A answer from dnsmasq (--address) passes", str(r))
        o, r = first(solo(exe, dnsc("db.example.test", "A"))[0])
        t.ok(o == "ok", "DNS_CHECK: an A answer from dnsmasq (--host-record) passes", str(r))
        o, r = first(solo(exe, dnsc("nothere.invalid", "A"))[0])
        t.ok(o == "failed" and "rcode" in " ".join(r), "DNS_CHECK: a name dnsmasq does not serve: RCODE != 0 fails",
             str(r))
        o, r = first(solo(exe, dnsc("www.example.test", "A", 5399))[0])
        t.ok(o == "failed", "DNS_CHECK: port unreachable fails", str(r))
        o, r = first(solo(exe, dnsc("www.example.test", "A", 7778))[0])
        t.ok(o == "timeout", "DNS_CHECK: a silent server times out", str(r))

        # UDP_CHECK (keepalived check_udp.c)
        def udp(port, body):
            return conf_for(d, "udp%d-%d" % (port, len(body)), "UDP_CHECK {\n      connect_port %d\n"
                            "      connect_timeout 1\n%s    }" % (port, body))
        o, r = first(solo(exe, udp(7777, "      payload 01 02 03\n      require_reply 4f 4b\n"))[0])
        t.ok(o == "ok", "UDP_CHECK: the echo's reply matches require_reply 4f 4b", str(r))
        o, r = first(solo(exe, udp(7777, "      require_reply 4f 4c\n"))[0])
        t.ok(o == "failed" and "mismatch" in " ".join(r), "UDP_CHECK: a reply that does not match fails", str(r))
        o, r = first(solo(exe, udp(7777, "      require_reply 4f\n      max_reply_length 5\n"))[0])
        t.ok(o == "failed", "UDP_CHECK: a reply longer than max_reply_length fails", str(r))
        o, r = first(solo(exe, udp(7777, "      require_reply\n      max_reply_length 5\n"))[0])
        t.ok(o == "ok", "UDP_CHECK: without a pattern the lengths are not checked (keepalived check_udp.c)", str(r))
        o, r = first(solo(exe, udp(7799, "      require_reply\n"))[0])
        t.ok(o == "failed", "UDP_CHECK: ICMP port unreachable fails", str(r))
        o, r = first(solo(exe, udp(7778, "      require_reply\n"))[0])
        t.ok(o == "timeout", "UDP_CHECK: silence with require_reply times out", str(r))
        o, r = first(solo(exe, udp(7778, ""))[0])
        t.ok(o == "ok", "UDP_CHECK: silence without require_reply passes (keepalived)", str(r))

        # PING_CHECK
        o, r = first(solo(exe, conf_for(d, "ping", "PING_CHECK {\n      connect_timeout 1\n    }"))[0])
        t.ok(o == "ok", "PING_CHECK: the namespace's kernel answers the echo", str(r))
        o, r = first(solo(exe, conf_for(d, "ping-nohost", "PING_CHECK {\n      connect_ip %s\n"
                                        "      connect_timeout 1\n    }" % NOHOST))[0])
        t.ok(o in ("timeout", "failed"), "PING_CHECK: an address with no host does not pass", str(r))

        # MISC_CHECK: exit statuses reach the core as they are; a hanging script is killed
        script = os.path.join(d, "misc.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\n[ \"$1\" = hang ] && exec sleep 30\nexit \"$1\"\n")
        os.chmod(script, 0o755)
        outs = []
        for arg in ("0", "1", "12"):
            o, r = first(solo(exe, conf_for(d, "misc" + arg, "MISC_CHECK {\n      misc_path \"%s %s\"\n"
                                            "      misc_timeout 2\n      misc_dynamic\n    }" % (script, arg)))[0])
            outs.append((o, r[0] if r else None))
        t.ok(outs == [("exit", "0"), ("exit", "1"), ("exit", "12")], "MISC_CHECK: exit 0 / 1 / 12 are reported",
             str(outs))
        t0 = time.monotonic()
        lines, err, _ = solo(exe, conf_for(d, "mischang", "MISC_CHECK {\n      misc_path \"%s hang\"\n"
                                           "      misc_timeout 1\n    }" % script))
        o, r = first(lines)
        left = ns(C, "pgrep", "-f", "sleep 30", check=False).stdout.strip()
        t.ok(o == "timeout" and not left, "MISC_CHECK: a script past misc_timeout is killed (TIMEOUT)",
             "%s %s left=%s %s" % (o, r, left, err))

        # FILE_CHECK: the tracked file's values as they change
        tf = os.path.join(d, "weight")
        with open(tf, "w") as f:
            f.write("3\n")
        fconf = conf_for(d, "file", "FILE_CHECK {\n      track_file w\n    }",
                         track="track_file w {\n  file \"%s\"\n}\n" % tf)
        p = subprocess.Popen(["ip", "netns", "exec", C, exe, "-f", fconf, "-n", "15", "-i", "100"],
                             stdout=subprocess.PIPE, text=True)
        time.sleep(0.5)
        with open(tf + ".new", "w") as f:
            f.write("-2147483648\n")
        os.rename(tf + ".new", tf)
        time.sleep(0.3)
        with open(tf, "w") as f:
            f.write("9")
        out, _ = p.communicate(timeout=10)
        vals = [int(l.split()[2]) for l in out.splitlines() if l.startswith("file ")]
        t.ok(vals == [3, -2147483648, 9], "FILE_CHECK: initial value, a rename, a rewrite are seen", str(vals))
        return 1 if t.failed else 0
    finally:
        cleanup()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "server":
        asyncio.run(serve())
    else:
        sys.exit(main())
