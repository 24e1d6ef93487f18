// Bounce stage: turns report copies (failed, delayed, delivered) into RFC 3464 reports queued for the sender.
package io.caravan.bounce;

import io.caravan.mail.RawMessage;
import io.caravan.config.Postmaster;
import io.caravan.config.ServerIdentity;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.DsnParameters;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.MessageIds;
import io.caravan.mail.SmtpReply;
import io.caravan.mail.QueueIds;
import io.caravan.routing.SendConnectors;
import io.caravan.tracking.MessageEvents;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Exchange's DSN generation. A report goes from the null sender to the envelope sender and is
 * submitted like any message, so it is routed, retried and tracked the same way. Never a report to
 * the null sender: a failed report is dropped with a tracking record, so bounces cannot loop.
 * Recipients whose NOTIFY excludes the event get none. Used in routes/60-bounce.yaml:
 * <pre>
 * - split:
 *     method: { ref: dsnGenerator, method: report }
 * </pre>
 */
@Singleton
@Named("dsnGenerator")
public class DsnGenerator {

    private final ServerIdentity identity;
    private final Postmaster postmaster;
    private final MessageEvents events;
    private final long expiryMillis;
    private final SendConnectors connectors;

    public DsnGenerator(ServerIdentity identity, Postmaster postmaster, MessageEvents events, DeliveryConfig delivery,
            SendConnectors connectors) {
        this.connectors = connectors;
        this.identity = identity;
        this.postmaster = postmaster;
        this.events = events;
        this.expiryMillis = delivery.expiry().toMillis();
    }

    /** @return the report to submit, or nothing when none is owed */
    public List<Message> report(Exchange exchange) {
        Envelope envelope = Envelope.readFrom(exchange.getIn().getHeaders());
        Disposition disposition = disposition(exchange);
        RecipientReport.Action action = switch (disposition) {
            case DELAY -> RecipientReport.Action.DELAYED;
            case SUCCESS -> connectors.isMaildir(exchange.getIn().getHeader(CaravanHeaders.SEND_CONNECTOR, "", String.class))
                    ? RecipientReport.Action.DELIVERED : RecipientReport.Action.RELAYED;
            default -> RecipientReport.Action.FAILED;
        };
        if (envelope.mailFrom().isNullSender()) {
            events.reportSuppressed(envelope, envelope.recipients(), action.keyword(), "null sender");
            return List.of();
        }
        List<MailAddress> reported = envelope.recipients().stream().filter(wants(envelope.dsn(), action)).toList();
        if (reported.isEmpty()) {
            events.reportSuppressed(envelope, envelope.recipients(), action.keyword(), "NOTIFY");
            return List.of();
        }
        Instant now = Instant.now();
        boolean removedByAdministrator = !disposition.isReport();
        SmtpReply reply = removedByAdministrator ? removed(exchange) : lastReply(exchange);
        boolean remote = !removedByAdministrator && exchange.getIn().getHeader(CaravanHeaders.LAST_REPLY_REMOTE, false, Boolean.class);
        String host = exchange.getIn().getHeader(CaravanHeaders.LAST_HOST, "", String.class);
        Long lastAttempt = exchange.getIn().getHeader(CaravanHeaders.LAST_ATTEMPT, Long.class);
        List<RecipientReport> reports = reported.stream().map(r -> new RecipientReport(r, envelope.dsn().of(r).orcpt(), action,
                reply, remote ? hostName(host) : null, lastAttempt == null ? null : Instant.ofEpochMilli(lastAttempt),
                action == RecipientReport.Action.DELAYED ? Instant.ofEpochMilli(envelope.expiry()) : null)).toList();
        RawMessage original = exchange.getIn().getBody(RawMessage.class);
        // RET=FULL is honoured for messages kept in the heap (under 1 MiB); a larger one comes back as its header
        // section only, as Postfix does past bounce_size_limit: a report must not carry megabytes back to the sender.
        boolean returnFull = envelope.dsn().returnFullMessage() && !original.isSpooled();
        byte[] dsn = DsnMessage.build(new DsnRequest(identity.hostname(), envelope.mailFrom(), envelope.queueId(),
                Instant.ofEpochMilli(envelope.arrival()), decodeXtext(envelope.dsn().envId()), returnFull,
                reports, original.head(), postmaster.address().address(), now, identity.hostname()));

        String dsnId = QueueIds.next();
        long t = now.toEpochMilli();
        Envelope dsnEnvelope = new Envelope(dsnId, MailAddress.NULL_SENDER, List.of(envelope.mailFrom()), bodyType(dsn), "bounce",
                "127.0.0.1", identity.hostname(), t, t + expiryMillis, 0);
        RawMessage report = RawMessage.of(dsn);
        dsnEnvelope = dsnEnvelope.withMessageId(MessageIds.messageId(report));
        Message m = new DefaultMessage(exchange.getContext());
        m.setBody(report);
        dsnEnvelope.writeTo(m.getHeaders());
        // idempotent: a redelivered report copy produces the same duplicate id, so one report only
        m.setHeader(CaravanHeaders.DUPLICATE_ID, "dsn/" + exchange.getIn().getHeader(CaravanHeaders.DUPLICATE_ID, dsnId, String.class));
        events.reported(envelope, reported, action.keyword(), dsnEnvelope, dsn.length);
        return List.of(m);
    }

    private static Predicate<MailAddress> wants(DsnParameters dsn, RecipientReport.Action action) {
        return switch (action) {
            case DELAYED -> dsn::wantsDelayReport;
            case DELIVERED, RELAYED -> dsn::wantsSuccessReport;
            default -> dsn::wantsFailureReport;
        };
    }

    /** A copy without the header is a failure report; one moved here by the queue viewer keeps deliver or retry. */
    private static Disposition disposition(Exchange exchange) {
        return Disposition.fromWire(exchange.getIn().getHeader(CaravanHeaders.DISPOSITION, Disposition.BOUNCE.wire(), String.class));
    }

    /** A copy the queue viewer moved here from caravan.delivery (Remove-Message with a report). */
    private static SmtpReply removed(Exchange exchange) {
        String last = exchange.getIn().getHeader(CaravanHeaders.LAST_REPLY, "", String.class);
        return SmtpReply.of(550, "5.0.0", "The message was removed from the queue by the mail administrator"
                + (last.isEmpty() ? "" : "; the last delivery attempt said: " + last.replace("\r\n", " ")));
    }

    private static SmtpReply lastReply(Exchange exchange) {
        String last = exchange.getIn().getHeader(CaravanHeaders.LAST_REPLY, String.class);
        try {
            return last == null ? SmtpReply.of(554, "5.0.0", "Delivery failed") : SmtpReply.parse(last);
        } catch (IllegalArgumentException e) {
            return SmtpReply.of(554, "5.0.0", last);
        }
    }

    /** A report that returns an 8-bit original is itself 8-bit (RFC 6152). */
    private static String bodyType(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return "8BITMIME";
            }
        }
        return "7BIT";
    }

    /** "mx1.example.org[192.0.2.1]:25" is reported as the host name alone. */
    private static String hostName(String host) {
        int bracket = host.indexOf('[');
        return Optional.of(bracket < 0 ? host : host.substring(0, bracket)).filter(h -> !h.isBlank()).orElse(null);
    }

    /** ENVID travels as xtext (RFC 3461 §4); the report shows it decoded. */
    static String decodeXtext(String xtext) {
        if (xtext == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length()) {
                sb.append((char) Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
