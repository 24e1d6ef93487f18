package io.caravan.filter.sender;

import io.caravan.check.AgentFixture;
import io.caravan.check.AllowList;
import io.caravan.check.AuthenticationResultsStamp;
import io.caravan.filter.SmtpDialogue;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.ConfigStub;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.caravan.check.AgentFixture.settings;
import static io.caravan.filter.SmtpDialogue.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender filter at MAIL: 554 5.7.1 under reject, a header under tag, nothing for allow-listed clients. */
class SenderFilterTest {

    private AgentFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    private SenderFilter filter(String action, AllowList allowList, List<String> senders, List<String> domains) {
        fixture = new AgentFixture(true, Map.of("sender-filter", settings(action)), allowList);
        return new SenderFilter(fixture.agents, ConfigStub.of(SenderFilterConfig.class, Map.of("blockedSenders", Optional.of(senders),
                "blockedDomains", Optional.of(domains), "blockNullSender", false)));
    }

    @Test
    void aBlockedSenderIsRefusedAtMail() throws Exception {
        SenderFilter filter = filter(null, null, List.of("spammer@bad.example"), List.of("*.worse.example"));
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        assertEquals(SmtpReply.of(554, "5.7.1", "Sender denied"), reply(dialogue.mail("Spammer@bad.example", filter)));
        assertEquals(SmtpReply.of(554, "5.7.1", "Sender denied"), reply(dialogue.mail("x@mail.worse.example", filter)));
        assertNull(reply(dialogue.mail("friend@good.example", filter)));
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "sender-filter", "result", "none", "action", "recorded").count());
    }

    @Test
    void underTagTheMessageIsAcceptedAndMarked() throws Exception {
        SenderFilter filter = filter("tag", null, List.of(), List.of("bad.example"));
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        assertNull(reply(dialogue.mail("news@bad.example", filter)));
        Exchange data = dialogue.data("Subject: hi\r\n\r\nhi\r\n");
        new AuthenticationResultsStamp(fixture.identity).process(data);
        String delivered = new String(data.getIn().getBody(RawMessage.class).head(), StandardCharsets.UTF_8);
        assertTrue(delivered.startsWith("X-Caravan-Sender-Filter: blocked sender <news@bad.example> (domain bad.example)\r\nSubject: hi"), delivered);
    }

    @Test
    void aClientOnTheAllowListIsNotAsked() throws Exception {
        AllowList trusted = new AllowList() {
            @Override
            public Optional<String> listing(InetAddress client) {
                return client.getHostAddress().equals("192.0.2.7") ? Optional.of("local allow list") : Optional.empty();
            }
        };
        SenderFilter filter = filter(null, trusted, List.of("spammer@bad.example"), List.of());
        assertNull(reply(new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS).mail("spammer@bad.example", filter)));
        assertEquals(554, reply(new SmtpDialogue("192.0.2.8", ClientTrust.ANONYMOUS).mail("spammer@bad.example", filter)).code());
    }

    @Test
    void ourOwnUsersAreNotAskedByDefault() throws Exception {
        SenderFilter filter = filter(null, null, List.of("spammer@bad.example"), List.of());
        assertNull(reply(new SmtpDialogue("192.0.2.7", ClientTrust.AUTHENTICATED).mail("spammer@bad.example", filter)));
    }

    @Test
    void nothingBlockedMeansOffAndABadEntryIsAStartUpError() {
        assertFalse(filter(null, null, List.of(), List.of()).enabled());
        fixture.close();
        SenderFilter bad = filter(null, null, List.of("not-an-address"), List.of());
        assertTrue(bad.configurationErrors().get(0).startsWith("caravan.checks.sender-filter.blocked-senders: 'not-an-address' is not an address"),
                bad.configurationErrors().toString());
        assertFalse(bad.enabled());
    }
}
