package io.caravan.filter.connection;

import io.caravan.dns.DnsAnswer;
import io.caravan.dns.DnsService;
import io.caravan.testing.DnsResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.caravan.filter.connection.IpListTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a DNS block list's answers are read (RFC 5782), and the lookup against a real DNS server on loopback. */
class DnsListTest {

    private final DnsResponder server = DnsResponder.start();
    private final DnsService dns = DnsService.using(List.of(server.address()), Duration.ofMillis(300));
    private final DnsList zen = new DnsList("zen.example.org", ListedAnswers.parse(List.of("127.0.0.2-127.0.0.11")));
    private final DnsList anyLoopback = new DnsList("any.example.org", ListedAnswers.DEFAULT);

    @AfterEach
    void stop() {
        server.close();
    }

    static DnsAnswer answer(String... addresses) {
        return new DnsAnswer(Rcode.NOERROR, Stream.of(addresses)
                .<Record>map(a -> new ARecord(Name.fromConstantString("x.zen.example.org."), DClass.IN, 60, ip(a))).toList());
    }

    @Test
    void anAnswerInTheListedRangeIsAListing() {
        assertEquals(DnsList.Outcome.LISTED, zen.interpret(answer("127.0.0.2")).outcome());
        assertEquals(DnsList.Outcome.LISTED, zen.interpret(answer("127.0.0.11")).outcome());
        assertEquals(DnsList.Outcome.LISTED, zen.interpret(answer("127.0.0.20", "127.0.0.4")).outcome(), "any answer in range will do");
        assertEquals("zen.example.org answered 127.0.0.4", zen.interpret(answer("127.0.0.4")).detail());
    }

    @Test
    void anAnswerOutsideTheListedRangeIsNoListing() {
        assertEquals(DnsList.Outcome.NOT_LISTED, zen.interpret(answer("127.0.0.12")).outcome());
        assertEquals(DnsList.Outcome.NOT_LISTED, zen.interpret(answer("127.0.0.1")).outcome());
        assertEquals(DnsList.Outcome.NOT_LISTED, anyLoopback.interpret(answer("198.51.100.1")).outcome(),
                "a resolver rewriting NXDOMAIN to a web server lists nobody");
    }

    @Test
    void providerErrorCodesAreNeverAListingEvenWhenTheConfiguredRangeHoldsThem() {
        DnsList wide = new DnsList("wide.example.org", ListedAnswers.parse(List.of("127.0.0.0/8")));
        DnsList.Answer a = wide.interpret(answer("127.255.255.254"));
        assertEquals(DnsList.Outcome.ERROR_CODE, a.outcome());
        assertTrue(a.detail().startsWith("wide.example.org answered 127.255.255.254, an error code of the list"), a.detail());
        assertEquals(DnsList.Outcome.ERROR_CODE, anyLoopback.interpret(answer("127.255.255.255")).outcome());
        assertEquals(DnsList.Outcome.LISTED, anyLoopback.interpret(answer("127.255.254.255")).outcome());
    }

    @Test
    void nxdomainAndAnEmptyAnswerAreNoListing() {
        assertEquals(DnsList.Outcome.NOT_LISTED, zen.interpret(new DnsAnswer(Rcode.NXDOMAIN, List.of())).outcome());
        assertEquals(DnsList.Outcome.NOT_LISTED, zen.interpret(answer()).outcome());
    }

    @Test
    void clientsAreLookedUpByReversedOctetsAndReversedNibbles() {
        assertEquals("4.3.2.1.zen.example.org", zen.queryName(ip("1.2.3.4")));
        assertEquals("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.zen.example.org",
                zen.queryName(ip("4321:0:1:2:3:4:567:89ab")), "RFC 5782 §2.4's own example");
    }

    @Test
    void theLookupAsksTheDnsAndReadsTheAnswer() {
        server.a("2.0.0.127.zen.example.org", "127.0.0.2").a("254.0.0.127.zen.example.org", "127.255.255.254");
        assertEquals(DnsList.Outcome.LISTED, zen.lookup(dns, ip("127.0.0.2")).outcome());
        assertEquals(DnsList.Outcome.ERROR_CODE, zen.lookup(dns, ip("127.0.0.254")).outcome());
        assertEquals(DnsList.Outcome.NOT_LISTED, zen.lookup(dns, ip("127.0.0.3")).outcome(), "NXDOMAIN from the server");
    }

    @Test
    void servfailAndTimeoutAreTemporaryErrorsNotListings() {
        server.servfail("2.0.0.127.zen.example.org").silent("3.0.0.127.zen.example.org");
        DnsList.Answer failed = zen.lookup(dns, ip("127.0.0.2"));
        assertEquals(DnsList.Outcome.TEMPERROR, failed.outcome());
        assertEquals("DNS lookup of 2.0.0.127.zen.example.org A failed: SERVFAIL", failed.detail());
        assertEquals(DnsList.Outcome.TEMPERROR, zen.lookup(dns, ip("127.0.0.3")).outcome());
    }

    @Test
    void listedAnswersAreAddressesSpansOrRangesOfIpv4() {
        ListedAnswers a = ListedAnswers.parse(List.of("127.0.0.2", "127.0.1.0/30", "127.0.2.5-127.0.2.6"));
        assertTrue(a.lists(ip("127.0.0.2")) && a.lists(ip("127.0.1.3")) && a.lists(ip("127.0.2.6")));
        assertTrue(!a.lists(ip("127.0.1.4")) && !a.lists(ip("127.0.2.7")) && !a.lists(ip("127.0.0.3")));
        assertEquals("'127.0.0.9-127.0.0.2' ends before it starts",
                assertThrows(IllegalArgumentException.class, () -> ListedAnswers.parse(List.of("127.0.0.9-127.0.0.2"))).getMessage());
        assertEquals("'::1' is not an IPv4 address, a-b span or CIDR range",
                assertThrows(IllegalArgumentException.class, () -> ListedAnswers.parse(List.of("::1"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListedAnswers.parse(List.of("127.0.0.0/40")));
    }
}
