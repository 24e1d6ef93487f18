package io.caravan.filter.connection;

import io.caravan.check.AgentFixture;
import io.caravan.config.CaravanConfig;
import io.caravan.filter.SmtpDialogue;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.AcceptedDomains;
import io.caravan.testing.ConfigStub;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.caravan.check.AgentFixture.settings;
import static io.caravan.filter.SmtpDialogue.reply;
import static io.caravan.filter.connection.IpListTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection filter at RCPT: refused with Postfix's words naming the list, exempt recipients, allow lists, DNS trouble. */
class ConnectionFilterTest {

    @TempDir
    Path dir;

    private final AgentFixture fixture = new AgentFixture(Map.of("connection-filter", settings(null)));
    private final AcceptedDomains accepted = new AcceptedDomains(ConfigStub.of(CaravanConfig.class,
            Map.of("acceptedDomains", Optional.of(List.of("example.com")))));
    private final Map<String, Object> keys = new HashMap<>(Map.of("allow", Optional.empty(), "block", Optional.empty(),
            "allowFile", Optional.empty(), "blockFile", Optional.empty(), "reloadEvery", Duration.ofSeconds(5),
            "dnsBlockLists", Optional.empty(), "dnsAllowLists", Optional.empty(), "exemptRecipients", List.of("postmaster", "abuse")));

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ConnectionFilterConfig.DnsListSetting zone(String zone, String... listed) {
        return ConfigStub.of(ConnectionFilterConfig.DnsListSetting.class,
                Map.of("zone", zone, "listedAnswers", listed.length == 0 ? Optional.empty() : Optional.of(List.of(listed))));
    }

    private ConnectionFilter filter() {
        return new ConnectionFilter(fixture.agents, ConfigStub.of(ConnectionFilterConfig.class, keys), () -> fixture.dnsService, accepted,
                () -> MailAddress.parse("hostmaster@example.com"), Clock.systemUTC());
    }

