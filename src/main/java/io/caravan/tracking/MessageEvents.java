// Every state change of a recipient, and every refusal in the SMTP dialogue, recorded in one place.
package io.caravan.tracking;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.MessageIds;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import static io.caravan.tracking.TrackingEvent.Type.*;

/**
 * The stages call this and nothing else to say what happened: each method builds one
 * {@link TrackingEvent} and fires it synchronously as a CDI event, which the tracking log
 * ({@link TrackingLog}), the search store and the metrics observe. A message's events reach them in
 * the order they happened: while the message is being received (from the end of its data until the
 * client has its reply), events other stages report about it are held back by {@link Receptions} and
 * follow its RECEIVED.
 */
@Singleton
public class MessageEvents {

    private final Receptions receptions;
    private final boolean subjects;

    @Inject
    public MessageEvents(Event<TrackingEvent> fired, TrackingConfig config) {
        this(fired::fire, config.subject());
    }

    /** Events go to {@code sink} (a test's list); {@code subjects}: RECEIVED carries the Subject. */
    public MessageEvents(Consumer<TrackingEvent> sink, boolean subjects) {
        this.receptions = new Receptions(sink);
        this.subjects = subjects;
    }

    /** Events go nowhere: for tests of a stage that do not look at tracking. */
    public MessageEvents() {
        this(e -> { }, false);
    }

    // ---- reception --------------------------------------------------------------------------------------------

    /** The end of a message's data was reached: its events wait for RECEIVED until {@link #receptionEnded}. */
    public void receiving(String queueId) {
        receptions.begin(queueId);
    }

    /**
     * The message is stored (or quarantined, or dropped by an agent) and the client got 250: the first event of the
     * message, timed at its arrival (the end of its data). tlsIn is empty without TLS; the subject is recorded only
     * when caravan.tracking.subject is on.
     */
    public void received(Envelope envelope, RawMessage message, String tlsIn) {
        Map<String, String> d = details("connector", envelope.receiveConnector(), "size", Long.toString(message.size()), "tlsIn", tlsIn,
                "subject", subjects ? MessageIds.subject(message) : "");
        receptions.end(envelope.queueId(), event(Instant.ofEpochMilli(envelope.arrival()), RECEIVED, envelope, envelope.recipients(), d));
    }

    /** Whatever happens to the reception, nothing stays held for it: the session calls this when the reply is sent. */
    public void receptionEnded(String queueId) {
        receptions.end(queueId, null);
    }

    /**
     * A command or a message was refused in the SMTP dialogue (the client got 4xx or 5xx). {@code from} is null
     * before MAIL; queueId and messageId are empty when not known yet.
     */
    public void refused(Refusal refusal) {
        Map<String, String> d = details("phase", refusal.phase(), "connector", refusal.connector(), "reply", wire(refusal.reply()));
        TrackingEvent e = new TrackingEvent(Instant.now(), REFUSED, refusal.queueId(), refusal.messageId(),
                refusal.from() == null ? "" : refusal.from().address(), addresses(refusal.recipients()), refusal.clientIp(), d);
        if (refusal.queueId().isEmpty()) {
            receptions.fire(e);
        } else {
            receptions.emit(e);
        }
    }

    // ---- categorize, delivery, reports -------------------------------------------------------------------------

    public void routed(Envelope envelope, List<MailAddress> rcpts, String sendConnector, String nextHop) {
        emit(ROUTED, envelope, rcpts, details("connector", sendConnector, "nextHop", nextHop));
    }

    /** tlsOut: protocol and cipher of the connection the reply came over, empty without TLS. */
    public void delivered(Envelope envelope, Hop hop, List<MailAddress> rcpts, String host, SmtpReply reply, String tlsOut) {
        emit(DELIVERED, envelope, rcpts, details("connector", hop.connector(), "nextHop", hop.nextHop(), "host", host, "reply", wire(reply), "tlsOut", tlsOut, "arrival", arrival(envelope)));
    }

    public void deferred(Envelope envelope, Hop hop, List<MailAddress> rcpts, SmtpReply reply, String host, Instant nextAttempt, String tlsOut) {
        emit(DEFERRED, envelope, rcpts, details("connector", hop.connector(), "nextHop", hop.nextHop(), "host", host, "reply", wire(reply), "nextAttempt", TrackingJson.TIME.format(nextAttempt),
                "tlsOut", tlsOut, "arrival", arrival(envelope)));
    }

    public void failed(Envelope envelope, Hop hop, List<MailAddress> rcpts, SmtpReply reply, String host, String tlsOut) {
        emit(FAILED, envelope, rcpts, details("connector", hop.connector(), "nextHop", hop.nextHop(), "host", host, "reply", wire(reply), "tlsOut", tlsOut, "arrival", arrival(envelope)));
    }

    public void expired(Envelope envelope, Hop hop, List<MailAddress> rcpts, SmtpReply lastReply) {
        emit(EXPIRED, envelope, rcpts, details("connector", hop.connector(), "nextHop", hop.nextHop(), "reply", wire(lastReply), "arrival", arrival(envelope)));
    }

    /** A delivery status notification about these recipients was queued as the message {@code report}. */
    public void reported(Envelope envelope, List<MailAddress> rcpts, String action, Envelope report, long reportSize) {
        emit(DSN_SENT, envelope, rcpts, details("action", action, "dsnId", report.queueId()));
        emit(RECEIVED, report, report.recipients(), details("connector", report.receiveConnector(), "size", Long.toString(reportSize),
                "reportsOn", envelope.queueId()));
    }

