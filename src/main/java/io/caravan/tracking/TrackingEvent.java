// One line of the message tracking log: what happened to a message (or to a refused transaction), when, and where.
package io.caravan.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The unit every tracking consumer shares: the JSON log line, the search store and the mail metrics
 * all observe these ({@code @Observes TrackingEvent}), fired by {@link MessageEvents} in the order
 * things happened to a message.
 *
 * <p>The common columns are searchable; {@code details} holds the rest, in insertion order, with these
 * names (README "Message tracking"): {@code connector} (receive or send connector), {@code size},
 * {@code nextHop}, {@code host} (remote name[ip]:port), {@code reply} (the exact SMTP reply),
 * {@code nextAttempt}, {@code agent}, {@code result}, {@code score}, {@code action}, {@code reason},
 * {@code phase} (on REFUSED: connect, helo, mail, rcpt or data), {@code dsnId} (the report this event caused),
 * {@code reportsOn} (on a report's RECEIVED: the queue id it reports on), {@code tlsIn} and
 * {@code tlsOut} ("TLSv1.3 TLS_AES_256_GCM_SHA384", absent without TLS), {@code arrival} (when the
 * message was received, on delivery events), {@code subject} (only when caravan.tracking.subject is on),
 * {@code by} (the administrator who acted: the name of the admin token, "anonymous" without tokens),
 * {@code report} (on REMOVED: "yes" when the sender is told), {@code queue} (on POISONED: the queue the copy failed on).
 *
 * @param time       when it happened (not when the line was written)
 * @param event      what happened
 * @param queueId    the message's queue id; empty for a refusal before MAIL
 * @param messageId  the Message-ID header field's value without angle brackets; empty when unknown or absent
 * @param sender     the envelope sender (MAIL FROM), empty for the null sender
 * @param recipients the envelope recipients the event is about
 * @param clientIp   the address of the client that sent the message in, empty when unknown
 * @param details    the event's own facts, see above
 */
public record TrackingEvent(Instant time, Type event, String queueId, String messageId, String sender,
        List<String> recipients, String clientIp, Map<String, String> details) {

    public TrackingEvent {
        recipients = List.copyOf(recipients);
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** The events, with their Exchange message tracking equivalents where one exists. */
    public enum Type {
        /** RECEIVE: stored durably, the client got 250. */
        RECEIVED,
        /** FAIL during SMTP: a command or the message was refused in the dialogue (relay denied, unknown user, filtered, size...). */
        REFUSED,
        /** AGENTINFO: an inspection agent's verdict and what was done with it. */
        INSPECTED,
        /** An agent held the message in the quarantine. */
        QUARANTINED,
        /** An administrator released a quarantined message. */
        RELEASED,
        /** A quarantined message was deleted unreleased (administrator or expiry). */
        QUARANTINE_REMOVED,
        /** An agent accepted and dropped the message. */
        DELETED,
        /** ROUTING: a send connector and next hop were chosen. */
        ROUTED,
        /** SEND / DELIVER: the next hop accepted the message. */
        DELIVERED,
        /** DEFER: a temporary failure, another attempt is scheduled. */
        DEFERRED,
        /** FAIL: a permanent failure. */
        FAILED,
        /** FAIL: the message was in the queue longer than the expiry. */
        EXPIRED,
        /** DSN: a delivery status notification was queued. */
        DSN_SENT,
        /** No report is sent (null sender, NOTIFY=NEVER...). */
        DSN_SUPPRESSED,
        /** An administrator removed queued copies. */
        REMOVED,
        /** POISONMESSAGE: a copy crashed a stage too often and was moved to the poison queue. */
        POISONED,
        /** An administrator resubmitted a poison message. */
        RESUBMITTED
    }
}
