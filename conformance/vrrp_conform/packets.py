# SPDX-License-Identifier: GPL-2.0-or-later
"""Crafting adverts from other routers and reading what the node sent.

The VRRP message is built here byte by byte (not with scapy's VRRP/VRRPv3
layers) so a test can break any field, and its checksum is computed here:
scapy 2.5 fills the VRRPv3 checksum only in some stackings, and a test that
wants a bad checksum must control it. scapy builds and dissects the
Ethernet, IPv4, IPv6, ARP and ICMPv6 layers, and parse_frames() cross-checks
our decoding of each VRRP message against scapy's own VRRP/VRRPv3 dissector.
"""

import ipaddress
import struct

from scapy.all import ARP, IP, Ether, IPv6, Raw, rdpcap  # noqa: F401
from scapy.layers.inet6 import ICMPv6ND_NA
from scapy.layers.vrrp import VRRP, VRRPv3

PROTO = 112
GROUP4 = "224.0.0.18"
GROUP6 = "ff02::12"


def cksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo_header(src, dst, length):
    a, b = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if a.version == 4:
        return a.packed + b.packed + struct.pack("!BBH", 0, PROTO, length)
    return a.packed + b.packed + struct.pack("!I3xB", length, PROTO)


def vrrp_checksum(version, src, dst, msg):
    """RFC 3768 5.3.8 (v2: the message) / RFC 5798 5.2.8 (v3: pseudo-header + message)."""
    msg = msg[:6] + b"\0\0" + msg[8:]
    if version == 2:
        return cksum(msg)
    return cksum(pseudo_header(src, dst, len(msg)) + msg)


