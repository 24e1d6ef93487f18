// The message under inspection as every agent sees it: the bytes, the SMTP facts and the verdicts so far.
package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import org.apache.camel.Exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Built once per message from the exchange and kept in exchange property {@link #PROPERTY}, so the
 * envelope is read once however many agents run. Agents read it; only {@link Agents} adds verdicts.
 */
public final class Inspection {

    /** Exchange property holding the Inspection of the message in the receive route. */
    public static final String PROPERTY = "caravan.inspection";

    private final Envelope envelope;
    private final InetAddress client;
    private final ClientTrust trust;
    private final Exchange exchange;
    private final List<Verdict> verdicts = new ArrayList<>();
    private Hold hold = Hold.NONE;
    private Verdict heldBy;

    /** Where the message goes instead of the queue; the receive route branches on {@link #HOLD_PROPERTY}. */
    public enum Hold {
        NONE, QUARANTINE, DELETE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Exchange property naming the hold ("quarantine", "delete") once an agent's verdict chose one. */
    public static final String HOLD_PROPERTY = "CaravanHold";

    Inspection(Exchange exchange, Envelope envelope, InetAddress client, ClientTrust trust) {
        this.exchange = exchange;
        this.envelope = envelope;
        this.client = client;
        this.trust = trust;
    }

    /** The inspection of this exchange's message, created on first use. */
    public static Inspection of(Exchange exchange) {
        Inspection existing = exchange.getProperty(PROPERTY, Inspection.class);
        if (existing != null) {
            return existing;
        }
        Envelope envelope = Envelope.readFrom(exchange.getIn().getHeaders());
        InetAddress client;
        try {
            client = InetAddress.getByName(envelope.clientIp()); // a literal from the socket: never a DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("client address '" + envelope.clientIp() + "' is not an IP address", e);
        }
        Inspection created = new Inspection(exchange, envelope, client,
                ClientTrust.of(exchange.getIn().getHeader(CaravanHeaders.CLIENT_TRUST)));
        exchange.setProperty(PROPERTY, created);
        return created;
    }

    public Envelope envelope() {
        return envelope;
    }

    public InetAddress client() {
        return client;
    }

    public ClientTrust trust() {
        return trust;
    }

    /** The message as it is now (earlier agents may have prepended fields). */
    public RawMessage message() {
        return exchange.getIn().getBody(RawMessage.class);
    }

    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    /** The typed finding an earlier agent left, e.g. {@code finding(SpfVerdict.class)}. */
    public <T> Optional<T> finding(Class<T> type) {
        for (Verdict v : verdicts) {
            if (type.isInstance(v.finding())) {
                return Optional.of(type.cast(v.finding()));
            }
        }
        return Optional.empty();
    }

    void add(Verdict verdict) {
        verdicts.add(verdict);
    }

    public Hold hold() {
        return hold;
    }

    /** The verdict that chose the hold: the quarantine list and the tracking log show its agent and reason. */
    public Optional<Verdict> heldBy() {
        return Optional.ofNullable(heldBy);
    }

    /** A delete outranks a quarantine; the first verdict to choose a hold is the one named. */
    void holdFor(Hold chosen, Verdict verdict) {
        if (chosen.ordinal() > hold.ordinal()) {
            hold = chosen;
            heldBy = verdict;
            exchange.setProperty(HOLD_PROPERTY, chosen.wire());
        }
    }
}
