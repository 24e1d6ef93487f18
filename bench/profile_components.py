#!/usr/bin/env python3
# CPU per message by component, from async-profiler's collapsed stacks (bench/filter-throughput.sh with PROFILER).
#
# Usage: bench/profile_components.py FILE MESSAGES [INTERVAL_MS] [--top N]
#   FILE: collapsed stacks taken with "threads" (the thread name is the first frame); MESSAGES: messages relayed while
#   profiling; INTERVAL_MS: the sampling interval (default 1). --top N also prints each component's N hottest frames.
# A sample belongs to the component whose code is nearest the leaf: JDK frames (java/, jdk/, sun/) count for the
# caller that reached them, so a socket write under the SMTP server is "SMTP in", one under Angus Mail "SMTP out".
import collections
import sys

# first match wins, tested on each frame from the leaf upwards
FRAMES = [
    ("tracking index (H2)", ("org/h2/", "io/caravan/tracking/TrackingStore", "io/caravan/tracking/TrackingRecorder")),
    ("tracking log and logging", ("io/caravan/tracking/", "org/jboss/logmanager/", "org/jboss/logging/")),
    ("DKIM", ("io/caravan/dkim/", "io/caravan/signing/", "com/amazon/corretto/")),
    ("checks", ("io/caravan/check/", "io/caravan/filter/")),
    ("SMTP out", ("io/caravan/delivery/", "jakarta/mail/", "org/eclipse/angus/", "org/apache/camel/component/mail/")),
    ("JMS and journal", ("org/apache/activemq/", "jakarta/jms/", "org/apache/camel/component/jms/",
                         "org/springframework/", "io/caravan/queue/")),
    ("SMTP in", ("io/caravan/receive/", "io/vertx/", "io/netty/")),
    ("metrics", ("io/caravan/metrics/", "io/micrometer/")),
    ("CDI events (Arc)", ("io/quarkus/arc/",)),
    ("Camel routing and other Caravan stages", ("org/apache/camel/", "io/caravan/", "org/snakeyaml/")),
]
# when no frame says: the thread's name
THREADS = [
    ("JIT compiler", ("CompilerThre",)),
    ("GC and VM", ("GC Thread", "G1 ", "VM Thread", "VM Periodic")),
    ("SMTP in", ("vert.x-eventloop",)),
    ("JMS and journal", ("activemq",)),
    ("tracking index (H2)", ("caravan-tracking-store", "H2 ")),
]
ORDER = ["SMTP in", "checks", "Camel routing and other Caravan stages", "CDI events (Arc)", "JMS and journal", "DKIM",
         "SMTP out", "tracking log and logging", "tracking index (H2)", "metrics", "GC and VM", "JIT compiler",
         "other (JDK, unattributed)"]


def component(frames):
    for f in reversed(frames[1:]):
        for name, prefixes in FRAMES:
            if f.startswith(prefixes):
                return name, f
    for name, parts in THREADS:
        if any(p in frames[0] for p in parts):
            return name, frames[-1]
    return "other (JDK, unattributed)", frames[-1]


def main(argv):
    top = 0
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    path, messages = argv[1], int(argv[2])
    interval = float(argv[3]) if len(argv) > 3 else 1.0
    samples = collections.Counter()
    hot = collections.defaultdict(collections.Counter)
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, n = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        name, frame = component(stack.split(";"))
        samples[name] += int(n)
        hot[name][frame] += int(n)
    total = sum(samples.values())
    print(f"{total} samples, {messages} messages, {total * interval / messages:.2f} ms of CPU per message in all\n")
    print("| component | samples | share | CPU ms/msg |")
    print("|---|---|---|---|")
    for name in ORDER:
        n = samples.get(name, 0)
        print(f"| {name} | {n} | {100 * n / total:.1f}% | {n * interval / messages:.2f} |")
    for name in ORDER if top else []:
        print(f"\n{name}:")
        for f, n in hot[name].most_common(top):
            print(f"  {n:6d} {f}")


if __name__ == "__main__":
    main(sys.argv)
