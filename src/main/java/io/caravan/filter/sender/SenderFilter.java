// Inspection agent at MAIL: refuses (or tags) mail from blocked senders and domains, as Exchange's Sender Filter agent does.
package io.caravan.filter.sender;

import io.caravan.check.Agents;
import io.caravan.check.CheckAction;
import io.caravan.check.Inspection;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Verdict;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;

/**
 * Judges the MAIL FROM address ({@link BlockedSenders}): under action reject the client gets
 * {@code 554 5.7.1 Sender denied} to MAIL; under tag the message is accepted and delivered with
 * {@code X-Caravan-Sender-Filter: blocked sender <address> (matched ...)}. An anti-spam agent: a client on the
 * connection filter's IP allow list is not asked. Off until something is blocked (keys in
 * {@link SenderFilterConfig}); in routes/20-filter.yaml, route 20-filter-mail: {@code - process: { ref: senderFilter }}
 */
@Singleton
@Named("senderFilter")
public class SenderFilter extends InspectionAgent {

    static final String NAME = "sender-filter";
    static final String FIELD = "X-Caravan-Sender-Filter";

    private final BlockedSenders blocked;
    private final List<String> errors;

    public SenderFilter(Agents agents, SenderFilterConfig config) {
        super(agents);
        BlockedSenders parsed = null;
        List<String> found = List.of();
        try {
            parsed = BlockedSenders.parse("caravan.checks." + NAME, config.blockedSenders().orElse(List.of()),
                    config.blockedDomains().orElse(List.of()), config.blockNullSender());
        } catch (IllegalArgumentException e) {
            found = List.of(e.getMessage());
        }
        this.blocked = parsed;
        this.errors = found;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SmtpPhase phase() {
        return SmtpPhase.MAIL;
    }

    @Override
    public boolean isAntiSpam() {
        return true;
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public Set<CheckAction> actions() {
        return Set.of(CheckAction.REJECT, CheckAction.TAG, CheckAction.IGNORE);
    }

    @Override
    public boolean enabled() {
        return blocked != null && !blocked.isEmpty();
    }

    @Override
    public List<String> configurationErrors() {
        return errors;
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        MailAddress sender = inspection.envelope().mailFrom();
        String shown = "<" + sender.address() + ">";
        return blocked.match(sender)
                .map(why -> Verdict.of(NAME, "blocked", "sender " + shown + " is blocked (" + why + ")")
                        .withField(FIELD, "blocked sender " + shown + " (" + why + ")")
                        .refuse(SmtpReply.of(554, "5.7.1", "Sender denied")))
                .orElseGet(() -> Verdict.of(NAME, "none", "sender " + shown + " is not blocked"));
    }
}
