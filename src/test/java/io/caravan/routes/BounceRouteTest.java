// Route test for routes/60-bounce.yaml: a report copy in gives a DSN on the submission queue; a null-sender copy nothing.
package io.caravan.routes;

import io.caravan.bounce.DsnGenerator;
import io.caravan.config.CaravanConfig;
import io.caravan.config.Postmaster;
import io.caravan.config.ServerIdentity;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.testing.ConfigStub;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real 60-bounce.yaml and the real {@link DsnGenerator} (configuration stubbed) in {@link RouteHarness}. */
class BounceRouteTest {

    private static final MailAddress SENDER = MailAddress.parse("alice@example.com");
    private static final MailAddress BOB = MailAddress.parse("bob@example.org");

    private RouteHarness harness;

    @BeforeEach
    void loadTheRouteFile() throws Exception {
        harness = new RouteHarness().bind("dsnGenerator", dsnGenerator()).start("60-bounce.yaml");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private List<Message> submitted() {
        return harness.queues().sent("caravan.submission").stream().map(Exchange::getIn).toList();
    }

    private void reportCopy(MailAddress sender) {
        Map<String, Object> headers = new HashMap<>();
        long now = System.currentTimeMillis();
        new Envelope("Q1ABC", sender, List.of(BOB), "7BIT", "default", "192.0.2.9", "client.example.com", now,
                now + Duration.ofDays(5).toMillis(), 2).writeTo(headers);
        headers.put(CaravanHeaders.DISPOSITION, Disposition.BOUNCE.wire());
        headers.put(CaravanHeaders.DUPLICATE_ID, "Q1ABC/mx.example.org");
        headers.put(CaravanHeaders.LAST_REPLY, "550 5.1.1 <bob@example.org>: Recipient address rejected");
        headers.put(CaravanHeaders.LAST_REPLY_REMOTE, true);
        headers.put(CaravanHeaders.LAST_HOST, "mx.example.org[192.0.2.25]:25");
        RawMessage original = RawMessage.of("Subject: figures\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        Exchange done = harness.queues().offer("caravan.bounce", original, headers);
        assertNull(done.getException());
    }

    @Test
    void theRouteIdIsTheFileStem() {
        assertNotNull(harness.camel().getRoute("60-bounce"), harness.camel().getRoutes().toString());
    }

    @Test
    void aReportCopyBecomesOneDsnFromTheNullSenderToTheSenderOnTheSubmissionQueue() {
        reportCopy(SENDER);

        assertEquals(1, submitted().size());
        Message dsn = submitted().get(0);
        Envelope envelope = Envelope.readFrom(dsn.getHeaders());
        assertTrue(envelope.mailFrom().isNullSender());
        assertEquals(List.of(SENDER), envelope.recipients());
        assertEquals("dsn/Q1ABC/mx.example.org", dsn.getHeader(CaravanHeaders.DUPLICATE_ID));
        String report = new String(dsn.getBody(RawMessage.class).head(), StandardCharsets.US_ASCII);
        assertTrue(report.contains("Content-Type: multipart/report; report-type=delivery-status;"), report);
        assertTrue(report.contains("From: Mail Delivery System <postmaster@example.com>\r\n"), report);
        assertTrue(report.contains("Final-Recipient: rfc822; bob@example.org\r\nAction: failed\r\n"), report);
    }

    @Test
    void aCopyFromTheNullSenderProducesNothing() {
        reportCopy(MailAddress.NULL_SENDER);

        assertEquals(List.of(), submitted());
    }

    private static DsnGenerator dsnGenerator() {
        CaravanConfig config = ConfigStub.of(CaravanConfig.class, Map.of("hostname", Optional.of("mx1.example.com"),
                "acceptedDomains", Optional.of(List.of("example.com")), "postmaster", Optional.empty(),
                "dataDir", "target/bounce-route-test"));
        DeliveryConfig delivery = ConfigStub.of(DeliveryConfig.class, Map.of("expiry", Duration.ofDays(5)));
        SendConnectorsConfig noConnectors = Map::of;
        ServerIdentity identity = new ServerIdentity(config);
        return new DsnGenerator(identity, new Postmaster(config, identity), new MessageEvents(), delivery,
                new SendConnectors(noConnectors, config));
    }
}
