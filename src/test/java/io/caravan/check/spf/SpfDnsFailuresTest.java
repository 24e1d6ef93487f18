package io.caravan.check.spf;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** DNS that cannot answer makes a temperror (RFC 7208 §2.6.6, §4.4, §5), except where the RFC says otherwise. */
class SpfDnsFailuresTest {

    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    @AutoClose
    final SpfZone zone = new SpfZone(SHORT_TIMEOUT);

    @Test
    void servfailOnTheSpfRecordIsTemperror() {
        zone.dns.servfail("example.com");

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.TEMPERROR, v.result());
        assertTrue(v.explanation().contains("SERVFAIL"), v.explanation());
    }

    @Test
    void unansweredQueryForTheSpfRecordIsTemperrorAfterTheTimeout() {
        zone.dns.silent("example.com");

        long started = System.nanoTime();
        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(SpfResult.TEMPERROR, v.result());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void includeOfAnUnreachableDomainPropagatesTemperror() {
        zone.spf("e4.example.com", "v=spf1 include:ip8.example.com -all");
        zone.dns.silent("ip8.example.com");

        assertEquals(SpfResult.TEMPERROR, zone.result("1.2.3.4", "foo@e4.example.com"));
    }

    @Test
    void includeOfAServfailingDomainPropagatesTemperror() {
        zone.spf("example.com", "v=spf1 include:_spf.example.net -all");
        zone.dns.servfail("_spf.example.net");

        assertEquals(SpfResult.TEMPERROR, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void failingLookupsOfAMxAndExistsAreTemperror() {
        zone.spf("a.example.com", "v=spf1 a:broken.example.net -all");
        zone.spf("mx.example.com", "v=spf1 mx:example.org -all");
        zone.dns.mx("example.org", 10, "broken.example.net");
        zone.spf("exists.example.com", "v=spf1 exists:broken.example.net -all");
        zone.dns.servfail("broken.example.net");

        assertEquals(SpfResult.TEMPERROR, zone.result("192.0.2.1", "alice@a.example.com"));
        assertEquals(SpfResult.TEMPERROR, zone.result("192.0.2.1", "alice@mx.example.com"));
        assertEquals(SpfResult.TEMPERROR, zone.result("192.0.2.1", "alice@exists.example.com"));
    }

    @Test
    void failedPtrLookupIsOnlyANonMatch() {
        zone.spf("example.com", "v=spf1 ptr -all");
        zone.dns.servfail("1.2.0.192.in-addr.arpa");

        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void failedAddressLookupOfOnePtrNameSkipsOnlyThatName() {
        zone.spf("example.com", "v=spf1 ptr -all");
        zone.dns.ptr("192.0.2.1", "broken.example.com").ptr("192.0.2.1", "good.example.com");
        zone.dns.servfail("broken.example.com");
        zone.dns.a("good.example.com", "192.0.2.1");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void errorAfterAMatchDoesNotMatterBecauseEvaluationStopsAtTheMatch() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.1 include:_spf.example.net -all");
        zone.dns.servfail("_spf.example.net");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void checkThatRunsPastItsTimeLimitIsTemperror() {
        zone.spf("example.com", "v=spf1 a:h1.example.com a:h2.example.com a:h3.example.com a:h4.example.com -all");
        for (int i = 1; i <= 4; i++) {
            zone.dns.a("h" + i + ".example.com", "198.51.100." + i);
        }
        SpfChecker checker = new SpfChecker(slow(SpfDns.of(DnsService.using(List.of(zone.dns.address()), SHORT_TIMEOUT))),
                SpfZone.RECEIVER, Clock.systemUTC(), Duration.ofMillis(250));

        SpfVerdict v = checker.check(SpfZone.ip("192.0.2.1"), "alice@example.com", SpfZone.HELO);

        assertEquals(SpfResult.TEMPERROR, v.result());
        assertTrue(v.explanation().contains("took longer than 250 ms"), v.explanation());
    }

    /** Answers correctly, but each address lookup takes 150 ms. */
    private static SpfDns slow(SpfDns dns) {
        return new SpfDns() {
            @Override
            public List<String> txt(String name) throws DnsTemporaryFailure {
                return dns.txt(name);
            }

            @Override
            public List<InetAddress> a(String name) throws DnsTemporaryFailure {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return dns.a(name);
            }

            @Override
            public List<InetAddress> aaaa(String name) throws DnsTemporaryFailure {
                return dns.aaaa(name);
            }

            @Override
            public List<String> mx(String name) throws DnsTemporaryFailure {
                return dns.mx(name);
            }

            @Override
            public List<String> ptr(InetAddress address) throws DnsTemporaryFailure {
                return dns.ptr(address);
            }
        };
    }
}
