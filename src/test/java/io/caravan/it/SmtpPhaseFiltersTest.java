// The connection, sender and recipient filters end to end: refusals at MAIL and RCPT over real SMTP, DNS block lists served on loopback.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receive connector "guarded" (anonymous, on 127.0.0.1) with all three filters. Each test speaks from its own loopback
 * address (127.0.0.x), so each is a different client to the block lists: 127.0.0.1 is on DNS block list dnsbl.test,
 * 127.0.0.20 on the IP allow list. The recipients file knows alice@example.com and every address at catchall.test.
 */
@QuarkusTest
@TestProfile(SmtpPhaseFiltersTest.Filters.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class SmtpPhaseFiltersTest {

    /** The filters' settings; their files live in a directory of their own, made before Caravan starts. */
    public static class Filters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = Path.of("target", "smtp-filters", UUID.randomUUID().toString()).toAbsolutePath();
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("block.txt"), "# filled in by a test\n");
                Files.writeString(dir.resolve("recipients.txt"), "alice@example.com\n@catchall.test\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.ofEntries(
                    Map.entry("caravan.accepted-domains", "example.com,catchall.test"),
                    Map.entry("caravan.receive-connectors.guarded.port", "0"),
                    Map.entry("caravan.receive-connectors.guarded.bind", "127.0.0.1"),
                    Map.entry("caravan.checks.connection-filter.connectors", "guarded"),
                    Map.entry("caravan.checks.connection-filter.allow", "127.0.0.20"),
                    Map.entry("caravan.checks.connection-filter.block-file", dir.resolve("block.txt").toString()),
                    Map.entry("caravan.checks.connection-filter.reload-every", "100ms"),
                    Map.entry("caravan.checks.connection-filter.dns-block-lists[0].zone", "dnsbl.test"),
                    Map.entry("caravan.checks.connection-filter.dns-block-lists[0].listed-answers", "127.0.0.2-127.0.0.11"),
                    Map.entry("caravan.checks.connection-filter.dns-block-lists[1].zone", "slow-bl.test"),
                    Map.entry("caravan.checks.sender-filter.connectors", "guarded"),
                    Map.entry("caravan.checks.sender-filter.blocked-senders", "spammer@bad.test"),
                    Map.entry("caravan.checks.sender-filter.blocked-domains", "*.junk.test"),
                    Map.entry("caravan.checks.recipient-filter.connectors", "guarded"),
                    Map.entry("caravan.checks.recipient-filter.recipients-file", dir.resolve("recipients.txt").toString()),
                    Map.entry("caravan.checks.recipient-filter.maildir", "true"),
                    Map.entry("caravan.checks.recipient-filter.harvest.delay-after", "2"),
                    Map.entry("caravan.checks.recipient-filter.harvest.delay", "300ms"),
                    Map.entry("caravan.checks.recipient-filter.harvest.disconnect-after", "4"));
        }
    }

    @Inject
    CamelContext camel;

    private SmtpTestClient client(String from) {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("guarded").orElseThrow();
        SmtpTestClient c = SmtpTestClient.connectFrom(from, port);
        assertEquals(250, c.command("EHLO client.test").code());
        return c;
    }

    private static byte[] message(String subject) {
        return ("From: <someone@remote.test>\r\nTo: <x@example.com>\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The message with this subject in the mailbox, once it arrives (other tests deliver to the same mailboxes). */
    private static String delivered(String localPart, String subject) {
        Path box = Path.of(RelayPipelineTest.dataDir(), "maildir", "example.com", localPart, "new");
        return Await.until(() -> RelayPipelineTest.list(box).map(f -> {
            try {
                return Files.readString(f);
            } catch (IOException e) {
                return "";
            }
        }).filter(m -> m.contains("\r\nSubject: " + subject + "\r\n")).findFirst().orElse(null), Duration.ofSeconds(30),
                "the message \"" + subject + "\" in " + box);
    }

    private static String data(SmtpTestClient c, String subject) {
        assertEquals(354, c.command("DATA").code());
        c.sendBytes(message(subject));
        c.send(".\r\n");
        return RelayPipelineTest.queueId(c.readReply());
    }

    @Test
    void aClientOnADnsBlockListIsRefusedAtRcptButReachesThePostmaster() {
        MailWorld.dns.a("1.0.0.127.dnsbl.test", "127.0.0.2");
        String id;
        try (SmtpTestClient c = client("127.0.0.1")) {
            assertEquals(250, c.command("MAIL FROM:<someone@remote.test>").code());
            assertEquals("554 5.7.1 Service unavailable; client host [127.0.0.1] blocked using dnsbl.test",
                    c.command("RCPT TO:<alice@example.com>").last());
            assertEquals(250, c.command("RCPT TO:<postmaster@example.com>").code());
            id = data(c, "please delist me");
        }
        String stored = delivered("postmaster", "please delist me");
        assertTrue(stored.contains("X-Caravan-Connection-Filter: listed by dnsbl.test, sent to an exempt recipient\r\n"), stored);
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "connection-filter", "listed", "refused")),
                TrackingLog.events(id).toString());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("caravan_agent_verdicts_total") && l.contains("agent=\"connection-filter\"")
                && l.contains("action=\"refused\"") && l.contains("result=\"listed\"")), "a metric per agent and action");
    }

    @Test
    void aProviderErrorCodeIsNoListing() {
        MailWorld.dns.a("32.0.0.127.dnsbl.test", "127.255.255.254");
        String id;
        try (SmtpTestClient c = client("127.0.0.32")) {
            assertEquals(250, c.command("MAIL FROM:<someone@remote.test>").code());
            assertEquals(250, c.command("RCPT TO:<alice@example.com>").code());
            id = data(c, "error code");
        }
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "connection-filter", "permerror", "recorded")),
                TrackingLog.events(id).toString());
    }

    @Test
    void aBlockListThatDoesNotAnswerNeverRefusesAndTheMessageIsKept() {
        MailWorld.dns.silent("31.0.0.127.slow-bl.test");
        String id;
        try (SmtpTestClient c = client("127.0.0.31")) {
            assertEquals(250, c.command("MAIL FROM:<someone@remote.test>").code());
            assertEquals(250, c.command("RCPT TO:<alice@example.com>").code());
            int asked = MailWorld.dns.queryCount("31.0.0.127.slow-bl.test", Type.A);
            assertEquals(250, c.command("RCPT TO:<postmaster@example.com>").code());
            assertEquals(asked, MailWorld.dns.queryCount("31.0.0.127.slow-bl.test", Type.A), "asked once per session: no second wait");
            id = data(c, "timeout");
        }
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "connection-filter", "temperror", "recorded")
                && e.getString("reason").contains("slow-bl.test A failed")), TrackingLog.events(id).toString());
        assertTrue(delivered("alice", "timeout").contains("Subject: timeout"), "queued and delivered, not lost");
    }

    @Test
    void aBlockFileEntryAddedWhileRunningCountsAndAnExpiredOneDoesNot() throws IOException {
        Path file = Path.of(ConfigProvider.getConfig().getValue("caravan.checks.connection-filter.block-file", String.class));
        Path fresh = Files.writeString(file.resolveSibling("block.new"), "127.0.0.33\n127.0.0.34 expires=2001-01-01T00:00:00Z\n");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String refused = Await.until(() -> {
            try (SmtpTestClient c = client("127.0.0.33")) {
                c.command("MAIL FROM:<someone@remote.test>");
                String r = c.command("RCPT TO:<alice@example.com>").last();
                return r.startsWith("554") ? r : null;
            }
        }, Duration.ofSeconds(30), "the new block file entry to count");
        assertEquals("554 5.7.1 Service unavailable; client host [127.0.0.33] blocked using local block list", refused);
        try (SmtpTestClient c = client("127.0.0.34")) {
            assertEquals(250, c.command("MAIL FROM:<someone@remote.test>").code());
            assertEquals(250, c.command("RCPT TO:<alice@example.com>").code(), "its entry expired in 2001");
        }
    }

    @Test
    void aBlockedSenderIsRefusedAtMail() {
        try (SmtpTestClient c = client("127.0.0.21")) {
            assertEquals("554 5.7.1 Sender denied", c.command("MAIL FROM:<Spammer@bad.test>").last());
            assertEquals("554 5.7.1 Sender denied", c.command("MAIL FROM:<news@mail.junk.test>").last());
            assertEquals(503, c.command("RCPT TO:<alice@example.com>").code(), "no transaction was started");
            assertEquals(250, c.command("MAIL FROM:<friend@good.test>").code());
        }
    }

    @Test
    void anAllowListedClientSkipsTheSenderFilterButNotRecipientValidation() {
        String id;
        try (SmtpTestClient c = client("127.0.0.20")) {
            assertEquals(250, c.command("MAIL FROM:<spammer@bad.test>").code());
            assertEquals("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", c.command("RCPT TO:<nobody@example.com>").last());
            assertEquals(250, c.command("RCPT TO:<alice@example.com>").code());
            id = data(c, "from a friend");
        }
        String stored = delivered("alice", "from a friend");
        assertTrue(stored.contains("X-Caravan-Connection-Filter: allowed by local allow list\r\n"), stored);
        List<JsonObject> events = TrackingLog.events(id);
        assertTrue(events.stream().anyMatch(e -> TrackingLog.inspected(e, "connection-filter", "allowed", null)), "the queue id given at MAIL: " + events);
        assertFalse(events.stream().anyMatch(e -> "sender-filter".equals(e.getString("agent"))), events.toString());
    }

    @Test
    void unknownRecipientsAreRefusedInTheDialogueAndPipelinedRepliesKeepTheirOrder() throws IOException {
        Files.createDirectories(Path.of(RelayPipelineTest.dataDir(), "maildir", "example.com", "dora"));
        try (SmtpTestClient c = client("127.0.0.22")) {
            c.send("MAIL FROM:<someone@remote.test>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<ghost@example.com>\r\n"
                    + "RCPT TO:<anyone@catchall.test>\r\nRCPT TO:<dora@example.com>\r\nRCPT TO:<postmaster@example.com>\r\nRSET\r\n");
            List<String> replies = c.readReplies(7).stream().map(SmtpTestClient.Reply::last).toList();
            assertEquals(List.of("250 2.1.0 Ok", "250 2.1.5 Ok", "550 5.1.1 <ghost@example.com>: Recipient address rejected: User unknown",
                    "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok"), replies.subList(0, 7));
        }
        JsonObject refused = Await.until(() -> TrackingLog.all().stream().filter(e -> "REFUSED".equals(e.getString("event"))
                && "127.0.0.22".equals(e.getString("clientIp"))).findFirst().orElse(null), Duration.ofSeconds(10), "the REFUSED event");
        assertEquals("rcpt", refused.getString("phase"));
        assertEquals("someone@remote.test", refused.getString("sender"));
        assertEquals(List.of("ghost@example.com"), refused.getJsonArray("recipients").getList());
        assertEquals("550 5.1.1 <ghost@example.com>: Recipient address rejected: User unknown", refused.getString("reply"));
    }

    @Test
    void aHarvesterIsSlowedAndThenDisconnected() {
        try (SmtpTestClient c = client("127.0.0.40")) {
            assertEquals(250, c.command("MAIL FROM:<harvester@remote.test>").code());
            assertEquals(550, c.command("RCPT TO:<aaron@example.com>").code());
            assertEquals(550, c.command("RCPT TO:<abby@example.com>").code());
            long start = System.nanoTime();
            assertEquals(250, c.command("RCPT TO:<alice@example.com>").code());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "past 2 unknown recipients every reply waits 300 ms");
            assertEquals(550, c.command("RCPT TO:<adam@example.com>").code());
            assertEquals("421 4.7.0 Too many unknown recipients, closing connection", c.command("RCPT TO:<agnes@example.com>").last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(10)));
        }
    }
}
