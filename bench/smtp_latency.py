#!/usr/bin/env python3
"""SMTP load generator that measures accept latency: the time from the client's final "." of DATA
to the server's reply (the moment the server says it has the message).

smtp-source reports no latencies, so bench/compare-postfix.sh uses this for its latency scenario.
Python 3 standard library only (asyncio). N sessions run concurrently and share one message budget;
each session opens a connection, sends up to --per-connection messages on it (MAIL, RCPT, DATA, one
command at a time, no pipelining, like smtp-source), QUITs and reconnects until the budget is spent.

Prints one JSON object: messages offered/accepted/refused, wall time, accepted msgs/s and the
p50/p90/p99/max accept latency in milliseconds. Exit status 0 only if every message got a 2xx.

Example: bench/smtp_latency.py --port 12525 --sessions 20 --messages 2000 --size 5120
"""
import argparse
import asyncio
import json
import os
import sys
import time
from email.utils import formatdate

LINE = 78  # payload line length, without CRLF


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list (p in 0..100)."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n * p / 100)
    return sorted_values[int(rank) - 1]


def payload(size):
    """size bytes of body (CRLF included), in lines that never start with '.'."""
    out = bytearray()
    n = 0
    while len(out) < size:
        n += 1
        line = (str(n) + "X" * LINE)[:LINE].encode() + b"\r\n"
        out += line
    return bytes(out[:size - 2]) + b"\r\n" if size >= 2 else b"\r\n"


class Budget:
    def __init__(self, total, rate=0.0):
        self.left = total
        self.rate = rate
        self.issued = 0
        self.start = time.monotonic()

    def take(self):
        if self.left <= 0:
            return False
        self.left -= 1
        self.issued += 1
        return True

    def due(self):
        """When the message just taken may start: --rate spreads the starts evenly; 0 means at once."""
        return self.start + (self.issued - 1) / self.rate if self.rate else 0.0


class Stats:
    def __init__(self):
        self.latencies = []
        self.accepted = 0
        self.refused = 0
        self.errors = []


async def read_reply(reader, timeout):
    """One SMTP reply (possibly multi-line): returns (code, text of the last line)."""
    while True:
        line = await asyncio.wait_for(reader.readline(), timeout)
        if not line:
            raise ConnectionError("connection closed by server")
        if len(line) < 4 or line[3:4] != b"-":
            return int(line[:3]), line.decode("latin-1").rstrip()


async def command(reader, writer, data, expect, timeout):
    writer.write(data)
    await writer.drain()
    code, text = await read_reply(reader, timeout)
    if code // 100 != expect:
        raise SmtpError(code, text, data.split(b" ")[0].decode("latin-1").strip())
    return code


class SmtpError(Exception):
    def __init__(self, code, text, cmd):
        super().__init__(f"{cmd}: {text}")
        self.code = code


async def session(sid, args, body, budget, stats, deadline):
    helo = ("EHLO " + args.helo + "\r\n").encode()
    mail = f"MAIL FROM:<{args.sender}>\r\n".encode()
    rcpt = f"RCPT TO:<{args.rcpt}>\r\n".encode()
    seq = 0
    while time.monotonic() < deadline and budget.take():
        inflight = True  # a message taken from the budget and not yet answered
        due = budget.due()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(args.host, args.port), args.timeout)
        except (OSError, asyncio.TimeoutError) as e:
            stats.refused += 1
            stats.errors.append(f"connect: {e!r}")
            continue
        try:
            code, text = await read_reply(reader, args.timeout)
            if code != 220:
                raise SmtpError(code, text, "greeting")
            await command(reader, writer, helo, 2, args.timeout)
            sent_here = 0
            while True:
                if not inflight:
                    if (args.per_connection and sent_here >= args.per_connection) or time.monotonic() >= deadline \
                            or not budget.take():
                        break
                    inflight = True
                    due = budget.due()
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                seq += 1
                await command(reader, writer, mail, 2, args.timeout)
                await command(reader, writer, rcpt, 2, args.timeout)
                await command(reader, writer, b"DATA\r\n", 3, args.timeout)
                header = (f"From: <{args.sender}>\r\nTo: <{args.rcpt}>\r\nDate: {formatdate(localtime=False)}\r\n"
                          f"Message-Id: <{os.getpid()}.{sid}.{seq}.{time.time_ns()}@{args.helo}>\r\n"
                          f"Subject: bench latency {sid}.{seq}\r\n\r\n").encode()
                writer.write(header + body)
                await writer.drain()
                t0 = time.perf_counter()
                writer.write(b".\r\n")
                code, text = await read_reply(reader, args.timeout)
                t1 = time.perf_counter()
                sent_here += 1
                inflight = False
                if code // 100 == 2:
                    stats.accepted += 1
                    stats.latencies.append(t1 - t0)
                else:
                    stats.refused += 1
                    stats.errors.append(text)
            writer.write(b"QUIT\r\n")
            await writer.drain()
            try:
                await read_reply(reader, args.timeout)
            except (ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError):
                pass
        except (SmtpError, ConnectionError, OSError, asyncio.TimeoutError, ValueError) as e:
            if inflight:
                stats.refused += 1
            stats.errors.append(repr(e))
        finally:
            writer.close()
            try:
                await asyncio.wait_for(writer.wait_closed(), 5)
            except (OSError, asyncio.TimeoutError, ConnectionError):
                pass


async def main_async(args):
    body = payload(args.size)
    budget = Budget(args.messages, args.rate)
    stats = Stats()
    start = time.perf_counter()
    deadline = time.monotonic() + args.max_seconds
    await asyncio.gather(*(session(i, args, body, budget, stats, deadline) for i in range(args.sessions)))
    elapsed = time.perf_counter() - start
    lat = sorted(stats.latencies)
    ms = lambda v: None if v is None else round(v * 1000, 3)
    return {
        "messages": args.messages,
        "accepted": stats.accepted,
        "refused": stats.refused,
        "not_sent": budget.left,
        "sessions": args.sessions,
        "offered_per_s": args.rate or None,
        "size": args.size,
        "seconds": round(elapsed, 3),
        "msgs_per_s": round(stats.accepted / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": ms(percentile(lat, 50)),
        "p90_ms": ms(percentile(lat, 90)),
        "p99_ms": ms(percentile(lat, 99)),
        "max_ms": ms(lat[-1] if lat else None),
        "errors": stats.errors[:5],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--messages", type=int, default=2000, help="total messages over all sessions")
    p.add_argument("--size", type=int, default=5120, help="body bytes (headers not included, like smtp-source -l)")
    p.add_argument("--per-connection", type=int, default=1, help="messages per connection; 0 = no limit")
    p.add_argument("--sender", default="x@bench.test")
    p.add_argument("--rcpt", default="rcpt@remote.test")
    p.add_argument("--helo", default="loadgen.bench.test")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for any one reply")
    p.add_argument("--rate", type=float, default=0.0,
                   help="offered load: start messages at this many per second in all (0 = as fast as the server answers)")
    p.add_argument("--max-seconds", type=float, default=600.0, help="stop starting new messages after this")
    args = p.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        # A benchmark tool: it must not be pointed at someone else's server by accident.
        p.error("--host must be a loopback address")
    result = asyncio.run(main_async(args))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0 if result["accepted"] == args.messages else 1


if __name__ == "__main__":
    sys.exit(main())
