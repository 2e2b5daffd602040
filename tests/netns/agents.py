# SPDX-License-Identifier: GPL-2.0-or-later
"""Small programs the harness runs inside a network namespace.

    agents.py serve NAME [PORT]          TCP server on 0.0.0.0:PORT answering NAME
    agents.py client ADDR PORT LOG [MS]  connect to ADDR:PORT every MS ms, log results
    agents.py inject SPEC.json           send raw IP packets described in a JSON file
    agents.py garp IFACE ADDR            one gratuitous ARP request for ADDR from IFACE

Each runs in the namespace it was started in (by `ip netns exec`), so the
harness itself never has to change namespace.
"""
import json
import os
import signal
import socket
import sys
import time


def serve(name, port=8080):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(128)
    reply = (name + "\n").encode()
    while True:
        conn, _ = srv.accept()
        try:
            conn.sendall(reply)
        except OSError:
            pass
        conn.close()


def client(addr, port, log_path, period_ms=5.0):
    """One line per attempt: "<start, wall time> <ok 0|1> <answer>".

    An attempt (connect, then read the server's answer) starts every
    period and has 50 ms to succeed; attempts overlap, so one that hangs
    when the VIP moves (a SYN into a pulled cable waits for its timeout)
    does not hide the ones after it: the longest interval between the
    starts of two successful attempts is how long the service was
    unreachable, to within a period. Lines are written as attempts end
    (readers sort them by start). Wall time (time.time()) so that lines
    can be put beside capture timestamps, which are wall time too.
    """
    import selectors

    period = period_ms / 1000.0
    timeout = 0.05
    out = open(log_path, "w", buffering=1)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    sel = selectors.DefaultSelector()
    pending = {}  # socket -> (start wall time, deadline monotonic)

    def finish(s, ok, answer):
        t0, _ = pending.pop(s)
        sel.unregister(s)
        s.close()
        out.write("%.6f %d %s\n" % (t0, ok, answer))

    next_t = time.monotonic()
    while not stop:
        now = time.monotonic()
        if now >= next_t:
            t0 = time.time()
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect((addr, port))
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                out.write("%.6f 0 -\n" % t0)
                s = None
            if s is not None:
                pending[s] = (t0, now + timeout)
                sel.register(s, selectors.EVENT_READ)
            next_t += period
            if next_t < now:
                next_t = now + period
        wake = min([next_t] + [d for _, d in pending.values()])
        for key, _ in sel.select(max(0.0, wake - time.monotonic())):
            s = key.fileobj
            try:
                data = s.recv(64)
            except OSError:
                data = b""
            if data:
                finish(s, 1, data.decode(errors="replace").strip() or "-")
            else:
                finish(s, 0, "-")
        now = time.monotonic()
        for s, (_, deadline) in list(pending.items()):
            if now >= deadline:
                finish(s, 0, "-")
    for s in list(pending):
        finish(s, 0, "-")
    out.close()


def inject(spec_path):
    """Sends the packets of a JSON list: {"family": 4|6, "dst": ADDR,
    "proto": N, "ttl": N, "hex": PAYLOAD-HEX, "src": optional ADDR}.

    IPv4 packets are sent with IP_HDRINCL so that TTL and source can be
    anything; IPv6 ones through a raw socket of the protocol with the hop
    limit set per packet.
    """
    with open(spec_path) as f:
        packets = json.load(f)
    s4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s4.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    sent = 0
    for p in packets:
        payload = bytes.fromhex(p["hex"])
        if p.get("family", 4) == 4:
            hdr = ipv4_header(p["src"], p["dst"], p.get("proto", 112),
                      p.get("ttl", 255), len(payload))
            s4.sendto(hdr + payload, (p["dst"], 0))
        else:
            s6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, p.get("proto", 112))
            s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, p.get("ttl", 255))
            s6.sendto(payload, (p["dst"], 0, 0, socket.if_nametoindex(p.get("ifname", "eth0"))))
            s6.close()
        sent += 1
        gap = p.get("gap_ms", 1)
        if gap:
            time.sleep(gap / 1000.0)
    print(sent)


def garp(iface, addr):
    """A gratuitous ARP request (sender = target = addr, broadcast), like a
    new VRRP master's; for the benchmark's control without a daemon."""
    with open("/sys/class/net/%s/address" % iface) as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    ip = socket.inet_aton(addr)
    frame = (b"\xff" * 6 + mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x01"
             + mac + ip + b"\x00" * 6 + ip)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)
    s.close()


def ipv4_header(src, dst, proto, ttl, payload_len):
    total = 20 + payload_len
    hdr = bytearray(20)
    hdr[0] = 0x45
    hdr[2:4] = total.to_bytes(2, "big")
    hdr[4:6] = os.getpid().to_bytes(4, "big")[2:]
    hdr[8] = ttl
    hdr[9] = proto
    hdr[12:16] = socket.inet_aton(src)
    hdr[16:20] = socket.inet_aton(dst)
    csum = inet_checksum(bytes(hdr))
    hdr[10:12] = csum.to_bytes(2, "big")
    return bytes(hdr)


def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[1]
    if cmd == "serve":
        serve(argv[2], int(argv[3]) if len(argv) > 3 else 8080)
    elif cmd == "client":
        client(argv[2], int(argv[3]), argv[4], float(argv[5]) if len(argv) > 5 else 5.0)
    elif cmd == "inject":
        inject(argv[2])
    elif cmd == "garp":
        garp(argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
