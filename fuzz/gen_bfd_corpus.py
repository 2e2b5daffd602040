#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpus of fuzz-bfd (layout in fuzz/fuzz_bfd.c) with struct,
independently of vigil's encoder: handshakes as FRR's bfdd and keepalived
send them, polls, finals, AdminDown, simple password, and broken packets."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "bfd")


def pkt(state, my, your, tx=1000000, rx=1000000, echo=0, mult=3, diag=0, flags=0, auth=b"", length=None):
    # RFC 5880 4.1: version 1 in the top three bits
    body = struct.pack("!BBBBIIIII", (1 << 5) | diag, (state << 6) | flags | (0x04 if auth else 0), mult,
                       0, my, your, tx, rx, echo) + auth
    ln = len(body) if length is None else length
    return body[:3] + bytes([ln]) + body[4:]


def dgram(b, patch=False):
    return bytes([0x10 if patch else 0x00, len(b)]) + b


def wait(ms):
    return bytes([1, ms])


DOWN, INIT, UP, ADMIN = 1, 2, 3, 0
P, F = 0x20, 0x10
seeds = {
    "handshake": bytes([0x08]) + dgram(pkt(DOWN, 77, 0)) + dgram(pkt(UP, 77, 11)) + wait(10) +
    dgram(pkt(UP, 77, 11, tx=10000, rx=10000, flags=F)) + wait(200) + wait(255),
    "frr-300ms": bytes([0x08]) + dgram(pkt(DOWN, 0x2a, 0, 300000, 300000, 50000)) +
    dgram(pkt(INIT, 0x2a, 11, 300000, 300000, 50000)) + dgram(pkt(UP, 0x2a, 11, 300000, 300000, 50000, flags=P)),
    "passive": bytes([0x01]) + wait(100) + dgram(pkt(DOWN, 5, 0)) + wait(1) + dgram(pkt(INIT, 5, 11)),
    "admin-down": bytes([0]) + dgram(pkt(INIT, 9, 11)) + dgram(pkt(ADMIN, 9, 11, diag=7)),
    "detect-expiry": bytes([0x0c]) + dgram(pkt(INIT, 9, 11, tx=10000, rx=10000, mult=1)) + wait(50) + wait(50),
    "password": bytes([0x02]) + dgram(pkt(DOWN, 3, 0, auth=b"\x01\x05\x00pw")) +
    dgram(pkt(INIT, 3, 11, auth=b"\x01\x05\x00pw")),
    "bad-version": bytes([0]) + dgram(b"\x40" + pkt(DOWN, 1, 0)[1:]),
    "bad-length": bytes([0]) + dgram(pkt(DOWN, 1, 0, length=40)) + dgram(pkt(DOWN, 1, 0, length=10)),
    "bad-auth-len": bytes([2]) + dgram(pkt(DOWN, 1, 0, auth=b"\x01\x30\x00pw")),
    "patched-your-disc": bytes([0]) + dgram(pkt(DOWN, 1, 0)) + dgram(pkt(UP, 1, 99), patch=True),
}

os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
sys.stdout.write("fuzz/gen_bfd_corpus.py: %d seeds in %s\n" % (len(seeds), OUT))
