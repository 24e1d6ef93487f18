// Deliver stage for SMTP send connectors: which host of the next hop the smtp: endpoint sends to next, and what it answered.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.MailAddress;
import io.caravan.queue.NextHopGate;
import io.caravan.routing.NextHopAddress;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.NoRouteException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * Exchange's Send connector at work. The next hop's hosts (MX by preference, or the smarthosts in
 * order) are tried in turn; recipients deferred by one host (4xx, refused, timed out) are offered to
 * the next; 2xx and 5xx are final. What is still deferred after the last host is retried later (see
 * {@link FollowUps}). The sending itself is the {@code smtp:} endpoint in routes/50-delivery.yaml,
 * addressed by the exchange properties this bean sets:
 * <pre>
 * - method: { ref: smtpDelivery, method: admit }
 *   steps:
 *     - loop:
 *         doWhile: true
 *         method: { ref: smtpDelivery, method: nextHost }
 *         steps:
 *           - bean: { ref: smtpDelivery, method: address }
 *           - doTry:
 *               steps:
 *                 - toD: "smtp://${exchangeProperty.CaravanTargetAddress}:${exchangeProperty.CaravanTargetPort}"
 *               doCatch:
 *                 - exception: [java.lang.Exception]
 *           - bean: { ref: smtpDelivery, method: settle }
 * </pre>
 */
@Singleton
@Named("smtpDelivery")
public class SmtpDelivery {

    /** A suspended next hop's copies look again this often (a resume releases them at once). */
    static final long SUSPENDED_RECHECK_MILLIS = 60_000;
    /** A next hop at its concurrency limit: try again shortly. */
    static final long BUSY_RECHECK_MILLIS = 2_000;

    private final NextHopResolver resolver;
    private final NextHopGate gate;
    private final DeliveredLedger ledger;
    private final FollowUps followUps;

    public SmtpDelivery(NextHopResolver resolver, NextHopGate gate, FollowUps followUps, DeliveredLedger ledger) {
        this.resolver = resolver;
        this.gate = gate;
        this.followUps = followUps;
        this.ledger = ledger;
    }

    /**
     * Takes a permit for the copy's next hop. The attempt holds it and releases it when the exchange
     * is done, however it ends (see {@link DeliveryStart#begin}).
     * @return false while the next hop is suspended or at its concurrency limit
     */
    public boolean admit(@ExchangeProperty(CaravanHeaders.ATTEMPT) DeliveryAttempt attempt) {
        Optional<AutoCloseable> permit = gate.enter(attempt.nextHop());
        permit.ifPresent(attempt::hold);
        return permit.isPresent();
    }

    /** Puts a copy that was not admitted back, unattempted: for a minute when suspended, for seconds when busy. */
    public List<Message> postpone(Exchange exchange) {
        String nextHop = DeliveryAttempt.of(exchange).nextHop();
        return followUps.postpone(exchange, gate.isSuspended(nextHop) ? SUSPENDED_RECHECK_MILLIS : BUSY_RECHECK_MILLIS);
    }

    /**
     * Moves on to the next host of the next hop. The first call resolves the next hop; a next hop
     * that does not resolve settles every recipient with the DNS reply. (A predicate: Camel calls it
     * on a copy of the exchange, so it changes only the attempt.)
     * @return false when no recipient is pending or no host is left
     */
    public boolean nextHost(@ExchangeProperty(CaravanHeaders.ATTEMPT) DeliveryAttempt attempt) {
        if (!attempt.hostsResolved()) {
            try {
                attempt.hosts(resolver.resolve(attempt.connector(), attempt.nextHop()));
            } catch (NoRouteException e) {
                attempt.hosts(List.of());
                attempt.record(attempt.pending().stream().map(r -> RecipientOutcome.of(r, e.reply(), attempt.nextHop())).toList());
                return false;
            }
        }
        return attempt.advance();
    }

    /**
     * Addresses the smtp: endpoint to the host being tried, and the message to the recipients still
     * pending there; the message notes them in the {@link DeliveredLedger} as soon as the host accepts it.
     */
    public void address(Exchange exchange) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        NextHopAddress to = attempt.target();
        exchange.setProperty(CaravanHeaders.TARGET_ADDRESS,
                to.address() instanceof Inet6Address ? "[" + to.address().getHostAddress() + "]" : to.address().getHostAddress());
        exchange.setProperty(CaravanHeaders.TARGET_PORT, to.port());
        List<MailAddress> rcpts = attempt.pending();
        OutboundMessage message = new OutboundMessage(attempt.raw(), attempt.envelope(), rcpts);
        String host = to.toString();
        message.onAccepted(reply -> ledger.delivered(attempt.copyId(), passedOn(message, AttemptOutcomes.delivered(rcpts, host, reply))));
        exchange.getIn().setBody(message);
    }

    /**
     * Reads what the host answered (or how the attempt failed, caught by the route) into an outcome per
     * recipient. Accepted recipients are noted in the {@link DeliveredLedger} the moment the reply is
     * read (by the sender, through the message {@link #address} made), or here after a partial send.
     */
    public void settle(Exchange exchange) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        OutboundMessage message = exchange.getIn().getBody(OutboundMessage.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        String host = attempt.target().toString();
        List<RecipientOutcome> outcomes = failure == null
                ? AttemptOutcomes.delivered(attempt.pending(), host, message.lastServerResponse())
                : AttemptOutcomes.from(failure, attempt.pending(), host);
        List<RecipientOutcome> settled = passedOn(message, outcomes);
        if (failure != null) {
            ledger.delivered(attempt.copyId(), settled); // the recipients a partial send got through; a whole one was noted at once
        }
        attempt.record(settled);
    }

    /** The outcomes with what the transaction itself settled: whether the next hop took the DSN request, and its TLS. */
    private static List<RecipientOutcome> passedOn(OutboundMessage message, List<RecipientOutcome> outcomes) {
        return outcomes.stream().map(o -> message.dsnPassedOn() ? o.withDsnPassedOn() : o).map(o -> o.withTls(message.tls())).toList();
    }
}
