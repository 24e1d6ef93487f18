// The suspended next hops as messages on the broker's caravan.suspensions queue: written, browsed and removed, never consumed.
package io.caravan.queue;

import io.caravan.mail.CaravanHeaders;
import io.caravan.queue.NextHopGate.Suspension;
import jakarta.inject.Singleton;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One persistent message per suspension: {@code CaravanNextHop}, {@code CaravanSuspendedBy}, {@code CaravanSuspendedAt}
 * (epoch milliseconds), no body, no expiry. A plain durable queue that any Artemis creates on first use, embedded or
 * external, with no address settings or queue parameters to configure; its messages live in the broker's journal, so
 * every instance reads the same set and a restart changes nothing. Nothing consumes it: instances browse it.
 * Two instances suspending one next hop at once leave two messages, read as one (the earlier); resuming removes every
 * message of that next hop through the broker's management, so a resumed next hop leaves nothing behind.
 */
@Singleton
public class SuspensionStore {

    private static final Logger LOG = Logger.getLogger(SuspensionStore.class);
    static final String SUSPENDED_BY = "CaravanSuspendedBy";
    static final String SUSPENDED_AT = "CaravanSuspendedAt";
    /** Messages read at most per browse: the bound on suspensions with room for duplicates and foreign messages. */
    static final int MAX_READ = 4 * NextHopGate.MAX_SUSPENDED;

    private final ConnectionFactory connectionFactory;
    private final BrokerManagement management;

    public SuspensionStore(ConnectionFactory connectionFactory, BrokerManagement management) {
        this.connectionFactory = connectionFactory;
        this.management = management;
    }

    /** Records a suspension on the broker; returns once the broker has it on disk. */
    public void add(Suspension s) {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = session.createMessage();
            m.setStringProperty(CaravanHeaders.NEXT_HOP, s.nextHop());
            m.setStringProperty(SUSPENDED_BY, s.by());
            m.setLongProperty(SUSPENDED_AT, s.since().toEpochMilli());
            MessageProducer producer = session.createProducer(queue(session));
            producer.send(m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
        } catch (JMSException e) {
            throw new IllegalStateException("the broker did not store the suspension of " + s.nextHop() + ": " + e.getMessage(), e);
        }
    }

    /** Removes every suspension of the next hop; how many messages went. */
    public int remove(String nextHop) {
        if (!management.queueExists(QueueNames.SUSPENSIONS)) {
            return 0;
        }
        return ((Number) management.onQueue(QueueNames.SUSPENSIONS, "removeMessages",
                BrokerManagement.propertyEquals(CaravanHeaders.NEXT_HOP, nextHop))).intValue();
    }

    /**
     * The suspensions on the broker, by next hop. A message that is not a suspension (no valid next hop) is
     * skipped with a warning; past {@link NextHopGate#MAX_SUSPENDED} next hops the rest are left out, logged.
     * @throws IllegalStateException when the broker cannot be read
     */
    public Map<String, Suspension> read() {
        Map<String, Suspension> out = new LinkedHashMap<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            try (QueueBrowser browser = session.createBrowser(queue(session))) {
                Enumeration<?> messages = browser.getEnumeration();
                int read = 0;
                while (messages.hasMoreElements() && read++ < MAX_READ) {
                    Suspension s = suspension((Message) messages.nextElement());
                    if (s == null) {
                        continue;
                    }
                    if (out.size() >= NextHopGate.MAX_SUSPENDED && !out.containsKey(s.nextHop())) {
                        LOG.errorf("More than %d next hops are suspended on the broker (queue %s); %s and later ones are not applied",
                                NextHopGate.MAX_SUSPENDED, QueueNames.SUSPENSIONS, s.nextHop());
                        break;
                    }
                    out.merge(s.nextHop(), s, (a, b) -> a.since().isAfter(b.since()) ? b : a);
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("the broker's suspensions (" + QueueNames.SUSPENSIONS + ") could not be read: " + e.getMessage(), e);
        }
        return out;
    }

    private static Queue queue(Session session) throws JMSException {
        return session.createQueue(QueueNames.SUSPENSIONS);
    }

    /** The suspension a message records, or null (logged) when it is not one. */
    private static Suspension suspension(Message m) throws JMSException {
        String hop = m.getStringProperty(CaravanHeaders.NEXT_HOP);
        try {
            NextHopGate.checkNextHop(hop);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring message %s on %s: %s", m.getJMSMessageID(), QueueNames.SUSPENSIONS, e.getMessage());
            return null;
        }
        String by = m.getStringProperty(SUSPENDED_BY);
        long at;
        try {
            at = m.getLongProperty(SUSPENDED_AT);
        } catch (JMSException | RuntimeException e) { // absent or not a number: when the broker got it
            at = m.getJMSTimestamp();
        }
        return new Suspension(hop, by == null ? "" : by, Instant.ofEpochMilli(at));
    }
}
