// Notices when an exchange has been sent to the submission queue, the fact that earns the client a 250.
package io.caravan.receive;

import io.caravan.queue.QueueNames;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Invariant 1, "250 means durable", must hold whatever an administrator does to 10-receive.yaml:
 * the SMTP server answers 250 only for an exchange this watch saw sent, without error, to the
 * submission queue (a persistent, synchronous JMS send).
 */
final class SubmissionWatch extends EventNotifierSupport {

    static final String QUEUED = "CaravanQueued";

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
                && QueueNames.SUBMISSION.equals(jms.getDestinationName())) {
            exchange.setProperty(QUEUED, Boolean.TRUE);
        }
    }
}
