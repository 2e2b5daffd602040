#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Real servers for the checker tests (test_checkers.py): one asyncio
process serving several ports, each in a mode read from DIR/mode.PORT at
every connection (and every 50 ms for "off"), so a test flips a server by
writing one file:

  ok        HTTP/1.0 200, body "hello vigil\\n" (Content-Length)
  chunked   HTTP/1.1 200, the same body chunked
  status500 HTTP/1.0 500
  other     HTTP/1.0 200, body "something else\\n"
  slow      accept, read, never answer
  reset     accept, then close with RST (SO_LINGER 0)
  endless   a status line, then one header line that never ends (a byte every 20 ms)
  off       no listener: connections are refused

A port written smtp:PORT is an SMTP responder (keepalived check_smtp.c's
dialogue: banner, HELO, QUIT):

  ok        a multi-line 220 banner, 250 to HELO, 221 to QUIT
  badbanner 554 banner (a negative answer)
  badhelo   501 to HELO
  slow      accept, never send the banner
  off       no listener

and udp:PORT a UDP responder: ok (replies "OK" + the first 8 bytes),
wrong (replies "NO"), silent (reads, never answers), off (no socket: ICMP
port unreachable).

Every 50 ms each port reads its mode; when it changes, the port applies it
(opens or closes the listener) and then writes DIR/state.PORT = "MODE TIME"
(time.time() after the change), so a test can wait until the server really
changed and start its clock there (checkwin.set_mode).

usage: check_servers.py DIR [smtp:|udp:]PORT...
"""
import asyncio
import os
import socket
import struct
import sys
import time

BODY = b"hello vigil\n"


def mode(d, port):
    try:
        with open(os.path.join(d, "mode.%d" % port)) as f:
            return f.read().strip()
    except FileNotFoundError:
        return "ok"


async def handle(d, port, reader, writer):
    m = mode(d, port)
    sock = writer.get_extra_info("socket")
    try:
        if m == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        except Exception:
            writer.close()
            return
        if m == "slow":
            await asyncio.sleep(3600)
        elif m == "endless":
            writer.write(b"HTTP/1.0 200 OK\r\nX-Endless: ")
            for _ in range(100000):
                writer.write(b"a")
                await writer.drain()
                await asyncio.sleep(0.02)
        elif m == "chunked":
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                         b"6\r\nhello \r\n6\r\nvigil\n\r\n0\r\n\r\n")
        elif m == "status500":
            writer.write(b"HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
        else:
            body = b"something else\n" if m == "other" else BODY
            writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def smtp(d, port, reader, writer):
    m = mode(d, port)
    try:
        if m == "slow":
            await asyncio.sleep(3600)
            return
        writer.write(b"554 go away\r\n" if m == "badbanner" else b"220-mx.example ESMTP\r\n220 ready\r\n")
        await writer.drain()
        while True:
            line = await asyncio.wait_for(reader.readline(), 10)
            if not line:
                return
            cmd = line.strip().upper()
            if cmd.startswith(b"HELO"):
                writer.write(b"501 no\r\n" if m == "badhelo" else b"250 hello\r\n")
            elif cmd == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                return
            else:
                writer.write(b"500 what\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.TimeoutError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


class Udp(asyncio.DatagramProtocol):
    def __init__(self, d, port):
        self.d, self.port = d, port

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        m = mode(self.d, self.port)
        if m == "ok":
            self.transport.sendto(b"OK" + data[:8], addr)
        elif m == "wrong":
            self.transport.sendto(b"NO", addr)


def ack(d, port, m):
    tmp = os.path.join(d, "state.%d.tmp" % port)
    with open(tmp, "w") as f:
        f.write("%s %.6f\n" % (m, time.time()))
    os.rename(tmp, os.path.join(d, "state.%d" % port))


async def serve_port(d, spec):
    kind, _, port = spec.rpartition(":")
    port = int(port)
    loop = asyncio.get_running_loop()
    server = None
    last = None
    while True:
        m = mode(d, port)
        off = m == "off"
        if off and server:
            server.close()
            if kind != "udp":
                await server.wait_closed()
            server = None
        elif not off and not server:
            if kind == "udp":
                server, _ = await loop.create_datagram_endpoint(lambda: Udp(d, port), local_addr=("0.0.0.0", port),
                                                                 reuse_port=False)
            else:
                h = smtp if kind == "smtp" else handle
                server = await asyncio.start_server(lambda r, w, p=port, h=h: h(d, p, r, w),
                                                    "0.0.0.0", port, reuse_address=True)
        if m != last:
            ack(d, port, m)
            last = m
        await asyncio.sleep(0.05)


async def main():
    d = sys.argv[1]
    await asyncio.gather(*(serve_port(d, p) for p in sys.argv[2:]))


if __name__ == "__main__":
    asyncio.run(main())
