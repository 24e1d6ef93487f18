package io.caravan.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {

    @Test
    void hostAloneTakesTheDefaultPort() {
        assertEquals(new HostAndPort("relay.example.com", 25), HostAndPort.parse("relay.example.com", 25));
    }

    @Test
    void hostWithPortUsesThatPort() {
        assertEquals(new HostAndPort("relay.example.com", 2525), HostAndPort.parse(" relay.example.com:2525 ", 25));
    }

    @Test
    void bracketedIpv6LiteralWithPort() {
        HostAndPort hp = HostAndPort.parse("[::1]:25", 53);

        assertEquals("::1", hp.host());
        assertEquals(25, hp.port());
        assertEquals("[::1]:25", hp.toString());
    }

    @Test
    void bracketedIpv6LiteralWithoutPortTakesTheDefault() {
        assertEquals(new HostAndPort("2001:db8::1", 53), HostAndPort.parse("[2001:db8::1]", 53));
    }

    @Test
    void toStringOfIpv4HostHasNoBrackets() {
        assertEquals("192.0.2.1:587", HostAndPort.parse("192.0.2.1:587", 25).toString());
    }

    @Test
    void portBoundariesOneAnd65535AreAccepted() {
        assertEquals(1, HostAndPort.parse("h:1", 25).port());
        assertEquals(65535, HostAndPort.parse("h:65535", 25).port());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"host:0", "host:65536", "host:-1", "host:x", "host:", "[::1]:0", "[::1]:99999", "[::1]:"})
    void portOutsideOneTo65535IsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse(text, 25));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @Test
    void severalColonsThatAreNotAnIpv6AddressAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse("a:b:c", 25));
        assertTrue(e.getMessage().contains("'a:b:c'"), e.getMessage());
    }

    @Test
    void aBareIpv6AddressTakesTheDefaultPort() {
        assertEquals(new HostAndPort("::1", 53), HostAndPort.parse("::1", 53));
        assertEquals(new HostAndPort("2001:db8::53", 53), HostAndPort.parse("2001:db8::53", 53));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "  ", ":25", "[]:25", "[::1", "[::1]25", "bad host:25"})
    void malformedHostIsRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostAndPort.parse(text, 25));
    }
}
