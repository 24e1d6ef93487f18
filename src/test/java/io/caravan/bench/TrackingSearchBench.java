// Fills a tracking store with realistic events and times the searches an operator makes (run by bench/tracking-search.sh).
package io.caravan.bench;

import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingEvent.Type;
import io.caravan.tracking.TrackingQuery;
import io.caravan.tracking.TrackingStore;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Messages arrive over 30 days from 2,000 senders and 500 client addresses to 1 to 3 of 10,000 recipients; each
 * has 3 to 6 events (received, routed, delivered; some deferred first; 3% fail and cause a DSN, which is received
 * and delivered in turn; 5% of transactions are refused in the dialogue). Events go in as the recorder writes them,
 * in batches of 1,000 per transaction. Then each search runs N times on different keys; median and worst are printed.
 *
 * <p>Arguments: events (1000000), runs (21), directory (target/tracking-bench, emptied first).
 */
public final class TrackingSearchBench {

    static final int RECIPIENTS = 10_000;
    static final int SENDERS = 2_000;
    static final int CLIENTS = 500;
    static final Instant START = Instant.parse("2026-11-04T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(30);

    private final Random random = new Random(2026);
    private final List<String> queueIds = new ArrayList<>();
    private final List<String> messageIds = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/tracking-bench");
        new TrackingSearchBench().run(events, runs, dir);
    }

    private void run(int total, int runs, Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        System.out.printf("Filling %s with %,d events (%,d recipients, %,d senders, %,d client addresses, over %d days)%n",
                dir, total, RECIPIENTS, SENDERS, CLIENTS, SPAN.toDays());
        TrackingStore store = TrackingStore.open(dir);
        long cpu0 = processCpu();
        long wall0 = System.nanoTime();
        List<TrackingEvent> batch = new ArrayList<>(1000);
        int written = 0;
        long step = SPAN.toNanos() / (total / 4);
        Instant t = START;
        while (written < total) {
            t = t.plusNanos(random.nextLong(step * 2));
            for (TrackingEvent e : message(t)) {
                batch.add(e);
                if (batch.size() == 1000) {
                    store.insert(batch);
                    written += batch.size();
                    batch.clear();
                    if (written % 100_000 == 0) {
                        System.out.printf("  %,d events, %.0f s%n", written, (System.nanoTime() - wall0) / 1e9);
                    }
                }
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (processCpu() - cpu0) / 1e9;
        System.out.printf("Insert: %,d events in %.1f s wall, %.1f s CPU (all threads): %,.0f events/s wall, %,.0f events per CPU second%n",
                written, wall, cpu, written / wall, written / cpu);
        store.close();
        long wallOpen = System.nanoTime();
        store = TrackingStore.open(dir);
        System.out.printf("Store: %,d MB on disk; reopening took %.2f s%n", size(dir) / 1_000_000, (System.nanoTime() - wallOpen) / 1e9);

        System.out.printf("%nSearch (%d runs each, different keys, limit 100, newest first): median / worst, ms%n", runs);
        time(store, runs, "recipient", i -> query().recipient(Optional.of(recipient(random.nextInt(RECIPIENTS)).toUpperCase())));
        time(store, runs, "recipient + last 7 days", i -> query().recipient(Optional.of(recipient(random.nextInt(RECIPIENTS))))
                .start(Optional.of(START.plus(SPAN).minus(Duration.ofDays(7)))));
        time(store, runs, "sender", i -> query().sender(Optional.of(sender(random.nextInt(SENDERS)))));
        time(store, runs, "message id", i -> query().messageId(Optional.of(messageIds.get(random.nextInt(messageIds.size())))));
        time(store, runs, "queue id", i -> query().queueId(Optional.of(queueIds.get(random.nextInt(queueIds.size())))));
        time(store, runs, "client ip", i -> query().clientIp(Optional.of(client(random.nextInt(CLIENTS)))));
        time(store, runs, "event FAILED", i -> query().events(Set.of(Type.FAILED)));
        time(store, runs, "event DELIVERED (a third of all)", i -> query().events(Set.of(Type.DELIVERED)));
        time(store, runs, "one day, no other filter", i -> query().start(Optional.of(START.plus(Duration.ofDays(1 + random.nextInt(28)))))
                .end(Optional.of(START.plus(Duration.ofDays(2 + random.nextInt(28))))));
        time(store, runs, "everything (latest 100)", i -> query());
        time(store, runs, "sender + recipient", i -> query().sender(Optional.of(sender(random.nextInt(SENDERS))))
                .recipient(Optional.of(recipient(random.nextInt(RECIPIENTS)))));
        List<Long> timeline = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = queueIds.get(random.nextInt(queueIds.size()));
            long t0 = System.nanoTime();
            store.timeline(id).orElseThrow();
            timeline.add(System.nanoTime() - t0);
        }
        print("timeline of a message", timeline, -1);
        store.close();
    }

    /** A mutable query under construction, for the bench only. */
    private static final class Q {
        Optional<String> queueId = Optional.empty(), messageId = Optional.empty(), sender = Optional.empty(),
                recipient = Optional.empty(), clientIp = Optional.empty();
        Set<Type> events = Set.of();
        Optional<Instant> start = Optional.empty(), end = Optional.empty();

        Q queueId(Optional<String> v) { queueId = v; return this; }
        Q messageId(Optional<String> v) { messageId = v; return this; }
        Q sender(Optional<String> v) { sender = v; return this; }
        Q recipient(Optional<String> v) { recipient = v; return this; }
        Q clientIp(Optional<String> v) { clientIp = v; return this; }
        Q events(Set<Type> v) { events = v; return this; }
        Q start(Optional<Instant> v) { start = v; return this; }
        Q end(Optional<Instant> v) { end = v; return this; }

        TrackingQuery build() {
            if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
                end = Optional.of(start.get().plus(Duration.ofDays(1)));
            }
            return new TrackingQuery(queueId, messageId, sender, recipient, events, clientIp, start, end, TrackingQuery.DEFAULT_LIMIT);
        }
    }

