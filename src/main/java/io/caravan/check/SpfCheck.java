// Inspection agent: SPF (RFC 7208) of the MAIL FROM identity, or HELO for the null sender.
package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.check.spf.SpfChecker;
import io.caravan.check.spf.SpfDns;
import io.caravan.check.spf.SpfResult;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.config.ServerIdentity;
import io.caravan.dns.DnsService;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/**
 * Exchange's Sender ID agent, done right. Default action ignore: an SPF fail alone is recorded and
 * left to DMARC (forwarded mail fails SPF for good reasons). With action reject, a fail is refused
 * with 550 5.7.23 (RFC 7372); a temporary DNS error never is. In routes/20-filter.yaml:
 * {@code - process: { ref: spfCheck }}
 */
@Singleton
@Named("spfCheck")
public class SpfCheck extends InspectionAgent {

    private final SpfChecker checker;

    public SpfCheck(Agents agents, DnsService dns, ServerIdentity identity) {
        super(agents);
        this.checker = new SpfChecker(SpfDns.of(dns), identity.hostname(), Clock.systemUTC());
    }

    @Override
    public String name() {
        return "spf";
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        SpfVerdict spf = checker.check(inspection.client(), inspection.envelope().mailFrom().address(), inspection.envelope().helo());
        String result = spf.result().keyword();
        MethodResult ar = MethodResult.of("spf", result)
                .with("smtp", spf.identity().equals(SpfVerdict.HELO) ? "helo" : "mailfrom", spf.domain());
        Verdict verdict = Verdict.of(name(), result, spf.domain() + ": " + spf.explanation()).withAuthResults(List.of(ar)).withFinding(spf);
        return spf.result() != SpfResult.FAIL ? verdict
                : verdict.refuse(SmtpReply.of(550, "5.7.23", "SPF check failed for " + spf.domain() + ": " + spf.explanation()));
    }
}
