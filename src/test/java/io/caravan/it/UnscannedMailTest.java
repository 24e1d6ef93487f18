// With on-failure accept and action strip: unscanned mail is delivered marked NOT scanned, and a blocked attachment is replaced.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@TestProfile(UnscannedMailTest.Profile.class)
class UnscannedMailTest {

    /** clamd's address is a port where nothing listens; unscanned mail is accepted; blocked attachments are stripped. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.checks.malware-filter.clamd.address", "127.0.0.1:" + closedPort(),
                    "caravan.checks.malware-filter.on-failure", "accept",
                    "caravan.checks.attachment-filter.action", "strip");
        }

        static int closedPort() {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Inject
    CamelContext camel;

    SmtpTestClient.Reply send(String rcpt, byte[] message) {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("inbound").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            return c.sendMessage("hello@good.test", List.of(rcpt), message);
        }
    }

    @Test
    void withClamdUnreachableMailIsDeliveredMarkedNotScannedAndRecorded() {
        byte[] message = MalwareScanningTest.withAttachment("unscanned", "a.txt", "text/plain", "hello".getBytes(StandardCharsets.US_ASCII));
        String id = RelayPipelineTest.queueId(send("unscanned@example.com", message));
        String stored = Await.until(() -> EmailAuthenticationTest.maildir("unscanned"), Duration.ofSeconds(30), "the unscanned message");
        assertTrue(stored.contains("\r\nX-Caravan-Malware: NOT scanned (cannot reach clamd at 127.0.0.1:"), stored);
        assertTrue(stored.endsWith(new String(message, StandardCharsets.US_ASCII)));
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "malware-filter", "unscanned", "tagged")),
                TrackingLog.events(id).toString());
    }

    @Test
    void aBlockedAttachmentIsStrippedAndTheRestDeliveredAsSent() {
        String exePart = "Content-Type: application/octet-stream; name=\"setup.exe\"\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n";
        String text = "Content-Type: text/plain; charset=utf-8\r\n\r\nThe installer is attached.\r\n";
        String original = MalwareScanningTest.HEADER + "Subject: installer\r\n\r\n--b1\r\n" + text + "--b1\r\n" + exePart + "--b1--\r\n";
        String id = RelayPipelineTest.queueId(send("stripped@example.com", original.getBytes(StandardCharsets.US_ASCII)));
        String stored = Await.until(() -> EmailAuthenticationTest.maildir("stripped"), Duration.ofSeconds(30), "the stripped message");
        assertTrue(stored.contains("\r\nX-Caravan-Attachment: stripped setup.exe (application/x-msdownload)\r\n"), stored);
        String expected = original.replace(exePart, "Content-Type: text/plain; charset=us-ascii\r\nContent-Disposition: inline\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\nCaravan removed the attachment setup.exe (application/x-msdownload): file name extension .exe.\r\n");
        assertTrue(stored.endsWith(expected), stored);
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "attachment-filter", "blocked", "tagged")),
                TrackingLog.events(id).toString());
    }
}
