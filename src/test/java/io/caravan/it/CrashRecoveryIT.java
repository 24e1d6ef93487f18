// Runs the packaged jar as an administrator would, kills it with SIGKILL, restarts it: nothing accepted is lost.
package io.caravan.it;

import io.caravan.testing.RecordingSmtpServer;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DESIGN.md invariant 1: 250 means durable. A message is accepted while its next hop is down,
 * the process is killed without any shutdown (SIGKILL), the next hop comes up, Caravan is started
 * again on the same data directory, and the message arrives with its exact bytes.
 */
class CrashRecoveryIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void messageAcceptedBeforeAKillIsDeliveredAfterRestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-");
        int smtpPort = PackagedCaravan.freePort();
        int nextHopPort = PackagedCaravan.freePort(); // nothing listens there yet: the next hop is down
        List<String> config = List.of(
                "-Dcaravan.hostname=caravan.test",
                "-Dcaravan.data-dir=" + dataDir.toAbsolutePath(),
                "-Dcaravan.receive-connectors.default.port=" + smtpPort,
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8",
                "-Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:" + nextHopPort,
                "-Dcaravan.delivery.retry=2s",
                "-Dquarkus.http.port=0");

        Process first = start(config, dataDir.resolve("first.log"));
        PackagedCaravan.awaitListening(smtpPort, first);
        byte[] body = "Subject: survive\r\nMessage-ID: <crash@origin.test>\r\n\r\nI was accepted before the crash.\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort)) {
            SmtpTestClient.Reply reply = c.sendMessage("sender@origin.test", List.of("rcpt@far.test"), body);
            assertTrue(reply.last().startsWith("250 2.0.0 Ok: queued as"), reply.text());
        }
        // in the middle of the retry schedule: the first attempt failed and the copy waits for its next one
        Path tracking = dataDir.resolve("tracking.log");
        Await.until(() -> {
            try {
                return TrackingLog.read(tracking).stream().anyMatch(e -> "DEFERRED".equals(e.getString("event")));
            } catch (RuntimeException e) { // a line being written
                return false;
            }
        }, Duration.ofSeconds(30), "the first attempt to be deferred");
        first.destroyForcibly().waitFor();

        try (RecordingSmtpServer nextHop = RecordingSmtpServer.start(nextHopPort)) {
            Process second = start(config, dataDir.resolve("second.log"));
            RecordingSmtpServer.Received got = nextHop.awaitMessage(Duration.ofSeconds(60));
            assertEquals("sender@origin.test", got.mailFrom());
            assertEquals(List.of("rcpt@far.test"), got.rcptTo());
            String data = new String(got.data(), StandardCharsets.US_ASCII);
            assertTrue(data.startsWith("Received: from "), data);
            assertTrue(data.endsWith("\r\n" + new String(body, StandardCharsets.US_ASCII)), data);
            second.destroy();
        }
    }

    @Test
    void withTheBrokerUnavailableTheClientGets451Never250() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "nobroker-");
        int smtpPort = PackagedCaravan.freePort();
        Process p = start(List.of(
                "-Dcaravan.hostname=caravan.test",
                "-Dcaravan.data-dir=" + dataDir.toAbsolutePath(),
                "-Dcaravan.broker.url=tcp://127.0.0.1:" + PackagedCaravan.freePort(), // nothing listens: the broker is down
                "-Dcaravan.receive-connectors.default.port=" + smtpPort,
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dquarkus.http.port=0"), dataDir.resolve("caravan.log"));
        PackagedCaravan.awaitListening(smtpPort, p);
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort, Duration.ofSeconds(60))) {
            SmtpTestClient.Reply reply = c.sendMessage("sender@origin.test", List.of("user@example.com"),
                    "Subject: nowhere to go\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("451 4.3.0 Temporary failure, message not queued; try again later", reply.last());
            assertEquals(250, c.command("NOOP").code(), "the session survives the failure");
        }
    }

    private Process start(List<String> config, Path log) throws IOException {
        Process p = PackagedCaravan.start(config, log);
        processes.add(p);
        return p;
    }
}