    @Test
    void aClientOnADnsBlockListIsRefusedAtRcptNamingTheListAndItsAddress() throws Exception {
        keys.put("dnsBlockLists", Optional.of(List.of(zone("zen.example.org", "127.0.0.2-127.0.0.11"))));
        fixture.dns.a("7.2.0.192.zen.example.org", "127.0.0.4");
        ConnectionFilter filter = filter();
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        dialogue.mail("spammer@remote.example");
        assertEquals(SmtpReply.of(554, "5.7.1", "Service unavailable; client host [192.0.2.7] blocked using zen.example.org"),
                reply(dialogue.rcpt("victim@example.com", filter)));
        assertEquals(SmtpReply.of(554, "5.7.1", "Service unavailable; client host [192.0.2.7] blocked using zen.example.org"),
                reply(dialogue.rcpt("other@example.com", filter)));
        assertEquals(1, fixture.dns.queryCount("7.2.0.192.zen.example.org", Type.A), "one lookup per session, not per recipient");
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "connection-filter", "result", "listed", "action", "refused").count());
    }

    @Test
    void postmasterAbuseAndTheConfiguredPostmasterStillReachUsFromAListedClient() throws Exception {
        keys.put("block", Optional.of(List.of("192.0.2.0/24")));
        ConnectionFilter filter = filter();
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        dialogue.mail("listed@remote.example");
        assertNull(reply(dialogue.rcpt("Postmaster@example.com", filter)));
        assertNull(reply(dialogue.rcpt("abuse@example.com", filter)));
        assertNull(reply(dialogue.rcpt("hostmaster@example.com", filter)), "caravan.postmaster, what RCPT TO:<Postmaster> reaches");
        assertEquals(554, reply(dialogue.rcpt("postmaster@elsewhere.example", filter)).code(), "not one of our domains");
        assertEquals(554, reply(dialogue.rcpt("sales@example.com", filter)).code());
        String delivered = stamp(dialogue.data("Subject: delist me\r\n\r\nplease\r\n"));
        assertTrue(delivered.startsWith("X-Caravan-Connection-Filter: listed by local block list, sent to an exempt recipient\r\n"), delivered);
    }

    @Test
    void aDnsFailureOrAnErrorCodeNeverRefuses() throws Exception {
        keys.put("dnsBlockLists", Optional.of(List.of(zone("broken.example.org"), zone("coded.example.org"))));
        fixture.dns.servfail("7.2.0.192.broken.example.org").a("7.2.0.192.coded.example.org", "127.255.255.254");
        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.7", ClientTrust.ANONYMOUS);
        dialogue.mail("someone@remote.example");
        assertNull(reply(dialogue.rcpt("user@example.com", filter())));
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "connection-filter", "result", "temperror", "action", "recorded").count());
    }

    @Test
    void anAllowListedClientIsRecordedAndTaggedAndNamedToTheOtherAgents() throws Exception {
        keys.put("allow", Optional.of(List.of("192.0.2.0/28")));
        keys.put("dnsAllowLists", Optional.of(List.of(zone("allow.example.org"))));
        keys.put("dnsBlockLists", Optional.of(List.of(zone("zen.example.org"))));
        fixture.dns.a("99.2.0.192.allow.example.org", "127.0.0.10").a("99.2.0.192.zen.example.org", "127.0.0.2");
        ConnectionFilter filter = filter();
        assertEquals(Optional.of("local allow list"), filter.listing(ip("192.0.2.7")));
        assertEquals(Optional.empty(), filter.listing(ip("192.0.2.99")), "the DNS allow list is not asked outside a session");

        SmtpDialogue dialogue = new SmtpDialogue("192.0.2.99", ClientTrust.ANONYMOUS);
        dialogue.mail("friend@remote.example");
        Exchange rcpt = dialogue.rcpt("user@example.com", filter);
        assertNull(reply(rcpt), "a DNS allow listing outranks the DNS block list");
        assertEquals(Optional.of("allow.example.org"), filter.listing(io.caravan.check.Inspection.of(dialogue.data(""))));
        assertTrue(stamp(dialogue.data("Subject: hi\r\n\r\nhi\r\n")).startsWith("X-Caravan-Connection-Filter: allowed by allow.example.org\r\n"));
    }

    @Test
    void aBlockFileEntryAddedLaterCountsAndAnExpiredOneDoesNot() throws Exception {
        Path file = Files.writeString(dir.resolve("block.txt"), "# none yet\n");
        keys.put("blockFile", Optional.of(file.toString()));
        keys.put("reloadEvery", Duration.ofMillis(1));
        ConnectionFilter filter = filter();
        SmtpDialogue dialogue = new SmtpDialogue("198.51.100.9", ClientTrust.ANONYMOUS);
        dialogue.mail("a@remote.example");
        assertNull(reply(dialogue.rcpt("user@example.com", filter)));
        Path fresh = Files.writeString(dir.resolve("fresh"), "198.51.100.0/24 expires=2000-01-01T00:00:00Z\n198.51.100.9\n");
        Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        SmtpReply r;
        while ((r = reply(dialogue.rcpt("user@example.com", filter))) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the file is looked at again once reload-every (1 ms) has passed
        }
        assertEquals(SmtpReply.of(554, "5.7.1", "Service unavailable; client host [198.51.100.9] blocked using local block list"), r);
        assertNull(reply(new SmtpDialogue("198.51.100.10", ClientTrust.ANONYMOUS).rcpt("user@example.com", filter)), "its range has expired");
    }

    @Test
    void badSettingsAreStartUpErrorsNamingTheirKeys() {
        keys.put("block", Optional.of(List.of("192.0.2.0/40")));
        keys.put("allowFile", Optional.of(dir.resolve("missing.txt").toString()));
        keys.put("dnsBlockLists", Optional.of(List.of(zone("zen.example.org", "127.0.0.9-127.0.0.2"), zone("not a zone"))));
        keys.put("exemptRecipients", List.of("post master"));
        ConnectionFilter filter = filter();
        assertEquals(List.of(
                "caravan.checks.connection-filter.allow-file: " + dir.resolve("missing.txt") + " does not exist",
                "caravan.checks.connection-filter.block: entry 1: '192.0.2.0/40' has a prefix length outside 0-32",
                "caravan.checks.connection-filter.dns-block-lists[0].listed-answers: '127.0.0.9-127.0.0.2' ends before it starts",
                "caravan.checks.connection-filter.dns-block-lists[1].zone: 'not a zone' is not a DNS zone",
                "caravan.checks.connection-filter.exempt-recipients: 'post master' is neither a local part nor an address"),
                filter.configurationErrors());
        assertFalse(filter.enabled());
    }

    @Test
    void withNoListConfiguredTheFilterIsOff() {
        assertFalse(filter().enabled());
    }

    private String stamp(Exchange data) {
        new io.caravan.check.AuthenticationResultsStamp(fixture.identity).process(data);
        return new String(data.getIn().getBody(RawMessage.class).head(), StandardCharsets.UTF_8);
    }
}
