package io.caravan.receive.connector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangesTest {

    /** Literal addresses only: never a DNS lookup in the test itself. */
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ipv4CidrContainsItsAddressesAndNothingElse() {
        IpRanges r = IpRanges.parse(List.of("192.0.2.0/24"));

        assertTrue(r.contains(ip("192.0.2.0")));
        assertTrue(r.contains(ip("192.0.2.77")));
        assertTrue(r.contains(ip("192.0.2.255")));
        assertFalse(r.contains(ip("192.0.3.0")));
        assertFalse(r.contains(ip("192.0.1.255")));
    }

    @Test
    void prefixThatIsNotAMultipleOfEightMasksThePartialByte() {
        IpRanges r = IpRanges.parse(List.of("10.1.16.0/20"));

        assertTrue(r.contains(ip("10.1.16.1")));
        assertTrue(r.contains(ip("10.1.31.254")));
        assertFalse(r.contains(ip("10.1.32.0")));
        assertFalse(r.contains(ip("10.1.15.255")));
    }

    @Test
    void hostBitsInTheNetworkAddressAreIgnored() {
        IpRanges r = IpRanges.parse(List.of("192.0.2.200/25"));

        assertTrue(r.contains(ip("192.0.2.129")));
        assertFalse(r.contains(ip("192.0.2.1")));
    }

    @Test
    void ipv6CidrContainment() {
        IpRanges r = IpRanges.parse(List.of("2001:db8::/32"));

        assertTrue(r.contains(ip("2001:db8::1")));
        assertTrue(r.contains(ip("2001:db8:ffff:ffff::1")));
        assertFalse(r.contains(ip("2001:db9::1")));
    }

    @Test
    void ipv6PrefixInsideAByte() {
        IpRanges r = IpRanges.parse(List.of("fd00::/7"));

        assertTrue(r.contains(ip("fc00::1")));
        assertTrue(r.contains(ip("fdff::1")));
        assertFalse(r.contains(ip("fe00::1")));
    }

    @Test
    void singleAddressWithoutPrefixMatchesOnlyItself() {
        IpRanges r = IpRanges.parse(List.of(" 192.0.2.7 ", "::1"));

        assertTrue(r.contains(ip("192.0.2.7")));
        assertFalse(r.contains(ip("192.0.2.8")));
        assertTrue(r.contains(ip("::1")));
        assertFalse(r.contains(ip("::2")));
    }

    @Test
    void slashZeroMatchesEveryAddressOfItsFamilyOnly() {
        IpRanges v4 = IpRanges.parse(List.of("0.0.0.0/0"));
        IpRanges v6 = IpRanges.parse(List.of("::/0"));

        assertTrue(v4.contains(ip("203.0.113.9")));
        assertTrue(v4.contains(ip("255.255.255.255")));
        assertFalse(v4.contains(ip("2001:db8::1")));
        assertTrue(v6.contains(ip("2001:db8::1")));
        assertFalse(v6.contains(ip("203.0.113.9")));
    }

    @Test
    void ipv4RangeDoesNotMatchIpv6AddressesWithTheSameLeadingBytes() {
        IpRanges r = IpRanges.parse(List.of("32.1.13.184/32")); // bytes 0x20 0x01 0x0d 0xb8 = 2001:db8 prefix

        assertFalse(r.contains(ip("2001:db8::")));
    }

    @Test
    void severalRangesMatchIfAnyMatches() {
        IpRanges r = IpRanges.parse(List.of("127.0.0.0/8", "::1/128", "192.168.0.0/16"));

        assertTrue(r.contains(ip("127.0.0.1")));
        assertTrue(r.contains(ip("::1")));
        assertTrue(r.contains(ip("192.168.44.5")));
        assertFalse(r.contains(ip("8.8.8.8")));
    }

    @Test
    void emptyListContainsNothing() {
        assertFalse(IpRanges.parse(List.of()).contains(ip("127.0.0.1")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"10.0.0.0/33", "example.com", "1.2.3.4/x", "1.2.3.4/-1", "2001:db8::/129", "",
        "/24", "localhost", "10.0.0.0/", "::1/x"})
    void invalidEntryIsRejectedQuotingIt(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpRanges.parse(List.of("127.0.0.0/8", entry)));

        assertTrue(e.getMessage().contains("'" + entry.strip() + "'"), e.getMessage());
    }

    @Test
    void prefixLimitsDependOnTheFamily() {
        IpRanges.parse(List.of("10.0.0.0/32", "2001:db8::/128"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IpRanges.parse(List.of("10.0.0.0/64")));
        assertTrue(e.getMessage().contains("0-32"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10/8", "1.2.3", "999.1.1.1", "1.2.3.4.5", "::g"})
    void shortOrOutOfRangeAddressFormsAreRejectedNotGuessed(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRanges.parse(List.of(entry)));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }
}
