// Inbound check: verifies every DKIM signature (RFC 6376, RFC 8463) on the message.
package io.caravan.check;

import io.caravan.mail.RawMessage;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dkim.DkimVerifier;
import io.caravan.check.dkim.DnsjavaKeyLookup;
import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * Records a result per signature for Authentication-Results and DMARC. Default action ignore: a
 * broken signature is no worse than none (RFC 6376 §6.3); with reject, a message whose signatures
 * all fail (and none passes) is refused. In routes/10-receive.yaml: {@code - bean: { ref: dkimCheck }}
 */
@Singleton
@Named("dkimCheck")
public class DkimCheck {

    private final DkimVerifier verifier;
    private final CheckAction action;

    public DkimCheck(CaravanConfig config, ChecksConfig checks) {
        this.verifier = new DkimVerifier(new DnsjavaKeyLookup(config.dns().servers().orElse(List.of()), config.dns().timeout()));
        this.action = CheckAction.parse("caravan.checks.dkim.action", checks.dkim().action());
    }

    public void check(Exchange exchange) {
        List<DkimResult> results = verifier.verify(exchange.getIn().getBody(RawMessage.class));
        exchange.setProperty(CheckResults.DKIM, results);
        boolean anyPass = results.stream().anyMatch(DkimResult::passed);
        boolean anyFail = results.stream().anyMatch(r -> r.result() == DkimResult.Result.FAIL);
        if (anyFail && !anyPass) {
            switch (action) {
                case REJECT -> exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY,
                        SmtpReply.of(550, "5.7.20", "No valid DKIM signature: " + results.get(0).reason()));
                case QUARANTINE -> Quarantine.mark(exchange, "DKIM signature did not verify");
                default -> { }
            }
        }
    }
}
