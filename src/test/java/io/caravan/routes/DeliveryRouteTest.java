// Route test for routes/50-delivery.yaml: every branch of its choices, run by the real file against loopback SMTP servers.
package io.caravan.routes;

import io.caravan.delivery.DeliveredLedger;
import io.caravan.delivery.DeliveryStart;
import io.caravan.delivery.FollowUps;
import io.caravan.delivery.MaildirDelivery;
import io.caravan.queue.NextHopGate;
import io.caravan.delivery.SmtpComponent;
import io.caravan.delivery.SmtpConnectionPool;
import io.caravan.delivery.SmtpDelivery;
import io.caravan.delivery.TestDeliveryConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.routing.TestConnectors;
import io.caravan.testing.RecordingSmtpServer;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class DeliveryRouteTest {

    private static final byte[] BYTES = "Subject: route test\r\nMessage-ID: <1@origin.test>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    private final RecordingSmtpServer first = RecordingSmtpServer.start().noTls();
    private final RecordingSmtpServer second = RecordingSmtpServer.start().noTls();
    private final SmtpConnectionPool pool = new SmtpConnectionPool();
    private NextHopGate gate;
    private RouteHarness harness;

    @BeforeEach
    void start() throws Exception {
        TestDeliveryConfig config = TestDeliveryConfig.defaults();
        Map<String, SendConnectorsConfig.SendConnector> conf = new LinkedHashMap<>();
        conf.put("relay", TestConnectors.Conn.smarthost(List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()), 25,
                "relay.test"));
        conf.put("local", TestConnectors.Conn.maildir("maildir", "local.test"));
        SendConnectors connectors = TestConnectors.of(conf, dataDir);
        gate = new NextHopGate(config.maxPerNextHop());
        FollowUps followUps = new FollowUps(config, new MessageEvents());
        harness = new RouteHarness();
        harness.camel().addComponent("smtp", SmtpComponent.create(harness.camel(), "caravan.test", config, pool));
        DeliveredLedger ledger = new DeliveredLedger(dataDir.resolve("delivery/delivered.log"));
        harness.bind("deliveryStart", new DeliveryStart(connectors, ledger))
                .bind("followUps", followUps)
                .bind("maildirDelivery", new MaildirDelivery())
                .bind("smtpDelivery", new SmtpDelivery(new NextHopResolver(null), gate, followUps, ledger))
                .property("caravan.delivery.concurrency", "1")
                .start("50-delivery.yaml");
    }

    @AfterEach
    void stop() {
        harness.close();
        pool.shutdown();
        first.close();
        second.close();
    }

    private Exchange deliver(String connector, String nextHop, long expiry, String... rcpts) {
        return deliverCopy(connector, nextHop, expiry, null, rcpts);
    }

    /** @param copyId the JMS message id the broker gave the copy (null: none, as outside a broker) */
    private Exchange deliverCopy(String connector, String nextHop, long expiry, String copyId, String... rcpts) {
        Map<String, Object> headers = new HashMap<>();
        if (copyId != null) {
            headers.put("JMSMessageID", copyId);
        }
        new Envelope("Q1ROUTE", MailAddress.parse("sender@origin.test"), Stream.of(rcpts).map(MailAddress::parse).toList(), "7BIT",
                "default", "192.0.2.1", "client.test", System.currentTimeMillis() - 1000, expiry, 0).writeTo(headers);
        headers.put(CaravanHeaders.SEND_CONNECTOR, connector);
        headers.put(CaravanHeaders.NEXT_HOP, nextHop);
        headers.put(CaravanHeaders.DISPOSITION, Disposition.DELIVER.wire());
        return harness.queues().offer("caravan.delivery", RawMessage.of(BYTES), headers);
    }

    private Exchange deliver(String... rcpts) {
        return deliver("relay", "relay", System.currentTimeMillis() + 3_600_000, rcpts);
    }

    private List<Exchange> retries() {
        return harness.queues().sent("caravan.delivery");
    }

    private List<Exchange> reports() {
        return harness.queues().sent("caravan.bounce");
    }

    private static String header(Exchange copy, String name) {
        return copy.getIn().getHeader(name, String.class);
    }

    @Test
    void aCopyIsSentByTheSmtpEndpointToTheFirstHostWithItsEnvelopeAndBytes() {
        Exchange done = deliver("bob@relay.test", "carol@relay.test");

        assertNull(done.getException());
        RecordingSmtpServer.Received got = first.awaitMessage(Duration.ofSeconds(10));
        assertEquals("sender@origin.test", got.mailFrom());
        assertEquals(List.of("bob@relay.test", "carol@relay.test"), got.rcptTo());
        assertArrayEquals(BYTES, got.data());
        assertEquals(0, second.connections());
        assertEquals(List.of(), retries());
        assertEquals(List.of(), reports());
    }

    @Test
    void aTemporaryFailureAtTheFirstHostMovesOnToTheSecond() {
        first.failFirst(1, "451 4.3.0 Try again later");

        deliver("bob@relay.test");

        assertEquals(List.of("bob@relay.test"), second.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        assertEquals(List.of(), retries());
    }

    @Test
    void aHostThatRefusesTheConnectionIsCaughtAndTheNextHostTried() {
        first.stop();

        Exchange done = deliver("bob@relay.test");

        assertNull(done.getException());
        assertEquals(List.of("bob@relay.test"), second.awaitMessage(Duration.ofSeconds(10)).rcptTo());
    }

    @Test
    void recipientsEveryHostDefersAreRetriedLaterWithTheLastReply() {
        first.onRcpt("bob@relay.test", "451 4.2.1 Mailbox busy");
        second.onRcpt("bob@relay.test", "452 4.2.2 Mailbox full");
        long before = System.currentTimeMillis();

        deliver("bob@relay.test");

        Exchange retry = retries().get(0);
        assertEquals(Disposition.RETRY.wire(), header(retry, CaravanHeaders.DISPOSITION));
        assertEquals("452 4.2.2 Mailbox full", header(retry, CaravanHeaders.LAST_REPLY));
        assertTrue(retry.getIn().getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class) >= before + 60_000);
        assertEquals(1, retry.getIn().getHeader(CaravanHeaders.ATTEMPTS, Integer.class));
        assertEquals(List.of(), reports());
    }

    @Test
    void aPermanentFailureGoesToTheBounceStageAndTheOthersAreDelivered() {
        first.onRcpt("nobody@relay.test", "550 5.1.1 No such user");

        deliver("nobody@relay.test", "bob@relay.test");

        assertEquals(List.of("bob@relay.test"), first.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        Exchange report = reports().get(0);
        assertEquals(Disposition.BOUNCE.wire(), header(report, CaravanHeaders.DISPOSITION));
        assertEquals("nobody@relay.test", header(report, CaravanHeaders.RECIPIENTS));
        assertEquals("550 5.1.1 No such user", header(report, CaravanHeaders.LAST_REPLY));
        assertEquals(List.of(), retries());
    }

    @Test
    void aCopyLargerThanTheHostsAnnouncedSizeBouncesWithItsLimitWithoutBeingSent() {
        first.extensions("SIZE 10");
        second.extensions("SIZE 10");

        deliver("bob@relay.test", "carol@relay.test");

        Exchange report = reports().get(0);
        assertEquals(Disposition.BOUNCE.wire(), header(report, CaravanHeaders.DISPOSITION));
        assertEquals("bob@relay.test\ncarol@relay.test", header(report, CaravanHeaders.RECIPIENTS));
        String reply = header(report, CaravanHeaders.LAST_REPLY);
        assertTrue(reply.matches("552 5\\.3\\.4 Message size " + BYTES.length + " exceeds the limit of \\S+, 10 bytes"), reply);
        assertTrue(first.commandLog().stream().noneMatch(l -> l.startsWith("MAIL")), first.commandLog().toString());
        assertEquals(0, second.connections(), "a permanent failure: no other host is tried");
        assertEquals(List.of(), retries());
    }

    @Test
    void aCopyRedeliveredAfterACrashIsNotSentAgainToRecipientsTheHostAlreadyAccepted() {
        first.onRcpt("carol@relay.test", "451 4.2.1 Mailbox busy");
        second.onRcpt("carol@relay.test", "451 4.2.1 Mailbox busy");
        long expiry = System.currentTimeMillis() + 3_600_000;
        deliverCopy("relay", "relay", expiry, "ID:copy-1", "bob@relay.test", "carol@relay.test");
        assertEquals(List.of("bob@relay.test"), first.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        first.onRcpt("carol@relay.test", "250 2.1.5 Ok");

        // the same copy again, as the broker redelivers it when the process died before the commit
        deliverCopy("relay", "relay", expiry, "ID:copy-1", "bob@relay.test", "carol@relay.test");

        assertEquals(List.of("carol@relay.test"), first.awaitMessage(Duration.ofSeconds(10)).rcptTo(), "bob is not sent twice");
        assertEquals(2, first.received().size());
        assertEquals(List.of(), reports());
    }

    @Test
    void aNewCopyOfTheSameMessageIsSentToEveryRecipient() {
        long expiry = System.currentTimeMillis() + 3_600_000;
        deliverCopy("relay", "relay", expiry, "ID:copy-1", "bob@relay.test");
        deliverCopy("relay", "relay", expiry, "ID:copy-2", "bob@relay.test");

        assertEquals(2, first.received().size(), "a retry copy has an id of its own, so nothing is skipped");
    }

    @Test
    void anExpiredCopyBouncesWithoutAnAttempt() {
        deliver("relay", "relay", System.currentTimeMillis() - 1, "bob@relay.test");

        assertEquals(0, first.connections());
        Exchange report = reports().get(0);
        assertEquals(Disposition.BOUNCE.wire(), header(report, CaravanHeaders.DISPOSITION));
        assertTrue(header(report, CaravanHeaders.LAST_REPLY).startsWith("554 5.4.7 Delivery time expired"), header(report, CaravanHeaders.LAST_REPLY));
    }

    @Test
    void aMaildirConnectorWritesTheCopyIntoTheRecipientsMailbox() throws Exception {
        Exchange done = deliver("local", "local", System.currentTimeMillis() + 3_600_000, "dave@local.test");

        assertNull(done.getException());
        try (Stream<Path> files = Files.list(dataDir.resolve("maildir/local.test/dave/new"))) {
            assertEquals(1, files.count());
        }
        assertEquals(0, first.connections());
        assertEquals(List.of(), retries());
        assertEquals(List.of(), reports());
    }

    @Test
    void aSuspendedNextHopPostponesTheCopyUnattempted() {
        gate.snapshot(java.util.Map.of("relay", new io.caravan.queue.NextHopGate.Suspension("relay", "ops", java.time.Instant.now())));
        long before = System.currentTimeMillis();

        deliver("bob@relay.test");

        assertEquals(0, first.connections());
        Exchange retry = retries().get(0);
        assertEquals(Disposition.RETRY.wire(), header(retry, CaravanHeaders.DISPOSITION));
        assertEquals(0, retry.getIn().getHeader(CaravanHeaders.ATTEMPTS, Integer.class));
        assertTrue(retry.getIn().getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class) >= before + 60_000);
    }

    @Test
    void theNextHopPermitIsReleasedWhenTheCopyIsDone() {
        deliver("bob@relay.test");
        first.awaitMessage(Duration.ofSeconds(10));

        deliver("carol@relay.test"); // one copy per next hop at a time: admitted only if the first released its permit

        assertEquals(List.of("carol@relay.test"), first.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        assertEquals(List.of(), retries());
    }

    @Test
    void theNextHopPermitIsReleasedWhenTheCopyFails() {
        first.onRcpt("nobody@relay.test", "550 5.1.1 No such user");
        harness.queues().failSends(new IllegalStateException("broker gone"));

        Exchange failed = deliver("nobody@relay.test");

        assertNotNull(failed.getException());
        assertTrue(gate.enter("relay").isPresent(), "the permit of the failed copy was released");
    }
}
