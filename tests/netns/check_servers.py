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

usage: check_servers.py DIR PORT [PORT...]
"""
import asyncio
import os
import socket
import struct
import sys

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


async def serve_port(d, port):
    server = None
    while True:
        off = mode(d, port) == "off"
        if off and server:
            server.close()
            await server.wait_closed()
            server = None
        elif not off and not server:
            server = await asyncio.start_server(lambda r, w, p=port: handle(d, p, r, w),
                                                "0.0.0.0", port, reuse_address=True)
        await asyncio.sleep(0.05)


async def main():
    d = sys.argv[1]
    await asyncio.gather(*(serve_port(d, int(p)) for p in sys.argv[2:]))


if __name__ == "__main__":
    asyncio.run(main())
