# SPDX-License-Identifier: GPL-2.0-or-later
"""A small SMTP responder that records the whole dialogue (asyncio).

    smtp_responder.py ADDR PORT LOG [--reply CMD=CODE]... [--banner-delay S]
                      [--reply-delay S] [--multiline-banner]

Listens on ADDR:PORT. Every connection is recorded in LOG as JSON lines:
{"conn": N, "t": seconds (monotonic), "dir": "S" | "C" | "event", "line": text}.
"S" lines are what the responder sent, "C" lines what the client sent (one
line per CRLF-terminated line; the message between DATA and "." is recorded
line by line too, the terminating "." included).  "event" lines: "connect",
"eof", "close".

Replies: 220 banner, 250 to HELO/EHLO/MAIL/RCPT, 354 to DATA, 250 after the
final ".", 221 to QUIT (then the responder closes), 500 to anything else.
--reply CMD=CODE replaces the code for CMD (HELO, EHLO, MAIL, RCPT, DATA,
BODY for the reply after ".", QUIT, BANNER); --reply-delay S waits S seconds
before each reply after the banner; --banner-delay S before the banner (a
large value: a server that accepts and never speaks).
"""
import argparse
import asyncio
import json
import time

TEXT = {220: "vgml.example ESMTP responder", 221: "Bye", 250: "OK", 354: "End data with <CR><LF>.<CR><LF>"}


class Recorder:
    def __init__(self, path):
        self.f = open(path, "a", buffering=1)
        self.conns = 0

    def write(self, conn, direction, line):
        self.f.write(json.dumps({"conn": conn, "t": time.monotonic(), "dir": direction,
                                 "line": line}) + "\n")


async def handle(reader, writer, opts, rec):
    rec.conns += 1
    conn = rec.conns
    rec.write(conn, "event", "connect")

    async def reply(code, cmd=None):
        code = opts.codes.get(cmd, code) if cmd else code
        if cmd != "BANNER" and opts.reply_delay:
            await asyncio.sleep(opts.reply_delay)
        text = "%d %s" % (code, TEXT.get(code, "reply"))
        rec.write(conn, "S", text)
        writer.write((text + "\r\n").encode())
        await writer.drain()
        return code

    try:
        if opts.banner_delay:
            await asyncio.sleep(opts.banner_delay)
        if opts.multiline_banner:
            rec.write(conn, "S", "220-vgml.example first line")
            writer.write(b"220-vgml.example first line\r\n")
        await reply(220, "BANNER")
        in_data = False
        while True:
            raw = await reader.readline()
            if not raw:
                rec.write(conn, "event", "eof")
                break
            line = raw.decode("utf-8", "replace")
            if line.endswith("\r\n"):
                line = line[:-2]
            elif line.endswith("\n"):
                line = line[:-1] + "<LF>"
            rec.write(conn, "C", line)
            if in_data:
                if line == ".":
                    in_data = False
                    await reply(250, "BODY")
                continue
            verb = line.split(" ", 1)[0].split(":", 1)[0].upper()
            if verb in ("HELO", "EHLO"):
                await reply(250, verb)
            elif verb == "MAIL":
                await reply(250, "MAIL")
            elif verb == "RCPT":
                await reply(250, "RCPT")
            elif verb == "DATA":
                if await reply(354, "DATA") == 354:
                    in_data = True
            elif verb == "QUIT":
                await reply(221, "QUIT")
                break
            else:
                await reply(500)
    except (ConnectionError, asyncio.IncompleteReadError):
        rec.write(conn, "event", "reset")
    finally:
        rec.write(conn, "event", "close")
        try:
            writer.close()
            await writer.wait_closed()
        except Exception:
            pass


async def main_async(opts):
    rec = Recorder(opts.log)
    server = await asyncio.start_server(lambda r, w: handle(r, w, opts, rec), opts.addr, opts.port)
    rec.write(0, "event", "listening")
    async with server:
        await server.serve_forever()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("addr")
    ap.add_argument("port", type=int)
    ap.add_argument("log")
    ap.add_argument("--reply", action="append", default=[])
    ap.add_argument("--banner-delay", type=float, default=0)
    ap.add_argument("--reply-delay", type=float, default=0)
    ap.add_argument("--multiline-banner", action="store_true")
    opts = ap.parse_args()
    opts.codes = {}
    for r in opts.reply:
        k, v = r.split("=")
        opts.codes[k.upper()] = int(v)
    asyncio.run(main_async(opts))


if __name__ == "__main__":
    main()
