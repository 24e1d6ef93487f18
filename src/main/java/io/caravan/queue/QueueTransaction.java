// One local JMS transaction around the steps it wraps: every queue copy they send is committed together, or none is.
package io.caravan.queue;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * The receive route's one durable write (issue 15): routing and signing run before the 250, and the message's
 * copies (one per next hop on caravan.delivery, perhaps a bounce copy) are written in one transaction, so the
 * client's 250 follows a single commit instead of a write to caravan.submission plus a second transacted hop.
 * Used in routes/10-receive.yaml:
 * <pre>
 * - policy:
 *     ref: queueTransaction
 *     steps:
 *       - to: "direct:30-categorize"
 * </pre>
 * Spring's transaction manager binds the transacted session to the thread; Camel's JMS producer (Spring's JmsTemplate)
 * sends on that bound session and leaves the commit to it, the way a transacted stage consumer's sends join the
 * listener's session. {@link #writes} tells the receive connector what was committed: a 250 needs at least one copy.
 */
@Singleton
@Named("queueTransaction")
public class QueueTransaction implements Policy {

    /** Exchange property: the {@link Writes} of the transaction around the exchange (shared by split copies). */
    public static final String WRITES = "CaravanQueueWrites";

    private final JmsTransactionManager manager;

    public QueueTransaction(@Named("caravanConnectionFactory") CachingConnectionFactory connections) {
        this.manager = new JmsTransactionManager(connections);
    }

    /** Sends to queues inside one transaction, and whether it was committed. */
    public static final class Writes {
        private volatile boolean sent;
        private volatile boolean committed;

        /** A copy was sent inside the transaction (not yet committed). */
        public void sent() {
            sent = true;
        }

        /** Whether the transaction was committed (whatever was sent in it is on the broker's disk). */
        public boolean committed() {
            return committed;
        }

        /** At least one copy was sent and the transaction committed: the message is on the broker's disk. */
        public boolean durable() {
            return committed && sent;
        }
    }

    /** The transaction's writes, or null outside one. */
    public static Writes writes(Exchange exchange) {
        return exchange.getProperty(WRITES, Writes.class);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the transaction is per exchange
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> inTransaction(exchange, processor);
    }

    private void inTransaction(Exchange exchange, Processor steps) {
        Writes writes = new Writes();
        exchange.setProperty(WRITES, writes);
        TransactionStatus tx;
        try {
            tx = manager.getTransaction(TransactionDefinition.withDefaults());
        } catch (RuntimeException brokerDown) {
            exchange.setException(brokerDown);
            return;
        }
        boolean commit = false;
        try {
            steps.process(exchange);
            commit = exchange.getException() == null && !exchange.isRollbackOnly();
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (!commit) { // an exception, a rollback step, or an Error on its way up: never leave the session bound
                rollback(exchange, tx);
            }
        }
        if (commit) {
            try {
                manager.commit(tx);
                writes.committed = true;
            } catch (RuntimeException notCommitted) {
                exchange.setException(notCommitted);
            }
        }
    }

    private void rollback(Exchange exchange, TransactionStatus tx) {
        try {
            manager.rollback(tx);
        } catch (RuntimeException alsoFailed) { // the broker went away: it drops the open transaction itself
            if (exchange.getException() != null) {
                exchange.getException().addSuppressed(alsoFailed);
            }
        }
    }
}
