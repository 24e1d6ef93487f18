// Builds the Camel message for one copy of a message bound for a queue: same bytes, fresh headers.
package io.caravan.queue;

import io.caravan.mail.RawMessage;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies share the body (bytes are never copied or re-encoded, a spooled message stays in its one file). Headers are written afresh
 * from the envelope so that nothing of the consumed JMS message (JMSReplyTo, JMSMessageID...) leaks
 * into the next send. The duplicate-detection id makes a re-run of a stage after a crash harmless.
 */
public final class QueueCopy {

    private QueueCopy() {
    }

    public static Message of(CamelContext context, RawMessage body, Envelope envelope, String sendConnector, String nextHop,
            Disposition disposition) {
        Message m = new DefaultMessage(context);
        m.setBody(body);
        envelope.writeTo(m.getHeaders());
        m.setHeader(CaravanHeaders.SEND_CONNECTOR, sendConnector);
        m.setHeader(CaravanHeaders.NEXT_HOP, nextHop);
        m.setHeader(CaravanHeaders.DISPOSITION, disposition.wire());
        m.setHeader(CaravanHeaders.SIZE, body.size());
        m.setHeader(CaravanHeaders.DUPLICATE_ID, envelope.queueId() + "/" + sendConnector + "/" + nextHop + "/"
                + disposition.wire() + "/" + envelope.attempts() + "/" + digest(Envelope.joinRecipients(envelope.recipients())));
        return m;
    }

    /**
     * Names the recipient list in the duplicate id without putting hundreds of addresses into the
     * broker's id cache. A 32-bit hash could let two different copies collide, and the broker would
     * then drop one of them as a duplicate; 128 bits of SHA-256 cannot in practice.
     */
    static String digest(String recipients) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(recipients.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
