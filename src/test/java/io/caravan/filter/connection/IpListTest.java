package io.caravan.filter.connection;

import io.caravan.mail.IpRange;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpListTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    static InetAddress ip(String literal) {
        return IpRange.address(literal);
    }

    @Test
    void addressesAndCidrRangesOfBothFamiliesMatch() {
        IpList list = IpList.parseFile(List.of("192.0.2.7", "198.51.100.0/24", "2001:db8::/32"));
        assertTrue(list.match(ip("192.0.2.7"), NOW).isPresent());
        assertFalse(list.match(ip("192.0.2.8"), NOW).isPresent());
        assertEquals("198.51.100.0/24", list.match(ip("198.51.100.250"), NOW).orElseThrow().range().toString());
        assertTrue(list.match(ip("2001:db8:1::5"), NOW).isPresent());
        assertFalse(list.match(ip("2001:db9::5"), NOW).isPresent());
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        IpList list = IpList.parseFile(List.of("# spam run", "", "   ", "192.0.2.7   # after an entry"));
        assertEquals(1, list.size());
        assertTrue(list.match(ip("192.0.2.7"), NOW).isPresent());
    }

    @Test
    void anEntryStopsMatchingWhenItExpires() {
        IpList list = IpList.parseFile(List.of("192.0.2.0/24 expires=2026-12-04T13:00:00+01:00", "203.0.113.1 expires=2026-12-05T00:00:00Z"));
        assertFalse(list.match(ip("192.0.2.1"), NOW).isPresent(), "13:00+01:00 is noon UTC: expired at NOW");
        assertTrue(list.match(ip("192.0.2.1"), NOW.minusSeconds(1)).isPresent());
        assertTrue(list.match(ip("203.0.113.1"), NOW).isPresent());
        assertFalse(list.match(ip("203.0.113.1"), Instant.parse("2026-12-05T00:00:00Z")).isPresent());
    }

    @Test
    void aBadEntryIsAnErrorNamingItsLine() {
        assertEquals("line 2: '192.0.2.300' is not an IP address or CIDR range",
                assertThrows(IllegalArgumentException.class, () -> IpList.parseFile(List.of("# ok", "192.0.2.300"))).getMessage());
        assertEquals("entry 1: '10.0.0.0/33' has a prefix length outside 0-32",
                assertThrows(IllegalArgumentException.class, () -> IpList.parseEntries(List.of("10.0.0.0/33"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpList.parseFile(List.of("192.0.2.1 expires=tomorrow")))
                .getMessage().startsWith("line 1: 'expires=tomorrow' is not expires=<ISO date-time with offset>"));
        assertEquals("line 1: 'forever' is not expires=<ISO date-time>",
                assertThrows(IllegalArgumentException.class, () -> IpList.parseFile(List.of("192.0.2.1 forever"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpList.parseFile(List.of("mail.example.com")), "never a host name");
    }
}
