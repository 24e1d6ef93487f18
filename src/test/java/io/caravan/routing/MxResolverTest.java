package io.caravan.routing;

import io.caravan.dns.DnsService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.ConfigStub;
import io.caravan.testing.DnsResponder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class MxResolverTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** Core settings whose DNS section names only the test responder. */
    private static CaravanConfig config(String dnsServer) {
        CaravanConfig.Dns dns = ConfigStub.of(CaravanConfig.Dns.class,
                Map.of("servers", Optional.of(List.of(dnsServer)), "timeout", TIMEOUT));
        return ConfigStub.of(CaravanConfig.class, Map.of("dns", dns));
    }

    private DnsResponder dns;
    private MxResolver resolver;

    @BeforeEach
    void startDns() {
        dns = DnsResponder.start();
        // Only the responder is configured: answers from the machine's own resolvers would make
        // every scripted domain NXDOMAIN, so these tests also prove caravan.dns.servers is honoured.
        resolver = new MxResolver(new DnsService(config(dns.address())));
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private static List<String> rendered(List<NextHopAddress> hops) {
        return hops.stream().map(NextHopAddress::toString).toList();
    }

    private SmtpReply failure(String domain) {
        return assertThrows(NoRouteException.class, () -> resolver.resolve(domain, 25)).reply();
    }

    @Test
    void mxHostsComeInPreferenceOrderEachWithIpv4ThenIpv6AndThePort() throws Exception {
        dns.mx("example.com", 20, "mx2.example.com")
                .mx("example.com", 10, "mx1.example.com")
                .aaaa("mx1.example.com", "2001:db8::1")
                .a("mx1.example.com", "192.0.2.1")
                .a("mx2.example.com", "192.0.2.2")
                .a("mx2.example.com", "192.0.2.3");

        List<NextHopAddress> hops = resolver.resolve("example.com", 2525);

        assertEquals(List.of(
                "mx1.example.com[192.0.2.1]:2525",
                "mx1.example.com[2001:db8:0:0:0:0:0:1]:2525",
                "mx2.example.com[192.0.2.2]:2525",
                "mx2.example.com[192.0.2.3]:2525"), rendered(hops));
        assertEquals("mx1.example.com", hops.get(0).host());
        assertEquals(2525, hops.get(3).port());
    }

    @Test
    void equalPreferencesComeBeforeWorsePreferencesInSomeOrder() throws Exception {
        dns.mx("example.net", 30, "backup.example.net")
                .mx("example.net", 10, "a.example.net")
                .mx("example.net", 10, "b.example.net")
                .a("a.example.net", "192.0.2.10")
                .a("b.example.net", "192.0.2.11")
                .a("backup.example.net", "192.0.2.30");

        List<NextHopAddress> hops = resolver.resolve("example.net", 25);

        assertEquals(3, hops.size());
        assertEquals(Set.of("a.example.net", "b.example.net"), Set.of(hops.get(0).host(), hops.get(1).host()));
        assertEquals("backup.example.net", hops.get(2).host());
    }

    @Test
    void domainWithoutMxIsItsOwnImplicitMx() throws Exception {
        dns.a("plain.example", "192.0.2.5").aaaa("plain.example", "2001:db8::5");

        List<NextHopAddress> hops = resolver.resolve("plain.example", 25);

        assertEquals(List.of("plain.example[192.0.2.5]:25", "plain.example[2001:db8:0:0:0:0:0:5]:25"), rendered(hops));
        assertTrue(dns.queryCount("plain.example", Type.MX) >= 1, "the MX record was asked for first");
    }

    @Test
    void nullMxMeansTheDomainAcceptsNoMail() {
        dns.nullMx("nomail.example").a("nomail.example", "192.0.2.6");

        SmtpReply reply = failure("nomail.example");

        assertEquals(556, reply.code());
        assertEquals("5.1.10", reply.enhancedCode());
        assertTrue(reply.text().contains("nomail.example"), reply.text());
        assertEquals(0, dns.queryCount("nomail.example", Type.A), "no fallback to the A record");
    }

    @Test
    void nonexistentDomainIsAPermanentFailure() {
        SmtpReply reply = failure("nowhere.example");

        assertEquals(550, reply.code());
        assertEquals("5.1.2", reply.enhancedCode());
        assertTrue(reply.isPermanent());
        assertTrue(reply.text().contains("nowhere.example"), reply.text());
    }

    @Test
    void servfailIsATemporaryFailure() {
        dns.servfail("broken.example");

        SmtpReply reply = failure("broken.example");

        assertEquals(451, reply.code());
        assertEquals("4.4.3", reply.enhancedCode());
        assertTrue(reply.isTransient());
    }

    @Test
    void unansweredQueryTimesOutAsATemporaryFailure() {
        dns.silent("slow.example");
        long start = System.nanoTime();

        SmtpReply reply = failure("slow.example");

        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(reply.isTransient(), reply.toString());
        assertEquals(451, reply.code());
        assertTrue(elapsedMs < 5_000, "gave up after " + elapsedMs + " ms with a 500 ms timeout");
    }

    @Test
    void mxHostsWithoutAddressesArePermanentFailure() {
        dns.mx("ghost.example", 10, "mx.ghost.example").mx("ghost.example", 20, "mx2.ghost.example")
                .cname("mx2.ghost.example", "nothing.ghost.example").a("other.ghost.example", "192.0.2.9");

        SmtpReply reply = failure("ghost.example");

        assertEquals(550, reply.code());
        assertEquals("5.4.4", reply.enhancedCode());
        assertTrue(reply.text().contains("mx.ghost.example"), reply.text());
    }

    @Test
    void mxHostWhoseAddressLookupFailsTemporarilyMakesTheFailureTemporary() {
        dns.mx("flaky.example", 10, "mx.flaky.example").servfail("mx.flaky.example");

        SmtpReply reply = failure("flaky.example");

        assertEquals(451, reply.code());
        assertEquals("4.4.3", reply.enhancedCode());
    }

    @Test
    void workingMxHostIsUsedWhenAnotherHostCannotBeResolved() throws Exception {
        dns.mx("mixed.example", 10, "down.mixed.example").mx("mixed.example", 20, "up.mixed.example")
                .servfail("down.mixed.example").a("up.mixed.example", "192.0.2.20");

        List<NextHopAddress> hops = resolver.resolve("mixed.example", 25);

        assertEquals(List.of("up.mixed.example[192.0.2.20]:25"), rendered(hops));
    }

    @Test
    void domainNamesAreMatchedCaseInsensitively() throws Exception {
        dns.mx("case.example", 10, "mx.case.example").a("mx.case.example", "192.0.2.40");

        List<NextHopAddress> hops = resolver.resolve("CASE.Example", 25);

        assertEquals(1, hops.size());
        assertEquals("192.0.2.40", hops.get(0).address().getHostAddress());
    }
}
