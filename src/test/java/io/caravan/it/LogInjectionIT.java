// A client cannot write lines of its own into Caravan's log: what it sends is escaped wherever it is logged.
package io.caravan.it;

import io.caravan.testing.SmtpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the packaged jar, because what matters is what an administrator's console and log files show. */
class LogInjectionIT {

    private static final String FORGED = "2026-12-04 18:00:00,000 ERROR [io.caravan.queue] (main) disk failure, all mail lost";

    private Process caravan;

    @AfterEach
    void stop() {
        if (caravan != null) {
            caravan.destroyForcibly();
        }
    }

    @Test
    void anAuthUserNameWithALineFeedAndAnEscapeStaysOnItsOwnLogLine() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "loginjection-");
        int submission = PackagedCaravan.freePort();
        Path log = dataDir.resolve("caravan.log");
        caravan = PackagedCaravan.start(List.of(
                "-Dcaravan.data-dir=" + dataDir.toAbsolutePath(),
                "-Dcaravan.auth.users-file=" + MailWorld.writeUsers(dataDir),
                "-Dcaravan.receive-connectors.default.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.port=" + submission,
                "-Dquarkus.http.port=0"), log);
        PackagedCaravan.awaitListening(submission, caravan);
        String user = "mallory\n" + FORGED + "\u001b[8m";
        try (SmtpTestClient c = SmtpTestClient.connect(submission)) {
            c.greeting();
            c.command("EHLO client.test");
            c.startTls();
            c.command("EHLO client.test");
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0wrong").getBytes(StandardCharsets.UTF_8));
            assertEquals(535, c.command("AUTH PLAIN " + plain).code());
        }
        String printed = Await.until(() -> {
            try {
                String text = Files.readString(log);
                return text.contains("AUTH failure") ? text : null;
            } catch (java.io.IOException e) {
                return null;
            }
        }, java.time.Duration.ofSeconds(30), "the AUTH failure in the log");
        assertFalse(printed.lines().anyMatch(l -> l.startsWith(FORGED)), printed);
        assertFalse(printed.contains("\u001b[8m"), "a terminal escape reached the log");
        assertTrue(printed.contains("user mallory\\x0a" + FORGED + "\\x1b[8m)"), printed);
    }
}
