package io.caravan.check.dkim;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.caravan.testing.DnsResponder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DkimKeyLookupTest {

    private DnsResponder dns;
    private DkimKeyLookup lookup;

    @BeforeEach
    void start() {
        dns = DnsResponder.start();
        lookup = DkimKeyLookup.of(DnsService.using(List.of(dns.address()), Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void joinsTheCharacterStringsOfEachRecordWithoutEscaping() throws Exception {
        String longKey = "v=DKIM1; k=rsa; p=" + "A".repeat(400);
        dns.txt("s1._domainkey.example.com", longKey).txt("s1._domainkey.example.com", "first\\part", "\"second\"");
        assertEquals(List.of(longKey, "first\\part\"second\""), lookup.txt("s1._domainkey.example.com"));
    }

    @Test
    void nxdomainIsNotFound() {
        assertThrows(DkimKeyLookup.NotFound.class, () -> lookup.txt("missing._domainkey.example.com"));
    }

    @Test
    void aNameWithOtherRecordsButNoTxtIsNotFound() {
        dns.a("s1._domainkey.example.com", "192.0.2.7");
        assertThrows(DkimKeyLookup.NotFound.class, () -> lookup.txt("s1._domainkey.example.com"));
    }

    @Test
    void servfailIsATemporaryFailure() {
        dns.servfail("s1._domainkey.example.com");
        assertThrows(DnsTemporaryFailure.class, () -> lookup.txt("s1._domainkey.example.com"));
    }

    @Test
    void aTimeoutIsATemporaryFailure() {
        dns.silent("s1._domainkey.example.com");
        assertThrows(DnsTemporaryFailure.class, () -> lookup.txt("s1._domainkey.example.com"));
    }
}
