// The world of the several-instances tests: one real Artemis broker, packaged Caravan instances on it, one next hop.
package io.caravan.it;

import io.caravan.mail.CaravanHeaders;
import io.caravan.queue.QueueNames;
import io.caravan.testing.RecordingSmtpServer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each instance has its own data directory and ports and shares only the broker, as in production; the
 * next hop (a smarthost send connector to a recording SMTP server) tells which Message-IDs arrived and how
 * often. {@link #close} kills every process it started.
 */
final class SeveralInstances implements AutoCloseable {

    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <([^>]+)>");

    final ExternalArtemis broker;
    final RecordingSmtpServer nextHop;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    private SeveralInstances(Path dir, ExternalArtemis broker, RecordingSmtpServer nextHop) {
        this.dir = dir;
        this.broker = broker;
        this.nextHop = nextHop;
    }

    /** Creates and starts the broker, and the next hop. */
    static SeveralInstances start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("target"), "several-");
        ExternalArtemis broker = ExternalArtemis.create(dir.resolve("broker"));
        broker.start();
        return new SeveralInstances(dir, broker, RecordingSmtpServer.start());
    }

    /** Starts one instance per name, all at once, and returns their SMTP ports once each listens. */
    List<Integer> startInstances(String... names) throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        for (String name : names) {
            int smtpPort = PackagedCaravan.freePort();
            List<String> config = new ArrayList<>(List.of(
                    "-Dcaravan.hostname=" + name + ".caravan.test",
                    "-Dcaravan.data-dir=" + dir.resolve(name).toAbsolutePath(),
                    "-Dcaravan.receive-connectors.default.port=" + smtpPort,
                    "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                    "-Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8",
                    "-Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:" + nextHop.port(),
                    "-Dquarkus.http.port=0"));
            config.addAll(broker.caravanConfig());
            Process p = PackagedCaravan.start(config, dir.resolve(name + ".log"));
            processes.add(p);
            started.add(p);
            ports.add(smtpPort);
        }
        for (int i = 0; i < ports.size(); i++) {
            PackagedCaravan.awaitListening(ports.get(i), started.get(i));
        }
        return ports;
    }

    /** SIGKILL to the i-th instance started. */
    void killInstance(int i) throws InterruptedException {
        processes.get(i).destroyForcibly().waitFor();
    }

    /** Waits until every accepted Message-ID reached the next hop; returns how often each arrived. */
    Map<String, Integer> awaitDelivered(Set<String> accepted) {
        try {
            return Await.until(() -> {
                Map<String, Integer> seen = deliveredCounts();
                return seen.keySet().containsAll(accepted) ? seen : null;
            }, Duration.ofSeconds(90), accepted.size() + " accepted messages delivered");
        } catch (AssertionError e) {
            Map<String, Integer> seen = deliveredCounts();
            throw new AssertionError(e.getMessage() + "; missing: "
                    + accepted.stream().filter(id -> !seen.containsKey(id)).limit(20).toList() + "; on caravan.poison: " + poisoned(), e);
        }
    }

    /** Message-ID and reason of each copy on the broker's poison queue: none, when no stage failed. */
    List<String> poisoned() {
        try (ActiveMQConnectionFactory cf = broker.connectionFactory()) {
            return Queues.all(cf, QueueNames.POISON).stream()
                    .map(p -> p.get(CaravanHeaders.MESSAGE_ID) + " (" + p.getOrDefault(CaravanHeaders.POISON_REASON, "moved by the broker") + ")")
                    .toList();
        }
    }

    private Map<String, Integer> deliveredCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (RecordingSmtpServer.Received r : nextHop.received()) {
            Matcher m = MESSAGE_ID.matcher(r.text());
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    static int duplicates(Map<String, Integer> delivered) {
        return delivered.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** One line on stdout with the figures bench/RESULTS.md quotes. */
    static void report(String scenario, SmtpLoad load, Map<String, Integer> delivered) {
        System.out.printf("%s: accepted %d, delivered %d distinct, duplicates %d (%.3f %%), replies %s%n",
                scenario, load.acceptedCount(), delivered.size(), duplicates(delivered),
                100.0 * duplicates(delivered) / load.acceptedCount(), load.replyKinds());
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor();
        }
        nextHop.close();
        broker.close();
    }
}
