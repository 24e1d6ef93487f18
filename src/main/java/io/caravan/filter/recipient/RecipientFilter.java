// Inspection agent at RCPT: refuses recipients that do not exist in our domains, or are blocked, and sends address harvesters away.
package io.caravan.filter.recipient;

import io.caravan.check.Agents;
import io.caravan.check.CheckAction;
import io.caravan.check.Inspection;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Verdict;
import io.caravan.config.Postmaster;
import io.caravan.config.ReloadingFile;
import io.caravan.mail.AddressKey;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.SendConnectors;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exchange's Recipient Filter agent and Postfix's reject_unlisted_recipient: an unknown recipient of an accepted
 * domain gets {@code 550 5.1.1 <addr>: Recipient address rejected: User unknown} during the dialogue, so no
 * bounce is ever sent to a forged sender; a blocked one gets {@code 550 5.7.1 Recipient address rejected: access
 * denied}. Who exists is the {@link RecipientDirectory}'s answer. Each SMTP session counts its unknown
 * recipients ({@link Harvest}): past harvest.delay-after every RCPT reply waits, and the harvest.disconnect-after-th
 * gets {@code 421 4.7.0 Too many unknown recipients, closing connection}. Not an anti-spam agent: allow-listed
 * clients are refused unknown recipients too. Off until a source or a blocked recipient is configured (keys in
 * {@link RecipientFilterConfig}); in routes/20-filter.yaml, route 20-filter-rcpt: {@code - process: { ref: recipientFilter }}
 */
@Singleton
@Named("recipientFilter")
public class RecipientFilter extends InspectionAgent {

    static final String NAME = "recipient-filter";
    static final String KEY = "caravan.checks." + NAME;
    /** Session attribute: the unknown recipients asked for so far (an AtomicInteger). */
    static final String UNKNOWN = NAME + ".unknown";

    private final List<String> errors = new ArrayList<>();
    private final RecipientDirectory directory;
    private final Set<String> blocked;
    private final Harvest harvest;

    /** The send connectors and the postmaster are looked up when first needed: a start-up error of theirs must not hide this filter's own. */
    public RecipientFilter(Agents agents, RecipientFilterConfig config, AcceptedDomains accepted, Provider<SendConnectors> connectors,
            Provider<Postmaster> postmaster) {
        super(agents);
        ReloadingFile<RecipientList> file = null;
        if (config.recipientsFile().isPresent()) {
            try {
                file = ReloadingFile.load(Path.of(config.recipientsFile().get()), config.reloadEvery(), RecipientList::parse);
            } catch (IllegalArgumentException e) {
                errors.add(KEY + ".recipients-file: " + e.getMessage());
            }
        }
        this.directory = new RecipientDirectory(accepted, file, config.maildir() ? connectors::get : null, () -> postmaster.get().address());
        this.blocked = blocked(config.blockedRecipients().orElse(List.of()));
        RecipientFilterConfig.HarvestSettings h = config.harvest();
        if (h.delayAfter() < 0 || h.disconnectAfter() < 0) {
            errors.add(KEY + ".harvest: delay-after and disconnect-after must be 0 (off) or more");
        }
        if (h.delay().isNegative()) {
            errors.add(KEY + ".harvest.delay: must not be negative");
        }
        this.harvest = new Harvest(h.delayAfter(), h.delay(), h.disconnectAfter());
    }

    private Set<String> blocked(List<String> addresses) {
        Set<String> out = new HashSet<>();
        for (String a : addresses) {
            try {
                out.add(AddressKey.of(MailAddress.parse(a)));
            } catch (IllegalArgumentException e) {
                errors.add(KEY + ".blocked-recipients: '" + a + "' is not an address (" + e.getMessage() + ")");
            }
        }
        return Set.copyOf(out);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SmtpPhase phase() {
        return SmtpPhase.RCPT;
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public Set<CheckAction> actions() {
        return Set.of(CheckAction.REJECT, CheckAction.IGNORE);
    }

    @Override
    public boolean enabled() {
        return errors.isEmpty() && (directory.hasSources() || !blocked.isEmpty());
    }

    @Override
    public List<String> configurationErrors() {
        return List.copyOf(errors);
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        if (inspection.recipient().isEmpty()) {
            return Verdict.of(NAME, "none", "no recipient to judge at " + inspection.phase() + " (the filter belongs in route 20-filter-rcpt)");
        }
        MailAddress rcpt = inspection.recipient().get();
        String shown = "<" + rcpt.address() + ">";
        AtomicInteger unknown = (AtomicInteger) inspection.sessionAttributes().computeIfAbsent(UNKNOWN, k -> new AtomicInteger());
        inspection.delayReply(harvest.delayFor(unknown.get()));
        if (blocked.contains(AddressKey.of(rcpt))) {
            return Verdict.of(NAME, "blocked", "recipient " + shown + " is blocked")
                    .refuse(SmtpReply.of(550, "5.7.1", "Recipient address rejected: access denied"));
        }
        return switch (directory.lookup(rcpt)) {
            case KNOWN -> Verdict.of(NAME, "known", "recipient " + shown + " exists");
            case UNCHECKED -> Verdict.of(NAME, "none", "recipient " + shown + " is not validated (no source holds its domain)");
            case UNKNOWN -> {
                int n = unknown.incrementAndGet();
                if (harvest.disconnects(n)) {
                    yield Verdict.of(NAME, "harvest", "recipient " + shown + " does not exist, the session's unknown recipient number " + n)
                            .refuse(SmtpReply.of(421, "4.7.0", "Too many unknown recipients, closing connection"));
                }
                yield Verdict.of(NAME, "unknown", "recipient " + shown + " does not exist")
                        .refuse(SmtpReply.of(550, "5.1.1", shown + ": Recipient address rejected: User unknown"));
            }
        };
    }
}
