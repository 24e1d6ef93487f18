// Every refusal of mail in the SMTP dialogue is a REFUSED tracking event with the client, the addresses and the exact reply.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.receive.hook.BackPressure;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connector "edge" is anonymous, takes messages up to 4096 bytes and 3 recipients; "restricted" takes
 * connections from 127.0.0.2 only; "client" wants STARTTLS and AUTH first. Each test speaks from its own
 * loopback address, so its events are the ones with that clientIp.
 */
@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class RefusalTrackingTest {

    @Inject
    CamelContext camel;

    @Inject
    BackPressure backPressure;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    /** The one REFUSED event from this client address, awaited: it is written as the reply is sent. */
    static JsonObject refusedFrom(String clientIp) {
        List<JsonObject> refused = Await.until(() -> {
            List<JsonObject> found = TrackingLog.all().stream()
                    .filter(e -> "REFUSED".equals(e.getString("event")) && clientIp.equals(e.getString("clientIp"))).toList();
            return found.isEmpty() ? null : found;
        }, Duration.ofSeconds(10), "a REFUSED event for " + clientIp);
        assertEquals(1, refused.size(), refused.toString());
        return refused.get(0);
    }

    @Test
    void relayDeniedIsTrackedWithSenderRecipientAndTheExactReply() {
        String reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.61", port("edge"))) {
            c.command("EHLO client.test");
            assertEquals(250, c.command("MAIL FROM:<spammer@origin.test>").code());
            reply = c.command("RCPT TO:<victim@remote.test>").last();
        }
        assertTrue(reply.startsWith("55"), reply);
        JsonObject e = refusedFrom("127.0.0.61");
        assertEquals("rcpt", e.getString("phase"));
        assertEquals("edge", e.getString("connector"));
        assertEquals("spammer@origin.test", e.getString("sender"));
        assertEquals(new JsonArray().add("victim@remote.test"), e.getJsonArray("recipients"));
        assertEquals(reply, e.getString("reply"));
        assertFalse(e.getString("queueId", "").isEmpty(), "the transaction's queue id, given at MAIL");
    }

    @Test
    void aSizeOverTheLimitIsTrackedAtMail() {
        String reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.62", port("edge"))) {
            c.command("EHLO client.test");
            reply = c.command("MAIL FROM:<big@origin.test> SIZE=100000").last();
        }
        assertEquals("552 5.3.4 Message size exceeds fixed limit of 4096 bytes", reply);
        JsonObject e = refusedFrom("127.0.0.62");
        assertEquals("mail", e.getString("phase"));
        assertEquals("big@origin.test", e.getString("sender"));
        assertEquals(reply, e.getString("reply"));
        assertNull(e.getValue("recipients"), "no recipient yet: the field is left out");
    }

    @Test
    void aMessageOverTheLimitIsTrackedAtTheEndOfItsDataWithItsQueueIdAndMessageId() {
        String body = "Message-ID: <too-big@origin.test>\r\nSubject: big\r\n\r\n" + "x".repeat(70).concat("\r\n").repeat(80);
        SmtpTestClient.Reply reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.63", port("edge"))) {
            reply = c.trySendMessage("big@origin.test", List.of("someone@example.com"), body.getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(552, reply.code(), reply.text());
        JsonObject e = refusedFrom("127.0.0.63");
        assertEquals("data", e.getString("phase"));
        assertEquals(reply.last(), e.getString("reply"));
        assertEquals(new JsonArray().add("someone@example.com"), e.getJsonArray("recipients"));
        assertFalse(e.getString("queueId", "").isEmpty(), e.encode());
    }

    @Test
    void aFilterRefusalAtTheEndOfDataIsTrackedAfterTheVerdictWithTheMessageId() {
        String body = "Message-ID: <filtered@origin.test>\r\nSubject: a forbidden-token inside\r\n\r\nhello\r\n";
        SmtpTestClient.Reply reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.64", port("edge"))) {
            reply = c.trySendMessage("filtered@origin.test", List.of("filtered@example.com"), body.getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("550 5.7.1 Message refused by a header rule: Subject contains \"forbidden-token\"", reply.last(), reply.text());
        JsonObject e = refusedFrom("127.0.0.64");
        assertEquals("data", e.getString("phase"));
        assertEquals("filtered@origin.test", e.getString("messageId"));
        assertEquals(reply.last(), e.getString("reply"));
        List<String> names = TrackingLog.names(e.getString("queueId"));
        assertEquals("REFUSED", names.get(names.size() - 1), "the verdict that refused it comes first: " + names);
        assertFalse(names.contains("RECEIVED"), names.toString());
    }

    @Test
    void backPressureIsTrackedAtMail() {
        String reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.65", port("edge"))) {
            c.command("EHLO client.test");
            backPressure.thresholds(Long.MAX_VALUE, 0); // no disk could have that much free space
            try {
                reply = c.command("MAIL FROM:<pressed@origin.test>").last();
            } finally {
                backPressure.thresholds(0, 0);
            }
        }
        assertTrue(reply.startsWith("452 4.3.1 Insufficient system storage"), reply);
        JsonObject e = refusedFrom("127.0.0.65");
        assertEquals("mail", e.getString("phase"));
        assertEquals("pressed@origin.test", e.getString("sender"));
        assertEquals(reply, e.getString("reply"));
    }

    @Test
    void tooManyRecipientsIsTrackedForTheRecipientRefused() {
        String reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.66", port("edge"))) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<many@origin.test>");
            for (int i = 1; i <= 3; i++) {
                assertEquals(250, c.command("RCPT TO:<r" + i + "@example.com>").code());
            }
            reply = c.command("RCPT TO:<r4@example.com>").last();
        }
        assertTrue(reply.startsWith("452 4.5.3"), reply);
        JsonObject e = refusedFrom("127.0.0.66");
        assertEquals(new JsonArray().add("r4@example.com"), e.getJsonArray("recipients"));
        assertEquals(reply, e.getString("reply"));
    }

    @Test
    void aRefusedConnectionIsTracked() {
        String greeting;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.67", port("restricted"))) {
            greeting = c.greeting().last();
        }
        assertTrue(greeting.startsWith("554 5.7.1"), greeting);
        JsonObject e = refusedFrom("127.0.0.67");
        assertEquals("connect", e.getString("phase"));
        assertEquals("restricted", e.getString("connector"));
        assertEquals(greeting, e.getString("reply"));
        assertNull(e.getValue("queueId"));
        assertNull(e.getValue("sender"));
    }

    @Test
    void mailBeforeStartTlsOnTheSubmissionConnectorIsTracked() {
        String reply;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.68", port("client"))) {
            c.command("EHLO client.test");
            reply = c.command("MAIL FROM:<alice@example.com>").last();
        }
        assertTrue(reply.startsWith("530 5.7.0"), reply);
        JsonObject e = refusedFrom("127.0.0.68");
        assertEquals("mail", e.getString("phase"));
        assertEquals(reply, e.getString("reply"));
    }

    @Test
    void aSyntaxErrorIsNotARefusalOfMail() {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.69", port("edge"))) {
            c.command("EHLO client.test");
            assertEquals(501, c.command("MAIL FROM:<no closing bracket").code());
            assertEquals(503, c.command("RCPT TO:<x@example.com>").code());
            assertEquals(250, c.command("NOOP").code());
        }
        assertTrue(TrackingLog.all().stream().noneMatch(e -> "127.0.0.69".equals(e.getString("clientIp"))));
    }
}
