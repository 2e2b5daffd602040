# SPDX-License-Identifier: GPL-2.0-or-later
"""Builds VRRP advertisements, valid or broken on purpose (RFC 3768 and
RFC 5798 section 5 formats), as bytes for agents.py inject."""
import random
import socket
import struct

from agents import inet_checksum

VRRP_PROTO = 112


def advert(version=2, vrid=51, prio=254, addrs=("192.0.2.100",), adv=1, auth_type=0,
           auth=b"", count=None, typ=1, src="192.0.2.200", dst="224.0.0.18",
           checksum_delta=0):
    """One advertisement.  adv: seconds (v2) or centiseconds (v3); count
    overrides the address count field; checksum_delta is added to the
    correct checksum (non-zero: a bad checksum)."""
    n = len(addrs) if count is None else count
    ips = b"".join(socket.inet_aton(a) for a in addrs)
    if version == 3:
        hdr = struct.pack("!BBBBHH", (version << 4) | typ, vrid, prio, n, adv & 0x0FFF, 0)
        body = hdr + ips
        pseudo = (socket.inet_aton(src) + socket.inet_aton(dst)
                  + struct.pack("!BBH", 0, VRRP_PROTO, len(body)))
        csum = inet_checksum(pseudo + body)
    else:
        hdr = struct.pack("!BBBBBBH", (version << 4) | typ, vrid, prio, n, auth_type, adv, 0)
        body = hdr + ips + (auth + b"\0" * 8)[:8]
        csum = inet_checksum(body)
    csum = (csum + checksum_delta) & 0xFFFF
    return body[:6] + struct.pack("!H", csum) + body[8:]


def packet(payload, ttl=255, src="192.0.2.200", dst="224.0.0.18", gap_ms=1):
    return {"family": 4, "src": src, "dst": dst, "ttl": ttl, "proto": VRRP_PROTO,
            "hex": payload.hex(), "gap_ms": gap_ms}


def bad_classes(version, vrid, master_ip, vip="192.0.2.100", src="192.0.2.200"):
    """(name, packets) for every RFC 5798 / 3768 section 7.1 reason to
    discard, each with priority 254 so that accepting it would make the
    master step down."""
    def a(**kw):
        kw.setdefault("version", version)
        kw.setdefault("vrid", vrid)
        kw.setdefault("addrs", (vip,))
        kw.setdefault("adv", 100 if version == 3 else 1)
        kw.setdefault("src", src)
        return advert(**kw)
    good = a()
    classes = [
        ("ttl 254", [packet(good, ttl=254)]),
        ("ttl 1", [packet(good, ttl=1)]),
        ("version 1", [packet(a(version=1))]),
        ("version 15", [packet(a(version=15))]),
        ("type 2", [packet(a(typ=2))]),
        ("type 0", [packet(a(typ=0))]),
        ("bad checksum", [packet(a(checksum_delta=1)), packet(a(checksum_delta=0x1234))]),
        ("wrong vrid", [packet(a(vrid=(vrid % 255) + 1))]),
        ("short 4 bytes", [packet(good[:4])]),
        ("short 7 bytes", [packet(good[:7])]),
        ("truncated address list", [packet(good[:len(good) - 6])]),
        ("count 3, one address", [packet(a(count=3))]),
        ("count 0, one address", [packet(a(count=0))]),
        ("unicast to master, ttl 254", [packet(good, ttl=254, dst=master_ip)]),
    ]
    if version == 2:
        classes += [
            ("auth mismatch: PASS, none configured",
             [packet(a(auth_type=1, auth=b"secret"))]),
            ("auth type 2 (AH)", [packet(a(auth_type=2))]),
            ("auth type 3", [packet(a(auth_type=3))]),
            ("advert interval 2 s, 1 s configured", [packet(a(adv=2))]),
        ]
    else:
        classes += [
            ("v3 checksum without pseudo-header",
             [packet(_v3_plain_checksum(good))]),
        ]
    return classes


def _v3_plain_checksum(pkt):
    body = pkt[:6] + b"\0\0" + pkt[8:]
    return body[:6] + struct.pack("!H", inet_checksum(body)) + body[8:]


def random_payloads(n, vrid, seed=112, src="192.0.2.200"):
    """n protocol-112 packets: a third fully random bytes, two thirds with a
    plausible first byte and the right VRID and random rest."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        length = rnd.randint(0, 80)
        data = bytearray(rnd.getrandbits(8) for _ in range(length))
        if i % 3 and length >= 2:
            data[0] = rnd.choice((0x21, 0x31, 0x20, 0x30, 0x22))
            data[1] = vrid
            if length >= 3:
                data[2] = 254
        out.append(packet(bytes(data), ttl=rnd.choice((255, 255, 255, 254, 64)), src=src,
                          gap_ms=0))
    return out
