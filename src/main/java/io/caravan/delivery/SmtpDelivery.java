// Deliver stage for SMTP send connectors: tries the next hop's hosts in order until every recipient has an answer.
package io.caravan.delivery;

import io.caravan.mail.RawMessage;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.routing.NextHopAddress;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.NoRouteException;
import io.caravan.routing.SendConnector;
import io.caravan.routing.SendConnectors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exchange's Send connector at work. Recipients deferred by one host (4xx, refused, timed out) are
 * offered to the next MX or smarthost; 2xx and 5xx are final. What is still deferred after the last
 * host is retried later; see {@link FollowUps}. Used in routes/50-delivery.yaml:
 * <pre>
 * - bean: { ref: smtpDelivery, method: deliver }
 * </pre>
 */
@Singleton
@Named("smtpDelivery")
public class SmtpDelivery {

    private final SendConnectors connectors;
    private final NextHopResolver resolver;
    private final SmtpTransmitter transmitter;
    private final FollowUps followUps;
    private final NextHopGate gate;

    /** A suspended next hop's copies look again this often (a resume releases them at once). */
    static final long SUSPENDED_RECHECK_MILLIS = 60_000;
    /** A next hop at its concurrency limit: try again shortly. */
    static final long BUSY_RECHECK_MILLIS = 2_000;

    public SmtpDelivery(SendConnectors connectors, NextHopResolver resolver, SmtpTransmitter transmitter, FollowUps followUps,
            NextHopGate gate) {
        this.gate = gate;
        this.connectors = connectors;
        this.resolver = resolver;
        this.transmitter = transmitter;
        this.followUps = followUps;
    }

    /** @return the copies still owed (retries, bounces); empty when every recipient was delivered */
    public List<Message> deliver(Exchange exchange) {
        Envelope envelope = Envelope.readFrom(exchange.getIn().getHeaders());
        if (System.currentTimeMillis() > envelope.expiry()) {
            return followUps.expired(exchange); // expiry holds in every queue, suspended or not
        }
        String connectorName = exchange.getIn().getHeader(CaravanHeaders.SEND_CONNECTOR, String.class);
        String nextHop = exchange.getIn().getHeader(CaravanHeaders.NEXT_HOP, String.class);
        SendConnector connector = connectors.byName(connectorName).orElseThrow(() -> new IllegalStateException(
                "Queue id " + envelope.queueId() + " is queued for send connector '" + connectorName + "', which is no longer configured"));
        Optional<AutoCloseable> permit = gate.enter(nextHop);
        if (permit.isEmpty()) {
            return followUps.postpone(exchange, gate.isSuspended(nextHop) ? SUSPENDED_RECHECK_MILLIS : BUSY_RECHECK_MILLIS);
        }
        try (AutoCloseable p = permit.get()) {
            return followUps.after(exchange, attempt(connector, nextHop, envelope, exchange.getIn().getBody(RawMessage.class)));
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private List<RecipientOutcome> attempt(SendConnector connector, String nextHop, Envelope envelope, RawMessage raw) {
        List<NextHopAddress> hosts;
        try {
            hosts = resolver.resolve(connector, nextHop);
        } catch (NoRouteException e) {
            return envelope.recipients().stream().map(r -> RecipientOutcome.of(r, e.reply(), nextHop)).toList();
        }
        List<RecipientOutcome> settled = new ArrayList<>();
        List<RecipientOutcome> deferred = List.of();
        List<MailAddress> pending = envelope.recipients();
        for (NextHopAddress host : hosts) {
            List<RecipientOutcome> outcomes = transmitter.send(host, raw, envelope, pending);
            deferred = outcomes.stream().filter(o -> o.status() == RecipientOutcome.Status.DEFERRED).toList();
            outcomes.stream().filter(o -> o.status() != RecipientOutcome.Status.DEFERRED).forEach(settled::add);
            pending = deferred.stream().map(RecipientOutcome::recipient).toList();
            if (pending.isEmpty()) {
                break;
            }
        }
        settled.addAll(deferred);
        return settled;
    }
}
