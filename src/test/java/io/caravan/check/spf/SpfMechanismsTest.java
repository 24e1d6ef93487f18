package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Type;

/** The mechanisms of RFC 7208 §5 and their qualifiers, served from a loopback DNS zone. */
class SpfMechanismsTest {

    @AutoClose
    final SpfZone zone = new SpfZone();

    @ParameterizedTest
    @CsvSource({"+all, PASS", "all, PASS", "-all, FAIL", "~all, SOFTFAIL", "?all, NEUTRAL", "all -all, PASS"})
    void qualifierOfTheFirstMatchingMechanismIsTheResult(String terms, SpfResult expected) {
        zone.spf("example.com", "v=spf1 " + terms);

        assertEquals(expected, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void noMatchingMechanismIsNeutral() {
        zone.spf("example.com", "v=spf1 ip4:198.51.100.1");

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.NEUTRAL, v.result());
        assertEquals("", v.mechanism());
    }

    @Test
    void ip4MatchesInsideItsCidrRangeAndReportsTheTerm() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        SpfVerdict inside = zone.check("192.0.2.77", "alice@example.com");
        SpfVerdict outside = zone.check("192.0.3.1", "alice@example.com");

        assertEquals(SpfResult.PASS, inside.result());
        assertEquals("ip4:192.0.2.0/24", inside.mechanism());
        assertEquals("matched ip4:192.0.2.0/24", inside.explanation());
        assertEquals(SpfResult.FAIL, outside.result());
        assertEquals("-all", outside.mechanism());
    }

    @ParameterizedTest
    @CsvSource({
        "ip4:1.1.1.1/0, 192.0.2.1, PASS",
        "ip4:192.0.2.1/32, 192.0.2.1, PASS",
        "ip4:192.0.2.1, 192.0.2.2, FAIL",
        "ip4:192.0.2.128/25, 192.0.2.127, FAIL",
        "ip6:2001:db8::/32, 2001:db8:1::1, PASS",
        "ip6:2001:db8::1, 2001:db8::2, FAIL",
        "ip6:Cafe:Babe:8000::/33, CAFE:BABE:8000::, PASS",
        "ip6:Cafe:Babe:8000::/33, CAFE:BABE:0::1, FAIL",
        "ip6:::1.1.1.1/0, DEAF:BABE::CAB:FEE, PASS",
        "ip4:0.0.0.0/0, 2001:db8::1, FAIL"})
    void ipMechanismsMatchTheirOwnFamilyWithinTheCidr(String term, String client, SpfResult expected) {
        zone.spf("example.com", "v=spf1 " + term + " -all");

        assertEquals(expected, zone.result(client, "alice@example.com"));
    }

    @Test
    void ipv4ClientNeverMatchesIp6EvenWithSlashZero() {
        zone.spf("e2.example.com", "v=spf1 ip6:::1.1.1.1/0");

        assertEquals(SpfResult.NEUTRAL, zone.result("1.2.3.4", "foo@e2.example.com"));
        assertEquals(SpfResult.NEUTRAL, zone.result("::FFFF:1.2.3.4", "foo@e2.example.com"));
    }

