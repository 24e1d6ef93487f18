package io.caravan.filter.connection;

import io.caravan.config.ReloadingFile;
import io.caravan.dns.DnsService;
import io.caravan.testing.DnsResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static io.caravan.filter.connection.IpListTest.NOW;
import static io.caravan.filter.connection.IpListTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lists in Exchange's order: IP allow, IP block, DNS allow, DNS block; a DNS failure neither blocks nor allows. */
class ClientListsTest {

    @TempDir
    Path dir;

    private final DnsResponder server = DnsResponder.start();
    private final DnsService dns = DnsService.using(List.of(server.address()), Duration.ofMillis(300));
    private final DnsList allowZone = new DnsList("allow.example.org", ListedAnswers.DEFAULT);
    private final DnsList brokenZone = new DnsList("broken.example.org", ListedAnswers.DEFAULT);
    private final DnsList blockZone = new DnsList("block.example.org", ListedAnswers.DEFAULT);

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientLists lists(List<String> allow, List<String> block, Path blockFile) {
        ReloadingFile<IpList> file = blockFile == null ? null : ReloadingFile.load(blockFile, Duration.ofSeconds(5), IpList::parseFile);
        return new ClientLists(new ClientLists.Local(IpList.parseEntries(allow), null), new ClientLists.Local(IpList.parseEntries(block), file),
                List.of(allowZone), List.of(brokenZone, blockZone), () -> dns, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theLocalAllowListWinsOverEverythingAndAsksNoDns() {
        server.a("7.2.0.192.block.example.org", "127.0.0.2");
        ClientStanding s = lists(List.of("192.0.2.0/24"), List.of("192.0.2.7"), null).standing(ip("192.0.2.7"));
        assertEquals(ClientStanding.Kind.ALLOWED, s.kind());
        assertEquals("local allow list", s.list());
        assertEquals("192.0.2.7 is on the local allow list (192.0.2.0/24 in the configuration)", s.reason());
        assertEquals(List.of(), server.queries());
    }

    @Test
    void theLocalBlockListAndTheBlockFileBlockBeforeDns() throws IOException {
        Path file = Files.writeString(dir.resolve("block"), "198.51.100.0/24\n203.0.113.9 expires=2026-01-01T00:00:00Z\n");
        ClientLists lists = lists(List.of(), List.of("192.0.2.7"), file);
        assertEquals("local block list", lists.standing(ip("192.0.2.7")).list());
        ClientStanding fromFile = lists.standing(ip("198.51.100.9"));
        assertEquals(ClientStanding.Kind.BLOCKED, fromFile.kind());
        assertEquals("198.51.100.9 is on the local block list (198.51.100.0/24 in " + file + ")", fromFile.reason());
        assertEquals(ClientStanding.Kind.NONE, lists.standing(ip("203.0.113.9")).kind(), "an expired entry blocks no more");
        assertEquals(List.of("A 9.113.0.203.allow.example.org.", "A 9.113.0.203.broken.example.org.", "A 9.113.0.203.block.example.org."),
                server.queries(), "only the client no local list named was looked up");
    }

    @Test
    void aDnsAllowListingIsAskedBeforeTheBlockLists() {
        server.a("7.2.0.192.allow.example.org", "127.0.0.10").a("7.2.0.192.block.example.org", "127.0.0.2");
        ClientStanding s = lists(List.of(), List.of(), null).standing(ip("192.0.2.7"));
        assertEquals(ClientStanding.Kind.ALLOWED, s.kind());
        assertEquals("allow.example.org", s.list());
        assertEquals(List.of("A 7.2.0.192.allow.example.org."), server.queries());
    }

    @Test
    void aFailingListIsSkippedAndTheNextOneStillBlocks() {
        server.servfail("7.2.0.192.broken.example.org").a("7.2.0.192.block.example.org", "127.0.0.2");
        ClientStanding s = lists(List.of(), List.of(), null).standing(ip("192.0.2.7"));
        assertEquals(ClientStanding.Kind.BLOCKED, s.kind());
        assertEquals("block.example.org", s.list());
        assertEquals("listed", s.result());
        assertEquals("192.0.2.7 is on DNS block list block.example.org answered 127.0.0.2", s.reason());
    }

    @Test
    void aClientNoListAnswersForIsNotBlockedAndTheFailureIsATemperror() {
        server.servfail("7.2.0.192.broken.example.org");
        ClientStanding s = lists(List.of(), List.of(), null).standing(ip("192.0.2.7"));
        assertEquals(ClientStanding.Kind.NONE, s.kind());
        assertEquals("temperror", s.result());
        assertTrue(s.reason().contains("DNS lookup of 7.2.0.192.broken.example.org A failed: SERVFAIL"), s.reason());
    }

    @Test
    void anErrorCodeIsAPermerrorNotAListing() {
        server.a("7.2.0.192.block.example.org", "127.255.255.254");
        ClientStanding s = lists(List.of(), List.of(), null).standing(ip("192.0.2.7"));
        assertEquals(ClientStanding.Kind.NONE, s.kind());
        assertEquals("permerror", s.result());
    }

    @Test
    void aClientOnNoListIsNone() {
        ClientStanding s = lists(List.of(), List.of(), null).standing(ip("192.0.2.7"));
        assertEquals("none", s.result());
        assertEquals("192.0.2.7 is on no list", s.reason());
    }
}
