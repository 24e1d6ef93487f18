// Every state change of a recipient, recorded in one place: the message tracking log.
package io.caravan.tracking;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The stages call this and nothing else to say what happened, so tracking (search, retention, a
 * REST view) can grow here without touching them. Today it writes one line per event to the
 * {@code caravan.tracking} log category, e.g.
 * {@code DEFERRED id=MIF3K2A1B2C3 rcpt=<bob@example.org> host=mx1.example.org[192.0.2.1]:25 reply="451 4.3.0 Try later" next=2026-11-26T23:01:00Z}.
 */
@Singleton
public class MessageEvents {

    private static final Logger LOG = Logger.getLogger("caravan.tracking");

    public void received(String queueId, MailAddress from, List<MailAddress> rcpts, String connector, String clientIp, long size) {
        LOG.infof("RECEIVED id=%s from=<%s> rcpt=%s connector=%s client=%s size=%d", queueId, from, format(rcpts), connector, clientIp, size);
    }

    public void routed(String queueId, List<MailAddress> rcpts, String sendConnector, String nextHop) {
        LOG.infof("ROUTED id=%s rcpt=%s connector=%s next-hop=%s", queueId, format(rcpts), sendConnector, nextHop);
    }

    public void delivered(String queueId, List<MailAddress> rcpts, String host, SmtpReply reply) {
        LOG.infof("DELIVERED id=%s rcpt=%s host=%s reply=\"%s\"", queueId, format(rcpts), host, reply);
    }

    public void deferred(String queueId, List<MailAddress> rcpts, SmtpReply reply, String host, Instant nextAttempt) {
        LOG.infof("DEFERRED id=%s rcpt=%s host=%s reply=\"%s\" next=%s", queueId, format(rcpts), host, reply, nextAttempt);
    }

    public void failed(String queueId, List<MailAddress> rcpts, SmtpReply reply, String host) {
        LOG.infof("FAILED id=%s rcpt=%s host=%s reply=\"%s\"", queueId, format(rcpts), host, reply);
    }

    public void expired(String queueId, List<MailAddress> rcpts, SmtpReply lastReply) {
        LOG.infof("EXPIRED id=%s rcpt=%s last-reply=\"%s\"", queueId, format(rcpts), lastReply);
    }

    /** A delivery status notification about these recipients was queued as dsnQueueId. */
    public void reported(String queueId, List<MailAddress> rcpts, String action, String dsnQueueId) {
        LOG.infof("DSN_SENT id=%s rcpt=%s action=%s dsn-id=%s", queueId, format(rcpts), action, dsnQueueId);
    }

    /** No report is sent: the sender is the null sender (a bounce never bounces) or asked for none (NOTIFY). */
    public void reportSuppressed(String queueId, List<MailAddress> rcpts, String action, String why) {
        LOG.infof("DSN_SUPPRESSED id=%s rcpt=%s action=%s reason=\"%s\"", queueId, format(rcpts), action, why);
    }

    /**
     * An inspection agent's verdict and what was done with it ("refused", "quarantined", "deleted", "tagged", "recorded") and its score, if it has one.
     * The reason may quote what the sender controls (a DNS explanation, a header): {@link LogEscapeFilter} escapes it.
     */
    public void inspected(String queueId, String agent, String result, OptionalDouble score, String action, String reason) {
        if (score.isPresent()) {
            LOG.infof("INSPECTED id=%s agent=%s result=%s score=%s action=%s reason=\"%s\"", queueId, agent, result,
                    formatScore(score.getAsDouble()), action, reason);
        } else {
            LOG.infof("INSPECTED id=%s agent=%s result=%s action=%s reason=\"%s\"", queueId, agent, result, action, reason);
        }
    }

    /** "7", "5.5": a score as people write it. */
    private static String formatScore(double score) {
        return score == Math.rint(score) ? Long.toString((long) score) : Double.toString(Math.round(score * 100) / 100.0);
    }

    /** An agent held the message in the quarantine. */
    public void quarantined(String queueId, MailAddress from, List<MailAddress> rcpts, String agent, String reason) {
        LOG.infof("QUARANTINED id=%s from=<%s> rcpt=%s agent=%s reason=\"%s\"", queueId, from, format(rcpts), agent, reason);
    }

    /** An administrator released a quarantined message to its recipients. */
    public void released(String queueId, List<String> rcpts) {
        LOG.infof("RELEASED id=%s rcpt=%s", queueId, format(rcpts.stream().map(MailAddress::parse).toList()));
    }

    /** A quarantined message was deleted unreleased: by an administrator, or because it expired. */
    public void quarantineRemoved(String queueId, String why) {
        LOG.infof("QUARANTINE_REMOVED id=%s reason=%s", queueId, why);
    }

    /** An agent chose to accept and drop the message (the client got 250). */
    public void deleted(String queueId, MailAddress from, List<MailAddress> rcpts, String agent, String reason) {
        LOG.infof("DELETED id=%s from=<%s> rcpt=%s agent=%s reason=\"%s\"", queueId, from, format(rcpts), agent, reason);
    }

    /** An administrator removed the copies of these recipients from the queue. */
    public void removed(String queueId, List<String> rcpts, boolean withReport) {
        LOG.infof("REMOVED id=%s rcpt=%s report=%s", queueId, String.join(",", rcpts), withReport ? "yes" : "no");
    }


    private static String format(List<MailAddress> rcpts) {
        StringBuilder sb = new StringBuilder();
        for (MailAddress r : rcpts) {
            sb.append(sb.length() == 0 ? "" : ",").append('<').append(r).append('>');
        }
        return sb.toString();
    }
}
