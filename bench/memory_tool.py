#!/usr/bin/env python3
"""Helpers for bench/memory-check.sh (Python 3 standard library only; talks to 127.0.0.1 only).

  memory_tool.py ports N            N free TCP ports on 127.0.0.1, one per line
  memory_tool.py hold --port P --sessions N [--batch B] [--timeout S] [--max-hold S] --status FILE
                                    opens N SMTP sessions, B at a time (a batch is finished before the next one
                                    starts, so the accept backlog is never overrun): reads the 220 banner, sends
                                    EHLO bench.test, reads the whole multi-line 250 reply. Then writes a JSON status
                                    to FILE and holds every session open and idle until SIGTERM/SIGINT (or
                                    --max-hold seconds), closes them all and prints a final JSON object on stdout
                                    (how many were still open, i.e. not closed by the server, at the end)
  memory_tool.py probe --port P     one fresh session: connect, banner, EHLO, NOOP, QUIT; prints JSON timings in ms
  memory_tool.py gen --out FILE --size BYTES
                                    a message of about BYTES bytes: headers, then base64 lines of 76 characters,
                                    CRLF line endings; written in chunks, never all in memory
  memory_tool.py send --port P --file FILE [--from A] [--to A] [--timeout S]
                                    sends FILE (already CRLF) as one message with smtplib, streaming the body from
                                    the file with dot-stuffing; prints JSON: the reply to the final dot and timings
  memory_tool.py heap               reads `jcmd PID GC.heap_info` on stdin, prints "used_kb committed_kb"
  memory_tool.py gclog FILE FIRST_LINE LAST_LINE
                                    young/mixed/full GC pauses in lines FIRST_LINE..LAST_LINE (1-based) of a -Xlog:gc file; prints
                                    "pauses max_before_kb max_after_kb" (- when there was no pause)
  memory_tool.py jstat FILE         the largest S0U+S1U+EU+OU (heap used, KB) in `jstat -gc PID MS` output, or -
"""
import argparse
import asyncio
import base64
import json
import os
import re
import signal
import smtplib
import socket
import sys
import time
from email.utils import formatdate, make_msgid

HOST = "127.0.0.1"


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


# ------------------------------------------------------------------------------------------------ ports