    private static Q query() {
        return new Q();
    }

    private void time(TrackingStore store, int runs, String what, IntFunction<Q> queries) throws Exception {
        List<Long> nanos = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < runs; i++) {
            TrackingQuery q = queries.apply(i).build();
            long t0 = System.nanoTime();
            found += store.search(q).events().size();
            nanos.add(System.nanoTime() - t0);
        }
        print(what, nanos, found / runs);
    }

    private static void print(String what, List<Long> nanos, int found) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  %-34s %8.1f / %8.1f%s%n", what, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6,
                found < 0 ? "" : "   (" + found + " events per search on average)");
        Arrays.fill(sorted, 0);
    }

    private List<TrackingEvent> message(Instant t) {
        String queueId = "MI" + Long.toString(t.toEpochMilli(), 36).toUpperCase() + Integer.toString(random.nextInt(1296), 36).toUpperCase();
        String messageId = Long.toHexString(random.nextLong()) + "@" + "host" + random.nextInt(50) + ".example.com";
        String sender = sender(random.nextInt(SENDERS));
        String client = client(random.nextInt(CLIENTS));
        List<String> rcpts = new ArrayList<>();
        for (int n = 1 + (random.nextInt(10) == 0 ? 2 : random.nextInt(4) == 0 ? 1 : 0); rcpts.size() < n; ) {
            String r = recipient(random.nextInt(RECIPIENTS));
            if (!rcpts.contains(r)) {
                rcpts.add(r);
            }
        }
        List<TrackingEvent> events = new ArrayList<>();
        if (random.nextInt(20) == 0) {
            events.add(new TrackingEvent(t, Type.REFUSED, "", "", sender, rcpts.subList(0, 1), client,
                    details("phase", "rcpt", "connector", "default", "reply", "550 5.7.1 <" + rcpts.get(0) + ">: Relay access denied")));
            return events;
        }
        queueIds.add(queueId);
        messageIds.add(messageId);
        String host = "mx" + random.nextInt(3) + ".example.org[192.0.2." + random.nextInt(250) + "]:25";
        events.add(new TrackingEvent(t, Type.RECEIVED, queueId, messageId, sender, rcpts, client,
                details("connector", "default", "size", Integer.toString(2000 + random.nextInt(100_000)), "tlsIn", "TLSv1.3 TLS_AES_256_GCM_SHA384")));
        events.add(new TrackingEvent(t.plusMillis(3), Type.ROUTED, queueId, messageId, sender, rcpts, client,
                details("connector", "internet", "nextHop", "example.org")));
        Instant at = t.plusMillis(40);
        if (random.nextInt(10) == 0) {
            events.add(new TrackingEvent(at, Type.DEFERRED, queueId, messageId, sender, rcpts, client,
                    details("host", host, "reply", "451 4.7.1 Greylisted, try again later", "nextAttempt", at.plusSeconds(60).toString())));
            at = at.plusSeconds(61);
        }
        if (random.nextInt(33) == 0) {
            String dsn = queueId + "D";
            events.add(new TrackingEvent(at, Type.FAILED, queueId, messageId, sender, rcpts, client,
                    details("host", host, "reply", "550 5.1.1 <" + rcpts.get(0) + ">: Recipient address rejected: User unknown")));
            events.add(new TrackingEvent(at.plusMillis(2), Type.DSN_SENT, queueId, messageId, sender, rcpts, client,
                    details("action", "failed", "dsnId", dsn)));
            events.add(new TrackingEvent(at.plusMillis(3), Type.RECEIVED, dsn, dsn + "@caravan.example.com", "", List.of(sender), "",
                    details("reportsOn", queueId, "size", "3100")));
            events.add(new TrackingEvent(at.plusMillis(50), Type.DELIVERED, dsn, dsn + "@caravan.example.com", "", List.of(sender), "",
                    details("host", "mailbox.example.com[10.0.0.5]:25", "reply", "250 2.0.0 Ok: queued")));
            queueIds.add(dsn);
        } else {
            events.add(new TrackingEvent(at, Type.DELIVERED, queueId, messageId, sender, rcpts, client,
                    details("host", host, "reply", "250 2.0.0 Ok: queued as " + Long.toHexString(random.nextLong()).toUpperCase(),
                            "tlsOut", "TLSv1.3 TLS_AES_256_GCM_SHA384", "arrival", t.toString())));
        }
        return events;
    }

    private static Map<String, String> details(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String recipient(int i) {
        return "user" + i + "@" + (i % 10 == 0 ? "example.com" : "dept" + (i % 7) + ".example.org");
    }

    private static String sender(int i) {
        return "Sender" + i + "@partner" + (i % 40) + ".example.net";
    }

    private static String client(int i) {
        return "198.51." + (100 + i / 250) + "." + (i % 250);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long size(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
