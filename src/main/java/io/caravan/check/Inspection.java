// The message under inspection as every agent sees it: the bytes, the SMTP facts and the verdicts so far.
package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpPhase;
import org.apache.camel.Exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built once per message from the exchange and kept in exchange property {@link #PROPERTY}, so the
 * envelope is read once however many agents run. Agents read it; only {@link Agents} adds verdicts.
 *
 * <p>Agents that judge MAIL or RCPT (routes 20-filter-mail and 20-filter-rcpt) see the same shape one step
 * earlier: the {@link #phase()}, the envelope so far (the queue id the message will have, the sender, the
 * recipients accepted before), the {@link #recipient()} asked about at RCPT, and no message yet.
 * {@link #sessionAttributes()} live as long as the SMTP connection, for what an agent learns once per client.
 */
public final class Inspection {

    /** Exchange property holding the Inspection of the message in the receive route. */
    public static final String PROPERTY = "caravan.inspection";

    private final Envelope envelope;
    private final InetAddress client;
    private final ClientTrust trust;
    private final Exchange exchange;
    private final SmtpPhase phase;
    private final MailAddress recipient;
    private final Map<String, Object> sessionAttributes;
    private final TransactionVerdicts carried;
    private final List<Verdict> verdicts = new ArrayList<>();
    private Hold hold = Hold.NONE;
    private Verdict heldBy;
    private Duration replyDelay = Duration.ZERO;

    /** Where the message goes instead of the queue; the receive route branches on {@link #HOLD_PROPERTY}. */
    public enum Hold {
        NONE, QUARANTINE, DELETE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Exchange property naming the hold ("quarantine", "delete") once an agent's verdict chose one. */
    public static final String HOLD_PROPERTY = CaravanHeaders.HOLD;

    Inspection(Exchange exchange, Envelope envelope, InetAddress client, ClientTrust trust) {
        this(exchange, envelope, client, trust, SmtpPhase.DATA, null, new ConcurrentHashMap<>(), null);
    }

    private Inspection(Exchange exchange, Envelope envelope, InetAddress client, ClientTrust trust, SmtpPhase phase,
            MailAddress recipient, Map<String, Object> sessionAttributes, TransactionVerdicts carried) {
        this.exchange = exchange;
        this.envelope = envelope;
        this.client = client;
        this.trust = trust;
        this.phase = phase;
        this.recipient = recipient;
        this.sessionAttributes = sessionAttributes;
        this.carried = carried;
        if (carried != null) {
            verdicts.addAll(carried.kept());
            if (carried.hold() != Hold.NONE) {
                holdFor(carried.hold(), carried.heldBy());
            }
        }
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
        SmtpPhase phase = SmtpPhase.of(exchange.getIn().getHeader(CaravanHeaders.SMTP_PHASE));
        Object rcpt = exchange.getIn().getHeader(CaravanHeaders.RCPT_TO);
        @SuppressWarnings("unchecked")
        Map<String, Object> session = exchange.getProperty(CaravanHeaders.SESSION_ATTRIBUTES, Map.class);
        TransactionVerdicts carried = TransactionVerdicts.in(exchange);
        if (carried == null && phase != SmtpPhase.DATA) {
            carried = new TransactionVerdicts();
            exchange.setProperty(CaravanHeaders.TRANSACTION_VERDICTS, carried);
        }
        Inspection created = new Inspection(exchange, envelope, client, ClientTrust.of(exchange.getIn().getHeader(CaravanHeaders.CLIENT_TRUST)),
                phase, rcpt == null ? null : MailAddress.parse(rcpt.toString()), session == null ? new ConcurrentHashMap<>() : session, carried);
        exchange.setProperty(PROPERTY, created);
        return created;
    }

    /** The inspection of this exchange if an agent ran or MAIL and RCPT agents left verdicts to carry; null otherwise. */
    static Inspection ifAny(Exchange exchange) {
        if (exchange.getProperty(PROPERTY) == null && TransactionVerdicts.in(exchange) == null) {
            return null;
        }
        return of(exchange);
    }

    /** The SMTP command being judged: MAIL, RCPT, or DATA (the end of the message). */
    public SmtpPhase phase() {
        return phase;
    }

    /** At RCPT, the recipient asked about (not yet in the envelope); empty at MAIL and DATA. */
    public Optional<MailAddress> recipient() {
        return Optional.ofNullable(recipient);
    }

    /**
     * State that lives as long as the SMTP connection, shared by every transaction on it (a harvest counter,
     * a cached lookup). Keys are the agent's name and a dot, e.g. "recipient-filter.unknown".
     */
    public Map<String, Object> sessionAttributes() {
        return sessionAttributes;
    }

    /**
     * At MAIL or RCPT: asks the session to wait this long before it replies (the longest asked wins), without
     * holding a thread. Honoured unless the agent's action is ignore.
     */
    public void delayReply(Duration delay) {
        if (delay.compareTo(replyDelay) > 0) {
            replyDelay = delay;
        }
    }

    Duration replyDelay() {
        return replyDelay;
    }

    TransactionVerdicts carried() {
        return carried;
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

    /** The user the client authenticated as with SMTP AUTH, when it did (a scanning engine may weigh it). */
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(exchange.getIn().getHeader(CaravanHeaders.AUTHENTICATED_USER, String.class));
    }

    /**
     * The message as it is now (earlier agents may have prepended fields).
     *
     * @throws IllegalStateException at MAIL and RCPT: the message has not been sent yet
     */
    public RawMessage message() {
        if (phase != SmtpPhase.DATA) {
            throw new IllegalStateException("no message at " + phase + ": the client has not sent it yet");
        }
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
        if (carried != null) {
            carried.hold(chosen, verdict);
        }
    }
}
