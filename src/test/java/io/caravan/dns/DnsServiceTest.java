package io.caravan.dns;

import io.caravan.testing.DnsResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one DNS client, against a real DNS server on loopback. */
class DnsServiceTest {

    private final DnsResponder server = DnsResponder.start();
    private final DnsService dns = DnsService.using(List.of(server.address()), Duration.ofMillis(300));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nxdomainIsAnAnswerWithItsResponseCode() throws Exception {
        DnsAnswer answer = dns.query("nowhere.example.com", Type.MX);
        assertTrue(answer.isNxdomain());
        assertEquals(List.of(), dns.txt("nowhere.example.com"));
    }

    @Test
    void servfailAndSilenceAreTheOneTemporaryFailureNamingTheLookup() {
        server.servfail("broken.example.com").silent("slow.example.com");
        DnsTemporaryFailure e = assertThrows(DnsTemporaryFailure.class, () -> dns.mx("broken.example.com"));
        assertEquals("DNS lookup of broken.example.com MX failed: SERVFAIL", e.getMessage());
        assertThrows(DnsTemporaryFailure.class, () -> dns.a("slow.example.com"));
    }

    @Test
    void txtCharacterStringsAreJoinedAsBytesWithoutEscapes() throws Exception {
        server.txt("example.com", "v=spf1 \"quoted\" ", "ünïcode");
        assertEquals(List.of("v=spf1 \"quoted\" ünïcode"), dns.txt("example.com"));
    }

    @Test
    void mxRecordsComeLowestPreferenceFirst() throws Exception {
        server.mx("example.com", 20, "mx2.example.com").mx("example.com", 10, "mx1.example.com");
        assertEquals(List.of("mx1.example.com", "mx2.example.com"),
                dns.mx("example.com").stream().map(m -> DnsService.text(m.getTarget())).toList());
    }

    @Test
    void addressesAreIpv4ThenIpv6() throws Exception {
        server.a("host.example.com", "192.0.2.1").aaaa("host.example.com", "2001:db8::2");
        List<InetAddress> addresses = dns.addresses("host.example.com");
        assertEquals(4, addresses.get(0).getAddress().length);
        assertEquals(16, addresses.get(1).getAddress().length);
    }

    @Test
    void reverseLookupsGiveHostNamesWithoutTheTrailingDot() throws Exception {
        server.ptr("192.0.2.7", "client.example.com");
        assertEquals(List.of("client.example.com"), dns.ptr(InetAddress.getByName("192.0.2.7")));
    }

    @Test
    void internationalisedNamesAreAskedInTheirAsciiForm() throws Exception {
        server.txt("xn--bcher-kva.example", "found");
        assertEquals(List.of("found"), dns.txt("Bücher.example"));
    }

    @Test
    void aNameDnsCannotCarryHasNoRecords() throws Exception {
        assertEquals(List.of(), dns.txt("a".repeat(64) + ".example.com"));
        assertEquals(List.of(), dns.txt(""));
    }
}
