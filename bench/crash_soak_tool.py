#!/usr/bin/env python3
"""Helpers for bench/crash-soak.sh (Python 3 standard library only; talks to 127.0.0.1 only).

  crash_soak_tool.py sink --port P --out FILE [--reject ADDRESS]
        an SMTP next hop that records every message it accepts as one JSON line in FILE, written and flushed
        before its 250 goes out (so a line is a delivery the sender was told about, or was about to be):
        {"queue_id": the id in Caravan's Received field, "message_id": the soak's Message-ID, "rcpt": [...],
        "dsn": true for a report (MAIL FROM:<>), "dsn_queue_id": the X-Caravan-Queue-ID a report is about}.
        RCPT TO:<ADDRESS> gets 550 5.1.1, so the messages sent to it come back as reports (DSNs).
  crash_soak_tool.py send --port P --messages N --sessions S --out FILE [--reject-every K] [--timeout S]
        sends N messages (Message-ID <soak-I@bench.test>, I = 1..N) over S concurrent sessions, a few per
        connection, and keeps trying each until it gets a 250: connections refused while Caravan is down are
        retried, and a message whose final reply was never seen (the connection died or timed out after the
        final dot) is sent again, as a real client would. Writes one JSON line per try that ended after the
        final dot: {"n": I, "queue_id": id} for a 250, {"n": I, "unseen": true} for a reply never seen,
        {"n": I, "reply": text} for any other reply. Every K-th message goes to the sink's rejected address.
  crash_soak_tool.py pending --client FILE --sink FILE
        prints how many queue ids the client saw accepted are neither delivered nor reported yet
  crash_soak_tool.py report --client FILE --sink FILE [--kills K] [--kill-times FILE] [--seconds S] [--commit C]
                            [--messages N]
        prints the soak's figures as markdown: accepted, delivered, reported, lost, and the duplicates split into
        (a) a 250 the client never saw, so it sent the message again (one Message-ID under two queue ids) and
        (b) Caravan's own (one queue id delivered twice: delivered, then redelivered after a kill).
        With --kill-times (epoch seconds, one a line), each duplicate of kind (b) is also shown with the time from
        its first delivery at the sink to the kill that followed: how wide the window was in which it was lost.
        Exit status 1 if a message is lost.
"""
import argparse
import asyncio
import collections
import json
import random
import re
import sys
import time

RECEIVED_ID = re.compile(rb"\(Caravan\) with E?SMTPS?A? id ([A-Za-z0-9]+)")
SOAK_ID = re.compile(rb"<(soak-\d+)@bench\.test>")
DSN_QUEUE_ID = re.compile(rb"X-Caravan-Queue-ID: *([A-Za-z0-9]+)", re.I)


# ---- sink ----------------------------------------------------------------------------------

