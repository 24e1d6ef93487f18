// RouteCheck: a recipient no send connector covers is refused at RCPT, while the client can still be told.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.SENDER;
import static io.caravan.receive.hook.HookFixtures.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteCheckTest {

    private record Connector(List<String> addressSpaces) implements SendConnectorsConfig.SendConnector {
        @Override public Optional<List<String>> smarthosts() { return Optional.of(List.of("mailbox.example.com:25")); }
        @Override public int port() { return 25; }
        @Override public Optional<String> maildir() { return Optional.empty(); }
    }

    private static RouteCheck hook(List<String> addressSpaces) {
        SendConnectorsConfig config = () -> Map.of("internal", new Connector(addressSpaces));
        return new RouteCheck(new SendConnectors(config, HookFixtures.core(m -> m.equals("dataDir") ? "target/route-check-test" : null)));
    }

    @Test
    void aRecipientSomeSendConnectorCoversGoesOn() {
        assertEquals(HookResult.next(), hook(List.of("example.com")).onRcpt(anonymous("192.0.2.1"), SENDER,
                MailAddress.parse("bob@example.com")));
    }

    @Test
    void aRecipientNoSendConnectorCoversIsRefusedWith550NamingTheDomain() {
        HookResult r = hook(List.of("example.com")).onRcpt(anonymous("192.0.2.1"), SENDER, MailAddress.parse("bob@elsewhere.example"));

        assertEquals(HookResult.Decision.REJECT, r.decision());
        assertEquals(SmtpReply.of(550, "5.4.4", "Unable to route: no send connector for domain elsewhere.example"), r.reply());
    }
}
