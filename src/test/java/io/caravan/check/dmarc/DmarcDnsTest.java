package io.caravan.check.dmarc;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.DnsResponder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmarcDnsTest {

    private DnsResponder dns;
    private DmarcDns resolver;

    @BeforeEach
    void startDns() {
        dns = DnsResponder.start();
        resolver = DmarcDns.of(DnsService.using(List.of(dns.address()), Duration.ofMillis(300)));
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    @Test
    void returnsOneStringPerTxtRecordWithItsCharacterStringsJoined() throws Exception {
        dns.txt("_dmarc.example.com", "v=DMARC1; ", "p=reject");
        dns.txt("_dmarc.example.com", "v=spf1 -all");

        List<String> txt = resolver.txt("_dmarc.example.com");

        assertEquals(2, txt.size());
        assertTrue(txt.contains("v=DMARC1; p=reject"), txt.toString());
        assertTrue(txt.contains("v=spf1 -all"), txt.toString());
    }

    @Test
    void keepsBackslashesAndQuotesVerbatim() throws Exception {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=none; x=\"a\\b\"");

        assertEquals(List.of("v=DMARC1; p=none; x=\"a\\b\""), resolver.txt("_dmarc.example.com"));
    }

    @Test
    void aNameThatDoesNotExistHasNoRecordsAndIsNoFailure() throws Exception {
        assertEquals(List.of(), resolver.txt("_dmarc.nowhere.example"));
    }

    @Test
    void aNameWithoutTxtRecordsHasNoRecords() throws Exception {
        dns.a("_dmarc.example.com", "192.0.2.1");

        assertEquals(List.of(), resolver.txt("_dmarc.example.com"));
    }

    @Test
    void servfailIsATemporaryFailure() {
        dns.servfail("_dmarc.example.com");

        DnsTemporaryFailure e = assertThrows(DnsTemporaryFailure.class,
                () -> resolver.txt("_dmarc.example.com"));
        assertTrue(e.getMessage().contains("SERVFAIL"), e.getMessage());
    }

    @Test
    void noAnswerWithinTheTimeoutIsATemporaryFailure() {
        dns.silent("_dmarc.example.com");

        assertThrows(DnsTemporaryFailure.class, () -> resolver.txt("_dmarc.example.com"));
    }

    @Test
    void aNameDnsCannotCarryHasNoRecords() throws Exception {
        assertEquals(List.of(), resolver.txt("_dmarc." + "a".repeat(64) + ".example"));
        assertEquals(List.of(), dns.queries());
    }

    @Test
    void queriesTheNameInLowerCaseALabels() throws Exception {
        resolver.txt("_dmarc.Bücher.Example.");

        assertEquals(List.of("TXT _dmarc.xn--bcher-kva.example."), dns.queries());
    }
}
