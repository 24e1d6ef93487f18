package io.caravan.filter.sender;

import io.caravan.mail.MailAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockedSendersTest {

    private final BlockedSenders blocked = BlockedSenders.parse("caravan.checks.sender-filter",
            List.of("Spammer@Example.net"), List.of("bad.example", "*.worse.example", "BÜCHER.example"), false);

    private Optional<String> match(String sender) {
        return blocked.match(MailAddress.parse(sender));
    }

    @Test
    void aBlockedAddressMatchesWithoutCase() {
        assertEquals(Optional.of("address spammer@example.net"), match("SPAMMER@example.NET"));
        assertEquals(Optional.empty(), match("friend@example.net"));
    }

    @Test
    void aPlainDomainIsThatDomainAlone() {
        assertEquals(Optional.of("domain bad.example"), match("anyone@Bad.Example"));
        assertEquals(Optional.empty(), match("anyone@sub.bad.example"));
    }

    @Test
    void aStarDomainIsTheDomainAndEveryDomainUnderIt() {
        assertEquals(Optional.of("domain *.worse.example"), match("a@worse.example"));
        assertEquals(Optional.of("domain *.worse.example"), match("a@deep.sub.worse.example"));
        assertEquals(Optional.empty(), match("a@notworse.example"), "a suffix of the name is not a subdomain");
    }

    @Test
    void internationalDomainsAreComparedInAscii() {
        assertEquals(Optional.of("domain xn--bcher-kva.example"), match("a@xn--bcher-kva.example"));
        assertEquals(Optional.of("domain xn--bcher-kva.example"), match("a@bücher.example"));
    }

    @Test
    void theNullSenderIsBlockedOnlyWhenAskedTo() {
        assertEquals(Optional.empty(), blocked.match(MailAddress.NULL_SENDER));
        BlockedSenders bounces = BlockedSenders.parse("k", List.of(), List.of(), true);
        assertEquals(Optional.of("the null sender"), bounces.match(MailAddress.NULL_SENDER));
    }

    @Test
    void badEntriesAreErrorsNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlockedSenders.parse("caravan.checks.sender-filter", List.of("nobody"), List.of(), false))
                .getMessage().startsWith("caravan.checks.sender-filter.blocked-senders: 'nobody' is not an address"));
        assertEquals("caravan.checks.sender-filter.blocked-domains: 'a b.example' is not a domain or *.domain",
                assertThrows(IllegalArgumentException.class, () -> BlockedSenders.parse("caravan.checks.sender-filter", List.of(), List.of("a b.example"), false))
                        .getMessage());
        assertTrue(BlockedSenders.parse("k", List.of(), List.of(), false).isEmpty());
    }
}
