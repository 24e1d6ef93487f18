// Disk full under the data directory: new mail gets 452 4.3.1, nothing accepted is lost, service resumes when space returns.
package io.caravan.it;

import io.caravan.testing.RecordingSmtpServer;
import io.caravan.testing.SmtpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar runs with its data directory on a 64 MiB tmpfs of its own (a private mount
 * namespace made with {@code unshare}, which needs no root), so the disk really fills: the broker
 * journal takes 20 MiB, each 4 MiB message held for a next hop that is down takes more, until
 * {@code min-free-disk} is reached. Then the next hop comes up, the queue drains, and new mail is
 * taken again.
 */
class DiskFullIT {

    private static final int MESSAGE_BYTES = 4 * 1024 * 1024;

    private Process caravan;

    @AfterEach
    void stop() {
        if (caravan != null) {
            caravan.destroyForcibly();
        }
    }

    @Test
    void aFullDiskGets452NothingAcceptedIsLostAndServiceResumesWhenSpaceReturns() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "diskfull-").toAbsolutePath();
        int smtp = PackagedCaravan.freePort();
        int nextHopPort = PackagedCaravan.freePort(); // down until the disk is full
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=64m tmpfs \"$0\" && exec \"$@\"", dataDir.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcaravan.hostname=caravan.test",
                "-Dcaravan.data-dir=" + dataDir,
                "-Dcaravan.back-pressure.min-free-disk=16M",
                "-Dcaravan.receive-connectors.default.port=" + smtp,
                "-Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8",
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:" + nextHopPort,
                "-Dcaravan.delivery.retry=1s",
                "-Dquarkus.http.port=0",
                "-jar", System.getProperty("caravan.jar", "target/quarkus-app/quarkus-run.jar")));
        Path log = Files.createTempFile(Path.of("target"), "diskfull-", ".log");
        caravan = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedCaravan.awaitListening(smtp, caravan);

        Set<String> accepted = new TreeSet<>();
        String refusal = null;
        for (int i = 0; i < 20 && refusal == null; i++) {
            SmtpTestClient.Reply reply = send(smtp, "full-" + i);
            if (reply.code() == 250) {
                accepted.add("full-" + i);
            } else {
                refusal = reply.last();
            }
        }
        assertTrue(refusal != null && refusal.startsWith("452 4.3.1 "), "expected 452 4.3.1 once the disk filled, got "
                + refusal + " after " + accepted.size() + " messages; log: " + Files.readString(log));
        assertTrue(accepted.size() >= 1, "some mail fits before the disk is full");

        try (RecordingSmtpServer nextHop = RecordingSmtpServer.start(nextHopPort)) {
            Set<String> delivered = Await.until(() -> {
                Set<String> ids = new TreeSet<>();
                nextHop.received().forEach(r -> ids.add(messageId(r.data())));
                return ids.containsAll(accepted) ? ids : null;
            }, Duration.ofSeconds(120), "every accepted message at the next hop");
            assertEquals(accepted, delivered, "each accepted message once, and none that was refused");
            String resumed = Await.until(() -> {
                SmtpTestClient.Reply r = send(smtp, "after");
                return r.code() == 250 ? r.last() : null;
            }, Duration.ofSeconds(60), "new mail accepted once the queue drained");
            assertTrue(resumed.startsWith("250 2.0.0 Ok: queued as"), resumed);
        }
    }

    private static SmtpTestClient.Reply send(int port, String id) {
        StringBuilder body = new StringBuilder("Subject: " + id + "\r\nMessage-ID: <" + id + "@disk.test>\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (body.length() < MESSAGE_BYTES) {
            body.append(line);
        }
        try (SmtpTestClient c = SmtpTestClient.connect(port, Duration.ofSeconds(60))) {
            return c.trySendMessage("sender@origin.test", List.of("rcpt@far.test"), body.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String messageId(byte[] data) {
        String text = new String(data, 0, Math.min(data.length, 4096), StandardCharsets.US_ASCII);
        int at = text.indexOf("Message-ID: <");
        return at < 0 ? "" : text.substring(at + 13, text.indexOf('@', at));
    }
}
