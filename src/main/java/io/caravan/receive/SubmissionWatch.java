// Notices when an exchange has been sent to a stage queue, the fact that earns the client a 250.
package io.caravan.receive;

import io.caravan.queue.QueueNames;
import io.caravan.queue.QueueTransaction;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.util.Set;

/**
 * Invariant 1, "250 means durable", must hold whatever an administrator does to 10-receive.yaml:
 * the SMTP server answers 250 only for an exchange this watch saw sent, without error, to a stage queue
 * (caravan.submission, or the copies on caravan.delivery and caravan.bounce): a persistent, synchronous JMS send,
 * or, inside a {@link QueueTransaction}, a send that counts once the transaction is committed.
 */
final class SubmissionWatch extends EventNotifierSupport {

    static final String QUEUED = "CaravanQueued";
    private static final Set<String> STAGE_QUEUES = Set.of(QueueNames.SUBMISSION, QueueNames.DELIVERY, QueueNames.BOUNCE);

    SubmissionWatch() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /**
     * Sending events too, although nothing is done with them: Camel times a send, and raises its "sent" event, only
     * when some notifier took the "sending" event. Without this the watch depended on Camel's metrics doing so.
     */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent || event instanceof ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        if (exchange.getException() == null && sent.getEndpoint() instanceof JmsEndpoint jms
                && STAGE_QUEUES.contains(jms.getDestinationName())) {
            QueueTransaction.Writes writes = QueueTransaction.writes(exchange);
            if (writes != null) {
                writes.sent();
            } else {
                exchange.setProperty(QUEUED, Boolean.TRUE);
            }
        }
    }

    /** Whether the exchange's message is on the broker: sent outside a transaction, or in one that was committed. */
    static boolean queued(Exchange exchange) {
        QueueTransaction.Writes writes = QueueTransaction.writes(exchange);
        return writes != null ? writes.durable() : Boolean.TRUE.equals(exchange.getProperty(QUEUED));
    }
}
