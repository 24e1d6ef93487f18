// FollowUps: what an attempt's outcomes become: retry copies, reports to the bounce stage, tracking events.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class FollowUpsTest {

    private static final MailAddress BOB = MailAddress.parse("bob@remote.test");
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final TestDeliveryConfig config = TestDeliveryConfig.defaults(); // retry "1m, 5m*...", delay notice 4h

    /** A copy as the first step of the delivery route leaves it: the attempt on the exchange. */
    private static Exchange taken(long arrival, long expiry, int attempts, Map<String, Object> extraHeaders) {
        Exchange exchange = new DefaultExchange(CAMEL);
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        new Envelope("Q1FOLLOW", MailAddress.parse("alice@origin.test"), List.of(BOB), "7BIT", "default", "192.0.2.1", "c.test",
                arrival, expiry, attempts).writeTo(headers);
        exchange.getIn().getHeaders().putAll(headers);
        exchange.getIn().setBody(RawMessage.of("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)));
        exchange.setProperty(CaravanHeaders.ATTEMPT, new DeliveryAttempt(Envelope.readFrom(exchange.getIn().getHeaders()),
                exchange.getIn().getBody(RawMessage.class), "internet", "remote.test", exchange.getIn(), System.currentTimeMillis()));
        return exchange;
    }

    private List<Message> after(Exchange exchange, SmtpReply reply) {
        DeliveryAttempt.of(exchange).record(List.of(RecipientOutcome.remote(BOB, reply, "mx.remote.test[192.0.2.9]:25")));
        return new FollowUps(config, new MessageEvents()).after(exchange);
    }

    private static String header(Message m, String name) {
        return m.getHeader(name, String.class);
    }

    @Test
    void aDeferredRecipientIsScheduledForRetryAfterTheNextStepOfTheSchedule() {
        long now = System.currentTimeMillis();
        List<Message> copies = after(taken(now, now + Duration.ofDays(5).toMillis(), 1, Map.of()), SmtpReply.parse("451 4.3.0 Later"));

        assertEquals(1, copies.size());
        Message retry = copies.get(0);
        assertEquals(Disposition.RETRY.wire(), header(retry, CaravanHeaders.DISPOSITION));
        assertEquals(2, retry.getHeader(CaravanHeaders.ATTEMPTS, Integer.class));
        long at = retry.getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class);
        assertTrue(at >= now + Duration.ofMinutes(5).toMillis() && at <= System.currentTimeMillis() + Duration.ofMinutes(5).toMillis(),
                "second step of the schedule: 5m");
        assertEquals("451 4.3.0 Later", header(retry, CaravanHeaders.LAST_REPLY));
        assertEquals("mx.remote.test[192.0.2.9]:25", header(retry, CaravanHeaders.LAST_HOST));
        assertNull(retry.getHeader(CaravanHeaders.DELAY_NOTIFIED));
    }

    @Test
    void aDeferralWhoseNextAttemptWouldFallAfterTheExpiryBouncesWithTheLastReply() {
        long now = System.currentTimeMillis();
        List<Message> copies = after(taken(now - 1000, now + 30_000, 0, Map.of()), SmtpReply.parse("451 4.2.1 Mailbox busy"));

        Message bounce = copies.get(0);
        assertEquals(Disposition.BOUNCE.wire(), header(bounce, CaravanHeaders.DISPOSITION));
        assertEquals("554 5.4.7 Delivery time expired; last error: 451 4.2.1 Mailbox busy", header(bounce, CaravanHeaders.LAST_REPLY));
    }

    @Test
    void aCopyTakenAfterItsExpiryBouncesWithTheLastReplyItCarried() {
        long now = System.currentTimeMillis();
        Exchange exchange = taken(now - 10_000, now - 1, 3, Map.of(CaravanHeaders.LAST_REPLY, "452 4.2.2 Mailbox full",
                CaravanHeaders.LAST_HOST, "mx.remote.test[192.0.2.9]:25"));
        assertTrue(DeliveryAttempt.of(exchange).expired());

        Message bounce = new FollowUps(config, new MessageEvents()).expired(exchange).get(0);

        assertEquals(Disposition.BOUNCE.wire(), header(bounce, CaravanHeaders.DISPOSITION));
        assertEquals("554 5.4.7 Delivery time expired; last error: 452 4.2.2 Mailbox full", header(bounce, CaravanHeaders.LAST_REPLY));
        assertEquals("mx.remote.test[192.0.2.9]:25", header(bounce, CaravanHeaders.LAST_HOST));
    }

    @Test
    void aDelayNoticeGoesOutOnceWhenTheCopyHasWaitedLongerThanTheNoticeTime() {
        long now = System.currentTimeMillis();
        long arrived = now - Duration.ofHours(5).toMillis();
        List<Message> first = after(taken(arrived, now + Duration.ofDays(4).toMillis(), 3, Map.of()), SmtpReply.parse("451 4.3.0 Later"));

        assertEquals(List.of(Disposition.RETRY.wire(), Disposition.DELAY.wire()),
                first.stream().map(m -> header(m, CaravanHeaders.DISPOSITION)).toList());
        assertEquals(Boolean.TRUE, first.get(0).getHeader(CaravanHeaders.DELAY_NOTIFIED));

        List<Message> second = after(taken(arrived, now + Duration.ofDays(4).toMillis(), 4,
                Map.of(CaravanHeaders.DELAY_NOTIFIED, true)), SmtpReply.parse("451 4.3.0 Later"));

        assertEquals(List.of(Disposition.RETRY.wire()), second.stream().map(m -> header(m, CaravanHeaders.DISPOSITION)).toList());
        assertEquals(Boolean.TRUE, second.get(0).getHeader(CaravanHeaders.DELAY_NOTIFIED), "the flag travels on");
    }

    @Test
    void aPermanentFailureBecomesABounceCopyAndADeliveryNeedsNoCopy() {
        long now = System.currentTimeMillis();
        assertEquals(List.of(Disposition.BOUNCE.wire()), after(taken(now, now + 60_000_000, 0, Map.of()),
                SmtpReply.parse("550 5.1.1 No such user")).stream().map(m -> header(m, CaravanHeaders.DISPOSITION)).toList());
        assertEquals(List.of(), after(taken(now, now + 60_000_000, 0, Map.of()), SmtpReply.parse("250 2.0.0 Ok")));
    }

    @Test
    void aPostponedCopyKeepsItsAttemptsAndLastReply() {
        long now = System.currentTimeMillis();
        Exchange exchange = taken(now, now + 60_000_000, 2, Map.of(CaravanHeaders.LAST_REPLY, "451 4.3.0 Later"));

        Message back = new FollowUps(config, new MessageEvents()).postpone(exchange, 2_000).get(0);

        assertEquals(Disposition.RETRY.wire(), header(back, CaravanHeaders.DISPOSITION));
        assertEquals(2, back.getHeader(CaravanHeaders.ATTEMPTS, Integer.class));
        assertEquals("451 4.3.0 Later", header(back, CaravanHeaders.LAST_REPLY));
        assertTrue(back.getHeader(CaravanHeaders.SCHEDULED_DELIVERY, Long.class) >= now + 2_000);
    }
}
