// Several SMTP clients sending numbered messages to several Caravan instances at once, recording every reply.
package io.caravan.it;

import io.caravan.testing.SmtpTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Each client thread connects to the instances in turn, sends up to {@code perConnection} messages on a
 * connection, and reconnects after any failure (an instance killed under it, a 421): a failed send is
 * recorded, never retried, so a Message-ID is sent once. What the tests judge: which Message-IDs got
 * 250 ({@link #accepted}), and every reply with when its transaction began and ended ({@link #outcomes}).
 */
final class SmtpLoad implements AutoCloseable {

    /** One transaction: the instance's port, the final reply (or the failure), and when it began and ended. */
    record Outcome(String messageId, int port, String reply, long beganNanos, long endedNanos) {
        boolean accepted() {
            return reply.startsWith("250 ");
        }
    }

    private final List<Integer> ports;
    private final int perConnection;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private SmtpLoad(List<Integer> ports, int perConnection) {
        this.ports = List.copyOf(ports);
        this.perConnection = perConnection;
    }

    /** Starts {@code clients} threads sending to the instances listening on {@code ports}. */
    static SmtpLoad start(int clients, int perConnection, List<Integer> ports) {
        SmtpLoad load = new SmtpLoad(ports, perConnection);
        for (int i = 0; i < clients; i++) {
            int first = i;
            Thread t = new Thread(() -> load.run(first), "smtp-load-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private void run(int client) {
        for (int connection = client; running; connection++) {
            int port = ports.get(connection % ports.size());
            try (SmtpTestClient c = SmtpTestClient.connect(port, Duration.ofSeconds(60))) {
                for (int i = 0; i < perConnection && running; i++) {
                    if (!send(c, port)) {
                        break;
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                // could not connect (the instance is dead): try the next one
            }
        }
    }

    /** One transaction; false when the connection is no good any more. */
    private boolean send(SmtpTestClient c, int port) {
        String id = "load-" + next.incrementAndGet() + "@load.test";
        byte[] body = ("Subject: load\r\nMessage-ID: <" + id + ">\r\n\r\nOne of many.\r\n").getBytes(StandardCharsets.US_ASCII);
        long began = System.nanoTime();
        String reply;
        boolean usable = true;
        try {
            reply = c.trySendMessage("sender@origin.test", List.of("rcpt@far.test"), body).last();
            usable = !reply.startsWith("421");
        } catch (RuntimeException | AssertionError e) {
            reply = "failed: " + e.getMessage();
            usable = false;
        }
        Outcome o = new Outcome(id, port, reply, began, System.nanoTime());
        outcomes.add(o);
        if (o.accepted()) {
            accepted.add(id);
        }
        return usable;
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    int acceptedCount() {
        return accepted.size();
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** How many transactions ended with each kind of reply (its first 9 characters: "250 2.0.0", "451 4.3.0"...). */
    Map<String, Long> replyKinds() {
        return outcomes.stream().collect(Collectors.groupingBy(o -> o.reply().substring(0, Math.min(9, o.reply().length())),
                Collectors.counting()));
    }

    /** Stops sending and waits for the transactions in flight to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(90).toMillis());
        }
    }
}
