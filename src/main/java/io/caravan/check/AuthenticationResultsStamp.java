// Receive stage: removes forged Authentication-Results claiming our name and prepends ours (RFC 8601) with the agents' fields.
package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults;
import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.config.ServerIdentity;
import io.caravan.mail.RawMessage;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One field, authserv-id = caravan.hostname, so filters downstream can trust exactly the results
 * that carry our name; it gathers every agent's results in the order the agents ran, followed by
 * the header fields agents added. The one removal bytes-are-sacred allows. A message no agent
 * inspected (our own users' mail) is left as it is. In routes/20-filter.yaml, after the agents:
 * {@code - process: { ref: authenticationResults }}
 */
@Singleton
@Named("authenticationResults")
public class AuthenticationResultsStamp implements Processor {

    private final String authservId;

    public AuthenticationResultsStamp(ServerIdentity identity) {
        this.authservId = identity.hostname();
    }

    @Override
    public void process(Exchange exchange) {
        Inspection inspection = Inspection.ifAny(exchange); // also the verdicts of MAIL and RCPT, when no agent ran at DATA
        if (inspection == null || inspection.verdicts().isEmpty()) {
            return;
        }
        List<MethodResult> results = new ArrayList<>();
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (Verdict v : inspection.verdicts()) {
            results.addAll(v.authResults());
            v.fields().forEach(f -> fields.writeBytes(f.getBytes(StandardCharsets.UTF_8)));
        }
        RawMessage message = exchange.getIn().getBody(RawMessage.class);
        byte[] head = AuthenticationResults.stripForged(message.head(), authservId);
        ByteArrayOutputStream prepended = new ByteArrayOutputStream();
        if (!results.isEmpty()) {
            prepended.writeBytes(AuthenticationResults.field(authservId, results).getBytes(StandardCharsets.UTF_8));
        }
        prepended.writeBytes(fields.toByteArray());
        exchange.getIn().setBody(message.withHead(head).prepend(prepended.toByteArray()));
    }
}
