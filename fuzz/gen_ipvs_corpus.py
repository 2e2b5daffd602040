#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpus of fuzz-ipvs_reply: what the kernel's IPVS family answers.

Messages are laid out here with struct, from <linux/ip_vs.h> and the way
net/netfilter/ipvs/ip_vs_ctl.c fills them (ip_vs_genl_fill_service, _dest,
_daemon, the GET_CONFIG answer) and netlink_ack() writes acks, independently
of vigil's own encoder. Each file is the fuzz-ipvs_reply input layout (see
fuzz/fuzz_ipvs_reply.c): a 4-byte big-endian first sequence number, then one
receive buffer of netlink messages; the IPVS family id is 0x1c.

    /usr/bin/python3 fuzz/gen_ipvs_corpus.py [OUTDIR]   (default fuzz/corpus/ipvs_reply)
"""
import os
import socket
import struct
import sys

FAM = 0x1C
SEQ = 100
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 1, 2, 4
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NESTED = 0x8000
# IPVS_CMD_*
NEW_SERVICE, NEW_DEST, DEL_DEST, NEW_DAEMON, SET_CONFIG, FLUSH = 1, 5, 7, 9, 12, 17
# IPVS_CMD_ATTR_*
A_SERVICE, A_DEST, A_DAEMON, A_TCP, A_TCP_FIN, A_UDP = 1, 2, 3, 4, 5, 6


def pad(b):
    return b + bytes(-len(b) % 4)


def attr(t, payload):
    return pad(struct.pack("=HH", 4 + len(payload), t) + payload)


def u8(t, v):
    return attr(t, struct.pack("=B", v))


def u16(t, v):
    return attr(t, struct.pack("=H", v))


def be16(t, v):
    return attr(t, struct.pack(">H", v))


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def u64(t, v):
    return attr(t, struct.pack("=Q", v))


def string(t, s):
    return attr(t, s.encode() + b"\0")


def nest(t, *parts):
    return attr(t | NESTED, b"".join(parts))


def msg(mtype, flags, seq, body):
    return pad(struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 4242) + body)


def genl(cmd, flags, seq, *attrs):
    return msg(FAM, flags, seq, struct.pack("=BBH", cmd, 1, 0) + b"".join(attrs))


def addr16(text):
    v6 = ":" in text
    raw = socket.inet_pton(socket.AF_INET6 if v6 else socket.AF_INET, text)
    return raw + bytes(16 - len(raw))


def stats(t, wide):
    narrow = (lambda k, v: u64(k, v)) if wide else (lambda k, v: u32(k, v))
    return nest(t, narrow(1, 7), narrow(2, 70), narrow(3, 60), u64(4, 1 << 33), u64(5, 4096),
                narrow(6, 1), narrow(7, 2), narrow(8, 3), narrow(9, 4), narrow(10, 5))


def service(seq, af="192.0.2.1", port=80, proto=6, fwmark=0, sched="wlc", pe=None, flags=1,
            timeout=300, netmask=None):
    family = socket.AF_INET6 if ":" in af else socket.AF_INET
    if netmask is None:
        netmask = struct.unpack("=I", bytes([255, 255, 255, 0]))[0] if family == socket.AF_INET else 128
    parts = [u16(1, family)]
    if fwmark:
        parts.append(u32(5, fwmark))
    else:
        parts += [u16(2, proto), attr(3, addr16(af)), be16(4, port)]
    parts.append(string(6, sched))
    if pe:
        parts.append(string(11, pe))
    parts += [attr(7, struct.pack("=II", flags, 0xFFFFFFFF)), u32(8, timeout), u32(9, netmask),
              stats(10, False), stats(12, True)]
    return genl(NEW_SERVICE, NLM_F_MULTI, seq, nest(A_SERVICE, *parts))


def dest(seq, a="10.0.0.2", port=80, fwd=0, weight=1, tun=(0, 0, 0)):
    family = socket.AF_INET6 if ":" in a else socket.AF_INET
    return genl(NEW_DEST, NLM_F_MULTI, seq, nest(
        A_DEST, attr(1, addr16(a)), be16(2, port), u32(3, fwd), u32(4, weight),
        u8(13, tun[0]), be16(14, tun[1]), u16(15, tun[2]),
        u32(5, 1000), u32(6, 10), u32(7, 3), u32(8, 4), u32(9, 5),
        u16(11, family), stats(10, False), stats(12, True)))


def daemon(seq, state=1, ifn="eth0", group="224.0.0.81"):
    g = u32(5, struct.unpack("=I", socket.inet_aton(group))[0]) if "." in group else \
        attr(6, socket.inet_pton(socket.AF_INET6, group))
    return genl(NEW_DAEMON, NLM_F_MULTI, seq, nest(
        A_DAEMON, u32(1, state), string(2, ifn), u32(3, 9), u16(4, 1472), u16(7, 8848), u8(8, 1), g))


def done(seq, err=0):
    return msg(NLMSG_DONE, NLM_F_MULTI, seq, struct.pack("=i", err))


def ack(seq, err=0, capped=True, ext=None, request=b""):
    echo = request if not capped and request else struct.pack("=IHHII", 16, FAM, NLM_F_REQUEST | NLM_F_ACK, seq, 0)
    flags = (NLM_F_CAPPED if capped else 0) | (NLM_F_ACK_TLVS if ext else 0)
    body = struct.pack("=i", err) + echo
    if ext:
        body = pad(body) + string(1, ext)
    return msg(NLMSG_ERROR, flags, seq, body)


def config(seq):
    return genl(SET_CONFIG, 0, seq, u32(A_TCP, 900), u32(A_TCP_FIN, 120), u32(A_UDP, 300))


def request_dest(seq):
    """A NEW_DEST request as vigild writes it (also decodable: a fake kernel reads these)."""
    return genl(NEW_DEST, NLM_F_REQUEST | NLM_F_ACK, seq,
                nest(A_SERVICE, u16(1, 2), u16(2, 6), attr(3, addr16("192.0.2.1")), be16(4, 80)),
                nest(A_DEST, attr(1, addr16("10.0.0.2")), be16(2, 80), u16(11, 2),
                     u32(3, 3), u32(4, 1), u32(5, 0), u32(6, 0)))


def seeds():
    s = SEQ
    yield "dump-services", service(s) + service(s, "2001:db8::10", 53, 17, sched="mh", pe="sip", flags=0x18) + \
        service(s, fwmark=42, sched="rr", flags=0, timeout=0, netmask=0xFFFFFFFF) + done(s)
    yield "dump-dests", dest(s) + dest(s, "10.0.0.3", 8080, 3, 0) + \
        dest(s, "2001:db8::2", 53, 2, 4, (1, 6080, 1)) + done(s)
    yield "dump-daemons", daemon(s) + daemon(s, 2, "bond0", "ff05::81") + done(s)
    yield "acks", b"".join(ack(s + i) for i in range(8))
    yield "errors", ack(s, -17, True, "Service already exists") + ack(s + 1, -3) + \
        ack(s + 2, -2, False, "No such destination", request_dest(s + 2)) + ack(s + 3, -22, False, None, request_dest(s + 3))
    yield "mixed", ack(s) + ack(s + 1, -17) + ack(s + 7) + ack(s + 4, -105, True, "x" * 150) + ack(s + 99)
    yield "config", config(s) + ack(s)
    yield "dump-error", service(s) + done(s, -1)
    yield "requests", request_dest(s) + genl(FLUSH, NLM_F_REQUEST | NLM_F_ACK, s + 1) + \
        genl(DEL_DEST, NLM_F_REQUEST | NLM_F_ACK, s + 2,
             nest(A_SERVICE, u16(1, 10), u32(5, 7)), nest(A_DEST, attr(1, addr16("::1")), be16(2, 0)))
    # malformed: cut inside an attribute, a nest longer than its message, a short attribute
    full = service(s)
    yield "truncated-service", full[:-9]
    bad = bytearray(full)
    struct.pack_into("=H", bad, 20, len(full))
    yield "nest-overlong", bytes(bad)
    bad = bytearray(dest(s))
    struct.pack_into("=H", bad, 24, 3)
    yield "attr-short", bytes(bad)
    yield "wrong-family", msg(FAM + 1, 0, s, struct.pack("=BBH", 1, 1, 0))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus", "ipvs_reply")
    os.makedirs(out, exist_ok=True)
    for name, body in seeds():
        with open(os.path.join(out, name), "wb") as f:
            f.write(struct.pack(">I", SEQ) + body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
