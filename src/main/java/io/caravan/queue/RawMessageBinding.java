// Moves RawMessage bodies to and from Artemis: small ones as bytes, spooled ones streamed, never whole in the heap.
package io.caravan.queue;

import io.caravan.mail.RawMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.JmsMessageType;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every stage's body is a {@link RawMessage}. Sending: one held in the heap is written as the
 * bytes of a BytesMessage, as Camel would; a spooled one is handed to Artemis as a stream
 * ({@code JMS_AMQ_InputStream}), which sends it in 1 MiB chunks as a large message. Camel's own
 * {@code artemisStreamingEnabled} cannot choose per message, and streaming every small message
 * costs a 1 MiB buffer per send. Receiving: a large message is saved straight into a spool file
 * ({@code JMS_AMQ_SaveStream}) that is deleted when the exchange is done; any other is read into
 * the heap. Installed on every jms: endpoint by {@link RawMessageBindings}.
 */
final class RawMessageBinding extends JmsBinding {

    private static final Logger LOG = Logger.getLogger(RawMessageBinding.class);

    private final MessageSpool spool;

    RawMessageBinding(JmsEndpoint endpoint, MessageSpool spool) {
        super(endpoint);
        this.spool = spool;
    }

    @Override
    protected Message createJmsMessageForType(Exchange exchange, Object body, Session session, CamelContext context,
            JmsMessageType type) throws JMSException {
        if (!(body instanceof RawMessage raw) || type != JmsMessageType.Bytes) {
            return super.createJmsMessageForType(exchange, body, session, context, type);
        }
        BytesMessage message = session.createBytesMessage();
        if (raw.isSpooled()) {
            message.setObjectProperty(ActiveMQJMSConstants.JMS_ACTIVEMQ_INPUT_STREAM, raw.open()); // Artemis closes it
        } else {
            message.writeBytes(raw.head());
        }
        return message;
    }

    @Override
    protected JmsMessageType getJMSMessageTypeForBody(Exchange exchange, Object body) {
        return body instanceof RawMessage ? JmsMessageType.Bytes : super.getJMSMessageTypeForBody(exchange, body);
    }

    @Override
    protected Object createByteArrayFromBytesMessage(Exchange exchange, BytesMessage message) throws JMSException {
        if (!(message instanceof ActiveMQMessage artemis) || !artemis.getCoreMessage().isLargeMessage()) {
            byte[] bytes = new byte[(int) message.getBodyLength()];
            message.readBytes(bytes);
            return RawMessage.of(bytes);
        }
        Path file;
        try {
            file = spool.newFile();
        } catch (IOException e) {
            throw jmsException("cannot create a spool file in " + spool.directory(), e);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                delete(file);
            }
        });
        try (OutputStream out = Files.newOutputStream(file)) {
            message.setObjectProperty(ActiveMQJMSConstants.JMS_ACTIVEMQ_SAVE_STREAM, out); // returns once all is written
        } catch (IOException e) {
            throw jmsException("cannot spool a large message to " + file, e);
        }
        return RawMessage.spooled(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Cannot delete spool file %s: %s", file, e.getMessage());
        }
    }

    private static JMSException jmsException(String what, IOException cause) {
        JMSException e = new JMSException(what + ": " + cause.getMessage());
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
