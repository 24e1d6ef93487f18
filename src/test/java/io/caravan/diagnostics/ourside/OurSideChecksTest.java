// Point 2 over a loopback DNS: reverse DNS that matches and that does not, block lists (listed, refusing), SPF omitting us, DMARC.
package io.caravan.diagnostics.ourside;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.diagnostics.Finding;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.Severity;
import io.caravan.dns.DnsService;
import io.caravan.testing.DnsResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.caravan.diagnostics.FindingsAssert.find;
import static io.caravan.diagnostics.FindingsAssert.none;
import static org.junit.jupiter.api.Assertions.*;

class OurSideChecksTest {

    DnsResponder dns;

    @BeforeEach
    void start() {
        dns = DnsResponder.start();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    Report diagnose(List<String> addresses, List<String> lists, List<String> domains) {
        DnsService service = DnsService.using(List.of(dns.address()), Duration.ofMillis(500));
        return OurSideChecks.add(new Diagnosis(), addresses, lists, domains, service, "mail.ours.test", Optional.empty())
                .run("self", Duration.ofSeconds(30));
    }

    /** A list that follows RFC 5782: 127.0.0.2 listed, 127.0.0.1 not. */
    void healthyList(String zone) {
        dns.a("2.0.0.127." + zone, "127.0.0.2");
    }

    static void assertNoBlockListFailure(Report r) {
        assertTrue(r.findings().stream().noneMatch(f -> f.check().startsWith("block list") && f.severity() == Severity.FAILURE),
                io.caravan.diagnostics.FindingsAssert.dump(r.findings()));
    }

    @Test
    void reverseDnsThatMatchesBothWaysAndTheEhloNameIsOk() {
        dns.ptr("192.0.2.10", "mail.ours.test").a("mail.ours.test", "192.0.2.10");
        Report r = diagnose(List.of("192.0.2.10"), List.of(), List.of());
        Finding f = find(r, Severity.OK, "is mail.ours.test both ways");
        assertEquals("our side", f.section());
        none(r, Severity.FAILURE);
    }

    @Test
    void reverseDnsWhoseNameDoesNotResolveBackIsAFailure() {
        dns.ptr("192.0.2.20", "other.test").a("other.test", "192.0.2.99");
        Report r = diagnose(List.of("192.0.2.20"), List.of(), List.of());
        Finding f = find(r, Severity.FAILURE, "does not resolve back to 192.0.2.20");
        assertTrue(f.fix().contains("other.test"), f.fix());
    }

    @Test
    void noReverseDnsIsAFailure() {
        Report r = diagnose(List.of("192.0.2.30"), List.of(), List.of());
        find(r, Severity.FAILURE, "has no reverse DNS");
    }

    @Test
    void reverseDnsNamingAnotherHostThanOurEhloIsAWarning() {
        dns.ptr("192.0.2.40", "static-40.isp.test").a("static-40.isp.test", "192.0.2.40");
        Report r = diagnose(List.of("192.0.2.40"), List.of(), List.of());
        find(r, Severity.WARNING, "but Caravan says EHLO mail.ours.test");
    }

    @Test
    void aBlockListThatListsOurAddressIsAFailure() {
        healthyList("bad.list.test");
        dns.a("10.2.0.192.bad.list.test", "127.0.0.2");
        Report r = diagnose(List.of("192.0.2.10"), List.of("bad.list.test"), List.of());
        Finding f = find(r, Severity.FAILURE, "192.0.2.10 is listed on bad.list.test");
        assertTrue(f.evidence().contains("10.2.0.192.bad.list.test"), f.evidence());
        assertTrue(f.fix().contains("delisting"));
    }

    @Test
    void aHealthyBlockListWithoutOurAddressIsOk() {
        healthyList("clean.list.test");
        Report r = diagnose(List.of("192.0.2.10"), List.of("clean.list.test"), List.of());
        find(r, Severity.OK, "192.0.2.10 is not listed on clean.list.test");
    }

    @Test
    void aBlockListAnswering127_255_255_254RefusedTheQueryAndIsNotAListing() {
        for (String ip : new String[] {"2.0.0.127", "1.0.0.127", "10.2.0.192"}) {
            dns.a(ip + ".refusing.list.test", "127.255.255.254");
        }
        Report r = diagnose(List.of("192.0.2.10"), List.of("refusing.list.test"), List.of());
        find(r, Severity.WARNING, "refused our queries");
        assertNoBlockListFailure(r);
    }

    @Test
    void aBlockListFailingItsSelfTestIsNotBelieved() {
        dns.a("10.2.0.192.broken.list.test", "127.0.0.2"); // lists us, but not its own test entry 127.0.0.2
        Report r = diagnose(List.of("192.0.2.10"), List.of("broken.list.test"), List.of());
        find(r, Severity.WARNING, "self-test");
        assertNoBlockListFailure(r);
    }

    @Test
    void ourSpfThatOmitsOurAddressIsAFailureNamingTheMechanismToAdd() {
        dns.txt("ours.test", "v=spf1 ip4:192.0.2.99 -all").txt("_dmarc.ours.test", "v=DMARC1; p=reject")
                .mx("ours.test", 10, "mail.ours.test").a("mail.ours.test", "192.0.2.10");
        Report r = diagnose(List.of("192.0.2.10"), List.of(), List.of("ours.test"));
        Finding f = find(r, Severity.FAILURE, "does not authorise our address 192.0.2.10");
        assertTrue(f.evidence().contains("fail"), f.evidence());
        assertTrue(f.fix().contains("ip4:192.0.2.10"), f.fix());
        find(r, Severity.OK, "publishes DMARC with policy reject");
        find(r, Severity.OK, "points to us");
    }

    @Test
    void ourSpfThatAuthorisesUsIsOkAndMissingDmarcIsAWarning() {
        dns.txt("ours.test", "v=spf1 ip4:192.0.2.0/24 -all").mx("ours.test", 10, "mx.elsewhere.test").a("mx.elsewhere.test", "198.51.100.7");
        Report r = diagnose(List.of("192.0.2.10"), List.of(), List.of("ours.test"));
        find(r, Severity.OK, "authorises 192.0.2.10");
        find(r, Severity.WARNING, "publishes no DMARC policy");
        find(r, Severity.WARNING, "does not point to us");
    }

    @Test
    void aSendingAddressThatIsNoAddressIsAFailure() {
        Report r = diagnose(List.of("mail.ours.test"), List.of(), List.of());
        find(r, Severity.FAILURE, "is not an IP address");
    }
}
