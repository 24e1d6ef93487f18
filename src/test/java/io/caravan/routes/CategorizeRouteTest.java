// Route test for routes/30-categorize.yaml: signing first, then one copy per next hop, bounce copies to the bounce stage; from the receive route or the submission queue.
package io.caravan.routes;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.Categorizer;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.routing.TestConnectors;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CategorizeRouteTest {

    /** Stands in for DkimSigning: the route must call it once per message, before the split. */
    public static final class RecordingSigner {
        final AtomicInteger signed = new AtomicInteger();

        public void sign(Exchange exchange) {
            signed.incrementAndGet();
        }
    }

    private final RecordingSigner signer = new RecordingSigner();
    private RouteHarness harness;

    @BeforeEach
    void start() throws Exception {
        Map<String, SendConnectorsConfig.SendConnector> conf = new LinkedHashMap<>();
        conf.put("internal", TestConnectors.Conn.smarthost(List.of("mailbox.example.com"), 25, "example.com"));
        conf.put("partner", TestConnectors.Conn.mx("partner.test"));
        harness = new RouteHarness()
                .bind("dkimSigning", signer)
                .bind("categorizer", new Categorizer(TestConnectors.of(conf, Path.of("data")), new MessageEvents()))
                .property("caravan.categorize.concurrency", "1")
                .start("30-categorize.yaml");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Exchange submit(long expiry, String... rcpts) {
        Map<String, Object> headers = new HashMap<>();
        new Envelope("Q1CAT", MailAddress.parse("a@origin.test"), Stream.of(rcpts).map(MailAddress::parse).toList(), "7BIT",
                "default", "192.0.2.1", "client.test", System.currentTimeMillis(), expiry, 0).writeTo(headers);
        return harness.queues().offer("caravan.submission", RawMessage.of("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)),
                headers);
    }

    private static List<String> header(List<Exchange> copies, String name) {
        return copies.stream().map(c -> c.getIn().getHeader(name, String.class)).toList();
    }

    @Test
    void eachNextHopGetsOneDeliverCopyOnTheDeliveryQueueAfterSigning() {
        Exchange done = submit(System.currentTimeMillis() + 3_600_000, "x@example.com", "y@partner.test", "z@example.com");

        assertNull(done.getException());
        assertEquals(1, signer.signed.get());
        List<Exchange> delivery = harness.queues().sent("caravan.delivery");
        assertEquals(List.of("internal", "partner"), header(delivery, CaravanHeaders.SEND_CONNECTOR));
        assertEquals(List.of("x@example.com\nz@example.com", "y@partner.test"), header(delivery, CaravanHeaders.RECIPIENTS));
        assertEquals(List.of(Disposition.DELIVER.wire(), Disposition.DELIVER.wire()), header(delivery, CaravanHeaders.DISPOSITION));
        assertEquals(List.of(), harness.queues().sent("caravan.bounce"));
    }

    @Test
    void theReceiveRouteHandsItsMessageToTheSameStepsWithoutTheSubmissionQueue() {
        Map<String, Object> headers = new HashMap<>();
        new Envelope("Q2CAT", MailAddress.parse("a@origin.test"), List.of(MailAddress.parse("y@partner.test")), "7BIT",
                "default", "192.0.2.1", "client.test", System.currentTimeMillis(), System.currentTimeMillis() + 3_600_000, 0).writeTo(headers);
        harness.camel().createProducerTemplate().sendBodyAndHeaders("direct:30-categorize",
                RawMessage.of("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)), headers);

        assertEquals(1, signer.signed.get());
        assertEquals(List.of("partner"), header(harness.queues().sent("caravan.delivery"), CaravanHeaders.SEND_CONNECTOR));
    }

    @Test
    void aRecipientNoConnectorCoversGoesToTheBounceStage() {
        submit(System.currentTimeMillis() + 3_600_000, "x@example.com", "lost@elsewhere.test");

        assertEquals(List.of("x@example.com"), header(harness.queues().sent("caravan.delivery"), CaravanHeaders.RECIPIENTS));
        List<Exchange> bounce = harness.queues().sent("caravan.bounce");
        assertEquals(List.of("lost@elsewhere.test"), header(bounce, CaravanHeaders.RECIPIENTS));
        assertEquals(List.of(Disposition.BOUNCE.wire()), header(bounce, CaravanHeaders.DISPOSITION));
    }

    @Test
    void aMessageThatExpiredBeforeRoutingBouncesWhole() {
        submit(System.currentTimeMillis() - 1, "x@example.com", "y@partner.test");

        assertEquals(List.of(), harness.queues().sent("caravan.delivery"));
        assertEquals(List.of("x@example.com\ny@partner.test"), header(harness.queues().sent("caravan.bounce"), CaravanHeaders.RECIPIENTS));
    }
}