def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind((HOST, 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


# ------------------------------------------------------------------------------------------------- hold

class SessionError(Exception):
    pass


async def read_reply(reader, timeout):
    """(code, lines) of one SMTP reply, multi-line replies read to their last line."""
    lines = []
    while True:
        line = await asyncio.wait_for(reader.readline(), timeout)
        if not line:
            raise SessionError("eof")
        if not line.endswith(b"\n"):
            raise SessionError("partial line")
        lines.append(line)
        if len(line) < 4 or line[3:4] != b"-":
            try:
                return int(line[:3]), lines
            except ValueError:
                raise SessionError("bad reply")


async def open_session(port, timeout):
    """Returns (reader, writer, seconds to the 250) or raises SessionError with a short reason."""
    t0 = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except asyncio.TimeoutError:
        raise SessionError("connect timeout")
    except OSError as e:
        raise SessionError(f"connect {e.strerror or type(e).__name__}")
    try:
        code, _ = await read_reply(reader, timeout)
        if code != 220:
            raise SessionError(f"banner {code}")
        writer.write(b"EHLO bench.test\r\n")
        await writer.drain()
        code, _ = await read_reply(reader, timeout)
        if code != 250:
            raise SessionError(f"EHLO {code}")
    except asyncio.TimeoutError:
        writer.transport.abort()
        raise SessionError("reply timeout")
    except OSError as e:
        writer.transport.abort()
        raise SessionError(f"io {e.strerror or type(e).__name__}")
    except SessionError:
        writer.transport.abort()
        raise
    return reader, writer, time.monotonic() - t0


async def watch(reader):
    """Completes when the server sends anything or closes: an idle session should see neither."""
    try:
        data = await reader.read(4096)
        return "closed" if not data else "data: " + data[:60].decode("ascii", "replace").strip()
    except (OSError, asyncio.IncompleteReadError) as e:
        return f"error: {type(e).__name__}"


async def hold(args):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sessions, watchers, times, errors = [], [], [], {}
    batch_seconds = []
    t_start = time.monotonic()
    for first in range(0, args.sessions, args.batch):
        if stop.is_set():
            break
        n = min(args.batch, args.sessions - first)
        tb = time.monotonic()
        results = await asyncio.gather(*(open_session(args.port, args.timeout) for _ in range(n)),
                                       return_exceptions=True)
        batch_seconds.append(time.monotonic() - tb)
        for r in results:
            if isinstance(r, SessionError):
                errors[str(r)] = errors.get(str(r), 0) + 1
            elif isinstance(r, BaseException):
                errors[type(r).__name__] = errors.get(type(r).__name__, 0) + 1
            else:
                reader, writer, t = r
                sessions.append(writer)
                watchers.append(asyncio.ensure_future(watch(reader)))
                times.append(t)
        done = first + n
        if done % 1000 == 0 or done == args.sessions:
            print(f"hold: {done}/{args.sessions} opened, {len(sessions)} with 250, "
                  f"{sum(errors.values())} failed, {time.monotonic() - t_start:.1f} s", file=sys.stderr, flush=True)
    open_seconds = time.monotonic() - t_start
    times.sort()
    status = {
        "requested": args.sessions,
        "ehlo_250": len(sessions),
        "failed": sum(errors.values()),
        "errors": errors,
        "open_seconds": round(open_seconds, 3),
        "batch": args.batch,
        "slowest_batch_s": round(max(batch_seconds), 3) if batch_seconds else None,
        "to_250_p50_ms": round(1000 * percentile(times, 50), 1) if times else None,
        "to_250_p99_ms": round(1000 * percentile(times, 99), 1) if times else None,
        "to_250_max_ms": round(1000 * times[-1], 1) if times else None,
        "closed_by_server_while_opening": sum(1 for w in watchers if w.done()),
    }
    tmp = args.status + ".tmp"
    with open(tmp, "w") as f:
        json.dump(status, f)
    os.replace(tmp, args.status)
    held_from = time.monotonic()
    try:
        await asyncio.wait_for(stop.wait(), args.max_hold)
    except asyncio.TimeoutError:
        pass
    held = time.monotonic() - held_from
    ended = [w.result() for w in watchers if w.done()]
    reasons = {}
    for r in ended:
        reasons[r] = reasons.get(r, 0) + 1
    for w in watchers:
        w.cancel()
    t_close = time.monotonic()
    for writer in sessions:
        writer.transport.close()
    await asyncio.sleep(0)
    final = dict(status)
    final.update({
        "held_seconds": round(held, 1),
        "still_open_at_end": len(sessions) - len(ended),
        "ended_by_server": reasons,
        "close_seconds": round(time.monotonic() - t_close, 3),
    })
    print(json.dumps(final), flush=True)


# ------------------------------------------------------------------------------------------------ probe

def probe(args):
    out = {"ok": False}
    t0 = time.monotonic()
    try:
        with socket.create_connection((HOST, args.port), timeout=args.timeout) as s:
            f = s.makefile("rb")

            def reply():
                while True:
                    line = f.readline()
                    if not line:
                        raise SessionError("eof")
                    if line[3:4] != b"-":
                        return int(line[:3])

            out["connect_ms"] = round(1000 * (time.monotonic() - t0), 2)
            code = reply()
            out["banner_ms"] = round(1000 * (time.monotonic() - t0), 2)
            if code != 220:
                raise SessionError(f"banner {code}")
            for verb, line in (("ehlo", b"EHLO bench.test\r\n"), ("noop", b"NOOP\r\n")):
                t = time.monotonic()
                s.sendall(line)
                code = reply()
                out[verb + "_ms"] = round(1000 * (time.monotonic() - t), 2)
                if code != 250:
                    raise SessionError(f"{verb.upper()} {code}")
            s.sendall(b"QUIT\r\n")
            reply()
            out["ok"] = True
    except (OSError, SessionError, ValueError) as e:
        out["error"] = f"{type(e).__name__}: {e}"
    out["total_ms"] = round(1000 * (time.monotonic() - t0), 2)
    print(json.dumps(out))


# -------------------------------------------------------------------------------------------------- gen

def gen(args):
    headers = (
        "From: Bench <bench@bench.test>\r\n"
        "To: <rcpt@remote.test>\r\n"
        f"Subject: memory check, {args.size} bytes\r\n"
        f"Date: {formatdate(localtime=False)}\r\n"
        f"Message-ID: {make_msgid(domain='bench.test')}\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: application/octet-stream\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"blob.bin\"\r\n"
        "\r\n"
    ).encode("ascii")
    line_len = 78  # 76 characters and CRLF
    lines = max(1, (args.size - len(headers) + line_len - 1) // line_len)
    per_chunk = 8192  # lines per write: about 640 KB
    with open(args.out, "wb") as f:
        f.write(headers)
        left = lines
        while left:
            k = min(per_chunk, left)
            text = base64.b64encode(os.urandom(57 * k))  # 76 characters per 57 bytes
            f.write(b"".join(text[i:i + 76] + b"\r\n" for i in range(0, len(text), 76)))
            left -= k
    print(os.path.getsize(args.out))


# ------------------------------------------------------------------------------------------------- send

def send(args):
    size = os.path.getsize(args.file)
    out = {"bytes": size, "code": None}
    t0 = time.monotonic()
    try:
        smtp = smtplib.SMTP(HOST, args.port, local_hostname="bench.test", timeout=args.timeout)
        try:
            smtp.ehlo()
            opts = [f"SIZE={size}"] if smtp.has_extn("size") else []
            code, msg = smtp.mail(args.sender, opts)
            if code != 250:
                raise smtplib.SMTPResponseException(code, b"MAIL: " + msg)
            code, msg = smtp.rcpt(args.to)
            if code not in (250, 251):
                raise smtplib.SMTPResponseException(code, b"RCPT: " + msg)
            code, msg = smtp.docmd("DATA")
            if code != 354:
                raise smtplib.SMTPResponseException(code, b"DATA: " + msg)
            t_data = time.monotonic()
            chunk, last = [], b"\r\n"
            with open(args.file, "rb") as f:
                for line in f:  # lines end with CRLF; a line starting with "." is stuffed
                    if line.startswith(b"."):
                        line = b"." + line
                    chunk.append(line)
                    last = line
                    if len(chunk) >= 1024:
                        smtp.sock.sendall(b"".join(chunk))
                        chunk = []
            if not last.endswith(b"\r\n"):
                chunk.append(b"\r\n")
            chunk.append(b".\r\n")
            smtp.sock.sendall(b"".join(chunk))
            out["data_sent_s"] = round(time.monotonic() - t_data, 3)
            code, msg = smtp.getreply()
            out["code"], out["reply"] = code, msg.decode("utf-8", "replace")
            out["data_to_reply_s"] = round(time.monotonic() - t_data, 3)
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
        finally:
            smtp.close()
    except smtplib.SMTPResponseException as e:
        out["code"], out["reply"] = e.smtp_code, e.smtp_error.decode("utf-8", "replace")
    except (smtplib.SMTPException, OSError) as e:
        out["error"] = f"{type(e).__name__}: {e}"
    out["seconds"] = round(time.monotonic() - t0, 3)
    print(json.dumps(out))


# ------------------------------------------------------------------------------------------ heap parsers

UNITS = {"K": 1, "M": 1024, "G": 1024 * 1024, "B": 1 / 1024}


def heap(_args):
    """GC.heap_info: G1 "garbage-first heap total 524288K, used 41234K"; Parallel/Serial sum the generations;
    ZGC "ZHeap used 30M, capacity 512M". Everything before the Metaspace line is heap."""
    used = committed = 0
    found = False
    for line in sys.stdin:
        if line.strip().startswith("Metaspace"):
            break
        m = re.search(r"\bused (\d+)([KMGB])", line)
        if m and not re.search(r"\d+% used", line):
            found = True
            used += int(m.group(1)) * UNITS[m.group(2)]
            c = re.search(r"\b(?:total|capacity) (\d+)([KMGB])", line)
            if c:
                committed += int(c.group(1)) * UNITS[c.group(2)]
    if not found:
        print("- -")
        return 1
    print(f"{int(used)} {int(committed)}")
    return 0


# Pauses that collect (young, mixed, full); G1's Remark and Cleanup pauses evacuate nothing, so their "after" is not
# a heap size after a collection.
PAUSE = re.compile(r"Pause (?:Young|Full)\b.*? (\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")


def gclog(args):
    pauses, before, after = 0, None, None
    with open(args.file, errors="replace") as f:
        for i, line in enumerate(f, 1):
            if i < args.first_line:
                continue
            if i > args.last_line:
                break
            m = PAUSE.search(line)
            if not m:
                continue
            b = int(m.group(1)) * UNITS[m.group(2)]
            a = int(m.group(3)) * UNITS[m.group(4)]
            pauses += 1
            before = b if before is None else max(before, b)
            after = a if after is None else max(after, a)
    fmt = lambda v: "-" if v is None else str(int(v))
    print(pauses, fmt(before), fmt(after))


def jstat(args):
    best, cols = None, None
    with open(args.file, errors="replace") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "EU" in parts and "OU" in parts:
                cols = {name: i for i, name in enumerate(parts)}
                continue
            if cols is None or len(parts) < len(cols):
                continue
            try:
                used = sum(float(parts[cols[c]]) for c in ("S0U", "S1U", "EU", "OU") if c in cols)
            except ValueError:
                continue
            best = used if best is None else max(best, used)
    print("-" if best is None else int(best))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ports")
    p.add_argument("n", type=int)
    p = sub.add_parser("hold")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--sessions", type=int, default=10000)
    p.add_argument("--batch", type=int, default=250)
    p.add_argument("--timeout", type=float, default=60, help="seconds for each connect and reply")
    p.add_argument("--max-hold", type=float, default=1800)
    p.add_argument("--status", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=30)
    p = sub.add_parser("gen")
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, required=True)
    p = sub.add_parser("send")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--from", dest="sender", default="bench@bench.test")
    p.add_argument("--to", default="rcpt@remote.test")
    p.add_argument("--timeout", type=float, default=300)
    sub.add_parser("heap")
    p = sub.add_parser("gclog")
    p.add_argument("file")
    p.add_argument("first_line", type=int)
    p.add_argument("last_line", type=int)
    p = sub.add_parser("jstat")
    p.add_argument("file")
    args = ap.parse_args()
    if args.cmd == "ports":
        print("\n".join(map(str, free_ports(args.n))))
    elif args.cmd == "hold":
        asyncio.run(hold(args))
    elif args.cmd == "probe":
        probe(args)
    elif args.cmd == "gen":
        gen(args)
    elif args.cmd == "send":
        send(args)
    elif args.cmd == "heap":
        return heap(args)
    elif args.cmd == "gclog":
        gclog(args)
    elif args.cmd == "jstat":
        jstat(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
