// SIGTERM as Kubernetes sends it: new clients get 421 4.3.2, a transaction in flight finishes, nothing is left half-done.
package io.caravan.it;

import io.caravan.testing.RecordingSmtpServer;
import io.caravan.testing.SmtpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class GracefulShutdownIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void onSigtermNewClientsGet421AndTheMessageInFlightIsQueuedThenDelivered() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "sigterm-");
        int smtpPort = PackagedCaravan.freePort();
        int nextHopPort = PackagedCaravan.freePort(); // down while the first instance runs: the message stays queued
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

        SmtpTestClient inFlight = SmtpTestClient.connect(smtpPort, Duration.ofSeconds(60));
        assertEquals(220, inFlight.greeting().code());
        assertEquals(250, inFlight.command("EHLO client.test").code());
        assertEquals(250, inFlight.command("MAIL FROM:<sender@origin.test>").code());
        assertEquals(250, inFlight.command("RCPT TO:<rcpt@far.test>").code());
        assertEquals(354, inFlight.command("DATA").code());
        inFlight.send("Subject: in flight\r\nMessage-ID: <sigterm@origin.test>\r\n\r\nhalf of it");

        SmtpTestClient idle = SmtpTestClient.connect(smtpPort, Duration.ofSeconds(60));
        assertEquals(250, idle.command("EHLO idle.test").code());

        first.destroy(); // SIGTERM

        assertTrue(idle.readReply().last().startsWith("421 4.3.2 "), "a session between transactions ends at once");
        idle.close();

        String refused = Await.until(() -> {
            try (Socket s = new Socket("127.0.0.1", smtpPort)) {
                s.setSoTimeout(10_000);
                String line = new String(s.getInputStream().readNBytes(60), StandardCharsets.US_ASCII);
                return line.startsWith("421") ? line : null;
            } catch (IOException e) {
                return null; // not yet draining, or already closed
            }
        }, Duration.ofSeconds(20), "a new connection to be answered 421");
        assertTrue(refused.startsWith("421 4.3.2 "), refused);

        inFlight.send(" and the rest\r\n.\r\n");
        SmtpTestClient.Reply queued = inFlight.readReply();
        assertTrue(queued.last().startsWith("250 2.0.0 Ok: queued as"), queued.text());
        assertTrue(inFlight.readReply().last().startsWith("421 4.3.2 "), "the session ends once its transaction is done");
        assertTrue(inFlight.isClosedByServer(Duration.ofSeconds(20)));
        inFlight.close();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "Caravan exits after the drain");

        try (RecordingSmtpServer nextHop = RecordingSmtpServer.start(nextHopPort)) {
            Process second = start(config, dataDir.resolve("second.log"));
            RecordingSmtpServer.Received got = nextHop.awaitMessage(Duration.ofSeconds(60));
            assertEquals(List.of("rcpt@far.test"), got.rcptTo());
            assertTrue(new String(got.data(), StandardCharsets.US_ASCII).endsWith("half of it and the rest\r\n"));
            second.destroy();
        }
    }

    private Process start(List<String> config, Path log) throws IOException {
        Process p = PackagedCaravan.start(config, log);
        processes.add(p);
        return p;
    }
}
