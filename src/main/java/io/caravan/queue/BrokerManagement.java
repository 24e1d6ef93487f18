// Asks the broker (embedded or external) to act on a queue, through Artemis' management address over JMS.
package io.caravan.queue;

import jakarta.inject.Singleton;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * The same request works against the embedded broker and an external cluster, so the queue viewer has
 * one code path. Operations are Artemis QueueControl's: countMessages, listMessagesAsJSON,
 * listScheduledMessagesAsJSON, removeMessages, moveMessages, deliverScheduledMessages, retryMessages.
 */
@Singleton
public class BrokerManagement {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long REPLY_TIMEOUT_MILLIS = 30_000;

    private final ConnectionFactory connectionFactory;

    public BrokerManagement(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Invokes a QueueControl operation on the named queue and returns its result. */
    public Object onQueue(String queue, String operation, Object... parameters) {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            connection.start();
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putOperationInvocation(request, "queue." + queue, operation, parameters);
            session.createProducer(ActiveMQJMSClient.createQueue(MANAGEMENT_ADDRESS)).send(request);
            Message reply = consumer.receive(REPLY_TIMEOUT_MILLIS);
            if (reply == null) {
                throw new IllegalStateException("Broker did not answer " + operation + " on " + queue + " within " + REPLY_TIMEOUT_MILLIS + " ms");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("Broker refused " + operation + " on " + queue + ": " + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        } catch (JMSException e) {
            throw new IllegalStateException("Broker management request " + operation + " on " + queue + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** False while an external broker has not created the queue yet (it does on first use). */
    public boolean queueExists(String queue) {
        try {
            onQueue(queue, "getName");
            return true;
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("AMQ229067")) {
                return false;
            }
            throw e;
        }
    }

    /** An Artemis filter expression matching a string property exactly. */
    public static String propertyEquals(String property, String value) {
        return property + " = '" + value.replace("'", "''") + "'";
    }
}
