package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The processing limits of RFC 7208 §4.6.4. */
class SpfLimitsTest {

    @AutoClose
    final SpfZone zone = new SpfZone();

    private static String includes(int count) {
        StringBuilder terms = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            terms.append(" include:i").append(i).append(".example.net");
        }
        return terms.toString();
    }

    private void publishIncludedDomains(int count) {
        for (int i = 1; i <= count; i++) {
            zone.spf("i" + i + ".example.net", "v=spf1 ?all");
        }
    }

    @Test
    void tenIncludesAreWithinTheLimit() {
        zone.spf("example.com", "v=spf1" + includes(10) + " -all");
        publishIncludedDomains(10);

        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void elevenIncludesArePermerror() {
        zone.spf("example.com", "v=spf1" + includes(11) + " -all");
        publishIncludedDomains(11);

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.PERMERROR, v.result());
        assertTrue(v.explanation().contains("more than 10 DNS lookups"), v.explanation());
        assertEquals(0, zone.dns.queryCount("i11.example.net", Type.TXT));
    }

    @Test
    void termsAreCountedWhenEvaluatedNotWhenPublished() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.1" + includes(11) + " -all");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void ipAndAllTermsDoNotCount() {
        StringBuilder terms = new StringBuilder("v=spf1");
        for (int i = 1; i <= 30; i++) {
            terms.append(" ip4:198.51.100.").append(i).append(" ip6:2001:db8::").append(i);
        }
        zone.spf("example.com", terms + " a -all");
        zone.dns.a("example.com", "192.0.2.1");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void redirectLoopIsPermerror() {
        zone.spf("e1.example.com", "v=spf1 ip4:1.1.1.1 redirect=e1.example.com");

        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@e1.example.com"));
    }

    @Test
    void includeLoopIsPermerror() {
        zone.spf("e2.example.com", "v=spf1 include:e3.example.com");
        zone.spf("e3.example.com", "v=spf1 include:e2.example.com");

        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@e2.example.com"));
    }

    @Test
    void tenLookupTermsPassButTheEleventhIsPermerror() {
        zone.spf("e6.example.com", "v=spf1 a mx a mx a mx a mx a ptr ip4:1.2.3.4 -all");
        zone.dns.a("e6.example.com", "1.2.3.8").mx("e6.example.com", 10, "e6.example.com");
        zone.spf("e7.example.com", "v=spf1 a mx a mx a mx a mx a ptr a ip4:1.2.3.4 -all");
        zone.dns.a("e7.example.com", "1.2.3.20").mx("e7.example.com", 10, "e7.example.com");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@e6.example.com"));
        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@e7.example.com"));
    }

    @Test
    void lookupsInsideIncludesCountTowardsTheSameLimit() {
        zone.spf("e8.example.com", "v=spf1 a include:inc.example.com ip4:1.2.3.4 mx -all");
        zone.dns.a("e8.example.com", "1.2.3.4");
        zone.spf("e9.example.com", "v=spf1 a include:inc.example.com a ip4:1.2.3.4 -all");
        zone.dns.a("e9.example.com", "1.2.3.21");
        zone.spf("inc.example.com", "v=spf1 a a a a a a a a");
        zone.dns.a("inc.example.com", "1.2.3.10");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@e8.example.com"));
        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@e9.example.com"));
    }

    @Test
    void twoVoidLookupsAreAllowed() {
        zone.spf("e12.example.com", "v=spf1 a:err.example.com a:err1.example.com ?all");

        assertEquals(SpfResult.NEUTRAL, zone.result("1.2.3.4", "foo@e12.example.com"));
    }

    @Test
    void threeNxdomainATermsArePermerror() {
        zone.spf("e11.example.com", "v=spf1 a:err.example.com a:err1.example.com a:err2.example.com ?all");

        SpfVerdict v = zone.check("1.2.3.4", "foo@e11.example.com");

        assertEquals(SpfResult.PERMERROR, v.result());
        assertTrue(v.explanation().contains("void"), v.explanation());
    }

    @Test
    void emptyAnswersCountAsVoidLookupsToo() {
        zone.spf("example.com",
                "v=spf1 a:txt-only.example.com mx:txt-only.example.com exists:txt-only.example.com ?all");
        zone.dns.txt("txt-only.example.com", "hello");

        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@example.com"));
    }

    @Test
    void moreThanTenMxNamesArePermerror() {
        zone.spf("e4.example.com", "v=spf1 mx");
        for (int preference = 0; preference < 10; preference++) {
            zone.dns.mx("e4.example.com", preference, "mail.example.com");
        }
        zone.dns.mx("e4.example.com", 10, "e4.example.com");
        zone.dns.a("mail.example.com", "1.2.3.4").a("e4.example.com", "1.2.3.5");
        zone.spf("e5.example.com", "v=spf1 mx -all");
        for (int preference = 0; preference < 10; preference++) {
            zone.dns.mx("e5.example.com", preference, "mx" + preference + ".example.com");
            zone.dns.a("mx" + preference + ".example.com", "1.2.3." + (100 + preference));
        }

        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.5", "foo@e4.example.com"));
        assertEquals(SpfResult.PASS, zone.result("1.2.3.109", "foo@e5.example.com"));
    }

    @Test
    void onlyTheFirstTenPtrNamesAreConsidered() {
        zone.spf("e5.example.com", "v=spf1 ptr");
        zone.dns.a("e5.example.com", "1.2.3.5");
        for (String name : new String[] {"e1", "e2", "e3", "e4", "example", "e6", "e7", "e8", "e9", "e10", "e5"}) {
            zone.dns.ptr("1.2.3.5", name.equals("example") ? "example.com" : name + ".example.com");
        }

        assertEquals(SpfResult.NEUTRAL, zone.result("1.2.3.5", "foo@e5.example.com"));
    }

    @Test
    void addressRecordsOfOneNameAreNotLimited() {
        zone.spf("e10.example.com", "v=spf1 a -all");
        for (int i = 1; i <= 12; i++) {
            zone.dns.a("e10.example.com", "1.2.3." + i);
        }

        assertEquals(SpfResult.PASS, zone.result("1.2.3.12", "foo@e10.example.com"));
    }

    @Test
    void expLookupIsNotCountedAgainstTheTenTerms() {
        StringBuilder terms = new StringBuilder("v=spf1");
        for (int i = 0; i < 10; i++) {
            terms.append(" a");
        }
        zone.spf("example.com", terms + " -all exp=why.example.com");
        zone.dns.a("example.com", "192.0.2.99").txt("why.example.com", "not from %{i}");

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.FAIL, v.result());
        assertEquals("not from 192.0.2.1", v.explanation());
    }
}
