// One copy's delivery attempt as the steps of routes/50-delivery.yaml share it: read once, added to by each host tried.
package io.caravan.delivery;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.NextHopAddress;
import io.caravan.routing.SendConnector;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The exchange property {@link CaravanHeaders#ATTEMPT}, made by {@link DeliveryStart} when a copy
 * is taken from caravan.delivery: the envelope parsed once, the expiry checked once, the send
 * connector looked up once (none when the copy has expired, which needs none). The delivery beans
 * then add outcomes: recipients a host answered with 2xx or 5xx are settled; the deferred ones
 * (4xx, refused, timed out) are offered to the next host, and whatever is still deferred after
 * the last one is the copy's deferral ({@link FollowUps}).
 */
public final class DeliveryAttempt {

    private final Envelope envelope;
    private final RawMessage raw;
    private final String connectorName;
    private final String nextHop;
    private final Message received;
    private final boolean expired;
    private SendConnector connector;
    private final List<RecipientOutcome> settled = new ArrayList<>();
    private List<RecipientOutcome> deferred = List.of();
    private List<MailAddress> pending;
    private Iterator<NextHopAddress> hosts;
    private NextHopAddress target;
    private AutoCloseable permit;
    private String copyId;

    /** @param now the time the copy was taken from the queue, epoch milliseconds */
    DeliveryAttempt(Envelope envelope, RawMessage raw, String connectorName, String nextHop, Message received, long now) {
        this.envelope = envelope;
        this.raw = raw;
        this.connectorName = connectorName;
        this.nextHop = nextHop;
        this.received = received;
        this.expired = expiresBefore(now);
        this.pending = envelope.recipients();
    }

    /** The attempt the first step of the delivery route left on the exchange. */
    public static DeliveryAttempt of(Exchange exchange) {
        DeliveryAttempt a = exchange.getProperty(CaravanHeaders.ATTEMPT, DeliveryAttempt.class);
        if (a == null) {
            throw new IllegalStateException("no " + CaravanHeaders.ATTEMPT + " property: deliveryStart.begin must run first");
        }
        return a;
    }

    public Envelope envelope() {
        return envelope;
    }

    RawMessage raw() {
        return raw;
    }

    /** The send connector; null only for an expired copy. */
    SendConnector connector() {
        return connector;
    }

    void connector(SendConnector c) {
        this.connector = c;
    }

    String connectorName() {
        return connectorName;
    }

    public String nextHop() {
        return nextHop;
    }

    /** The copy was past its expiry when taken from the queue. */
    public boolean expired() {
        return expired;
    }

    /** The expiry rule of this hop, also for a deferral: no attempt is made or scheduled after it. */
    boolean expiresBefore(long epochMillis) {
        return epochMillis > envelope.expiry();
    }

    /** A header of the copy as it came off the queue (the last reply, the delay-notice flag). */
    <T> T header(String name, T otherwise, Class<T> type) {
        return received.getHeader(name, otherwise, type);
    }

    /** The JMS message id of the copy (kept by a redelivery, new for each retry copy); null outside the broker. */
    String copyId() {
        return copyId;
    }

    void copyId(String id) {
        this.copyId = id;
    }

    /** Settles recipients a next hop accepted in an earlier try of this same copy (see {@link DeliveredLedger}). */
    void alreadyDelivered(List<RecipientOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        settled.addAll(outcomes);
        List<MailAddress> done = outcomes.stream().map(RecipientOutcome::recipient).toList();
        pending = pending.stream().filter(r -> !done.contains(r)).toList();
    }

    /** Keeps the next hop's permit until {@link #finish}. */
    void hold(AutoCloseable nextHopPermit) {
        this.permit = nextHopPermit;
    }

    /** Releases what the attempt holds (the next hop's permit); called once the exchange is done, however it ended. */
    void finish() {
        AutoCloseable p = permit;
        permit = null;
        if (p != null) {
            try {
                p.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing the permit for next hop " + nextHop, e);
            }
        }
    }

    /** The hosts of the next hop in the order they are to be tried. */
    void hosts(List<NextHopAddress> inOrder) {
        this.hosts = inOrder.iterator();
    }

    boolean hostsResolved() {
        return hosts != null;
    }

    /** Moves on to the next host, if recipients are still deferred and a host is left. */
    boolean advance() {
        if (pending.isEmpty() || hosts == null || !hosts.hasNext()) {
            target = null;
            return false;
        }
        target = hosts.next();
        return true;
    }

    NextHopAddress target() {
        return target;
    }

    /** Recipients not yet settled: every recipient before the first host, the deferred ones after. */
    List<MailAddress> pending() {
        return pending;
    }

    /** Adds one host's (or the Maildir's) outcomes: 2xx and 5xx settle; the 4xx ones wait for the next host. */
    void record(List<RecipientOutcome> outcomes) {
        outcomes.stream().filter(o -> o.status() != RecipientOutcome.Status.DEFERRED).forEach(settled::add);
        deferred = outcomes.stream().filter(o -> o.status() == RecipientOutcome.Status.DEFERRED).toList();
        pending = deferred.stream().map(RecipientOutcome::recipient).toList();
    }

    /** Every outcome of the attempt: the settled ones, then those still deferred after the last host. */
    List<RecipientOutcome> outcomes() {
        List<RecipientOutcome> all = new ArrayList<>(settled);
        all.addAll(deferred);
        return all;
    }
}