async def sink_session(reader, writer, out, reject):
    def send(line):
        writer.write(line.encode() + b"\r\n")

    send("220 sink.bench.test ESMTP")
    mail_from, rcpts = None, []
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                send("250-sink.bench.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES")
            elif verb == "MAIL":
                m = re.search(r"<([^>]*)>", cmd)
                mail_from, rcpts = (m.group(1) if m else ""), []
                send("250 2.1.0 Ok")
            elif verb == "RCPT":
                m = re.search(r"<([^>]*)>", cmd)
                addr = m.group(1) if m else ""
                if reject and addr.lower() == reject:
                    send("550 5.1.1 No such user here")
                else:
                    rcpts.append(addr)
                    send("250 2.1.5 Ok")
            elif verb == "DATA":
                if mail_from is None or not rcpts:
                    send("554 5.5.1 No valid recipients")
                    continue
                send("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                data = bytearray()
                while True:
                    dl = await reader.readline()
                    if not dl:
                        return  # the sender died mid-message: nothing delivered
                    if dl == b".\r\n":
                        break
                    data += dl[1:] if dl.startswith(b".") else dl
                record(out, mail_from, rcpts, bytes(data))
                send("250 2.0.0 Ok: delivered")
                mail_from, rcpts = None, []
            elif verb == "RSET":
                mail_from, rcpts = None, []
                send("250 2.0.0 Ok")
            elif verb == "NOOP":
                send("250 2.0.0 Ok")
            elif verb == "QUIT":
                send("221 2.0.0 Bye")
                await writer.drain()
                return
            else:
                send("502 5.5.2 Not implemented")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        writer.close()


def record(out, mail_from, rcpts, data):
    head = data.split(b"\r\n\r\n", 1)[0]
    entry = {"rcpt": rcpts, "dsn": mail_from == "", "t": round(time.time(), 4)}
    rid = RECEIVED_ID.search(head)
    entry["queue_id"] = rid.group(1).decode() if rid else None
    sid = SOAK_ID.search(data if entry["dsn"] else head)
    entry["message_id"] = sid.group(1).decode() if sid else None
    if entry["dsn"]:
        q = DSN_QUEUE_ID.search(data)
        entry["dsn_queue_id"] = q.group(1).decode() if q else None
    out.write(json.dumps(entry) + "\n")
    out.flush()


async def sink(args):
    out = open(args.out, "a", buffering=1)
    reject = args.reject.lower() if args.reject else None
    server = await asyncio.start_server(lambda r, w: sink_session(r, w, out, reject), "127.0.0.1", args.port,
                                        limit=1 << 20, backlog=200)
    async with server:
        await server.serve_forever()


# ---- send ----------------------------------------------------------------------------------

def message(n, size):
    head = (f"From: soak <soak@origin.test>\r\nTo: rcpt@remote.test\r\nSubject: crash soak {n}\r\n"
            f"Message-ID: <soak-{n}@bench.test>\r\n\r\n").encode()
    line = b"The crash soak checks that no accepted message is lost and few are duplicated.\r\n"
    body = line * max(1, (size - len(head)) // len(line))
    return head + body


class Reply(Exception):
    pass


async def read_reply(reader, timeout):
    lines = []
    while True:
        line = await asyncio.wait_for(reader.readline(), timeout)
        if not line:
            raise ConnectionError("connection closed")
        lines.append(line.decode("utf-8", "replace").rstrip())
        if len(line) < 4 or line[3:4] != b"-":
            return int(lines[-1][:3]), "\n".join(lines)


async def sender(args, queue, out, stats):
    reader = writer = None
    per_conn = 0

    async def close():
        nonlocal reader, writer
        if writer is not None:
            writer.close()
        reader = writer = None

    async def command(line, expect):
        writer.write(line.encode() + b"\r\n")
        code, text = await read_reply(reader, args.timeout)
        if code != expect:
            raise Reply(text)
        return text

    while True:
        try:
            n = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        rcpt = "reject@remote.test" if args.reject_every and n % args.reject_every == 0 else f"rcpt{n}@remote.test"
        while True:  # until this message gets its 250 (or a refusal that is final)
            after_dot = False
            try:
                if writer is None or per_conn >= 20:
                    await close()
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection("127.0.0.1", args.port, limit=1 << 16), args.timeout)
                    per_conn = 0
                    code, text = await read_reply(reader, args.timeout)
                    if code != 220:
                        raise Reply(text)
                    await command("EHLO soak.bench.test", 250)
                await command("MAIL FROM:<soak@origin.test>", 250)
                await command(f"RCPT TO:<{rcpt}>", 250)
                await command("DATA", 354)
                writer.write(message(n, args.size) + b".\r\n")
                after_dot = True
                code, text = await read_reply(reader, args.timeout)
                per_conn += 1
                if code == 250:
                    m = re.search(r"queued as (\S+)", text)
                    out.write(json.dumps({"n": n, "queue_id": m.group(1) if m else None}) + "\n")
                    stats["accepted"] += 1
                    break
                out.write(json.dumps({"n": n, "reply": text}) + "\n")
                stats["refused"] += 1
                if text.startswith("5"):
                    break
                await asyncio.sleep(0.5)  # 4xx: try again a little later
            except (OSError, ConnectionError, asyncio.TimeoutError, Reply) as e:
                if after_dot:
                    out.write(json.dumps({"n": n, "unseen": True}) + "\n")
                    stats["unseen"] += 1
                elif isinstance(e, Reply) and e.args[0].startswith("5"):
                    out.write(json.dumps({"n": n, "reply": e.args[0]}) + "\n")
                    await close()
                    break
                await close()
                await asyncio.sleep(0.2 + random.random() * 0.3)  # Caravan is down or restarting
    await close()


async def send(args):
    queue = asyncio.Queue()
    for n in range(1, args.messages + 1):
        queue.put_nowait(n)
    stats = collections.Counter()
    t0 = time.monotonic()
    with open(args.out, "a", buffering=1) as out:
        await asyncio.gather(*(sender(args, queue, out, stats) for _ in range(args.sessions)))
    print(json.dumps({"messages": args.messages, "accepted": stats["accepted"], "unseen": stats["unseen"],
                      "refused": stats["refused"], "seconds": round(time.monotonic() - t0, 1)}))


# ---- figures -------------------------------------------------------------------------------

def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def figures(client_file, sink_file):
    client, sink_records = load(client_file), load(sink_file)
    accepted = {}  # queue id -> message number, for every 250 the client saw
    for c in client:
        if c.get("queue_id"):
            accepted[c["queue_id"]] = c["n"]
    deliveries = collections.Counter()  # (queue id, recipient) -> times delivered
    first_seen = {}  # queue id -> time of its first delivery at the sink
    by_message = collections.defaultdict(set)  # soak Message-ID -> queue ids delivered or reported
    reports = collections.Counter()  # queue id -> reports (DSNs) about it
    for s in sink_records:
        if s["dsn"]:
            if s.get("dsn_queue_id"):
                reports[s["dsn_queue_id"]] += 1
            continue
        for r in s["rcpt"]:
            deliveries[(s["queue_id"], r)] += 1
        first_seen.setdefault(s["queue_id"], s.get("t"))
        if s["message_id"]:
            by_message[s["message_id"]].add(s["queue_id"])
    reported = set(reports)
    delivered_ids = {q for (q, _) in deliveries}
    lost = sorted(q for q in accepted if q not in delivered_ids and q not in reported)
    caravan_dups = sum(n - 1 for n in deliveries.values() if n > 1)
    caravan_dup_ids = sorted({q for (q, _), n in deliveries.items() if n > 1})
    client_dups = sum(len(qs) - 1 for qs in by_message.values() if len(qs) > 1)
    unseen_delivered = sorted(q for q in delivered_ids if q not in accepted)
    return {
        "messages_accepted": len(set(accepted.values())),
        "queue_ids_accepted": len(accepted),
        "delivered": len(delivered_ids & set(accepted)),
        "reported": len(reported & set(accepted)),
        "lost": lost,
        "dup_client": client_dups,
        "dup_caravan": caravan_dups,
        "dup_caravan_ids": caravan_dup_ids,
        "first_seen": first_seen,
        "unseen_delivered": unseen_delivered,
        "dup_reports": sum(n - 1 for n in reports.values() if n > 1),
        "unseen_tries": sum(1 for c in client if c.get("unseen")),
        "sink_records": len(sink_records),
    }


def pending(args):
    f = figures(args.client, args.sink)
    print(len(f["lost"]))


def pct(n, d):
    return f"{100.0 * n / d:.2f} %" if d else "n/a"


def report(args):
    f = figures(args.client, args.sink)
    a = f["messages_accepted"]
    print(f"| messages sent | {args.messages} |")
    print(f"| kills (SIGKILL) | {args.kills} |")
    print(f"| accepted with 250 (messages; queue ids the client saw) | {a}; {f['queue_ids_accepted']} |")
    print(f"| delivered (accepted queue ids at the sink) | {f['delivered']} |")
    print(f"| reported (DSN to the sender) | {f['reported']} |")
    print(f"| **lost** | **{len(f['lost'])}** {' '.join(f['lost'][:10])} |")
    print(f"| tries whose final reply the client never saw (sent again) | {f['unseen_tries']} |")
    print(f"| duplicates (a), a 250 the client never saw: one Message-ID under two queue ids | "
          f"{f['dup_client']} ({pct(f['dup_client'], a)}) |")
    print(f"| **duplicates (b), Caravan's own: one queue id delivered twice** | "
          f"**{f['dup_caravan']} ({pct(f['dup_caravan'], a)})** |")
    print(f"| reports sent twice for one queue id | {f['dup_reports']} |")
    print(f"| duration (first message to queue drained) | {args.seconds} s |")
    print(f"| commit | {args.commit} |")
    if f["dup_caravan_ids"]:
        kills = []
        if args.kill_times:
            with open(args.kill_times) as k:
                kills = sorted(float(line) for line in k if line.strip())
        shown = []
        for q in f["dup_caravan_ids"][:30]:
            t = f["first_seen"].get(q)
            after = [k for k in kills if t is not None and k >= t]
            shown.append(f"{q} ({1000 * (after[0] - t):.0f} ms before a kill)" if after else q)
        print(f"\nQueue ids delivered twice: {', '.join(shown)}")
    return 1 if f["lost"] else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sink")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--reject", default="reject@remote.test")
    s = sub.add_parser("send")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--messages", type=int, default=10000)
    s.add_argument("--sessions", type=int, default=10)
    s.add_argument("--size", type=int, default=2048)
    s.add_argument("--reject-every", type=int, default=100)
    s.add_argument("--timeout", type=float, default=30)
    s.add_argument("--out", required=True)
    s = sub.add_parser("pending")
    s.add_argument("--client", required=True)
    s.add_argument("--sink", required=True)
    s = sub.add_parser("report")
    s.add_argument("--client", required=True)
    s.add_argument("--sink", required=True)
    s.add_argument("--kills", default="?")
    s.add_argument("--kill-times")
    s.add_argument("--seconds", default="?")
    s.add_argument("--commit", default="?")
    s.add_argument("--messages", default="?")
    args = p.parse_args()
    if args.cmd == "sink":
        asyncio.run(sink(args))
    elif args.cmd == "send":
        asyncio.run(send(args))
    elif args.cmd == "pending":
        pending(args)
    else:
        sys.exit(report(args))


if __name__ == "__main__":
    main()
