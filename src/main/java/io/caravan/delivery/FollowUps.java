// Turns one attempt's per-recipient outcomes into tracking events and the copies still owed: retries and reports.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.QueueCopy;
import io.caravan.tracking.Hop;
import io.caravan.tracking.MessageEvents;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every recipient of the copy ends this attempt delivered, deferred (a retry copy scheduled with
 * {@code _AMQ_SCHED_DELIVERY}, never the broker's redelivery delay) or failed (a report copy for the
 * bounce stage). A deferral whose next attempt would fall after the expiry fails as expired, with
 * the last reply, so nothing waits for ever. Report copies (dispositions bounce, delay, success)
 * carry the reply and host the bounce stage quotes in the DSN. Reads the copy from the exchange
 * property {@link CaravanHeaders#ATTEMPT}; each method returns the copies the route then splits
 * over. Used in routes/50-delivery.yaml:
 * <pre>
 * - bean: { ref: followUps, method: after }
 * </pre>
 */
@Singleton
@Named("followUps")
public class FollowUps {

    private final RetrySchedule schedule;
    private final long delayNoticeMillis;
    private final MessageEvents events;

    public FollowUps(DeliveryConfig config, MessageEvents events) {
        this.schedule = RetrySchedule.parse(config.retry());
        this.delayNoticeMillis = config.delayNotice().toMillis();
        this.events = events;
    }

    /** Puts the copy back, unattempted, for a little while: its next hop is suspended or busy. */
    public List<Message> postpone(Exchange exchange, long millis) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        Message m = QueueCopy.of(exchange.getContext(), attempt.raw(), attempt.envelope(), attempt.connectorName(), attempt.nextHop(),
                Disposition.RETRY);
        for (String h : List.of(CaravanHeaders.LAST_REPLY, CaravanHeaders.LAST_HOST, CaravanHeaders.LAST_ATTEMPT,
                CaravanHeaders.LAST_REPLY_REMOTE, CaravanHeaders.DELAY_NOTIFIED)) {
            m.setHeader(h, attempt.header(h, null, Object.class));
        }
        long at = System.currentTimeMillis() + millis;
        m.setHeader(CaravanHeaders.SCHEDULED_DELIVERY, at);
        m.setHeader(CaravanHeaders.DUPLICATE_ID, m.getHeader(CaravanHeaders.DUPLICATE_ID) + "/postponed/" + at);
        return List.of(m);
    }

    /** Fails every recipient of a copy that was still queued when it expired, without an attempt. */
    public List<Message> expired(Exchange exchange) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        Envelope envelope = attempt.envelope();
        String last = attempt.header(CaravanHeaders.LAST_REPLY, "none", String.class);
        SmtpReply reply = SmtpReply.of(554, "5.4.7", "Delivery time expired; last error: " + last);
        events.expired(envelope, hop(attempt), envelope.recipients(), reply);
        String host = attempt.header(CaravanHeaders.LAST_HOST, "", String.class);
        return List.of(copy(exchange, attempt, envelope, Disposition.BOUNCE, reply, host));
    }

    /** After the attempt: an event per outcome, a retry copy for the deferred, report copies where owed. */
    public List<Message> after(Exchange exchange) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        List<RecipientOutcome> outcomes = attempt.outcomes();
        Envelope envelope = attempt.envelope();
        Envelope attempted = envelope.withAttempts(envelope.attempts() + 1);
        long now = System.currentTimeMillis();
        long nextAttempt = now + schedule.delayAfter(attempted.attempts()).toMillis();
        boolean delayNoticeDue = now - envelope.arrival() >= delayNoticeMillis
                && !attempt.header(CaravanHeaders.DELAY_NOTIFIED, false, Boolean.class);

        List<Message> copies = new ArrayList<>();
        Map<RecipientOutcome.Status, List<RecipientOutcome>> byStatus =
                outcomes.stream().collect(Collectors.groupingBy(RecipientOutcome::status));
        forEachReply(byStatus.get(RecipientOutcome.Status.DELIVERED), (rcpts, o) -> {
            events.delivered(envelope, hop(attempt), rcpts, o.host(), o.reply(), o.tls());
            List<MailAddress> wanting = wanting(rcpts, r -> !o.dsnPassedOn() && envelope.dsn().wantsSuccessReport(r));
            if (!wanting.isEmpty()) {
                copies.add(copy(exchange, attempt, attempted.withRecipients(wanting), Disposition.SUCCESS, o));
            }
        });
        forEachReply(byStatus.get(RecipientOutcome.Status.FAILED), (rcpts, o) -> {
            events.failed(envelope, hop(attempt), rcpts, o.reply(), o.host(), o.tls());
            copies.add(copy(exchange, attempt, attempted.withRecipients(rcpts), Disposition.BOUNCE, o));
        });
        forEachReply(byStatus.get(RecipientOutcome.Status.DEFERRED), (rcpts, o) -> {
            Envelope next = attempted.withRecipients(rcpts);
            if (attempt.expiresBefore(nextAttempt)) {
                SmtpReply expired = SmtpReply.of(554, "5.4.7", "Delivery time expired; last error: " + o.reply());
                events.expired(envelope, hop(attempt), rcpts, expired);
                copies.add(copy(exchange, attempt, next, Disposition.BOUNCE, expired, o.host()));
                return;
            }
            events.deferred(envelope, hop(attempt), rcpts, o.reply(), o.host(), Instant.ofEpochMilli(nextAttempt), o.tls());
            Message retry = copy(exchange, attempt, next, Disposition.RETRY, o);
            retry.setHeader(CaravanHeaders.SCHEDULED_DELIVERY, nextAttempt);
            copies.add(retry);
            if (delayNoticeDue) {
                retry.setHeader(CaravanHeaders.DELAY_NOTIFIED, true);
                List<MailAddress> wanting = wanting(rcpts, r -> envelope.dsn().wantsDelayReport(r));
                if (!wanting.isEmpty() && !envelope.mailFrom().isNullSender()) {
                    copies.add(copy(exchange, attempt, attempted.withRecipients(wanting), Disposition.DELAY, o));
                }
            } else if (attempt.header(CaravanHeaders.DELAY_NOTIFIED, false, Boolean.class)) {
                retry.setHeader(CaravanHeaders.DELAY_NOTIFIED, true);
            }
        });
        return copies;
    }

    private static List<MailAddress> wanting(List<MailAddress> rcpts, Predicate<MailAddress> wants) {
        return rcpts.stream().filter(wants).toList();
    }

    private static Message copy(Exchange exchange, DeliveryAttempt attempt, Envelope envelope, Disposition disposition,
            RecipientOutcome o) {
        Message m = copy(exchange, attempt, envelope, disposition, o.reply(), o.host());
        m.setHeader(CaravanHeaders.LAST_REPLY_REMOTE, o.remote());
        return m;
    }

    private static Message copy(Exchange exchange, DeliveryAttempt attempt, Envelope envelope, Disposition disposition,
            SmtpReply reply, String host) {
        Message m = QueueCopy.of(exchange.getContext(), attempt.raw(), envelope, attempt.connectorName(), attempt.nextHop(), disposition);
        m.setHeader(CaravanHeaders.LAST_REPLY, reply.toWire().strip());
        m.setHeader(CaravanHeaders.LAST_HOST, host == null ? "" : host);
        m.setHeader(CaravanHeaders.LAST_ATTEMPT, System.currentTimeMillis());
        return m;
    }

    /** Groups recipients that share an outcome, reply and host, so one copy and one event serve them all. */
    private static void forEachReply(List<RecipientOutcome> outcomes, BiConsumer<List<MailAddress>, RecipientOutcome> action) {
        if (outcomes == null) {
            return;
        }
        Map<List<Object>, List<RecipientOutcome>> groups = outcomes.stream().collect(Collectors.groupingBy(
                o -> List.of(o.reply().toString(), o.host(), o.remote(), o.dsnPassedOn()), LinkedHashMap::new, Collectors.toList()));
        groups.values().forEach(g -> action.accept(g.stream().map(RecipientOutcome::recipient).toList(), g.get(0)));
    }

    private static Hop hop(DeliveryAttempt attempt) {
        return new Hop(attempt.connectorName(), attempt.nextHop());
    }
}
