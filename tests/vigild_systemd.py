#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""vigild under keepalived's systemd unit (Type=notify, --dont-fork): the
daemon tells $NOTIFY_SOCKET READY=1 once up, RELOADING=1 then READY=1 around
a SIGHUP, STOPPING=1 on SIGTERM; it writes and removes its pid files; a
second instance with the same pid file refuses to start. Runs in its own
network namespace with a veth pair (192.0.2.0/24). Root only. TAP."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

vigild = sys.argv[1]
if os.geteuid() != 0:
    print("1..0 # SKIP not root")
    sys.exit(0)

ns = "vgsd%d" % os.getpid()
work = tempfile.mkdtemp(prefix="vgsd-")
n = 0
failed = 0


def t(ok, what):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what), flush=True)


def sh(*cmd):
    subprocess.run(cmd, check=True)


conf = os.path.join(work, "k.conf")
with open(conf, "w") as f:
    f.write("vrrp_instance VI_1 {\n    interface d0\n    virtual_router_id 51\n    priority 100\n"
            "    advert_int 1\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n")
sockpath = os.path.join(work, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sockpath)
sock.settimeout(5)
pidf = os.path.join(work, "k.pid")
vpidf = os.path.join(work, "k_vrrp.pid")
proc = None
print("1..7")
try:
    sh("ip", "netns", "add", ns)
    sh("ip", "-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1")
    sh("ip", "-n", ns, "link", "set", "d1", "up")
    sh("ip", "-n", ns, "link", "set", "d0", "up")
    sh("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "d0")
    env = dict(os.environ, NOTIFY_SOCKET=sockpath)
    cmd = ["ip", "netns", "exec", ns, vigild, "--dont-fork", "-G", "-f", conf, "-p", pidf, "-r", vpidf]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def recv():
        try:
            return sock.recv(4096).decode()
        except socket.timeout:
            return ""

    msg = recv()
    t("READY=1" in msg, "READY=1 on $NOTIFY_SOCKET once up (%r)" % msg)
    pid = int(open(pidf).read()) if os.path.exists(pidf) else 0
    t(pid > 0 and os.path.exists(vpidf) and int(open(vpidf).read()) == pid,
      "pid files -p and -r hold the daemon's pid")
    second = subprocess.run(["ip", "netns", "exec", ns, vigild, "-n", "-G", "-f", conf, "-p", pidf, "-r",
                             vpidf + "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
    t(second.returncode != 0, "a second daemon with the same pid file refuses to start (rc %d)" % second.returncode)
    os.kill(pid, signal.SIGHUP)
    a, b = recv(), recv()
    t("RELOADING=1" in a and "READY=1" in b, "SIGHUP: RELOADING=1 then READY=1 (%r, %r)" % (a, b))
    os.kill(pid, signal.SIGTERM)
    msg = recv()
    t("STOPPING=1" in msg, "SIGTERM: STOPPING=1 (%r)" % msg)
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        rc = None
    t(rc == 0, "graceful stop exits 0 (rc %r)" % rc)
    t(not os.path.exists(pidf) and not os.path.exists(vpidf), "pid files removed on stop")
    proc = None
finally:
    if proc:
        proc.kill()
        proc.wait()
    subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", work])
sys.exit(1 if failed else 0)