    /** No report is sent: the sender is the null sender (a bounce never bounces) or asked for none (NOTIFY). */
    public void reportSuppressed(Envelope envelope, List<MailAddress> rcpts, String action, String why) {
        emit(DSN_SUPPRESSED, envelope, rcpts, details("action", action, "reason", why));
    }

    // ---- agents and quarantine ---------------------------------------------------------------------------------

    /**
     * An inspection agent's verdict and what was done with it ("refused", "quarantined", "deleted", "tagged",
     * "recorded") and its score, if it has one.
     */
    public void inspected(Envelope envelope, String agent, String result, OptionalDouble score, String action, String reason) {
        emit(INSPECTED, envelope, List.of(), details("agent", agent, "result", result,
                "score", score.isPresent() ? formatScore(score.getAsDouble()) : "", "action", action, "reason", reason));
    }

    /** "7", "5.5": a score as people write it. */
    private static String formatScore(double score) {
        return score == Math.rint(score) ? Long.toString((long) score) : Double.toString(Math.round(score * 100) / 100.0);
    }

    /** An agent held the message in the quarantine. */
    public void quarantined(Envelope envelope, String agent, String reason) {
        emit(QUARANTINED, envelope, envelope.recipients(), details("agent", agent, "reason", reason));
    }

    /** An administrator released a quarantined message to its recipients; {@code stored}: the Caravan headers kept with it. */
    public void released(Map<String, ?> stored, String by) {
        receptions.emit(stored(RELEASED, stored, details("by", by)));
    }

    /** A quarantined message was deleted unreleased: by an administrator ({@code by}), or because it expired. */
    public void quarantineRemoved(Map<String, ?> stored, String why, String by) {
        receptions.emit(stored(QUARANTINE_REMOVED, stored, details("reason", why, "by", by)));
    }

    /** An agent chose to accept and drop the message (the client got 250). */
    public void deleted(Envelope envelope, String agent, String reason) {
        emit(DELETED, envelope, envelope.recipients(), details("agent", agent, "reason", reason));
    }

    // ---- the administrator's actions and the poison queue ------------------------------------------------------

    /*
     * These know a copy by what is stored with it, its Caravan headers (JMS properties): read leniently, as a copy
     * may be on the poison queue precisely because its envelope is broken.
     */

    /** An administrator removed a queued copy. */
    public void removed(Map<String, ?> stored, boolean withReport, String by) {
        receptions.emit(stored(REMOVED, stored, details("report", withReport ? "yes" : "no", "by", by)));
    }

    /** A copy made its stage fail too often (or expired) and was moved from {@code queue} to the poison queue. */
    public void poisoned(Map<String, ?> stored, String queue, String reason) {
        receptions.emit(stored(POISONED, stored, details("queue", queue, "reason", reason)));
    }

    /** An administrator put a poison copy back on the queue it failed on. */
    public void resubmitted(Map<String, ?> stored, String by) {
        receptions.emit(stored(RESUBMITTED, stored, details("by", by)));
    }

    // ---- building ----------------------------------------------------------------------------------------------

    private void emit(TrackingEvent.Type type, Envelope envelope, List<MailAddress> rcpts, Map<String, String> details) {
        receptions.emit(event(Instant.now(), type, envelope, rcpts, details));
    }

    private static TrackingEvent event(Instant time, TrackingEvent.Type type, Envelope envelope, List<MailAddress> rcpts,
            Map<String, String> details) {
        return new TrackingEvent(time, type, envelope.queueId(), envelope.messageId(), envelope.mailFrom().address(), addresses(rcpts),
                envelope.clientIp(), details);
    }

    private static TrackingEvent stored(TrackingEvent.Type type, Map<String, ?> headers, Map<String, String> details) {
        List<String> rcpts = java.util.Arrays.stream(text(headers, CaravanHeaders.RECIPIENTS).split("\n")).filter(r -> !r.isEmpty()).toList();
        return new TrackingEvent(Instant.now(), type, text(headers, CaravanHeaders.QUEUE_ID), text(headers, CaravanHeaders.MESSAGE_ID),
                text(headers, CaravanHeaders.MAIL_FROM), rcpts, text(headers, CaravanHeaders.CLIENT_IP), details);
    }

    private static String text(Map<String, ?> headers, String name) {
        Object v = headers.get(name);
        return v == null ? "" : v.toString();
    }

    private static List<String> addresses(List<MailAddress> rcpts) {
        return rcpts.stream().map(MailAddress::address).toList();
    }

    private static String arrival(Envelope envelope) {
        return envelope.arrival() > 0 ? TrackingJson.TIME.format(Instant.ofEpochMilli(envelope.arrival())) : "";
    }

    /** The reply as it was on the wire, without the final CRLF (a multi-line reply keeps its inner CRLFs). */
    private static String wire(SmtpReply reply) {
        return reply == null ? "" : reply.toWire().stripTrailing();
    }

    /** Name, value pairs in order; null and empty values are left out. */
    private static Map<String, String> details(String... pairs) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
                d.put(pairs[i], pairs[i + 1]);
            }
        }
        return d;
    }
}
