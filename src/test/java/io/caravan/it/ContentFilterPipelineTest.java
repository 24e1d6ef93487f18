// The content filter end to end: real SMTP in, a real rspamd beside Caravan, the reply before the 250 and the delivered bytes.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.RspamdProcess;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail from the internet arrives on connector "inbound" from hello@good.test (SPF and DMARC pass) for
 * accepted domain example.com, whose mailboxes are maildirs. The last test stops rspamd.
 */
@QuarkusTest
@TestProfile(ContentFilterProfile.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentFilterPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    CamelContext camel;

    private SmtpTestClient.Reply send(String from, String rcpt, String subject, String body) throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("inbound").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            SmtpTestClient.Reply reply = c.sendMessage(from, List.of(rcpt), message(from, subject, body));
            assertEquals(250, c.command("NOOP").code(), "the session goes on");
            return reply;
        }
    }

    private static byte[] message(String from, String subject, String body) {
        return ("From: <" + from + ">\r\nTo: someone@example.com\r\nSubject: " + subject + "\r\n"
                + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + Math.abs((subject + body).hashCode()) + "@good.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String delivered(String localPart) {
        return Await.until(() -> EmailAuthenticationTest.maildir(localPart), WAIT, "the message for " + localPart + " in the maildir");
    }

    /** The queue id of the last tracking event that passes {@code test}. */
    private static String lastQueueIdOf(Predicate<JsonObject> test, String what) {
        List<JsonObject> events = TrackingLog.all().stream().filter(test).toList();
        assertFalse(events.isEmpty(), "no tracking event " + what);
        return events.get(events.size() - 1).getString("queueId");
    }

    @Test
    @Order(1)
    void gtubeIsRefusedWith550BeforeThe250() throws IOException {
        SmtpTestClient.Reply r = send("hello@good.test", "gtube@example.com", "hello", RspamdProcess.GTUBE);
        assertEquals("550 5.7.1 Message refused as spam (SCL 9)", r.last(), r.text());
        String id = lastQueueIdOf(e -> TrackingLog.inspected(e, "content-filter", "spam", "refused") && "9".equals(e.getString("score"))
                && "SCL 9: rspamd 15.00/15.00 reject (GTUBE)".equals(e.getString("reason")), "of GTUBE refused");
        assertTrue(TrackingLog.events(id, "RECEIVED").isEmpty(), TrackingLog.events(id).toString());
    }

    @Test
    @Order(2)
    void aCleanMessageIsDeliveredWithTheSpamField() throws IOException {
        String queueId = RelayPipelineTest.queueId(send("hello@good.test", "clean@example.com", "lunch", "See you at noon."));
        String stored = delivered("clean");
        assertTrue(stored.matches("(?s).*\r\nX-Caravan-Spam: SCL=[0-2]; rules=0; rspamd=\\d\\.\\d\\d/15\\.00 \\(no action\\)\r\n.*"), stored);
        assertTrue(stored.contains("\r\nX-Spam-Status: No, score="), "rspamd's own field: " + stored);
        assertTrue(stored.contains("\r\nSubject: lunch\r\n"), stored);
        assertTrue(TrackingLog.events(queueId).stream().anyMatch(e -> TrackingLog.inspected(e, "content-filter", "clean", null)
                && e.containsKey("score")), TrackingLog.events(queueId).toString());
    }

    @Test
    @Order(2)
    void aVerdictFieldFromTheSenderIsRemovedAndOursStands() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("inbound").orElseThrow();
        byte[] forged = ("X-Caravan-Spam: SCL=-1; bypass=sender\r\nX-Caravan-Malware: clean (ClamAV)\r\n"
                + new String(message("hello@good.test", "trust me", "Nothing to see."), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            RelayPipelineTest.queueId(c.sendMessage("hello@good.test", List.of("forged@example.com"), forged));
        }
        String stored = delivered("forged");
        assertEquals(1, stored.split("\r\nX-Caravan-Spam: ", -1).length - 1 + (stored.startsWith("X-Caravan-Spam: ") ? 1 : 0), stored);
        assertFalse(stored.contains("bypass=sender"), stored);
        assertFalse(stored.contains("X-Caravan-Malware"), "no malware filter runs here, so the sender's claim is gone: " + stored);
    }

    @Test
    @Order(3)
    void aMessageOverTheTagThresholdIsDeliveredWithTheSubjectPrefix() throws IOException {
        String queueId = RelayPipelineTest.queueId(send("hello@good.test", "tagged@example.com", RspamdProcess.TAG_SUBJECT + " offer", "Buy now."));
        String stored = delivered("tagged");
        assertTrue(stored.contains("\r\nSubject: " + ContentFilterProfile.PREFIX + " " + RspamdProcess.TAG_SUBJECT + " offer\r\n"), stored);
        assertTrue(stored.matches("(?s).*\r\nX-Caravan-Spam: SCL=[5-6]; rules=0; rspamd=\\d\\.\\d\\d/15\\.00 \\(add header\\)\r\n.*"), stored);
        assertTrue(stored.endsWith("\r\n\r\nBuy now.\r\n"), "the body as sent: " + stored);
        assertTrue(TrackingLog.events(queueId).stream().anyMatch(e -> TrackingLog.inspected(e, "content-filter", "spam", "tagged")),
                TrackingLog.events(queueId).toString());
    }

    @Test
    @Order(4)
    void anAllowListedSenderBypassesTheFilter() throws IOException {
        RelayPipelineTest.queueId(send(ContentFilterProfile.ALLOWED_SENDER, "friend@example.com", "hello", RspamdProcess.GTUBE));
        String stored = delivered("friend");
        assertTrue(stored.contains("\r\nX-Caravan-Spam: SCL=-1; bypass=sender\r\n"), stored);
    }

    @Test
    @Order(5)
    void aBlockedPhraseIsRefusedByTheBuiltInRules() throws IOException {
        SmtpTestClient.Reply r = send("hello@good.test", "blocked@example.com", "invoice", "Please " + ContentFilterProfile.BLOCKED_PHRASE + ".");
        assertEquals("550 5.7.1 Message refused as spam (SCL 9)", r.last(), r.text());
    }

    @Test
    @Order(100)
    void withRspamdStoppedMailIsHeldWith451AndNothingIsQueued() throws IOException {
        RspamdProcess.shared().close();
        SmtpTestClient.Reply r = send("hello@good.test", "held@example.com", "lunch", "See you at noon.");
        assertEquals("451 4.7.0 Content filter unavailable, try again later", r.last(), r.text());
        String id = lastQueueIdOf(e -> TrackingLog.inspected(e, "content-filter", "temperror", null), "of the content filter's temperror");
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> String.valueOf(e.getString("reason")).startsWith("cannot connect to rspamd at 127.0.0.1:")),
                TrackingLog.events(id).toString());
        assertTrue(TrackingLog.events(id, "RECEIVED").isEmpty(), "never received: " + TrackingLog.events(id));

        SmtpTestClient.Reply blocked = send("hello@good.test", "blocked2@example.com", "invoice", ContentFilterProfile.BLOCKED_PHRASE);
        assertEquals("550 5.7.1 Message refused as spam (SCL 9)", blocked.last(), "the built-in rules need no engine: " + blocked.text());
        assertNull(EmailAuthenticationTest.maildir("held"));
    }
}
