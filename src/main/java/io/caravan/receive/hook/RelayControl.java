// RCPT hook that keeps Caravan from being an open relay (DESIGN.md invariant 6).
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import jakarta.inject.Singleton;

/**
 * Anonymous clients outside the connector's relay-ranges may only send to accepted domains.
 * Refused at RCPT, so no data is ever taken for a relay attempt. Source routes were already
 * stripped by {@link MailAddress#parse}, so {@code <@accepted.example:victim@remote>} is judged by remote.
 */
@Singleton
public class RelayControl implements RcptHook {

    static final SmtpReply RELAY_DENIED = SmtpReply.of(550, "5.7.1", "Relay access denied");

    private final AcceptedDomains acceptedDomains;

    public RelayControl(AcceptedDomains acceptedDomains) {
        this.acceptedDomains = acceptedDomains;
    }

    @Override
    public HookResult onRcpt(SessionInfo session, MailAddress sender, MailAddress recipient) {
        if (acceptedDomains.contains(recipient.domain())
                || session.isRelayClient()
                || session.authenticatedUser().isPresent()) {
            return HookResult.next();
        }
        return HookResult.reject(RELAY_DENIED);
    }
}
