// Builds the Camel message for one copy of a message bound for a queue: same bytes, fresh headers.
package io.caravan.queue;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * Copies share the body array (bytes are never copied or re-encoded). Headers are written afresh
 * from the envelope so that nothing of the consumed JMS message (JMSReplyTo, JMSMessageID...) leaks
 * into the next send. The duplicate-detection id makes a re-run of a stage after a crash harmless.
 */
public final class QueueCopy {

    private QueueCopy() {
    }

    public static Message of(CamelContext context, byte[] body, Envelope envelope, String sendConnector, String nextHop,
            String disposition) {
        Message m = new DefaultMessage(context);
        m.setBody(body);
        envelope.writeTo(m.getHeaders());
        m.setHeader(CaravanHeaders.SEND_CONNECTOR, sendConnector);
        m.setHeader(CaravanHeaders.NEXT_HOP, nextHop);
        m.setHeader(CaravanHeaders.DISPOSITION, disposition);
        m.setHeader(CaravanHeaders.SIZE, (long) body.length);
        m.setHeader(CaravanHeaders.DUPLICATE_ID, envelope.queueId() + "/" + sendConnector + "/" + nextHop + "/"
                + disposition + "/" + envelope.attempts() + "/" + Envelope.joinRecipients(envelope.recipients()).hashCode());
        return m;
    }
}
