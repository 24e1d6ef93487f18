// RelayControl: an anonymous client outside the relay ranges may only send to accepted domains (never an open relay).
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.SENDER;
import static io.caravan.receive.hook.HookFixtures.anonymous;
import static io.caravan.receive.hook.HookFixtures.authenticated;
import static io.caravan.receive.hook.HookFixtures.relayClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayControlTest {

    private final RelayControl hook = new RelayControl(new AcceptedDomains(HookFixtures.core(m -> switch (m) {
        case "acceptedDomains" -> Optional.of(List.of("example.com", "*.corp.example"));
        default -> null;
    })));

    private HookResult rcpt(SessionInfo session, String recipient) {
        return hook.onRcpt(session, SENDER, MailAddress.parse(recipient));
    }

    @Test
    void anyoneMaySendToAnAcceptedDomainOrItsAcceptedSubdomains() {
        assertEquals(HookResult.next(), rcpt(anonymous("203.0.113.5"), "bob@example.com"));
        assertEquals(HookResult.next(), rcpt(anonymous("203.0.113.5"), "bob@EXAMPLE.com"));
        assertEquals(HookResult.next(), rcpt(anonymous("203.0.113.5"), "bob@sales.corp.example"));
    }

    @Test
    void anAnonymousClientIsRefusedARemoteRecipientWith550() {
        HookResult r = rcpt(anonymous("203.0.113.5"), "victim@remote.example");

        assertEquals(HookResult.Decision.REJECT, r.decision());
        assertEquals(SmtpReply.of(550, "5.7.1", "Relay access denied"), r.reply());
    }

    @Test
    void aSourceRouteThroughAnAcceptedDomainIsJudgedByItsFinalDomain() {
        assertEquals(HookResult.Decision.REJECT, rcpt(anonymous("203.0.113.5"), "<@example.com:victim@remote.example>").decision());
    }

    @Test
    void relayClientsAndAuthenticatedUsersMaySendAnywhere() {
        assertEquals(HookResult.next(), rcpt(relayClient("10.0.0.5"), "someone@remote.example"));
        assertEquals(HookResult.next(), rcpt(authenticated("203.0.113.5", "alice@example.com"), "someone@remote.example"));
    }
}