    @Test
    void ipv4MappedIpv6ClientIsTreatedAsIpv4() {
        zone.spf("e7.example.com", "v=spf1 -ip4:1.2.3.4 ip6:::FFFF:1.2.3.4");
        zone.spf("e8.example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        assertEquals(SpfResult.FAIL, zone.result("::FFFF:1.2.3.4", "foo@e7.example.com"));
        assertEquals(SpfResult.PASS, zone.result("::ffff:192.0.2.10", "foo@e8.example.com"));
    }

    @Test
    void aWithoutDomainUsesTheCheckedDomainsAddresses() {
        zone.spf("example.com", "v=spf1 a -all");
        zone.dns.a("example.com", "192.0.2.1").a("example.com", "192.0.2.2");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.2", "alice@example.com"));
        assertEquals(SpfResult.FAIL, zone.result("192.0.2.3", "alice@example.com"));
    }

    @Test
    void aOnIpv6ClientAsksForAaaaOnly() {
        zone.spf("ipv6.example.com", "v=spf1 a -all");
        zone.dns.aaaa("ipv6.example.com", "1234::1").a("ipv6.example.com", "1.1.1.1");

        assertEquals(SpfResult.PASS, zone.result("1234::1", "foo@ipv6.example.com"));
        assertEquals(0, zone.dns.queryCount("ipv6.example.com", Type.A));
        assertEquals(1, zone.dns.queryCount("ipv6.example.com", Type.AAAA));
    }

    @ParameterizedTest(name = "{0} for {1} at {2}")
    @CsvSource({
        "a/0 -all, 1.2.3.4, e1.example.com, FAIL",      // no A records: no match even with /0
        "a/0 -all, 1.2.3.4, e2.example.com, PASS",
        "a/0 -all, 1234::1, e2.example.com, FAIL",      // ip4 cidr does not apply to IPv6
        "a//0 -all, 1.2.3.4, e2a.example.com, FAIL",
        "a//0 -all, ::FFFF:1.2.3.4, e2a.example.com, FAIL",
        "a//0 -all, 1234::1, e2a.example.com, PASS",
        "a//0 -all, 1234::1, e2b.example.com, FAIL",
        "a/24//64 -all, 1.2.3.4, e8.example.com, PASS",
        "a/24//64 -all, 2001:db8:1234::cafe:babe, e8.example.com, PASS",
        "a/24 -all, 2001:db8:1234::cafe:babe, e8.example.com, FAIL",
        "a//64 -all, 1.2.3.4, e8.example.com, FAIL",
        "a//33 -all, 1.2.3.4, e8.example.com, FAIL",
        "a:foo.example.com/24, 1.2.3.4, e10.example.com, PASS",
        "a:foo:bar/baz.example.com, 1.2.3.4, e11.example.com, PASS",
        "a:foo:bar/baz.example.com, ::FFFF:1.2.3.4, e11.example.com, PASS",
        "a:foo.example.xn--zckzah -all, 1.2.3.4, e14.example.com, PASS"})
    void aMatchesAnyReturnedAddressWithinTheDualCidr(String terms, String client, String domain, SpfResult expected) {
        zone.spf(domain, "v=spf1 " + terms);
        zone.dns.a("e2.example.com", "1.1.1.1").aaaa("e2.example.com", "1234::2");
        zone.dns.aaaa("e2a.example.com", "1234::1");
        zone.dns.a("e2b.example.com", "1.1.1.1");
        zone.dns.a("e8.example.com", "1.2.3.5").aaaa("e8.example.com", "2001:db8:1234::dead:beef");
        zone.dns.a("foo.example.com", "1.1.1.1").a("foo.example.com", "1.2.3.5");
        zone.dns.a("foo:bar/baz.example.com", "1.2.3.4");
        zone.dns.a("foo.example.xn--zckzah", "1.2.3.4");

        assertEquals(expected, zone.result(client, "foo@" + domain));
    }

    @Test
    void mxMatchesTheAddressesOfEveryExchange() {
        zone.spf("example.com", "v=spf1 mx -all");
        zone.dns.mx("example.com", 10, "mx1.example.com").mx("example.com", 20, "mx2.example.net");
        zone.dns.a("mx1.example.com", "192.0.2.10").a("mx2.example.net", "198.51.100.20");

        assertEquals(SpfResult.PASS, zone.result("198.51.100.20", "alice@example.com"));
        assertEquals(SpfResult.FAIL, zone.result("198.51.100.21", "alice@example.com"));
    }

    @ParameterizedTest(name = "{0} for {1} at {2}")
    @CsvSource({
        "mx/0 -all, 1.2.3.4, e1.example.com, FAIL",
        "mx/0 -all, 1.2.3.4, e2.example.com, PASS",
        "mx/0 -all, 1234::1, e2.example.com, FAIL",
        "mx//0 -all, 1.2.3.4, e2a.example.com, FAIL",
        "mx//0 -all, ::FFFF:1.2.3.4, e2a.example.com, FAIL",
        "mx//0 -all, 1234::1, e2a.example.com, PASS",
        "mx//0 -all, 1234::1, e2b.example.com, FAIL",
        "mx:foo.example.com/24, 1.2.3.4, e10.example.com, PASS",
        "mx:foo:bar/baz.example.com, 1.2.3.4, e11.example.com, PASS",
        "mx//33 -all, 1.2.3.4, e2.example.com, FAIL"})
    void mxTakesDomainAndDualCidrLikeA(String terms, String client, String domain, SpfResult expected) {
        zone.spf(domain, "v=spf1 " + terms);
        zone.dns.mx("e1.example.com", 0, "e1.example.com");
        zone.dns.mx("e2.example.com", 0, "e2.example.com").a("e2.example.com", "1.1.1.1")
                .aaaa("e2.example.com", "1234::2");
        zone.dns.mx("e2a.example.com", 0, "e2a.example.com").aaaa("e2a.example.com", "1234::1");
        zone.dns.mx("e2b.example.com", 0, "e2b.example.com").a("e2b.example.com", "1.1.1.1");
        zone.dns.mx("foo.example.com", 0, "foo1.example.com");
        zone.dns.a("foo1.example.com", "1.1.1.1").a("foo1.example.com", "1.2.3.5");
        zone.dns.mx("foo:bar/baz.example.com", 0, "foo:bar/baz.example.com").a("foo:bar/baz.example.com", "1.2.3.4");

        assertEquals(expected, zone.result(client, "foo@" + domain));
    }

    @Test
    void mxNeverFallsBackToTheDomainsOwnAddress() {
        zone.spf("e4.example.com", "v=spf1 mx");
        zone.dns.a("e4.example.com", "1.2.3.4");

        assertEquals(SpfResult.NEUTRAL, zone.result("1.2.3.4", "foo@e4.example.com"));
    }

    @Test
    void nullMxMatchesNothing() {
        zone.spf("mail.example.com", "v=spf1 mx");
        zone.dns.a("mail.example.com", "1.2.3.4").nullMx("mail.example.com");

        assertEquals(SpfResult.NEUTRAL, zone.check("1.2.3.4", "", "mail.example.com").result());
    }

    @Test
    void ptrMatchesValidatedNamesUnderTheTarget() {
        zone.spf("e2.example.com", "v=spf1 ptr:example.com -all");
        zone.spf("e3.example.com", "v=spf1 ptr -all");
        zone.spf("e4.example.com", "v=spf1 ptr -all");
        zone.dns.ptr("1.2.3.4", "e3.example.com").ptr("1.2.3.4", "e4.example.com").ptr("1.2.3.4", "mail.example.com");
        zone.dns.a("e3.example.com", "1.2.3.4").a("mail.example.com", "1.2.3.4");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@e2.example.com"));
        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@e3.example.com"));
        assertEquals(SpfResult.FAIL, zone.result("1.2.3.4", "foo@e4.example.com")); // e4 has no A back to us
    }

    @Test
    void ptrWorksForIpv6AndIgnoresCaseOfTheNames() {
        zone.spf("e3.example.com", "v=spf1 ptr -all");
        zone.spf("e6.example.com", "v=spf1 ptr:example.Com -all");
        zone.dns.ptr("CAFE:BABE::1", "e3.example.com").aaaa("e3.example.com", "CAFE:BABE::1");
        zone.dns.ptr("2001:db8::1", "mail.Example.com").aaaa("mail.example.com", "2001:db8::1");

        assertEquals(SpfResult.PASS, zone.result("CAFE:BABE::1", "foo@e3.example.com"));
        assertEquals(SpfResult.PASS, zone.result("2001:db8::1", "bar@e6.example.com"));
    }

    @Test
    void existsLooksUpAnAddressRecordEvenForIpv6Clients() {
        zone.spf("e4.example.com", "v=spf1 exists:mail.example.com");
        zone.spf("e5.example.com", "v=spf1 exists:mail6.example.com -all");
        zone.dns.a("mail.example.com", "1.2.3.4").aaaa("mail6.example.com", "CAFE:BABE::4");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@e4.example.com"));
        assertEquals(SpfResult.PASS, zone.result("CAFE:BABE::3", "foo@e4.example.com"));
        assertEquals(SpfResult.FAIL, zone.result("CAFE:BABE::3", "foo@e5.example.com"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "e1.example.com, SOFTFAIL",   // included fail: no match
        "e2.example.com, PASS",       // included softfail: no match, then 'all'
        "e3.example.com, FAIL",       // included neutral: no match
        "e5.example.com, PERMERROR",  // included record has a syntax error
        "e7.example.com, PERMERROR",  // included domain has no SPF record
        "e10.example.com, PASS"})     // included pass: match
    void includeMatchesOnlyWhenTheIncludedDomainPasses(String domain, SpfResult expected) {
        zone.spf("ip5.example.com", "v=spf1 ip4:1.2.3.5 -all");
        zone.spf("ip6.example.com", "v=spf1 ip4:1.2.3.6 ~all");
        zone.spf("ip7.example.com", "v=spf1 ip4:1.2.3.7 ?all");
        zone.spf("ip4.example.com", "v=spf1 ip4:1.2.3.4 -all");
        zone.dns.txt("erehwon.example.com", "v=spfl am not an SPF record");
        zone.spf("e1.example.com", "v=spf1 include:ip5.example.com ~all");
        zone.spf("e2.example.com", "v=spf1 include:ip6.example.com all");
        zone.spf("e3.example.com", "v=spf1 include:ip7.example.com -all");
        zone.spf("e5.example.com", "v=spf1 include:e6.example.com -all");
        zone.spf("e6.example.com", "v=spf1 include +all");
        zone.spf("e7.example.com", "v=spf1 include:erehwon.example.com -all");
        zone.spf("e10.example.com", "v=spf1 include:ip4.example.com -all");

        assertEquals(expected, zone.result("1.2.3.4", "foo@" + domain));
    }

    @Test
    void includedMatchReportsTheIncludeTerm() {
        zone.spf("example.com", "v=spf1 include:_spf.example.net -all");
        zone.spf("_spf.example.net", "v=spf1 ip4:192.0.2.0/24 -all");

        SpfVerdict v = zone.check("192.0.2.9", "alice@example.com");

        assertEquals(SpfResult.PASS, v.result());
        assertEquals("include:_spf.example.net", v.mechanism());
    }
}
