// What counts as a destination to diagnose: a domain or an address; anything else is refused with a reason.
package io.caravan.diagnostics.destination;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class TargetTest {

    @Test
    void aDomainIsNormalisedToItsAsciiLowerCaseForm() {
        Target t = Target.parse(" Bücher.Example. ");
        assertEquals("xn--bcher-kva.example", t.domain());
        assertNull(t.address());
    }

    @Test
    void anAddressGivesItsDomainAndKeepsTheAddress() {
        Target t = Target.parse("Alice@Example.com");
        assertEquals("example.com", t.domain());
        assertEquals("Alice", t.address().localPart());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "exa mple.com", "-bad.example", "a..b", "@example.com", "user@", "a@b@", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com", "<user@example.com"})
    void malformedTargetsAreRefusedWithAReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.parse(text));
        assertFalse(e.getMessage().isBlank());
    }
}
