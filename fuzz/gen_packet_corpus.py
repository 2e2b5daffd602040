#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpus of fuzz-packet: valid and malformed VRRP adverts.

Packets are built with scapy (its VRRP/VRRPv3 layers compute the
checksums, IPv4 and IPv6 pseudo-headers included), independently of
vigil's own encoder. Each file is the fuzz-packet input layout (see
fuzz/fuzz_packet.c): flags, config tweaks, 16-byte source, 16-byte
destination, then the VRRP message.

    /usr/bin/python3 fuzz/gen_packet_corpus.py [OUTDIR]   (default fuzz/corpus/packet)
"""
import hashlib
import os
import sys

from scapy.layers.inet import IP
from scapy.layers.inet6 import IPv6
from scapy.layers.vrrp import VRRP, VRRPv3

V4_SRC, V4_DST = "192.0.2.1", "224.0.0.18"
V6_SRC, V6_DST = "fe80::1", "ff02::12"


def addr16(text, v6):
    import socket
    raw = socket.inet_pton(socket.AF_INET6 if v6 else socket.AF_INET, text)
    return raw + bytes(16 - len(raw))


def v2(**kw):
    ip = IP(src=V4_SRC, dst=V4_DST, ttl=255) / VRRP(**kw)
    return bytes(IP(bytes(ip))[VRRP])


def v3(v6=False, **kw):
    if v6:
        ip = IPv6(src=V6_SRC, dst=V6_DST, hlim=255) / VRRPv3(**kw)
        return bytes(IPv6(bytes(ip))[VRRPv3])
    ip = IP(src=V4_SRC, dst=V4_DST, ttl=255) / VRRPv3(**kw)
    return bytes(IP(bytes(ip))[VRRPv3])


def seed(name, msg, flags=0, tweak=0, v6=False, src=None, dst=None):
    src = src or (V6_SRC if v6 else V4_SRC)
    dst = dst or (V6_DST if v6 else V4_DST)
    flags |= 0x01 if v6 else 0
    return name, bytes([flags, tweak]) + addr16(src, v6) + addr16(dst, v6) + msg


def flip_checksum(m):
    return m[:6] + bytes([m[6] ^ 0xff, m[7]]) + m[8:]


def seeds():
    out = []
    good2 = v2(vrid=51, priority=100, addrlist=["192.0.2.100"], adv=1)
    good3 = v3(vrid=51, priority=100, addrlist=["192.0.2.100"], adv=100)
    good6 = v3(True, vrid=51, priority=100, addrlist=["2001:db8::100"], adv=100)
    out.append(seed("v2-valid", good2))
    out.append(seed("v2-valid-master", good2, flags=0x80))
    out.append(seed("v2-two-vips", v2(vrid=10, priority=150, addrlist=["192.0.2.100", "192.0.2.101"], adv=3)))
    out.append(seed("v2-prio0", v2(vrid=51, priority=0, addrlist=["192.0.2.100"])))
    out.append(seed("v2-prio0-master", v2(vrid=51, priority=0, addrlist=["192.0.2.100"]), flags=0x80))
    out.append(seed("v2-owner", v2(vrid=51, priority=255, addrlist=["192.0.2.100"])))
    out.append(seed("v2-no-vips", v2(vrid=51, priority=120, addrlist=[])))
    out.append(seed("v2-authpass", v2(vrid=51, priority=100, addrlist=["192.0.2.100"], authtype=1,
                                      auth1=0x73656372, auth2=0x65740000)))
    out.append(seed("v2-authpass-wrong", v2(vrid=51, priority=100, addrlist=["192.0.2.100"], authtype=1,
                                            auth1=0x73656372, auth2=0x65740000), tweak=0x10))
    out.append(seed("v2-authtype-ah", v2(vrid=51, priority=100, addrlist=["192.0.2.100"], authtype=2)))
    out.append(seed("v2-bad-cksum", flip_checksum(good2)))
    out.append(seed("v2-ttl64", good2, flags=0x02))
    out.append(seed("v2-other-iface", good2, flags=0x04))
    out.append(seed("v2-loop", good2, flags=0x08))
    out.append(seed("v2-strict-lower", good2, flags=0x90, tweak=0x40))
    out.append(seed("v2-interval-differs", good2, tweak=0x04))
    out.append(seed("v2-addrlist-differs", good2, tweak=0x20))
    out.append(seed("v2-truncated", good2[:10]))
    out.append(seed("v2-count-too-big", good2[:3] + b"\x09" + good2[4:]))
    out.append(seed("v2-type2", v2(vrid=51, priority=100, addrlist=["192.0.2.100"], type=2)))
    out.append(seed("v2-20-vips", v2(vrid=7, priority=90, addrlist=["192.0.2.%d" % i for i in range(1, 21)])))
    out.append(seed("v3-valid", good3))
    out.append(seed("v3-valid-master", good3, flags=0x80))
    out.append(seed("v3-higher-prio-master", v3(vrid=51, priority=200, addrlist=["192.0.2.100"], adv=100), flags=0x80))
    out.append(seed("v3-interval-max", v3(vrid=51, priority=100, addrlist=["192.0.2.100"], adv=4095)))
    out.append(seed("v3-interval-zero", v3(vrid=51, priority=100, addrlist=["192.0.2.100"], adv=0)))
    out.append(seed("v3-reserved-bits", v3(vrid=51, priority=100, addrlist=["192.0.2.100"], res=5, adv=100)))
    out.append(seed("v3-bad-cksum", flip_checksum(good3)))
    out.append(seed("v3-version-differs", good3, tweak=0x02))
    out.append(seed("v3-nopreempt", v3(vrid=51, priority=50, addrlist=["192.0.2.100"], adv=100), flags=0x20, tweak=0x40))
    out.append(seed("v6-valid", good6, v6=True))
    out.append(seed("v6-valid-master", good6, flags=0x80, v6=True))
    out.append(seed("v6-two-vips", v3(True, vrid=9, priority=110,
                                      addrlist=["2001:db8::100", "2001:db8::101"], adv=50), v6=True))
    out.append(seed("v6-prio0", v3(True, vrid=51, priority=0, addrlist=["2001:db8::100"], adv=100), v6=True,
                    flags=0x80))
    out.append(seed("v6-bad-cksum", flip_checksum(good6), v6=True))
    out.append(seed("v6-truncated", good6[:20], v6=True))
    out.append(seed("v6-v2-over-ipv6", good2, v6=True))
    out.append(seed("v4-v3-as-v6-cksum", good3, v6=True))
    out.append(seed("version-5", bytes([0x51]) + good3[1:]))
    out.append(seed("empty", b""))
    out.append(seed("one-byte", b"\x31"))
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "packet")
    os.makedirs(outdir, exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(seeds()), outdir))


if __name__ == "__main__":
    main()
