// Opportunistic STARTTLS towards next hops: used when offered; a failed handshake falls back to plaintext.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.RecordingSmtpServer.Received;
import io.caravan.testing.RecordingSmtpServer;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class OutboundTlsTest {

    static final byte[] BODY = "Subject: tls\r\n\r\nsecret\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    CamelContext camel;

    String send(String to) throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            return RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of(to), BODY));
        }
    }

    /** The DELIVERED tracking event of a queue id, awaited. */
    static JsonObject delivered(String id) {
        return Await.until(() -> TrackingLog.events(id, "DELIVERED").stream().findFirst().orElse(null), Duration.ofSeconds(30), "DELIVERED of " + id);
    }

    static Received await(RecordingSmtpServer server, String rcpt) {
        return Await.until(() -> server.received().stream().filter(m -> m.rcptTo().contains(rcpt)).findFirst().orElse(null),
                Duration.ofSeconds(30), "delivery to " + rcpt);
    }

    @Test
    void startTlsIsUsedWhenTheNextHopOffersIt() throws IOException {
        String id = send("user@tls.test");
        Received got = await(MailWorld.tlsHop, "user@tls.test");
        assertTrue(got.tls(), "the transaction ran inside TLS");
        assertTrue(delivered(id).getString("tlsOut", "").matches("TLSv1\\.[23] TLS_\\w+"), "tracked: " + delivered(id).encode());
        assertTrue(MailWorld.tlsHop.commandLog().contains("STARTTLS"));
        assertTrue(got.text().endsWith("\r\nSubject: tls\r\n\r\nsecret\r\n"), got.text());
    }

    @Test
    void aFailedHandshakeFallsBackToPlaintextOnTheSameHost() throws IOException {
        String id = send("user@brokentls.test");
        Received got = await(MailWorld.brokenTlsHop, "user@brokentls.test");
        assertFalse(got.tls());
        assertFalse(delivered(id).containsKey("tlsOut"), "delivered in plaintext: " + delivered(id).encode());
        assertTrue(MailWorld.brokenTlsHop.commandLog().contains("STARTTLS"), "TLS was tried first");
    }
}
