// The SMTP envelope and queue state of one message copy: what travels beside the raw bytes.
package io.caravan.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.caravan.mail.CaravanHeaders.*;

/**
 * MAIL FROM, RCPT TO and the facts of receipt. Delivery uses these, never the header fields
 * (invariant 4): a Bcc recipient is here and nowhere in the message.
 */
public record Envelope(String queueId, MailAddress mailFrom, List<MailAddress> recipients, String bodyType,
        String receiveConnector, String clientIp, String helo, long arrival, long expiry, int attempts, DsnParameters dsn,
        String messageId) {

    public Envelope {
        recipients = List.copyOf(recipients);
        dsn = dsn == null ? DsnParameters.NONE : dsn;
        messageId = messageId == null ? "" : messageId;
    }

    /** An envelope whose message has no known Message-ID (yet). */
    public Envelope(String queueId, MailAddress mailFrom, List<MailAddress> recipients, String bodyType,
            String receiveConnector, String clientIp, String helo, long arrival, long expiry, int attempts, DsnParameters dsn) {
        this(queueId, mailFrom, recipients, bodyType, receiveConnector, clientIp, helo, arrival, expiry, attempts, dsn, "");
    }

    /** An envelope without DSN parameters. */
    public Envelope(String queueId, MailAddress mailFrom, List<MailAddress> recipients, String bodyType,
            String receiveConnector, String clientIp, String helo, long arrival, long expiry, int attempts) {
        this(queueId, mailFrom, recipients, bodyType, receiveConnector, clientIp, helo, arrival, expiry, attempts, DsnParameters.NONE);
    }

    public Envelope withRecipients(List<MailAddress> rcpts) {
        return new Envelope(queueId, mailFrom, rcpts, bodyType, receiveConnector, clientIp, helo, arrival, expiry, attempts, dsn, messageId);
    }

    public Envelope withAttempts(int n) {
        return new Envelope(queueId, mailFrom, recipients, bodyType, receiveConnector, clientIp, helo, arrival, expiry, n, dsn, messageId);
    }

    /** The Message-ID read from the header section at end of data (see {@link MessageIds}). */
    public Envelope withMessageId(String id) {
        return new Envelope(queueId, mailFrom, recipients, bodyType, receiveConnector, clientIp, helo, arrival, expiry, attempts, dsn, id);
    }

    /** Writes the envelope as headers (JMS-compatible values only). */
    public void writeTo(Map<String, Object> headers) {
        headers.put(QUEUE_ID, queueId);
        headers.put(MAIL_FROM, mailFrom.address());
        headers.put(RECIPIENTS, joinRecipients(recipients));
        headers.put(BODY_TYPE, bodyType);
        headers.put(RECEIVE_CONNECTOR, receiveConnector);
        headers.put(CLIENT_IP, clientIp);
        headers.put(HELO, helo);
        headers.put(ARRIVAL, arrival);
        headers.put(EXPIRY, expiry);
        headers.put(ATTEMPTS, attempts);
        dsn.writeTo(headers);
        if (!messageId.isEmpty()) {
            headers.put(MESSAGE_ID, messageId);
        }
    }

    /** Reads an envelope written by {@link #writeTo}; numeric headers may come back from JMS as any Number. */
    public static Envelope readFrom(Map<String, Object> headers) {
        Object queueId = headers.get(QUEUE_ID);
        if (queueId == null) {
            throw new IllegalStateException("message has no " + QUEUE_ID + " header: not a Caravan queue message");
        }
        String from = string(headers, MAIL_FROM);
        return new Envelope(queueId.toString(),
                from.isEmpty() ? MailAddress.NULL_SENDER : MailAddress.parse(from),
                splitRecipients(string(headers, RECIPIENTS)),
                string(headers, BODY_TYPE),
                string(headers, RECEIVE_CONNECTOR),
                string(headers, CLIENT_IP),
                string(headers, HELO),
                number(headers, ARRIVAL),
                number(headers, EXPIRY),
                (int) number(headers, ATTEMPTS),
                DsnParameters.readFrom(headers),
                string(headers, MESSAGE_ID));
    }

    public static String joinRecipients(List<MailAddress> rcpts) {
        StringBuilder sb = new StringBuilder();
        for (MailAddress r : rcpts) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(r.address());
        }
        return sb.toString();
    }

    public static List<MailAddress> splitRecipients(String joined) {
        List<MailAddress> out = new ArrayList<>();
        for (String line : joined.split("\n")) {
            if (!line.isEmpty()) {
                out.add(MailAddress.parse(line));
            }
        }
        return out;
    }

    private static String string(Map<String, Object> headers, String name) {
        Object v = headers.get(name);
        return v == null ? "" : v.toString();
    }

    private static long number(Map<String, Object> headers, String name) {
        Object v = headers.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? 0 : Long.parseLong(v.toString());
    }
}
