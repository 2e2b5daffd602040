#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Seeds for fuzz-record: small flight recordings in the format of
core/rec/record.h (docs/recorder.md).

    fuzz/gen_record_corpus.py fuzz/corpus/record
"""
import hashlib
import os
import struct
import sys

ROUTER = 0xFFFF


def header(version=3):
    return b"VIGILREC" + struct.pack("<HHI", version, 16, 0)


def rec(rtype, sub, now, body):
    return struct.pack("<BBHIQ", rtype, sub, 0, len(body), now) + body


def info(now, lost, reason):
    return rec(1, 0, now, struct.pack("<QH", lost, len(reason)) + reason)


def conf(now, gen, config_id, files):
    body = struct.pack("<IH", gen, len(config_id)) + config_id + struct.pack("<H", len(files))
    for path, data in files:
        body += struct.pack("<H", len(path)) + path + struct.pack("<I", len(data)) + data
    return rec(2, 0, now, body)


def addr(family, b):
    return bytes([family]) + b.ljust(16, b"\0")


def event(kind, now, gen, body=b"", target=ROUTER):
    return rec(3, kind, now, struct.pack("<IH", gen, target) + body)


def packet(now, gen, prio):
    vrrp = bytes([0x21, 51, prio, 1, 0, 1, 0, 0]) + bytes([192, 0, 2, 100]) + b"\0" * 8
    body = addr(4, bytes([192, 0, 2, 12])) + addr(4, bytes([224, 0, 0, 18])) + struct.pack("<BIH", 255, 1, len(vrrp))
    return event(2, now, gen, body + vrrp)


def packet_ah(now, gen, prio):
    """An auth_type AH advert (version 3, sub 0x82): PACKET's fields, the IPv4 header, the AH."""
    vrrp = bytes([0x21, 51, prio, 1, 2, 1, 0, 0]) + bytes([192, 0, 2, 100]) + b"\0" * 8
    body = addr(4, bytes([192, 0, 2, 12])) + addr(4, bytes([224, 0, 0, 18])) + struct.pack("<BIH", 255, 1, len(vrrp))
    ip = bytes([0x45, 0xc0, 0, 64, 0, 1, 0, 0, 255, 51, 0, 0, 192, 0, 2, 12, 224, 0, 0, 18])
    ah = bytes([112, 4, 0, 0, 192, 0, 2, 12]) + struct.pack(">I", 7) + b"\x5a" * 12
    return event(0x82, now, gen, body + vrrp + bytes([len(ip)]) + ip + ah)


def carry(now, gen, seed, old_gen, services):
    """A CARRY record (version 3, LVS sub 0x80): services = [(from, [checker froms])]."""
    body = struct.pack("<IQII", gen, seed, old_gen, len(services))
    for frm, cks in services:
        body += struct.pack("<IH", frm, len(cks)) + b"".join(struct.pack("<H", c) for c in cks)
    return rec(5, 0x80, now, body)


def lvs(kind, now, gen, body=b""):
    """An LVS record (version 2): one vg_lvs_node input; kind = enum vg_lvs_event_kind."""
    return rec(5, kind, now, struct.pack("<I", gen) + body)


def probe(now, gen, service, checker, seq, outcome, status=0):
    return lvs(2, now, gen, struct.pack("<HHIBHBBB", service, checker, seq, outcome, status, 0, 0, 0) + b"\0" * 16)


def probe5(now, gen, service, checker, seq, outcome, status=0, exit_status=0, no_data=False, regex=False,
           md5=None):
    """A version 5 PROBE (sub 0x81): the optional fields its flags name."""
    flags = (1 if status else 0) | (2 if exit_status else 0) | (4 if no_data else 0) | (8 if regex else 0) | \
        (16 if md5 else 0)
    body = struct.pack("<IHHIBB", gen, service, checker, seq, outcome, flags)
    body += (struct.pack("<H", status) if status else b"") + (struct.pack("<B", exit_status) if exit_status else b"")
    return rec(5, 0x81, now, body + (md5 or b""))


CONF = (b"vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n"
        b"    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n")


def seeds():
    s = 1000 * 10**9
    base = header() + info(s + 9 * 10**9, 0, b"signal") + conf(s, 1, b"n1", [(b"/etc/keepalived/keepalived.conf", CONF)])
    start = (event(4, s, 1, struct.pack("<IB", 1, 1)) +
             event(6, s, 1, struct.pack("<I", 1) + addr(4, bytes([192, 0, 2, 11]))) + event(0, s, 1))
    yield "start", base + start
    yield "adverts", base + start + b"".join(packet(s + k * 10**9, 1, 100) for k in range(1, 4)) + event(3, s + 4 * 10**9, 1)
    yield "track", base + start + event(5, s + 10**9, 1, struct.pack("<BHBBi", 1, 1, 0, 0, 0))
    yield "reload", (base + conf(s + 5, 2, b"n1", [(b"/etc/keepalived/keepalived.conf", b"include x.conf\n"),
                                                   (b"/etc/keepalived/x.conf", CONF)]) + start +
                     rec(4, 0, s + 5, struct.pack("<I", 2)) + event(0, s + 5, 2))
    yield "v6src", base + event(6, s, 1, struct.pack("<I", 1) + addr(6, bytes([0xfe, 0x80] + [0] * 13 + [1])), target=0)
    yield "shutdown", base + start + event(1, s + 10, 1)
    yield "v1", header(1) + info(s + 9 * 10**9, 0, b"signal") + conf(s, 1, b"n1", [(b"k.conf", CONF)]) + start
    yield "v2", header(2) + info(s + 9 * 10**9, 0, b"signal") + conf(s, 1, b"n1", [(b"k.conf", CONF)]) + start
    yield "ah", base + start + b"".join(packet_ah(s + k * 10**9, 1, 100) for k in range(1, 3))
    yield "carry", (base + lvs(0, s, 1, struct.pack("<Q", 42)) +
                    conf(s + 5, 2, b"n1", [(b"/etc/keepalived/keepalived.conf", CONF)]) +
                    lvs(6, s + 5, 2, struct.pack("<Hq", 0, 1)) +
                    carry(s + 5, 2, 43, 1, [(0, [1, 0xFFFF]), (0xFFFFFFFF, [])]) + lvs(1, s + 10**9, 2))
    yield "lvs", (base + lvs(0, s, 1, struct.pack("<Q", 42)) + lvs(1, s + 10**9, 1) +
                  probe(s + 2 * 10**9, 1, 0, 0, 1, 0) + probe(s + 3 * 10**9, 1, 0, 1, 1, 3, 200) +
                  lvs(3, s + 4 * 10**9, 1, addr(4, bytes([192, 0, 2, 100])) + b"\1") +
                  lvs(4, s + 5 * 10**9, 1, struct.pack("<HHi", 0, 1, 3)) +
                  lvs(6, s + 6 * 10**9, 1, struct.pack("<Hq", 0, 7)) + lvs(5, s + 7 * 10**9, 1))
    yield "probe5", (header(5) + base[16:] + lvs(0, s, 1, struct.pack("<Q", 42)) + probe5(s + 10**9, 1, 0, 0, 1, 1) +
                     probe5(s + 2 * 10**9, 1, 0, 1, 1, 1, 200, regex=True, md5=bytes(range(1, 17))) +
                     probe5(s + 3 * 10**9, 1, 0, 2, 1, 2, exit_status=3, no_data=True))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "record")
    os.makedirs(out, exist_ok=True)
    for _name, data in seeds():
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
