package io.caravan.filter.quarantine;

import io.caravan.check.AgentFixture;
import io.caravan.check.ChecksConfig;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Inspection;
import io.caravan.check.Verdict;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.routes.QueueStub;
import io.caravan.testing.ConfigStub;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quarantine on disk: durable before the 250, kept across restarts, released with the original envelope, expired. */
class QuarantineStoreTest {

    private static final String MESSAGE = "From: a@example.org\r\nSubject: cheap pills\r\n\r\nbuy now\r\n";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final QueueStub queues = new QueueStub();
    private AgentFixture fixture;

    @BeforeEach
    void start() {
        camel.addComponent("jms", queues);
        camel.start();
        fixture = new AgentFixture(Map.<String, ChecksConfig.Agent>of());
    }

    @AfterEach
    void stop() {
        camel.stop();
        fixture.close();
    }

    private QuarantineStore store(Instant now) {
        QuarantineConfig config = ConfigStub.of(QuarantineConfig.class, Map.of("retention", Duration.ofDays(30)));
        return new QuarantineStore(dir, config, new MessageEvents(), camel, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** An exchange an agent has held: the quarantine action applied to a refusing verdict. */
    private Exchange held() throws Exception {
        Exchange exchange = AgentFixture.exchange(MESSAGE, "spammer@example.org", "192.0.2.7", "spam.example.org", ClientTrust.ANONYMOUS);
        new InspectionAgent(fixture.agents) {
            @Override
            public String name() {
                return "content-filter";
            }

            @Override
            public io.caravan.check.CheckAction defaultAction() {
                return io.caravan.check.CheckAction.REJECT;
            }

            @Override
            public Verdict inspect(Inspection inspection) {
                return Verdict.of(name(), "scl=6", "phrase 'buy now'").withScore(6).quarantine();
            }
        }.process(exchange);
        assertEquals("quarantine", exchange.getProperty(Inspection.HOLD_PROPERTY));
        return exchange;
    }

    @Test
    void theEntryIsOnDiskBeforeTheClientIsToldOkAndOutlivesTheStore() throws Exception {
        Exchange exchange = held();
        store(NOW).process(exchange);
        assertEquals(SmtpReply.of(250, "2.0.0", "Ok: queued as QID1"), exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertTrue(Files.exists(dir.resolve("QID1.eml")) && Files.exists(dir.resolve("QID1.json")));

        QuarantineStore afterRestart = store(NOW.plus(Duration.ofHours(2)));
        QuarantinedMessage m = afterRestart.list().get(0);
        assertEquals("QID1", m.queueId());
        assertEquals("content-filter", m.agent());
        assertEquals("phrase 'buy now'", m.reason());
        assertEquals(6.0, m.score());
        assertEquals("spammer@example.org", m.sender());
        assertEquals(List.of("user@example.com"), m.recipients());
        assertEquals("cheap pills", m.subject());
        assertEquals(NOW.plus(Duration.ofDays(30)), m.expiresAt());
        assertEquals(Duration.ofHours(2), m.age(NOW.plus(Duration.ofHours(2))));
        assertEquals("From: a@example.org\r\nSubject: cheap pills\r\n\r\n", afterRestart.headers("QID1").orElseThrow());
    }

    @Test
    void releaseQueuesTheExactBytesWithTheOriginalEnvelopeAndRemovesTheEntry() throws Exception {
        store(NOW).process(held());
        assertTrue(store(NOW).release("QID1", "ops"));
        Exchange queued = queues.sent("caravan.submission").get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        queued.getIn().getBody(RawMessage.class).writeTo(bytes);
        assertEquals(MESSAGE, bytes.toString(StandardCharsets.UTF_8));
        Envelope envelope = Envelope.readFrom(queued.getIn().getHeaders());
        assertEquals("spammer@example.org", envelope.mailFrom().address());
        assertEquals("192.0.2.7", envelope.clientIp());
        assertEquals("anonymous", queued.getIn().getHeader(CaravanHeaders.CLIENT_TRUST));
        assertTrue(store(NOW).find("QID1").isEmpty());
        assertFalse(store(NOW).release("QID1", "ops"), "released once");
    }

    @Test
    void aReleaseTheBrokerRefusesKeepsTheEntry() throws Exception {
        store(NOW).process(held());
        queues.failSends(new IllegalStateException("broker down"));
        assertThrows(IllegalStateException.class, () -> store(NOW).release("QID1", "ops"));
        assertTrue(store(NOW).find("QID1").isPresent(), "still held, nothing lost");
    }

    @Test
    void entriesPastTheirRetentionArePurged() throws Exception {
        store(NOW).process(held());
        assertEquals(0, store(NOW.plus(Duration.ofDays(29))).purgeExpired());
        assertEquals(1, store(NOW.plus(Duration.ofDays(30))).purgeExpired());
        assertTrue(store(NOW).list().isEmpty());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void anIdThatIsNotAQueueIdNeverReachesTheDisk() throws Exception {
        store(NOW).process(held());
        Files.writeString(dir.resolveSibling("secret.json"), "{}");
        assertTrue(store(NOW).find("../secret").isEmpty());
        assertFalse(store(NOW).delete("../QID1", "ops"));
        assertTrue(store(NOW).delete("QID1", "ops"));
        assertTrue(store(NOW).list().isEmpty());
    }

    @Test
    void aStoreThatCannotWriteFailsSoTheClientIsToldToRetry() throws Exception {
        Files.writeString(dir.resolve("blocked"), "a file where the directory should be");
        QuarantineConfig config = ConfigStub.of(QuarantineConfig.class, Map.of("retention", Duration.ofDays(30)));
        QuarantineStore store = new QuarantineStore(dir.resolve("blocked"), config, new MessageEvents(), camel, Clock.systemUTC());
        Exchange exchange = held();
        assertThrows(IOException.class, () -> store.process(exchange));
        assertEquals(null, exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
    }
}
