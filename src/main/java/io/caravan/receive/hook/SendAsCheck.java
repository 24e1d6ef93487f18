// MAIL hook: an authenticated user may only use the MAIL FROM addresses their send-as rules allow.
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.auth.Authenticator;
import jakarta.inject.Singleton;

import java.util.Map;

@Singleton
public class SendAsCheck implements MailHook {

    private final Authenticator authenticator;

    public SendAsCheck(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public HookResult onMail(SessionInfo session, MailAddress sender, Map<String, String> parameters) {
        return session.authenticatedUser()
                .filter(user -> !authenticator.maySendAs(user, sender.address()))
                .map(user -> HookResult.reject(SmtpReply.of(550, "5.7.1",
                        "Sender address <" + sender.address() + "> is not owned by user " + user)))
                .orElse(HookResult.next());
    }
}
