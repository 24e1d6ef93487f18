// SmtpDelivery: the hosts of a next hop in turn while recipients are deferred, addressed for the smtp: endpoint; the next hop's permit.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.queue.NextHopGate;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.routing.TestConnectors;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SmtpDeliveryTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private static final DeliveredLedger LEDGER = DeliveredLedgerTest.inTempDir();
    private static final MailAddress BOB = MailAddress.parse("bob@relay.test");
    private static final MailAddress CAROL = MailAddress.parse("carol@relay.test");

    private final TestDeliveryConfig config = TestDeliveryConfig.defaults(); // one copy per next hop at a time
    private final NextHopGate gate = new NextHopGate(config.maxPerNextHop());
    private final SmtpDelivery delivery = new SmtpDelivery(new NextHopResolver(null), gate, new FollowUps(config, new MessageEvents()), LEDGER);

    private static Exchange taken(List<String> smarthosts) {
        Map<String, SendConnectorsConfig.SendConnector> conf = Map.of("relay", TestConnectors.Conn.smarthost(smarthosts, 25, "relay.test"));
        SendConnectors connectors = TestConnectors.of(conf, Path.of("data"));
        Exchange exchange = new DefaultExchange(CAMEL);
        Map<String, Object> headers = new HashMap<>();
        new Envelope("Q1SMTP", MailAddress.parse("a@origin.test"), List.of(BOB, CAROL), "7BIT", "default", "192.0.2.1", "c.test",
                System.currentTimeMillis(), System.currentTimeMillis() + 3_600_000, 0).writeTo(headers);
        headers.put(CaravanHeaders.SEND_CONNECTOR, "relay");
        headers.put(CaravanHeaders.NEXT_HOP, "relay");
        headers.put(DeliveryStart.JMS_MESSAGE_ID, "ID:" + System.nanoTime());
        exchange.getIn().getHeaders().putAll(headers);
        exchange.getIn().setBody(RawMessage.of("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)));
        new DeliveryStart(connectors, LEDGER).begin(exchange);
        return exchange;
    }

    private static RecipientOutcome outcome(MailAddress rcpt, String reply) {
        return RecipientOutcome.remote(rcpt, SmtpReply.parse(reply), "h");
    }

    @Test
    void theHostsAreAddressedInOrderWithOnlyTheRecipientsStillDeferred() {
        Exchange exchange = taken(List.of("127.0.0.1:2501", "127.0.0.2:2502"));
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);

        assertTrue(delivery.nextHost(attempt));
        delivery.address(exchange);
        assertEquals("127.0.0.1", exchange.getProperty(CaravanHeaders.TARGET_ADDRESS));
        assertEquals(2501, exchange.getProperty(CaravanHeaders.TARGET_PORT));
        assertEquals(2, exchange.getIn().getBody(OutboundMessage.class).getAllRecipients().length);
        attempt.record(List.of(outcome(BOB, "250 2.0.0 Ok"), outcome(CAROL, "451 4.3.0 Later")));

        assertTrue(delivery.nextHost(attempt));
        delivery.address(exchange);
        assertEquals("127.0.0.2", exchange.getProperty(CaravanHeaders.TARGET_ADDRESS));
        assertEquals(2502, exchange.getProperty(CaravanHeaders.TARGET_PORT));
        assertEquals("carol@relay.test", exchange.getIn().getBody(OutboundMessage.class).getAllRecipients()[0].toString());
        attempt.record(List.of(outcome(CAROL, "452 4.2.2 Full")));

        assertFalse(delivery.nextHost(attempt), "no host left");
        assertEquals(List.of("250 2.0.0 Ok", "452 4.2.2 Full"), attempt.outcomes().stream().map(o -> o.reply().toString()).toList());
    }

    @Test
    void noFurtherHostIsTriedOnceEveryRecipientIsSettled() {
        Exchange exchange = taken(List.of("127.0.0.1:2501", "127.0.0.2:2502"));
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        assertTrue(delivery.nextHost(attempt));

        attempt.record(List.of(outcome(BOB, "250 2.0.0 Ok"), outcome(CAROL, "550 5.1.1 No such user")));

        assertFalse(delivery.nextHost(attempt));
    }

    @Test
    void anIpv6HostIsBracketedForTheEndpointUri() {
        Exchange exchange = taken(List.of("[::1]:2525"));
        assertTrue(delivery.nextHost(DeliveryAttempt.of(exchange)));

        delivery.address(exchange);

        assertEquals("[0:0:0:0:0:0:0:1]", exchange.getProperty(CaravanHeaders.TARGET_ADDRESS));
    }

    @Test
    void thePermitIsHeldUntilTheAttemptFinishes() {
        DeliveryAttempt first = DeliveryAttempt.of(taken(List.of("127.0.0.1:2501")));
        DeliveryAttempt second = DeliveryAttempt.of(taken(List.of("127.0.0.1:2501")));

        assertTrue(delivery.admit(first));
        assertFalse(delivery.admit(second), "one copy per next hop at a time");
        first.finish();
        assertTrue(delivery.admit(second));
    }

    @Test
    void aCopyForASuspendedNextHopWaitsAMinuteAndABusyOneSeconds() {
        Exchange busy = taken(List.of("127.0.0.1:2501"));
        long before = System.currentTimeMillis();
        Message soon = delivery.postpone(busy).get(0);
        assertTrue(soon.getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class) < before + SmtpDelivery.SUSPENDED_RECHECK_MILLIS);

        gate.snapshot(java.util.Map.of("relay", new io.caravan.queue.NextHopGate.Suspension("relay", "ops", java.time.Instant.now())));
        Message later = delivery.postpone(taken(List.of("127.0.0.1:2501"))).get(0);
        assertTrue(later.getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class) >= before + SmtpDelivery.SUSPENDED_RECHECK_MILLIS);
    }
    @Test
    void recipientsAreNotedAsDeliveredTheMomentTheHostAcceptsBeforeTheRouteSettles() {
        Exchange exchange = taken(List.of("127.0.0.1:2501"));
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        assertTrue(delivery.nextHost(attempt));
        delivery.address(exchange);
        OutboundMessage message = exchange.getIn().getBody(OutboundMessage.class);
        message.negotiated(false, false, false);

        message.accepted("250 2.0.0 Ok: queued as 9");

        List<RecipientOutcome> noted = LEDGER.recall(attempt.copyId(), List.of(BOB, CAROL));
        assertEquals(List.of(BOB, CAROL), noted.stream().map(RecipientOutcome::recipient).toList());
        assertEquals("250 2.0.0 Ok: queued as 9", noted.get(0).reply().toString());
        assertEquals("127.0.0.1[127.0.0.1]:2501", noted.get(0).host());
    }

    @Test
    void aCopyTakenAgainSettlesTheRecipientsNotedForItWithoutSendingToThem() {
        Exchange first = taken(List.of("127.0.0.1:2501"));
        String copy = DeliveryAttempt.of(first).copyId();
        LEDGER.delivered(copy, List.of(outcome(BOB, "250 2.0.0 Ok")));
        Exchange again = taken(List.of("127.0.0.1:2501"));
        again.getIn().setHeader(DeliveryStart.JMS_MESSAGE_ID, copy);
        new DeliveryStart(TestConnectors.of(Map.of("relay", TestConnectors.Conn.smarthost(List.of("127.0.0.1:2501"), 25, "relay.test")),
                Path.of("data")), LEDGER).begin(again);

        DeliveryAttempt attempt = DeliveryAttempt.of(again);
        assertEquals(List.of(CAROL), attempt.pending(), "only carol is still to be sent");
        assertEquals(RecipientOutcome.Status.DELIVERED, attempt.outcomes().get(0).status());
    }
}
