// Route test for routes/60-bounce.yaml: a report copy in gives a DSN on the submission queue; a null-sender copy nothing.
package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.bounce.DsnGenerator;
import io.caravan.config.CaravanConfig;
import io.caravan.config.Postmaster;
import io.caravan.config.ServerIdentity;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.delivery.FollowUps;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.tracking.MessageEvents;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The harness, kept to this file: a plain {@link DefaultCamelContext} (no Quarkus, no broker) loads the
 * real YAML file through the YAML DSL routes loader. {@code jms:} is an in-memory stand-in: a
 * {@code direct:} component that ignores the JMS options (transactions, message type), so
 * {@code jms:queue:caravan.bounce} is fed with a producer template and whatever the route sends to
 * {@code jms:queue:caravan.submission} is collected. The bean {@code dsnGenerator} is the real
 * {@link DsnGenerator} with its configuration stubbed.
 */
class BounceRouteTest {

    private static final Path ROUTE = Path.of("routes", "60-bounce.yaml");
    private static final MailAddress SENDER = MailAddress.parse("alice@example.com");
    private static final MailAddress BOB = MailAddress.parse("bob@example.org");

    private final CamelContext camel = new DefaultCamelContext();
    private final List<Message> submitted = new CopyOnWriteArrayList<>();
    private ProducerTemplate producer;

    /** {@code jms:queue:X?options} as the in-memory {@code direct:queue:X}, options dropped. */
    private static final class InMemoryJms extends DirectComponent {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
            parameters.clear();
            return super.createEndpoint(uri, remaining, parameters);
        }
    }

    @BeforeEach
    void loadTheRouteFile() throws Exception {
        camel.addComponent("jms", new InMemoryJms());
        camel.getRegistry().bind("dsnGenerator", dsnGenerator());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + ROUTE));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:caravan.submission").routeId("submission-queue").process(e -> submitted.add(e.getIn().copy()));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void reportCopy(MailAddress sender) {
        Map<String, Object> headers = new HashMap<>();
        long now = System.currentTimeMillis();
        new Envelope("Q1ABC", sender, List.of(BOB), "7BIT", "default", "192.0.2.9", "client.example.com", now,
                now + Duration.ofDays(5).toMillis(), 2).writeTo(headers);
        headers.put(CaravanHeaders.DISPOSITION, FollowUps.BOUNCE);
        headers.put(CaravanHeaders.DUPLICATE_ID, "Q1ABC/mx.example.org");
        headers.put(CaravanHeaders.LAST_REPLY, "550 5.1.1 <bob@example.org>: Recipient address rejected");
        headers.put(CaravanHeaders.LAST_REPLY_REMOTE, true);
        headers.put(CaravanHeaders.LAST_HOST, "mx.example.org[192.0.2.25]:25");
        RawMessage original = RawMessage.of("Subject: figures\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        producer.sendBodyAndHeaders("jms:queue:caravan.bounce", original, headers);
    }

    @Test
    void theRouteIdIsTheFileStem() {
        assertTrue(camel.getRoute("60-bounce") != null, camel.getRoutes().toString());
    }

    @Test
    void aReportCopyBecomesOneDsnFromTheNullSenderToTheSenderOnTheSubmissionQueue() {
        reportCopy(SENDER);

        assertEquals(1, submitted.size());
        Message dsn = submitted.get(0);
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

        assertEquals(List.of(), submitted);
    }

    private static DsnGenerator dsnGenerator() {
        CaravanConfig config = (CaravanConfig) Proxy.newProxyInstance(BounceRouteTest.class.getClassLoader(),
                new Class<?>[] {CaravanConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "hostname" -> Optional.of("mx1.example.com");
                    case "acceptedDomains" -> Optional.of(List.of("example.com"));
                    case "postmaster" -> Optional.empty();
                    case "dataDir" -> "target/bounce-route-test";
                    case "toString" -> "test CaravanConfig";
                    default -> throw new UnsupportedOperationException("CaravanConfig." + m.getName());
                });
        DeliveryConfig delivery = (DeliveryConfig) Proxy.newProxyInstance(BounceRouteTest.class.getClassLoader(),
                new Class<?>[] {DeliveryConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "expiry" -> Duration.ofDays(5);
                    default -> throw new UnsupportedOperationException("DeliveryConfig." + m.getName());
                });
        SendConnectorsConfig noConnectors = Map::of;
        ServerIdentity identity = new ServerIdentity(config);
        return new DsnGenerator(identity, new Postmaster(config, identity), new MessageEvents(), delivery,
                new SendConnectors(noConnectors, config));
    }
}
