#!/usr/bin/env python3
"""Helpers for bench/compare-postfix.sh (Python 3 standard library only).

  compare_tool.py ports N                 N free TCP ports on 127.0.0.1, one per line
  compare_tool.py cpu PID[,PID]          CPU seconds (user+system) used so far by each PID and every process below
                                          it, including children that already exited (cutime/cstime), so that
                                          Postfix's short-lived smtpd/cleanup/smtp processes are counted too
  compare_tool.py peak PID[,PID] OUT [--interval S] [--max-seconds S] [--rss-only]
                                          samples the summed RSS and PSS of PID's process tree until SIGTERM
                                          or the deadline, then writes "peak_rss_kb peak_pss_kb" to OUT;
                                          --rss-only leaves PSS out ("-"): reading a JVM's smaps_rollup walks
                                          its whole address space (10-16 ms for a 700 MB Caravan) and raised
                                          Caravan's accept p99 at 200 msgs/s by 1-3 ms (bench/RESULTS.md)
  compare_tool.py machine ROOT...         three numbers: the time, CPU seconds the whole machine has been busy (/proc/stat), CPU
                                          seconds used so far by user processes outside the trees of ROOT... (what
                                          else ran on the machine: a build, a CI job); take differences over a run
  compare_tool.py report TSV [--md FILE]  the results table, ratios Caravan/Postfix per pair and medians
"""
import os
import signal
import socket
import statistics
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def stat_of(pid):
    """(ppid, utime+stime+cutime+cstime in ticks) from /proc/PID/stat, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    rest = s[s.rindex(")") + 2:].split()  # fields from 3 (state) on; the name may hold spaces and ')'
    ppid = int(rest[1])
    ticks = sum(int(rest[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime (fields 14-17)
    return ppid, ticks


def tree(root):
    """root and every live descendant."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = stat_of(int(name))
            if st:
                children.setdefault(st[0], []).append(int(name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def roots(arg):
    """A comma-separated list of process ids: a server made of more than one process tree."""
    return [int(x) for x in arg.split(",") if x]


def cpu_seconds(roots_):
    total = 0
    for p in (p for r in roots_ for p in tree(r)):
        st = stat_of(p)
        if st:
            total += st[1]
    return total / TICKS


def machine(roots):
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    busy = sum(v[:8]) - v[3] - v[4]  # user nice system idle iowait irq softirq steal: all but idle and iowait
    ours = set()
    for r in roots:
        ours.update(tree(r))
    other = 0
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in ours or int(name) == 2:
            continue
        st = stat_of(int(name))
        if st and st[0] != 2:  # not a kernel thread
            other += st[1]
    return busy / TICKS, other / TICKS


def memory_kb(pid, with_pss=True):
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                    break
        if not with_pss:
            return rss, 0
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        pass
    return rss, pss


def peak(roots_, out, interval, max_seconds, with_pss=True):
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    best_rss = best_pss = 0
    deadline = time.monotonic() + max_seconds
    while not stop[0] and time.monotonic() < deadline:
        rss = pss = 0
        for p in (p for r in roots_ for p in tree(r)):
            r, s = memory_kb(p, with_pss)
            rss += r
            pss += s
        best_rss, best_pss = max(best_rss, rss), max(best_pss, pss)
        time.sleep(interval)
    with open(out + ".tmp", "w") as f:
        f.write(f"{best_rss} {best_pss if with_pss else '-'}\n")
    os.replace(out + ".tmp", out)


def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


# ---------------------------------------------------------------- report

COLUMNS = ["scenario", "pair", "server", "tool", "size", "sessions", "per_conn", "messages", "rc",
           "accept_s", "deliver_s", "delivered", "cpu_s", "rss_kb", "pss_kb", "p50_ms", "p99_ms", "busy_pct", "other_cpu_s"]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def load_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            vals = line.rstrip("\n").split("\t")
            r = dict(zip(COLUMNS, vals))
            m = num(r["messages"])
            acc, dl = num(r["accept_s"]), num(r["deliver_s"])
            delivered = num(r["delivered"])
            r["accept_rate"] = m / acc if acc and r["rc"] == "0" else None
            r["e2e_rate"] = m / dl if dl and delivered is not None and delivered >= m else None
            cpu = num(r["cpu_s"])
            r["cpu_ms"] = 1000 * cpu / m if cpu is not None and m else None
            r["p50"], r["p99"] = num(r["p50_ms"]), num(r["p99_ms"])
            rows.append(r)
    return rows


def report(path):
    rows = load_rows(path)
    out = []
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    out.append("| scenario | pair | server | accepted msgs/s | delivered msgs/s (end to end) | CPU ms/msg | peak RSS MB | peak PSS MB | accept p50 ms | accept p99 ms | notes |")
    out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        notes = []
        if r["rc"] != "0":
            notes.append(f"load generator exit {r['rc']}")
        if num(r["delivered"]) is not None and num(r["delivered"]) < num(r["messages"]):
            notes.append(f"only {r['delivered']} delivered")
        notes.append(f"machine {r['busy_pct']}% busy, other processes {r['other_cpu_s']} CPU s")
        out.append(f"| {r['scenario']} | {r['pair']} | {r['server']} | {fmt(r['accept_rate'])} | {fmt(r['e2e_rate'])} | "
                   f"{fmt(r['cpu_ms'], 2)} | {fmt(num(r['rss_kb']) / 1024 if num(r['rss_kb']) else None)} | "
                   f"{fmt(num(r['pss_kb']) / 1024 if num(r['pss_kb']) else None)} | {fmt(r['p50'], 1)} | {fmt(r['p99'], 1)} | {'; '.join(notes)} |")
    out.append("")
    out.append("Ratios Caravan / Postfix per pair (msgs/s: higher is better for Caravan; CPU per message and p99: lower is better for Caravan):")
    out.append("")
    out.append("| scenario | pair | accepted msgs/s | delivered msgs/s | CPU per msg | peak PSS | accept p99 |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    summary = []
    for sc in scenarios:
        pairs = sorted({r["pair"] for r in rows if r["scenario"] == sc}, key=int)
        cols = {k: [] for k in ("accept_rate", "e2e_rate", "cpu_ms", "pss_kb", "p99")}
        for p in pairs:
            c = next((r for r in rows if r["scenario"] == sc and r["pair"] == p and r["server"] == "caravan"), None)
            x = next((r for r in rows if r["scenario"] == sc and r["pair"] == p and r["server"] == "postfix"), None)
            if not c or not x:
                continue
            vals = {}
            for k in cols:
                a = c[k] if k != "pss_kb" else num(c[k])
                b = x[k] if k != "pss_kb" else num(x[k])
                vals[k] = ratio(a, b)
                if vals[k] is not None:
                    cols[k].append(vals[k])
            out.append(f"| {sc} | {p} | {fmt(vals['accept_rate'], 2)} | {fmt(vals['e2e_rate'], 2)} | {fmt(vals['cpu_ms'], 2)} | "
                       f"{fmt(vals['pss_kb'], 2)} | {fmt(vals['p99'], 2)} |")
        med = {k: statistics.median(v) if v else None for k, v in cols.items()}
        out.append(f"| **{sc}** | **median** | **{fmt(med['accept_rate'], 2)}** | **{fmt(med['e2e_rate'], 2)}** | "
                   f"**{fmt(med['cpu_ms'], 2)}** | **{fmt(med['pss_kb'], 2)}** | **{fmt(med['p99'], 2)}** |")
        summary.append((sc, med))
    out.append("")
    out.append("Medians per server:")
    out.append("")
    out.append("| scenario | server | accepted msgs/s | delivered msgs/s | CPU ms/msg | peak PSS MB | accept p50 ms | accept p99 ms |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for sc in scenarios:
        for server in ("caravan", "postfix"):
            rs = [r for r in rows if r["scenario"] == sc and r["server"] == server]
            def med(key, scale=1.0):
                v = [r[key] if key not in ("pss_kb",) else num(r[key]) for r in rs]
                v = [x * scale for x in v if x is not None]
                return statistics.median(v) if v else None
            out.append(f"| {sc} | {server} | {fmt(med('accept_rate'))} | {fmt(med('e2e_rate'))} | {fmt(med('cpu_ms'), 2)} | "
                       f"{fmt(med('pss_kb', 1 / 1024))} | {fmt(med('p50'), 1)} | {fmt(med('p99'), 1)} |")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd = argv[1]
    if cmd == "ports":
        print("\n".join(str(p) for p in free_ports(int(argv[2]))))
    elif cmd == "cpu":
        print(f"{cpu_seconds(roots(argv[2])):.2f}")
    elif cmd == "peak":
        interval, max_seconds, with_pss = 0.2, 900.0, True
        rest = argv[4:]
        while rest:
            if rest[0] == "--rss-only":
                with_pss, rest = False, rest[1:]
                continue
            if rest[0] == "--interval":
                interval = float(rest[1])
            elif rest[0] == "--max-seconds":
                max_seconds = float(rest[1])
            else:
                sys.exit(f"unknown option {rest[0]}")
            rest = rest[2:]
        peak(roots(argv[2]), argv[3], interval, max_seconds, with_pss)
    elif cmd == "machine":
        busy, other = machine([int(a) for a in argv[2:]])
        print(f"{time.time():.3f} {busy:.2f} {other:.2f}")
    elif cmd == "report":
        text = report(argv[2])
        sys.stdout.write(text)
        if len(argv) > 4 and argv[3] == "--md":
            with open(argv[4], "a") as f:
                f.write(text)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