def vrrp_message(version=3, vrid=51, priority=100, addrs=("192.0.2.100",), adver_int_cs=100,
                 src="192.0.2.2", dst=GROUP4, type_=1, count=None, auth_type=0, auth_data=b"",
                 rsvd=0, checksum=None, truncate=0):
    """The VRRP message of an advert. count/checksum override the computed values."""
    packed = b"".join(ipaddress.ip_address(a).packed for a in addrs)
    count = len(addrs) if count is None else count
    if version == 2:
        head = struct.pack("!BBBBBBH", (2 << 4) | type_, vrid, priority, count, auth_type,
                           adver_int_cs // 100, 0)
        msg = head + packed + auth_data.ljust(8, b"\0")[:8]
    else:
        head = struct.pack("!BBBBHH", (version << 4) | type_, vrid, priority, count,
                           ((rsvd & 0xF) << 12) | (adver_int_cs & 0xFFF), 0)
        msg = head + packed
    c = vrrp_checksum(version if version == 2 else 3, src, dst, msg) if checksum is None else checksum
    msg = msg[:6] + struct.pack("!H", c) + msg[8:]
    return msg[:len(msg) - truncate] if truncate else msg


def group_mac(dst):
    a = ipaddress.ip_address(dst)
    if a.version == 4:
        return "01:00:5e:%02x:%02x:%02x" % (a.packed[1] & 0x7F, a.packed[2], a.packed[3])
    return "33:33:" + ":".join("%02x" % b for b in a.packed[12:])


def advert(src="192.0.2.2", dst=None, mac="02:00:00:00:01:02", ttl=255, **kw):
    """A whole Ethernet frame of an advert from another router (scapy packet)."""
    v6 = ":" in src
    dst = dst or (GROUP6 if v6 else GROUP4)
    msg = vrrp_message(src=src, dst=dst, **kw)
    eth = Ether(src=mac, dst=group_mac(dst))
    if v6:
        return eth / IPv6(src=src, dst=dst, hlim=ttl, nh=PROTO) / Raw(msg)
    return eth / IP(src=src, dst=dst, ttl=ttl, proto=PROTO) / Raw(msg)


class Frame:
    """One captured frame, decoded. t: seconds since the run's time 0; dir: 'in' or 'out'."""

    def __init__(self, t, pkt):
        self.t = t
        self.pkt = pkt
        self.dir = "out"
        self.eth_src = pkt[Ether].src.lower() if Ether in pkt else None
        self.eth_dst = pkt[Ether].dst.lower() if Ether in pkt else None
        self.kind = "other"
        self.ip = None
        self.vrrp = None
        self.scapy_vrrp = None
        if ARP in pkt:
            self.kind = "arp"
        elif ICMPv6ND_NA in pkt:
            self.kind = "na"
        elif IP in pkt and pkt[IP].proto == PROTO:
            ip = pkt[IP]
            payload = bytes(ip.payload)[:max(0, ip.len - ip.ihl * 4)]
            self.ip = dict(version=4, src=ip.src, dst=ip.dst, ttl=ip.ttl, proto=ip.proto)
            self._vrrp(payload, 4)
        elif IPv6 in pkt and pkt[IPv6].nh == PROTO:
            ip = pkt[IPv6]
            payload = bytes(ip.payload)[:ip.plen]
            self.ip = dict(version=6, src=ip.src, dst=ip.dst, ttl=ip.hlim, proto=ip.nh)
            self._vrrp(payload, 6)

    def _vrrp(self, msg, family):
        self.kind = "vrrp"
        if len(msg) < 8:
            self.vrrp = dict(malformed=True)
            return
        b0, vrid, prio, count = msg[0], msg[1], msg[2], msg[3]
        alen = 4 if family == 4 else 16
        v = dict(version=b0 >> 4, type=b0 & 0xF, vrid=vrid, priority=prio, count=count,
                 checksum=struct.unpack("!H", msg[6:8])[0], length=len(msg), malformed=False)
        if v["version"] == 2:
            v["auth_type"], v["adver_int_cs"], v["rsvd"] = msg[4], msg[5] * 100, 0
        else:
            word = struct.unpack("!H", msg[4:6])[0]
            v["rsvd"], v["adver_int_cs"], v["auth_type"] = word >> 12, word & 0xFFF, 0
        end = 8 + count * alen
        if len(msg) < end + (8 if v["version"] == 2 else 0):
            v["malformed"] = True
            self.vrrp = v
            return
        v["addrs"] = [str(ipaddress.ip_address(msg[8 + i * alen:8 + (i + 1) * alen])) for i in range(count)]
        if v["version"] == 2:
            v["auth_data"] = msg[end:end + 8]
        v["checksum_ok"] = vrrp_checksum(v["version"], self.ip["src"], self.ip["dst"], msg) == v["checksum"]
        self.vrrp = v
        layer = VRRPv3 if v["version"] == 3 else VRRP
        if layer in self.pkt:
            self.scapy_vrrp = self.pkt[layer]

    @property
    def priority(self):
        return self.vrrp["priority"] if self.vrrp else None

    def __repr__(self):
        what = self.kind
        if self.vrrp and not self.vrrp.get("malformed"):
            what = "vrrp v%d vrid %d prio %d" % (self.vrrp["version"], self.vrrp["vrid"], self.vrrp["priority"])
        return "<%s %.6f %s %s>" % (self.dir, self.t, self.eth_src, what)


def scapy_agrees(f):
    """Does scapy's VRRP dissector read the same fields as ours? (None if it did not dissect.)"""
    s, v = f.scapy_vrrp, f.vrrp
    if s is None:
        return None
    fields = [(s.version, v["version"]), (s.type, v["type"]), (s.vrid, v["vrid"]),
              (s.priority, v["priority"]), (s.ipcount, v["count"]), (s.chksum, v["checksum"])]
    if v["version"] == 3:
        fields.append((s.adv, v["adver_int_cs"]))
    else:
        fields.append((s.adv * 100, v["adver_int_cs"]))
        fields.append((s.authtype, v["auth_type"]))
    return all(a == b for a, b in fields)


def parse_frames(path, t0, in_macs):
    """Frames of a pcap, times relative to t0 (epoch seconds); 'in' if the source MAC is one we injected."""
    out = []
    for pkt in rdpcap(path):
        f = Frame(float(pkt.time) - t0, pkt)
        if f.eth_src in in_macs:
            f.dir = "in"
        out.append(f)
    return out
