// RCPT hook that refuses a recipient no send connector covers, while the client can still be told.
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.SendConnectors;
import jakarta.inject.Singleton;

/** Every recipient either matches a send connector or gets an explicit reply here (never a silent drop later). */
@Singleton
public class RouteCheck implements RcptHook {

    private final SendConnectors connectors;

    public RouteCheck(SendConnectors connectors) {
        this.connectors = connectors;
    }

    @Override
    public HookResult onRcpt(SessionInfo session, MailAddress sender, MailAddress recipient) {
        if (connectors.select(recipient.domain()).isPresent()) {
            return HookResult.next();
        }
        return HookResult.reject(SmtpReply.of(550, "5.4.4", "Unable to route: no send connector for domain " + recipient.domain()));
    }
}
