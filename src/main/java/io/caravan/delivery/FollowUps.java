// Turns one attempt's per-recipient outcomes into tracking events and the copies still owed: retry or bounce.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.QueueCopy;
import io.caravan.tracking.MessageEvents;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every recipient of the copy ends this attempt delivered, deferred (a retry copy scheduled with
 * {@code _AMQ_SCHED_DELIVERY}, never the broker's redelivery delay) or failed (a bounce copy).
 * A deferral whose next attempt would fall after the expiry fails as expired instead, with the
 * last reply, so nothing waits for ever.
 */
@Singleton
public class FollowUps {

    public static final String RETRY = "retry";
    public static final String BOUNCE = "bounce";

    private final RetrySchedule schedule;
    private final MessageEvents events;

    public FollowUps(DeliveryConfig config, MessageEvents events) {
        this.schedule = RetrySchedule.parse(config.retry());
        this.events = events;
    }

    public List<Message> after(Exchange exchange, List<RecipientOutcome> outcomes) {
        Envelope envelope = Envelope.readFrom(exchange.getIn().getHeaders());
        String connector = exchange.getIn().getHeader(CaravanHeaders.SEND_CONNECTOR, "", String.class);
        String nextHop = exchange.getIn().getHeader(CaravanHeaders.NEXT_HOP, "", String.class);
        byte[] body = exchange.getIn().getBody(byte[].class);
        int attempts = envelope.attempts() + 1;
        long now = System.currentTimeMillis();
        long nextAttempt = now + schedule.delayAfter(attempts).toMillis();

        List<Message> copies = new ArrayList<>();
        Map<RecipientOutcome.Status, List<RecipientOutcome>> byStatus =
                outcomes.stream().collect(Collectors.groupingBy(RecipientOutcome::status));
        forEachReply(byStatus.get(RecipientOutcome.Status.DELIVERED),
                (rcpts, o) -> events.delivered(envelope.queueId(), rcpts, o.host(), o.reply()));
        forEachReply(byStatus.get(RecipientOutcome.Status.FAILED), (rcpts, o) -> {
            events.failed(envelope.queueId(), rcpts, o.reply(), o.host());
            copies.add(copy(exchange, body, envelope.withRecipients(rcpts).withAttempts(attempts), connector, nextHop, BOUNCE, o.reply()));
        });
        forEachReply(byStatus.get(RecipientOutcome.Status.DEFERRED), (rcpts, o) -> {
            Envelope next = envelope.withRecipients(rcpts).withAttempts(attempts);
            if (nextAttempt > envelope.expiry()) {
                events.expired(envelope.queueId(), rcpts, o.reply());
                SmtpReply expired = SmtpReply.of(554, "5.4.7",
                        "Delivery time expired; last error: " + o.reply());
                copies.add(copy(exchange, body, next, connector, nextHop, BOUNCE, expired));
            } else {
                events.deferred(envelope.queueId(), rcpts, o.reply(), o.host(), Instant.ofEpochMilli(nextAttempt));
                Message retry = copy(exchange, body, next, connector, nextHop, RETRY, o.reply());
                retry.setHeader(CaravanHeaders.SCHEDULED_DELIVERY, nextAttempt);
                copies.add(retry);
            }
        });
        return copies;
    }

    private static Message copy(Exchange exchange, byte[] body, Envelope envelope, String connector, String nextHop,
            String disposition, SmtpReply reply) {
        Message m = QueueCopy.of(exchange.getContext(), body, envelope, connector, nextHop, disposition);
        m.setHeader(CaravanHeaders.LAST_REPLY, reply.toString());
        return m;
    }

    /** Groups recipients that share a reply and host, so one copy and one event serve them all. */
    private static void forEachReply(List<RecipientOutcome> outcomes, java.util.function.BiConsumer<List<MailAddress>, RecipientOutcome> action) {
        if (outcomes == null) {
            return;
        }
        Map<List<Object>, List<RecipientOutcome>> groups = outcomes.stream().collect(
                Collectors.groupingBy(o -> List.of(o.reply().toString(), o.host()), java.util.LinkedHashMap::new, Collectors.toList()));
        groups.values().forEach(g -> action.accept(g.stream().map(RecipientOutcome::recipient).toList(), g.get(0)));
    }
}
