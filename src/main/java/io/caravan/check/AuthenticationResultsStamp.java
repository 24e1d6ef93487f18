// Receive stage: removes forged Authentication-Results claiming our name and prepends our own (RFC 8601).
package io.caravan.check;

import io.caravan.mail.RawMessage;
import io.caravan.check.authresults.AuthenticationResults;
import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dmarc.DmarcVerdict;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.config.ServerIdentity;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One field, authserv-id = caravan.hostname, so filters downstream can trust exactly the results
 * that carry our name. The one removal bytes-are-sacred allows. In routes/10-receive.yaml:
 * {@code - bean: { ref: authenticationResults }}
 */
@Singleton
@Named("authenticationResults")
public class AuthenticationResultsStamp {

    private final String authservId;

    public AuthenticationResultsStamp(ServerIdentity identity) {
        this.authservId = identity.hostname();
    }

    @SuppressWarnings("unchecked")
    public void stamp(Exchange exchange) {
        List<MethodResult> results = new ArrayList<>();
        SpfVerdict spf = exchange.getProperty(CheckResults.SPF, SpfVerdict.class);
        if (spf != null) {
            results.add(MethodResult.of("spf", spf.result().keyword())
                    .with("smtp", spf.identity().equals(SpfVerdict.HELO) ? "helo" : "mailfrom", spf.domain()));
        }
        List<DkimResult> dkim = exchange.getProperty(CheckResults.DKIM, List.class);
        if (dkim != null) {
            for (DkimResult r : dkim) {
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
                results.add(r.reason() == null || r.passed() ? m : m.withReason(r.reason()));
            }
        }
        DmarcVerdict dmarc = exchange.getProperty(CheckResults.DMARC, DmarcVerdict.class);
        if (dmarc != null && dmarc.headerFrom() != null && !dmarc.headerFrom().isEmpty()) {
            results.add(dmarc.authResult());
        }
        RawMessage message = exchange.getIn().getBody(RawMessage.class);
        byte[] head = AuthenticationResults.stripForged(message.head(), authservId);
        byte[] field = AuthenticationResults.field(authservId, results).getBytes(StandardCharsets.UTF_8);
        exchange.getIn().setBody(message.withHead(head).prepend(field));
    }
}
