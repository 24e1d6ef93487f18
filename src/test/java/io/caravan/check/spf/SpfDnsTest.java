package io.caravan.check.spf;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.DnsResponder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The dnsjava adapter: void answers versus temporary failures, and the record forms SPF needs. */
class SpfDnsTest {

    @AutoClose
    final DnsResponder server = DnsResponder.start();

    final SpfDns dns = SpfDns.of(DnsService.using(List.of(server.address()), Duration.ofMillis(300)));

    @Test
    void nxdomainAndNodataAreBothEmpty() throws Exception {
        server.txt("txt-only.example.com", "hello");

        assertEquals(List.of(), dns.a("missing.example.com"));
        assertEquals(List.of(), dns.a("txt-only.example.com"));
        assertEquals(List.of(), dns.mx("txt-only.example.com"));
    }

    @Test
    void servfailIsATemporaryFailure() {
        server.servfail("broken.example.com");

        DnsTemporaryFailure e = assertThrows(DnsTemporaryFailure.class, () -> dns.txt("broken.example.com"));
        assertTrue(e.getMessage().contains("SERVFAIL"), e.getMessage());
    }

    @Test
    void silenceIsATemporaryFailure() {
        server.silent("slow.example.com");

        assertThrows(DnsTemporaryFailure.class, () -> dns.a("slow.example.com"));
    }

    @Test
    void txtStringsOfOneRecordAreJoinedAndRecordsKeptApart() throws Exception {
        server.txt("example.com", "v=spf1 ip4:192.0.2.1", " -all")
                .txt("example.com", "caf\u00e9 \"quoted\" back\\slash");

        List<String> records = dns.txt("example.com");

        assertEquals(2, records.size());
        assertTrue(records.contains("v=spf1 ip4:192.0.2.1 -all"), records.toString());
        assertTrue(records.contains("caf\u00e9 \"quoted\" back\\slash"), records.toString());
    }

    @Test
    void longTxtRecordArrivesWholeOverTcp() throws Exception {
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 0; i < 60; i++) {
            record.append(" ip4:198.51.100.").append(i);
        }
        server.txt("big.example.com", record + " -all");

        assertEquals(List.of(record + " -all"), dns.txt("big.example.com"));
        assertTrue(server.queryCount("big.example.com", Type.TXT) >= 1);
    }

    @Test
    void mxHostsComeLowestPreferenceFirstAndNullMxAsDot() throws Exception {
        server.mx("example.com", 20, "backup.example.com").mx("example.com", 10, "primary.example.com");
        server.nullMx("nomail.example.com");

        assertEquals(List.of("primary.example.com", "backup.example.com"), dns.mx("example.com"));
        assertEquals(List.of("."), dns.mx("nomail.example.com"));
    }

    @Test
    void ptrAnswersForBothFamilies() throws Exception {
        server.ptr("192.0.2.1", "mail.example.com").ptr("2001:db8::1", "mail6.example.com");

        assertEquals(List.of("mail.example.com"), dns.ptr(SpfZone.ip("192.0.2.1")));
        assertEquals(List.of("mail6.example.com"), dns.ptr(SpfZone.ip("2001:db8::1")));
    }

    @Test
    void answersReachedThroughCnameCount() throws Exception {
        server.cname("alias.example.com", "real.example.com").a("real.example.com", "192.0.2.7");

        assertEquals(List.of(SpfZone.ip("192.0.2.7")), dns.a("alias.example.com"));
    }

    @Test
    void namesDnsCannotCarryAreTreatedAsNonexistentWithoutAQuery() throws Exception {
        assertEquals(List.of(), dns.a("mail.example...com"));
        assertEquals(List.of(), dns.a("a123456789012345678901234567890123456789012345678901234567890123.example.com"));
        assertEquals(List.of(), dns.a(""));
        assertTrue(server.queries().isEmpty(), server.queries().toString());
    }

    @Test
    void serverAddressesMayCarryPortsAndBrackets() {
        SpfDns.of(DnsService.using(List.of("127.0.0.1", "127.0.0.1:5353", "[::1]:5353", "::1"), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> SpfDns.of(DnsService.using(List.of("127.0.0.1:notaport"), Duration.ofSeconds(1))));
    }
}
