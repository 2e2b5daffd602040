#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""DOC: write the seed corpora of fuzz-http, fuzz-smtp and fuzz-dns.

Each seed is a control prefix (see the DOC of fuzz/fuzz_<t>.c) followed by
what a real server could send: good answers of every framing, and the
malformed and hostile ones the unit tests name (bare CR, obs-fold, differing
Content-Length, chunk extensions, trailers, 1xx, multi-line SMTP replies,
DNS compression loops). Run from the repository root:

    /usr/bin/python3 fuzz/gen_probe_corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


HTTP = {
    "cl": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello",
    "cl-list": b"HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nab",
    "cl-differ": b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    "close": b"HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the server closes",
    "lf-only": b"HTTP/1.1 200 OK\nContent-Length: 1\n\nx",
    "bare-cr": b"HTTP/1.1 200 OK\rContent-Length: 1\r\n\r\nx",
    "no-reason": b"HTTP/1.1 204\r\n\r\n",
    "304": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
    "http2": b"HTTP/2.0 200 OK\r\n\r\n",
    "obs-fold": b"HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n",
    "space-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5;name=value;x=\"q\"\r\nhello\r\n1A \t; ext\r\nabcdefghijklmnopqrstuvwxyz\r\n"
               b"0\r\nTrailer-A: 1\r\n\r\n",
    "chunked-gzip": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                    b"1\r\nz\r\n0\r\n\r\n",
    "te-not-final": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nraw",
    "chunk-bad-crlf": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
    "chunk-huge": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n",
    "interim": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
               b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "101": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
    "404": b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found",
    "long-header": b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * 3000,
    "many-headers": b"HTTP/1.1 200 OK\r\n" + b"A:b\r\n" * 120,
    "chunk-stream": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"1\r\nx\r\n" * 200,
}
# [0] piece size / flags, [1] body limit
for i, (name, body) in enumerate(sorted(HTTP.items())):
    ctrl = bytes([(i * 7) & 0x3f | (0x40 if i % 3 == 0 else 0) | (0x80 if i % 2 else 0), 4 + i % 8])
    write("http", name, ctrl + body)

SMTP = {
    "ok": b"220 mx.example.com ESMTP\r\n250 mx.example.com\r\n221 2.0.0 Bye\r\n",
    "multiline": b"220-mx.example.com ESMTP\r\n220 welcome\r\n250-mx\r\n250-PIPELINING\r\n250 SIZE 1000\r\n221 Bye\r\n",
    "bad-greeting": b"554 go away\r\n",
    "bad-helo": b"220 hi\r\n501 bad helo\r\n",
    "code-differs": b"220-a\r\n250 b\r\n",
    "no-text": b"220\r\n250\r\n221\r\n",
    "lf-only": b"220 a\n250 b\n221 c\n",
    "bare-cr": b"220 a\rb\r\n",
    "http": b"HTTP/1.1 400 Bad Request\r\n\r\n",
    "long-line": b"220 " + b"x" * 1200 + b"\r\n",
    "many-lines": b"220-x\r\n" * 80,
}
for i, (name, body) in enumerate(sorted(SMTP.items())):
    write("smtp", name, bytes([(i * 5) & 0x3f | (0x40 if i % 2 else 0)]) + body)


def qname(name):
    out = b""
    for label in name.split(".") if name else []:
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(id_, flags, qd, an, ns=0, ar=0):
    return struct.pack(">HHHHHH", id_, flags, qd, an, ns, ar)


def rr(name, type_, rdata):
    return name + struct.pack(">HHIH", type_, 1, 60, len(rdata)) + rdata


Q = qname("example.com") + struct.pack(">HH", 1, 1)
DNS = {
    # [0] 0x80 example.com, type index 0 (A); [1] 0x01 force the id
    "a-ok": (0x80, 1, header(0x5a5a, 0x8180, 1, 2) + Q + rr(b"\xc0\x0c", 1, bytes([192, 0, 2, 1]))
             + rr(b"\x03www\xc0\x0c", 1, bytes([192, 0, 2, 2]))),
    "nxdomain": (0x80, 1, header(0x5a5a, 0x8183, 1, 0) + Q),
    "empty": (0x80, 1, header(0x5a5a, 0x8180, 1, 0) + Q),
    "soa-root": (0x03, 1, header(0x5a5a, 0x8180, 1, 1) + b"\0" + struct.pack(">HH", 6, 1)
                 + rr(b"\0", 6, qname("a.root") + qname("n.root") + struct.pack(">IIIII", 1, 2, 3, 4, 5))),
    "self-pointer": (0x80, 1, header(0x5a5a, 0x8180, 1, 1) + Q + rr(b"\xc0\x1d", 1, b"\1\2\3\4")),
    "forward-pointer": (0x80, 1, header(0x5a5a, 0x8180, 1, 1) + Q + rr(b"\xc0\x30", 1, b"\1\2\3\4")),
    "label-loop": (0x80, 1, header(0x5a5a, 0x8180, 1, 1) + Q + rr(b"\x01x\xc0\x1d", 1, b"")),
    "reserved-label": (0x80, 1, header(0x5a5a, 0x8180, 1, 1) + Q + rr(b"\x41\x00", 1, b"")),
    "rdlength-past-end": (0x80, 1, header(0x5a5a, 0x8180, 1, 1) + Q + b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 200)),
    "ancount-huge": (0x80, 1, header(0x5a5a, 0x8180, 1, 0xffff) + Q),
    "short": (0x80, 1, b"\x5a\x5a\x81"),
    "query-not-answer": (0x80, 0, header(0x5a5a, 0x0100, 1, 0) + Q),
    "other-id": (0x80, 0, header(0x1111, 0x8180, 1, 0) + Q),
}
for name, (c0, c1, msg) in sorted(DNS.items()):
    write("dns", name, bytes([c0, c1]) + msg)
