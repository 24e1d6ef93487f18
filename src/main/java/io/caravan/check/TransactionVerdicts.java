// What the agents decided at MAIL and RCPT, carried by the SMTP transaction to its end of data.
package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.CarriedHold;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kept in exchange property {@link CaravanHeaders#TRANSACTION_VERDICTS}; the receive connector hands the
 * same object to each MAIL, RCPT and end-of-data route of one transaction without reading it. The end-of-data
 * {@link Inspection} starts with the verdicts kept here, so their header fields land on the message once per
 * agent and result (not once per recipient), and a quarantine or delete chosen at MAIL or RCPT holds it.
 * A verdict identical to one already recorded in the transaction (the connection filter's answer for each
 * RCPT of one client) is recorded once. The routes of one transaction run one at a time.
 */
final class TransactionVerdicts implements CarriedHold {

    private final List<Verdict> kept = new CopyOnWriteArrayList<>();
    private final Set<List<Object>> recorded = ConcurrentHashMap.newKeySet();
    private volatile Inspection.Hold hold = Inspection.Hold.NONE;
    private volatile Verdict heldBy;

    /** The transaction's verdicts in this exchange, or null when it has none (our own mail, or no MAIL/RCPT agent). */
    static TransactionVerdicts in(Exchange exchange) {
        return exchange.getProperty(CaravanHeaders.TRANSACTION_VERDICTS) instanceof TransactionVerdicts t ? t : null;
    }

    /** Keeps a verdict for the message, unless one of the same agent and result is kept already. */
    void keep(Verdict verdict) {
        if (kept.stream().noneMatch(k -> k.agent().equals(verdict.agent()) && k.result().equals(verdict.result()))) {
            kept.add(verdict);
        }
    }

    List<Verdict> kept() {
        return List.copyOf(kept);
    }

    /** True the first time a verdict with this agent, result, wish, reason and reply is seen in the transaction. */
    boolean firstOfItsKind(Verdict v) {
        return recorded.add(List.of(v.agent(), v.result(), v.wish(), v.reason(), v.refusal().map(Object::toString).orElse("")));
    }

    void hold(Inspection.Hold chosen, Verdict verdict) {
        if (chosen.ordinal() > hold.ordinal()) {
            hold = chosen;
            heldBy = verdict;
        }
    }

    Inspection.Hold hold() {
        return hold;
    }

    Verdict heldBy() {
        return heldBy;
    }

    @Override
    public Optional<String> heldAs() {
        return hold == Inspection.Hold.NONE ? Optional.empty() : Optional.of(hold.wire());
    }
}
