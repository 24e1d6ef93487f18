package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Type;

/** Which domain is checked and which record is used (RFC 7208 §2.4, §4.3, §4.5), and record syntax (§4.6, §12). */
class SpfRecordSelectionTest {

    @AutoClose
    final SpfZone zone = new SpfZone();

    @Test
    void domainWithoutAnyTxtRecordIsNone() {
        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.NONE, v.result());
        assertEquals("example.com", v.domain());
        assertEquals(SpfVerdict.MAIL_FROM, v.identity());
    }

    @Test
    void txtRecordsThatAreNotSpfAreIgnored() {
        zone.spf("example.com", "google-site-verification=abc").spf("example.com", "v=spf10 +all");

        assertEquals(SpfResult.NONE, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void twoSpfRecordsArePermerror() {
        zone.spf("example.com", "v=spf1 -all").spf("example.com", "v=spf1 +all");

        assertEquals(SpfResult.PERMERROR, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void versionTagIsCaseInsensitiveSoDifferentlyCasedRecordsStillConflict() {
        zone.spf("example.com", "v=spf1 -all").spf("example.com", "V=sPf1 +all");
        zone.spf("case.example.com", "v=SpF1 ~all");

        assertEquals(SpfResult.PERMERROR, zone.result("192.0.2.1", "alice@example.com"));
        assertEquals(SpfResult.SOFTFAIL, zone.result("192.0.2.1", "alice@case.example.com"));
    }

    @Test
    void versionMustEndAtSpaceOrRecordEnd() {
        zone.spf("example.com", "v=spf10").spf("example.com", "v=spf1 mx");
        zone.dns.mx("example.com", 0, "mail.example.com").a("mail.example.com", "192.0.2.1");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void stringsOfOneTxtRecordAreJoinedWithoutSpaces() {
        zone.dns.txt("joined.example.com", "v=spf1 ip4:192.0.2.1", " -all");
        zone.dns.txt("glued.example.com", "v=spf1", "mx");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@joined.example.com"));
        assertEquals(SpfResult.FAIL, zone.result("192.0.2.2", "alice@joined.example.com"));
        assertEquals(SpfResult.NONE, zone.result("192.0.2.1", "alice@glued.example.com"));
    }

    @Test
    void emptyRecordIsNeutral() {
        zone.spf("example.com", "v=spf1");

        assertEquals(SpfResult.NEUTRAL, zone.result("192.0.2.1", "alice@example.com"));
    }

    @Test
    void termsMayBeSeparatedByMoreThanOneSpace() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.9   -all  ");

        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "alice@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "lyme.eater@A123456789012345678901234567890123456789012345678901234567890123.example.com",
        "lyme.eater@A...example.com",
        "foo@[192.0.2.1]",
        "foo@localhost",
        "foo@192.0.2.1"})
    void malformedSenderDomainIsNoneWithoutAnyLookup(String mailFrom) {
        SpfVerdict v = zone.check("192.0.2.1", mailFrom);

        assertEquals(SpfResult.NONE, v.result());
        assertTrue(zone.dns.queries().isEmpty(), zone.dns.queries().toString());
    }

    @Test
    void labelOfSixtyThreeCharactersIsStillChecked() {
        String domain = "A12345678901234567890123456789012345678901234567890123456789012.example.com";
        zone.spf(domain, "v=spf1 -all");

        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "lyme.eater@" + domain));
    }

    @Test
    void senderWithoutLocalPartIsPostmaster() {
        zone.spf("example.net", "v=spf1 -all exp=exp.example.net");
        zone.dns.txt("exp.example.net", "%{l}");

        SpfVerdict v = zone.check("192.0.2.1", "@example.net");

        assertEquals(SpfResult.FAIL, v.result());
        assertEquals("postmaster", v.explanation());
    }

    @Test
    void nullSenderIsCheckedAsPostmasterAtTheHeloName() {
        zone.spf("mail.example.org", "v=spf1 -all exp=why.example.org");
        zone.dns.txt("why.example.org", "%{s} via %{h}");

        SpfVerdict v = zone.check("192.0.2.1", "", "mail.example.org");

        assertEquals(SpfResult.FAIL, v.result());
        assertEquals(SpfVerdict.HELO, v.identity());
        assertEquals("mail.example.org", v.domain());
        assertEquals("postmaster@mail.example.org via mail.example.org", v.explanation());
    }

    @Test
    void angleBracketNullSenderAlsoUsesHelo() {
        zone.spf("mail.example.org", "v=spf1 ip4:192.0.2.1 -all");

        SpfVerdict v = zone.check("192.0.2.1", "<>", "mail.example.org");

        assertEquals(SpfResult.PASS, v.result());
        assertEquals(SpfVerdict.HELO, v.identity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A2345678", "[192.0.2.1]", ""})
    void nullSenderWithHeloThatIsNoDomainNameIsNone(String helo) {
        SpfVerdict v = zone.check("192.0.2.1", null, helo);

        assertEquals(SpfResult.NONE, v.result());
        assertEquals(SpfVerdict.HELO, v.identity());
    }

    @Test
    void heloIdentityCanBeCheckedOnItsOwn() {
        zone.spf("mail.example.org", "v=spf1 a -all");
        zone.dns.a("mail.example.org", "192.0.2.1");

        SpfVerdict v = zone.checker.checkHelo(SpfZone.ip("192.0.2.1"), "mail.example.org");

        assertEquals(SpfResult.PASS, v.result());
        assertEquals(SpfVerdict.HELO, v.identity());
    }

    @Test
    void nonAsciiInTheSpfRecordIsPermerror() {
        zone.spf("hosed.example.com", "v=spf1 a:\uFEFFgarbage.example.net -all");
        zone.spf("hosed2.example.com", "v=spf1 a:example.net \u2013all");

        assertEquals(SpfResult.PERMERROR, zone.result("192.0.2.1", "foobar@hosed.example.com"));
        assertEquals(SpfResult.PERMERROR, zone.result("192.0.2.1", "foobar@hosed2.example.com"));
    }

    @Test
    void nonAsciiInOtherTxtRecordsIsNoneOfOurBusiness() {
        zone.spf("nothosed.example.com", "v=spf1 -all").spf("nothosed.example.com", "\u2013 caf\u00e9");

        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "foobar@nothosed.example.com"));
    }

    @Test
    void controlCharacterIsNoTermSeparator() {
        zone.spf("ctrl.example.com", "v=spf1 a:ctrl.example.com\rptr -all");
        zone.dns.a("ctrl.example.com", "192.0.2.3");

        assertEquals(SpfResult.PERMERROR, zone.result("192.0.2.3", "foobar@ctrl.example.com"));
    }

    @Test
    void syntaxErrorAnywhereIsPermerrorEvenAfterAMatch() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.1 -all moo");

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.PERMERROR, v.result());
        assertTrue(v.explanation().contains("moo"), v.explanation());
    }

    @Test
    void unknownModifiersDoNotChangeTheResult() {
        zone.spf("t2.example.com", "v=spf1 moo.cow-far_out=man:dog/cat ip4:192.0.2.1 -all");
        zone.spf("t19.example.com", "v=spf1 default=pass");
        zone.spf("t20.example.com", "v=spf1 default=+ note=%{c}%{t}");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "foo@t2.example.com"));
        assertEquals(SpfResult.NEUTRAL, zone.result("192.0.2.1", "foo@t19.example.com"));
        assertEquals(SpfResult.NEUTRAL, zone.result("192.0.2.1", "foo@t20.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-all.", "-all:foobar", "-all/8",
        "ptr/0", "ptr:",
        "a/33", "a//129", "a/24/64", "a:", "a:example.com:8080", "a:museum", "a:museum.", "a:abc.123",
        "a:111.222.33.44", "a:example.-com", "a:foo.example.com\u0000", "a/032",
        "mx/33", "mx//129", "mx:abc.123", "mx: -all", "mx:example.-com",
        "include", "include:", "include:ip5.example.com/24",
        "exists", "exists:", "exists:mail.example.com/24",
        "ip4", "ip4:1.2.3.4/33", "ip4:1.2.3.4/032", "ip4:1.2.3.4//32", "ip4:1.2.3.4:8080", "ip4:1.2.3",
        "ip4:01.2.3.4", "ip4:1.2.3.4/",
        "-all ip6", "ip6:::1.1.1.1/129", "ip6:::1.1.1.1//33", "ip6::CAFE::BABE", "ip6:1.2.3.4",
        "1up=foo", "=all", "redirect:t2.example.com", "-redirect=t2.example.com",
        "moo.cow/far_out=man:dog/cat ip4:1.2.3.4 -all", "moo.cow:far_out=man:dog/cat ip4:1.2.3.4 -all",
        "exp= -all", "exp=-all", "redirect=-all ?all", "?all redirect=",
        "exp=a.example.com -all exp=b.example.com", "redirect=a.example.com -all redirect=a.example.com",
        "-all foo=%abc",
        "-exists:%(ir).sbl.example.com ?all", "exists:foo%(ir).sbl.example.com ?all",
        "exists:foo%.sbl.example.com ?all", "exists:%{i}.sbl.example.com%",
        "a:%{a}.example.com -all", "-all exp=%{r}.example.com", "exists:%{d0}.example.com",
        "exists:%{l2r+-*}.example.com", "exists:%{l2.example.com",
        "bogus:example.com"})
    void malformedRecordIsPermerror(String terms) {
        zone.spf("example.com", "v=spf1 " + terms);
        zone.spf("t2.example.com", "v=spf1 +all");
        zone.dns.a("example.com", "1.2.3.4").a("mail.example.com", "1.2.3.4");

        SpfVerdict v = zone.check("1.2.3.4", "foo@example.com");

        assertEquals(SpfResult.PERMERROR, v.result(), () -> terms + " gave " + v);
    }

    @Test
    void mechanismsAndModifiersAreCaseInsensitive() {
        zone.spf("example.com", "v=spf1 IP4:192.0.2.0/24 Redirect=other.example.com");
        zone.spf("other.example.com", "v=spf1 -ALL");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.1", "alice@example.com"));
        assertEquals(SpfResult.FAIL, zone.result("198.51.100.1", "alice@example.com"));
    }

    @Test
    void onlyTxtRecordsAreConsulted() {
        zone.spf("example.com", "v=spf1 -all");

        zone.check("192.0.2.1", "alice@example.com");

        assertEquals(1, zone.dns.queryCount("example.com", Type.TXT));
        assertEquals(0, zone.dns.queryCount("example.com", Type.SPF));
    }
}
