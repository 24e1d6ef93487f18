// Inspection agent: verifies every DKIM signature (RFC 6376, RFC 8463) on the message.
package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.check.dkim.DkimKeyLookup;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dkim.DkimVerifier;
import io.caravan.dns.DnsService;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Records a result per signature for Authentication-Results and DMARC. Default action ignore: a
 * broken signature is no worse than none (RFC 6376 §6.3); with reject, a message whose signatures
 * all fail (and none passes) is refused. In routes/20-filter.yaml: {@code - process: { ref: dkimCheck }}
 */
@Singleton
@Named("dkimCheck")
public class DkimCheck extends InspectionAgent {

    /** The finding DMARC reads: one result per signature, or the single NONE of an unsigned message. */
    public record Signatures(List<DkimResult> results) {
    }

    private final DkimVerifier verifier;

    public DkimCheck(Agents agents, DnsService dns) {
        super(agents);
        this.verifier = new DkimVerifier(DkimKeyLookup.of(dns));
    }

    @Override
    public String name() {
        return "dkim";
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        List<DkimResult> results = verifier.verify(inspection.message());
        List<MethodResult> ar = new ArrayList<>();
        for (DkimResult r : results) {
            MethodResult m = MethodResult.of("dkim", r.result().keyword());
            if (r.domain() != null) {
                m = m.with("header", "d", r.domain());
                if (r.selector() != null) {
                    m = m.with("header", "s", r.selector());
                }
                if (r.headerB() != null) {
                    m = m.with("header", "b", r.headerB());
                }
            }
            ar.add(r.reason() == null || r.passed() ? m : m.withReason(r.reason()));
        }
        boolean anyPass = results.stream().anyMatch(DkimResult::passed);
        boolean anyFail = results.stream().anyMatch(r -> r.result() == DkimResult.Result.FAIL);
        DkimResult first = results.get(0);
        String result = anyPass ? "pass" : first.result().keyword();
        Verdict verdict = Verdict.of(name(), result, (first.domain() == null ? "" : first.domain() + ": ") + first.reason())
                .withAuthResults(ar).withFinding(new Signatures(results));
        return anyFail && !anyPass ? verdict.refuse(SmtpReply.of(550, "5.7.20", "No valid DKIM signature: " + first.reason()))
                : verdict;
    }
}
