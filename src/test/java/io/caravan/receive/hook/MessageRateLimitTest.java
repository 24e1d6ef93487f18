// MessageRateLimit: at most max-messages-per-minute-per-ip transactions per client IP and connector, then 450 4.7.1.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.SENDER;
import static io.caravan.receive.hook.HookFixtures.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.SmtpReply;
import io.caravan.receive.TestConnector;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRateLimitTest {

    private final MessageRateLimit hook = new MessageRateLimit(HookFixtures.connectors(Map.of(
            "default", TestConnector.defaults().withMaxMessagesPerMinutePerIp(2),
            "other", TestConnector.defaults().withMaxMessagesPerMinutePerIp(2),
            "unlimited", TestConnector.defaults())));

    private HookResult mail(SessionInfo session) {
        return hook.onMail(session, SENDER, Map.of());
    }

    @Test
    void messagesUpToTheLimitGoOnAndTheNextIsDeferredWith450() {
        assertEquals(HookResult.next(), mail(anonymous("192.0.2.1")));
        assertEquals(HookResult.next(), mail(anonymous("192.0.2.1")));

        HookResult third = mail(anonymous("192.0.2.1"));

        assertEquals(HookResult.Decision.DEFER, third.decision());
        assertEquals(SmtpReply.of(450, "4.7.1", "Too much mail from 192.0.2.1 (at most 2 messages per minute), try again later"),
                third.reply());
    }

    @Test
    void theLimitCountsPerClientAddressAndPerConnector() {
        mail(anonymous("192.0.2.1"));
        mail(anonymous("192.0.2.1"));

        assertEquals(HookResult.next(), mail(anonymous("192.0.2.2")));
        HookFixtures.Session sameIpOtherConnector = new HookFixtures.Session("other", HookFixtures.address("192.0.2.1"), "x",
                false, Optional.empty());
        assertEquals(HookResult.next(), hook.onMail(sameIpOtherConnector, SENDER, Map.of()));
    }

    @Test
    void zeroMeansNoLimit() {
        HookFixtures.Session session = new HookFixtures.Session("unlimited", HookFixtures.address("192.0.2.1"), "x", false,
                Optional.empty());
        for (int i = 0; i < 100; i++) {
            assertEquals(HookResult.next(), hook.onMail(session, SENDER, Map.of()));
        }
    }
}
