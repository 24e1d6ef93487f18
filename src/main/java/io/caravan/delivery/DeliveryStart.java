// First step of the deliver stage: reads a queued copy's envelope, expiry and send connector once, for every later step.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import io.caravan.routing.SendConnector;
import io.caravan.routing.SendConnectors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Exchange's delivery queue picking up a message: the copy's envelope is parsed from its headers,
 * its expiry checked (expiry holds in every queue, suspended or not) and its send connector looked
 * up, each once per attempt, into the exchange property {@link CaravanHeaders#ATTEMPT}, which is
 * finished (the next hop's permit released) when the exchange is done, however it ends. Recipients
 * that a next hop accepted in an earlier try of this very copy, cut short by a crash before the
 * transaction committed, are settled as delivered and not sent again ({@link DeliveredLedger}). Used in
 * routes/50-delivery.yaml:
 * <pre>
 * - bean: { ref: deliveryStart, method: begin }
 * - choice:
 *     when:
 *       - method: { ref: deliveryStart, method: expired }
 *       - method: { ref: deliveryStart, method: maildir }
 * </pre>
 */
@Singleton
@Named("deliveryStart")
public class DeliveryStart {

    /** The JMS header Camel copies the broker's message id into. */
    static final String JMS_MESSAGE_ID = "JMSMessageID";

    private final SendConnectors connectors;
    private final DeliveredLedger ledger;

    public DeliveryStart(SendConnectors connectors, DeliveredLedger ledger) {
        this.connectors = connectors;
        this.ledger = ledger;
    }

    /**
     * @throws IllegalStateException when the copy's send connector is no longer configured (the copy
     *     crashes the stage and, after the broker's attempts, waits in caravan.poison for the administrator)
     */
    public void begin(Exchange exchange) {
        Message in = exchange.getIn();
        Envelope envelope = Envelope.readFrom(in.getHeaders());
        String name = in.getHeader(CaravanHeaders.SEND_CONNECTOR, "", String.class);
        String nextHop = in.getHeader(CaravanHeaders.NEXT_HOP, "", String.class);
        DeliveryAttempt attempt = new DeliveryAttempt(envelope, in.getBody(RawMessage.class), name, nextHop, in, System.currentTimeMillis());
        if (!attempt.expired()) {
            attempt.connector(connectors.byName(name).orElseThrow(() -> new IllegalStateException(
                    "Queue id " + envelope.queueId() + " is queued for send connector '" + name + "', which is no longer configured")));
            attempt.copyId(in.getHeader(JMS_MESSAGE_ID, String.class));
            attempt.alreadyDelivered(ledger.recall(attempt.copyId(), envelope.recipients()));
        }
        exchange.setProperty(CaravanHeaders.ATTEMPT, attempt);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                attempt.finish(); // the next hop's permit, if the copy took one: released whether the exchange succeeded or failed
            }
        });
    }

    /** The copy outlived caravan.delivery.expiry: its recipients fail without an attempt. */
    public boolean expired(@ExchangeProperty(CaravanHeaders.ATTEMPT) DeliveryAttempt attempt) {
        return attempt.expired();
    }

    /** The copy's send connector writes into a local Maildir rather than speaking SMTP. */
    public boolean maildir(@ExchangeProperty(CaravanHeaders.ATTEMPT) DeliveryAttempt attempt) {
        return attempt.connector().kind() == SendConnector.Kind.MAILDIR;
    }
}
