// Inbound check: SPF (RFC 7208) of the MAIL FROM identity, or HELO for the null sender.
package io.caravan.check;

import io.caravan.check.spf.DnsjavaSpfDns;
import io.caravan.check.spf.SpfChecker;
import io.caravan.check.spf.SpfResult;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.config.CaravanConfig;
import io.caravan.config.ServerIdentity;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

/**
 * Exchange's Sender ID agent, done right. Default action ignore: an SPF fail alone is recorded and
 * left to DMARC (forwarded mail fails SPF for good reasons). With action reject, a fail is refused
 * with 550 5.7.23 (RFC 7372); a temporary DNS error never is. In routes/10-receive.yaml:
 * {@code - bean: { ref: spfCheck }}
 */
@Singleton
@Named("spfCheck")
public class SpfCheck {

    private final SpfChecker checker;
    private final CheckAction action;

    public SpfCheck(CaravanConfig config, ChecksConfig checks, ServerIdentity identity) {
        this.checker = new SpfChecker(new DnsjavaSpfDns(config.dns().servers().orElse(List.of()), config.dns().timeout()),
                identity.hostname(), Clock.systemUTC());
        this.action = CheckAction.parse("caravan.checks.spf.action", checks.spf().action());
    }

    public void check(Exchange exchange) throws UnknownHostException {
        InetAddress client = InetAddress.getByName(exchange.getIn().getHeader(CaravanHeaders.CLIENT_IP, String.class));
        SpfVerdict verdict = checker.check(client, exchange.getIn().getHeader(CaravanHeaders.MAIL_FROM, "", String.class),
                exchange.getIn().getHeader(CaravanHeaders.HELO, "", String.class));
        exchange.setProperty(CheckResults.SPF, verdict);
        if (verdict.result() == SpfResult.FAIL) {
            switch (action) {
                case REJECT -> exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(550, "5.7.23",
                        "SPF check failed for " + verdict.domain() + ": " + verdict.explanation()));
                case QUARANTINE -> Quarantine.mark(exchange, "SPF fail for " + verdict.domain());
                default -> { }
            }
        }
    }
}
