package io.caravan.filter.recipient;

import io.caravan.check.AgentFixture;
import io.caravan.config.CaravanConfig;
import io.caravan.config.Postmaster;
import io.caravan.filter.SmtpDialogue;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.TestConnectors;
import io.caravan.testing.ConfigStub;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.caravan.check.AgentFixture.settings;
import static io.caravan.filter.SmtpDialogue.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipient filter at RCPT: 550 5.1.1 for unknown recipients of our domains, 550 5.7.1 for blocked ones, the harvest defence. */
class RecipientFilterTest {

    @TempDir
    Path dir;

    private AgentFixture fixture;
    private final CaravanConfig core = ConfigStub.of(CaravanConfig.class, Map.of("acceptedDomains", Optional.of(List.of("example.com")),
            "postmaster", Optional.empty(), "dataDir", "unused"));
    private final Map<String, Object> harvest = new HashMap<>(Map.of("delayAfter", 2, "delay", Duration.ofMillis(700), "disconnectAfter", 4));
    private final Map<String, Object> keys = new HashMap<>(Map.of("recipientsFile", Optional.empty(), "maildir", false,
            "reloadEvery", Duration.ofSeconds(5), "blockedRecipients", Optional.empty()));

    @AfterEach
    void close() {
        fixture.close();
    }

    private RecipientFilter filter(String action) {
        fixture = new AgentFixture(Map.of("recipient-filter", settings(action)));
        keys.put("harvest", ConfigStub.of(RecipientFilterConfig.HarvestSettings.class, harvest));
        Postmaster postmaster = new Postmaster(core, fixture.identity);
        return new RecipientFilter(fixture.agents, ConfigStub.of(RecipientFilterConfig.class, keys), new AcceptedDomains(core),
                () -> TestConnectors.of(Map.of("internet", TestConnectors.Conn.mx("*")), dir), () -> postmaster);
    }

    private RecipientFilter withFile(String action, String recipients) throws IOException {
        keys.put("recipientsFile", Optional.of(Files.writeString(dir.resolve("recipients"), recipients).toString()));
        return filter(action);
    }

    @Test
    void anUnknownRecipientIsRefusedWithUserUnknownAndAKnownOneAccepted() throws Exception {
        RecipientFilter filter = withFile(null, "alice@example.com\n");
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        dialogue.mail("someone@remote.example");
        assertEquals(SmtpReply.of(550, "5.1.1", "<bob@example.com>: Recipient address rejected: User unknown"),
                reply(dialogue.rcpt("bob@example.com", filter)));
        assertNull(reply(dialogue.rcpt("alice@example.com", filter)));
        assertNull(reply(dialogue.rcpt("postmaster@example.com", filter)), "the postmaster always exists");
        assertNull(reply(dialogue.rcpt("anyone@remote.example", filter)), "not ours to judge");
    }

    @Test
    void allowListedAndOwnClientsAreValidatedTooWhenTheyAreAnonymous() throws Exception {
        RecipientFilter filter = withFile(null, "alice@example.com\n");
        assertFalse(filter.isAntiSpam(), "the allow list does not make unknown recipients exist");
        assertNull(reply(new SmtpDialogue("192.0.2.7", ClientTrust.AUTHENTICATED).rcpt("bob@example.com", filter)),
                "by default only anonymous mail is validated");
    }

    @Test
    void aBlockedRecipientIsRefusedWhateverTheDirectorySays() throws Exception {
        keys.put("blockedRecipients", Optional.of(List.of("Alice@example.com")));
        RecipientFilter filter = withFile(null, "alice@example.com\n");
        assertEquals(SmtpReply.of(550, "5.7.1", "Recipient address rejected: access denied"),
                reply(new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS).rcpt("alice@example.com", filter)));
    }

    @Test
    void aMaildirConnectorsMailboxesAreItsRecipients() throws Exception {
        keys.put("maildir", true);
        fixture = new AgentFixture(Map.of());
        keys.put("harvest", ConfigStub.of(RecipientFilterConfig.HarvestSettings.class, harvest));
        Files.createDirectories(dir.resolve("boxes/example.com/carol"));
        Postmaster postmaster = new Postmaster(core, fixture.identity);
        RecipientFilter filter = new RecipientFilter(fixture.agents, ConfigStub.of(RecipientFilterConfig.class, keys), new AcceptedDomains(core),
                () -> TestConnectors.of(Map.of("mailbox", TestConnectors.Conn.maildir("boxes", "example.com")), dir), () -> postmaster);
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        assertNull(reply(dialogue.rcpt("carol@example.com", filter)));
        assertEquals(550, reply(dialogue.rcpt("dave@example.com", filter)).code());
    }

    @Test
    void aHarvesterIsSlowedThenSentAwayCountingAcrossTransactions() throws Exception {
        RecipientFilter filter = withFile(null, "alice@example.com\n");
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        dialogue.mail("harvester@remote.example");
        Exchange first = dialogue.rcpt("a1@example.com", filter);
        assertNull(first.getIn().getHeader(CaravanHeaders.REPLY_DELAY));
        dialogue.rcpt("a2@example.com", filter);
        dialogue.mail("harvester@remote.example"); // RSET and a new transaction: the session still counts
        Exchange known = dialogue.rcpt("alice@example.com", filter);
        assertEquals(700L, known.getIn().getHeader(CaravanHeaders.REPLY_DELAY), "every reply waits once 2 unknown recipients were asked");
        assertEquals(550, reply(dialogue.rcpt("a3@example.com", filter)).code());
        assertEquals(SmtpReply.of(421, "4.7.0", "Too many unknown recipients, closing connection"), reply(dialogue.rcpt("a4@example.com", filter)));
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "recipient-filter", "result", "harvest", "action", "refused").count());
    }

    @Test
    void underIgnoreNothingIsRefusedOrDelayedButAllIsRecorded() throws Exception {
        RecipientFilter filter = withFile("ignore", "alice@example.com\n");
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        for (int i = 0; i < 5; i++) {
            Exchange e = dialogue.rcpt("x" + i + "@example.com", filter);
            assertNull(reply(e));
            assertNull(e.getIn().getHeader(CaravanHeaders.REPLY_DELAY));
        }
        assertEquals(3.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "recipient-filter", "result", "unknown", "action", "recorded").count());
    }

    @Test
    void badSettingsAreStartUpErrorsNamingTheirKeys() {
        keys.put("recipientsFile", Optional.of(dir.resolve("missing").toString()));
        keys.put("blockedRecipients", Optional.of(List.of("nobody")));
        harvest.put("disconnectAfter", -1);
        RecipientFilter filter = filter(null);
        List<String> errors = filter.configurationErrors();
        assertEquals("caravan.checks.recipient-filter.recipients-file: " + dir.resolve("missing") + " does not exist", errors.get(0));
        assertTrue(errors.get(1).startsWith("caravan.checks.recipient-filter.blocked-recipients: 'nobody' is not an address"), errors.toString());
        assertEquals("caravan.checks.recipient-filter.harvest: delay-after and disconnect-after must be 0 (off) or more", errors.get(2));
        assertFalse(filter.enabled());
    }
}
