package io.caravan.filter.recipient;

import io.caravan.config.CaravanConfig;
import io.caravan.config.ReloadingFile;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.TestConnectors;
import io.caravan.testing.ConfigStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.caravan.filter.recipient.RecipientDirectory.Known.KNOWN;
import static io.caravan.filter.recipient.RecipientDirectory.Known.UNCHECKED;
import static io.caravan.filter.recipient.RecipientDirectory.Known.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recipients known from the recipients file and from existing Maildir mailboxes, for accepted domains only. */
class RecipientDirectoryTest {

    @TempDir
    Path data;

    private final AcceptedDomains accepted = new AcceptedDomains(ConfigStub.of(CaravanConfig.class,
            Map.of("acceptedDomains", Optional.of(List.of("example.com", "sales.example.com", "boxes.example", "open.example")))));
    private final MailAddress postmaster = MailAddress.parse("postmaster@example.com");

    private static RecipientDirectory.Known lookup(RecipientDirectory d, String address) {
        return d.lookup(MailAddress.parse(address));
    }

    private RecipientDirectory withFile(String text) throws IOException {
        Path file = Files.writeString(data.resolve("recipients"), text);
        return new RecipientDirectory(accepted, ReloadingFile.load(file, Duration.ofSeconds(5), RecipientList::parse), null, () -> postmaster);
    }

    @Test
    void theFileKnowsItsAddressesWithoutCaseAndRefusesOthersInItsDomains() throws IOException {
        RecipientDirectory d = withFile("# staff\nalice@example.com\nBob@Example.com  # the boss\n");
        assertEquals(KNOWN, lookup(d, "alice@example.com"));
        assertEquals(KNOWN, lookup(d, "ALICE@EXAMPLE.COM"));
        assertEquals(KNOWN, lookup(d, "bob@example.com"));
        assertEquals(UNKNOWN, lookup(d, "carol@example.com"));
    }

    @Test
    void aCatchAllKnowsEveryAddressOfItsDomain() throws IOException {
        RecipientDirectory d = withFile("alice@example.com\n@sales.example.com\n");
        assertEquals(KNOWN, lookup(d, "anyone@sales.example.com"));
        assertEquals(UNKNOWN, lookup(d, "anyone@example.com"));
    }

    @Test
    void domainsTheFileDoesNotNameAndDomainsWeDoNotAcceptAreNotJudged() throws IOException {
        RecipientDirectory d = withFile("alice@example.com\nsomeone@elsewhere.example\n");
        assertEquals(UNCHECKED, lookup(d, "anyone@open.example"), "accepted, but no source holds it");
        assertEquals(UNCHECKED, lookup(d, "nobody@elsewhere.example"), "not an accepted domain: relay control decides");
    }

    @Test
    void thePostmasterAlwaysExists() throws IOException {
        RecipientDirectory d = withFile("alice@example.com\n");
        assertEquals(KNOWN, lookup(d, "Postmaster@example.com"));
    }

    @Test
    void maildirMailboxesExistWhenTheirDirectoryDoes() throws IOException {
        Map<String, io.caravan.routing.SendConnectorsConfig.SendConnector> config = new LinkedHashMap<>();
        config.put("boxes", TestConnectors.Conn.maildir("maildir", "boxes.example"));
        config.put("internet", TestConnectors.Conn.mx("*"));
        SendConnectors connectors = TestConnectors.of(config, data);
        Files.createDirectories(data.resolve("maildir/boxes.example/dora"));
        RecipientDirectory d = new RecipientDirectory(accepted, null, () -> connectors, () -> postmaster);
        assertEquals(KNOWN, lookup(d, "dora@boxes.example"));
        assertEquals(KNOWN, lookup(d, "Dora@Boxes.Example"), "mailboxes are laid out in lower case");
        assertEquals(UNKNOWN, lookup(d, "eve@boxes.example"));
        assertEquals(UNCHECKED, lookup(d, "eve@example.com"), "example.com is delivered by MX here, not to a Maildir");
    }

    @Test
    void eitherSourceKnowingARecipientIsEnough() throws IOException {
        Map<String, io.caravan.routing.SendConnectorsConfig.SendConnector> config = Map.of("boxes", TestConnectors.Conn.maildir("maildir", "example.com"));
        Files.createDirectories(data.resolve("maildir/example.com/dora"));
        Path file = Files.writeString(data.resolve("recipients"), "alice@example.com\n");
        SendConnectors connectors = TestConnectors.of(config, data);
        RecipientDirectory d = new RecipientDirectory(accepted, ReloadingFile.load(file, Duration.ofSeconds(5), RecipientList::parse),
                () -> connectors, () -> postmaster);
        assertEquals(KNOWN, lookup(d, "alice@example.com"));
        assertEquals(KNOWN, lookup(d, "dora@example.com"));
        assertEquals(UNKNOWN, lookup(d, "eve@example.com"));
    }

    @Test
    void aBadLineInTheFileIsAnErrorNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecipientList.parse(List.of("alice@example.com", "not an address")))
                .getMessage().startsWith("line 2: 'not an address' is not an address or @domain"));
        assertEquals("line 1: '@' is not @domain", assertThrows(IllegalArgumentException.class, () -> RecipientList.parse(List.of("@"))).getMessage());
    }
}
