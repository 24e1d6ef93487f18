// The one postmaster address: caravan.postmaster, else postmaster@ the first accepted domain as written.
package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.mail.MailAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostmasterTest {

    private static final String HOST = "mx1.example.net";

    private static String resolve(Optional<String> configured, List<String> acceptedDomains) {
        return Postmaster.resolve(configured, acceptedDomains, HOST).address();
    }

    @Test
    void defaultsToPostmasterAtTheFirstAcceptedDomainAsWrittenNotTheAlphabeticallyFirst() {
        assertEquals("postmaster@zeta.example", resolve(Optional.empty(), List.of("zeta.example", "alpha.example")));
    }

    @Test
    void aWildcardAcceptedDomainGivesItsParentDomain() {
        assertEquals("postmaster@corp.example", resolve(Optional.empty(), List.of(" *.corp.example", "other.example")));
    }

    @Test
    void anInternationalisedAcceptedDomainIsWrittenInAscii() {
        assertEquals("postmaster@xn--bcher-kva.example", resolve(Optional.empty(), List.of("bücher.example")));
    }

    @Test
    void withoutAcceptedDomainsTheHostNameIsTheDomain() {
        assertEquals("postmaster@" + HOST, resolve(Optional.empty(), List.of()));
    }

    @Test
    void theConfiguredAddressWinsAndABlankOneCountsAsUnset() {
        assertEquals("hostmaster@example.org", resolve(Optional.of(" hostmaster@Example.ORG "), List.of("example.com")));
        assertEquals("postmaster@example.com", resolve(Optional.of("  "), List.of("example.com")));
    }

    @Test
    void anInvalidConfiguredAddressNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(Optional.of("Postmaster <pm@example.com>"), List.of("example.com")));
        assertTrue(e.getMessage().startsWith("caravan.postmaster: 'Postmaster <pm@example.com>' is not a valid address ("),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve(Optional.of("nobody"), List.of()));
        assertEquals("caravan.postmaster: 'nobody' is not a valid address (address must be local-part@domain)", e.getMessage());
    }

    @Test
    void aNonAsciiLocalPartOrAnAddressLiteralIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(Optional.of("pöstmaster@example.com"), List.of()));
        assertTrue(e.getMessage().startsWith("caravan.postmaster: 'pöstmaster@example.com' has a non-ASCII local part"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve(Optional.of("postmaster@[192.0.2.1]"), List.of()));
        assertTrue(e.getMessage().startsWith("caravan.postmaster: 'postmaster@[192.0.2.1]' needs a domain name"), e.getMessage());
    }

    @Test
    void anUnusableDefaultSaysWhereItCameFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(Optional.empty(), List.of("bad..example")));
        assertTrue(e.getMessage().startsWith("caravan.postmaster: not set, and its default 'postmaster@bad..example'"
                + " (from caravan.accepted-domains or the host name) is not a valid address"), e.getMessage());
    }

    @Test
    void theAddressIsAMailboxWithLocalPartAndDomain() {
        assertEquals(new MailAddress("postmaster", "example.com"), Postmaster.resolve(Optional.empty(), List.of("Example.com"), HOST));
    }
}
