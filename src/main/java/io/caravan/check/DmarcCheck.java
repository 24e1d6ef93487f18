// Inspection agent: DMARC (RFC 7489) from the SPF and DKIM findings; applies the domain owner's policy.
package io.caravan.check;

import io.caravan.mail.FromHeader;
import io.caravan.check.dmarc.DmarcDns;
import io.caravan.check.dmarc.DmarcEvaluator;
import io.caravan.check.dmarc.DmarcInput;
import io.caravan.check.dmarc.DmarcPolicy;
import io.caravan.check.dmarc.DmarcVerdict;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.dns.DnsService;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The From domain's policy decides, within the administrator's action: with action reject (the
 * default) p=reject is refused at end of data with 550 5.7.1 and p=quarantine is quarantined; with
 * quarantine, rejects are only quarantined; ignore records the verdict. A temporary DNS error never
 * refuses mail. Runs after spfCheck and dkimCheck, whose findings it reads. In
 * routes/20-filter.yaml: {@code - process: { ref: dmarcCheck }}
 */
@Singleton
@Named("dmarcCheck")
public class DmarcCheck extends InspectionAgent {

    private final DmarcEvaluator evaluator;

    public DmarcCheck(Agents agents, DnsService dns) {
        super(agents);
        this.evaluator = new DmarcEvaluator(DmarcDns.of(dns));
    }

    @Override
    public String name() {
        return "dmarc";
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        Optional<String> from = FromHeader.domain(inspection.message().head());
        if (from.isEmpty()) {
            // Nothing to stamp: Authentication-Results has no dmarc result without a From domain.
            return Verdict.of(name(), "permerror", "no single From address").withFinding(DmarcVerdict.permerror("", "no single From address"));
        }
        DmarcInput.SpfOutcome spf = inspection.finding(SpfVerdict.class)
                .map(v -> new DmarcInput.SpfOutcome(DmarcInput.SpfOutcome.Result.valueOf(v.result().name()), v.domain()))
                .orElse(DmarcInput.SpfOutcome.none());
        List<DmarcInput.DkimOutcome> dkim = inspection.finding(DkimCheck.Signatures.class).map(s -> s.results().stream()
                .filter(r -> r.domain() != null).map(r -> new DmarcInput.DkimOutcome(r.domain(), r.passed())).toList())
                .orElse(List.of());
        DmarcVerdict dmarc = evaluator.evaluate(new DmarcInput(from.get(), spf, dkim));
        String reason = dmarc.result() != DmarcVerdict.Result.FAIL ? dmarc.reason() : "policy "
                + dmarc.requestedPolicy().name().toLowerCase(Locale.ROOT) + " of " + dmarc.policyDomain() + ": " + dmarc.reason();
        Verdict verdict = Verdict.of(name(), dmarc.result().name().toLowerCase(Locale.ROOT), reason)
                .withAuthResults(List.of(dmarc.authResult())).withFinding(dmarc);
        if (dmarc.result() != DmarcVerdict.Result.FAIL) {
            return verdict;
        }
        return switch (dmarc.appliedPolicy()) {
            case REJECT -> verdict.refuse(SmtpReply.of(550, "5.7.1", "Message rejected by the DMARC policy of " + dmarc.policyDomain()
                    + " (From: " + dmarc.headerFrom() + " is not aligned with a passing SPF or DKIM identity)"));
            case QUARANTINE -> verdict.quarantine();
            case NONE -> verdict;
        };
    }
}
