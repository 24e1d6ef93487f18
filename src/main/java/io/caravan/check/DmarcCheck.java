// Inbound check: DMARC (RFC 7489) from the SPF and DKIM verdicts; applies the domain owner's policy.
package io.caravan.check;

import io.caravan.mail.RawMessage;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dmarc.DmarcEvaluator;
import io.caravan.check.dmarc.DmarcInput;
import io.caravan.check.dmarc.DmarcPolicy;
import io.caravan.check.dmarc.DmarcVerdict;
import io.caravan.check.dmarc.DnsjavaDmarcDns;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Optional;

/**
 * The From domain's policy decides, within the administrator's action: with action reject (the
 * default) p=reject is refused at end of data with 550 5.7.1 and p=quarantine is quarantined; with
 * quarantine, rejects are only quarantined; ignore records the verdict. A temporary DNS error never
 * refuses mail. In routes/10-receive.yaml: {@code - bean: { ref: dmarcCheck }}
 */
@Singleton
@Named("dmarcCheck")
public class DmarcCheck {

    private final DmarcEvaluator evaluator;
    private final CheckAction action;

    public DmarcCheck(CaravanConfig config, ChecksConfig checks) {
        this.evaluator = new DmarcEvaluator(new DnsjavaDmarcDns(config.dns().servers().orElse(List.of()), config.dns().timeout()));
        this.action = CheckAction.parse("caravan.checks.dmarc.action", checks.dmarc().action());
    }

    @SuppressWarnings("unchecked")
    public void check(Exchange exchange) {
        Optional<String> from = DmarcEvaluator.fromDomain(exchange.getIn().getBody(RawMessage.class).head());
        if (from.isEmpty()) {
            exchange.setProperty(CheckResults.DMARC, DmarcVerdict.permerror("", "no single From address"));
            return;
        }
        SpfVerdict spf = exchange.getProperty(CheckResults.SPF, SpfVerdict.class);
        List<DkimResult> dkim = exchange.getProperty(CheckResults.DKIM, List.class);
        DmarcInput.SpfOutcome spfOutcome = spf == null ? DmarcInput.SpfOutcome.none()
                : new DmarcInput.SpfOutcome(DmarcInput.SpfOutcome.Result.valueOf(spf.result().name()), spf.domain());
        List<DmarcInput.DkimOutcome> dkimOutcomes = dkim == null ? List.of()
                : dkim.stream().filter(r -> r.domain() != null).map(r -> new DmarcInput.DkimOutcome(r.domain(), r.passed())).toList();
        DmarcVerdict verdict = evaluator.evaluate(new DmarcInput(from.get(), spfOutcome, dkimOutcomes));
        exchange.setProperty(CheckResults.DMARC, verdict);
        if (verdict.result() != DmarcVerdict.Result.FAIL || action == CheckAction.IGNORE) {
            return;
        }
        DmarcPolicy policy = verdict.appliedPolicy();
        if (policy == DmarcPolicy.REJECT && action == CheckAction.REJECT) {
            exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(550, "5.7.1",
                    "Message rejected by the DMARC policy of " + verdict.policyDomain() + " (From: " + verdict.headerFrom()
                            + " is not aligned with a passing SPF or DKIM identity)"));
        } else if (policy != DmarcPolicy.NONE) {
            Quarantine.mark(exchange, "DMARC policy " + verdict.requestedPolicy().name().toLowerCase() + " of " + verdict.policyDomain());
        }
    }
}
