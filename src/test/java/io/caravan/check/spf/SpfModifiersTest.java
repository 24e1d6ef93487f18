package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** redirect= and exp= (RFC 7208 §6): when they apply and which explanation the sender sees. */
class SpfModifiersTest {

    private static final String DEFAULT_FAIL = "matched -all";

    @AutoClose
    final SpfZone zone = new SpfZone();

    @Test
    void redirectAppliesOnlyWhenNoMechanismMatched() {
        zone.spf("t6.example.com", "v=spf1 ip4:1.2.3.4 redirect=t2.example.com");
        zone.spf("t2.example.com", "v=spf1 -all");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo@t6.example.com"));
        assertEquals(SpfResult.FAIL, zone.result("1.2.3.5", "foo@t6.example.com"));
    }

    @Test
    void redirectIsIgnoredWhenAllComesFirstEvenIfItWouldLoop() {
        zone.spf("t5.example.com", "v=spf1 redirect=t5.example.com ~all");

        assertEquals(SpfResult.SOFTFAIL, zone.result("1.2.3.4", "foo@t5.example.com"));
    }

    @Test
    void redirectToDomainWithoutRecordIsPermerror() {
        zone.spf("e10.example.com", "v=spf1 redirect=erehwon.example.com");

        assertEquals(SpfResult.PERMERROR, zone.result("1.2.3.4", "foo@e10.example.com"));
    }

    @Test
    void redirectChangesTheDomainThatImplicitTermsUse() {
        zone.spf("e24.example.com", "v=spf1 redirect=testimplicit.example.com");
        zone.dns.a("e24.example.com", "192.0.2.1");
        zone.spf("testimplicit.example.com", "v=spf1 a -all");
        zone.dns.a("testimplicit.example.com", "192.0.2.2");

        assertEquals(SpfResult.PASS, zone.result("192.0.2.2", "bar@e24.example.com"));
        assertEquals(SpfResult.FAIL, zone.result("192.0.2.1", "bar@e24.example.com"));
    }

    @Test
    void failShowsTheExpTextWithMacrosExpanded() {
        zone.spf("example.com", "v=spf1 ip4:192.0.2.0/24 -all exp=explain._spf.%{d}");
        zone.dns.txt("explain._spf.example.com",
                "%{i} is not one of %{d}'s designated mail servers (%{s}, seen by %{r} at %{t}).");

        SpfVerdict v = zone.check("198.51.100.7", "alice@example.com");

        assertEquals(SpfResult.FAIL, v.result());
        assertEquals("198.51.100.7 is not one of example.com's designated mail servers "
                + "(alice@example.com, seen by mx.caravan.test at " + SpfZone.NOW.getEpochSecond() + ").",
                v.explanation());
        assertEquals("-all", v.mechanism());
    }

    @Test
    void expIsNotFetchedForResultsOtherThanFail() {
        zone.spf("example.com", "v=spf1 ~all exp=explain.example.com");
        zone.dns.txt("explain.example.com", "go away");

        SpfVerdict v = zone.check("192.0.2.1", "alice@example.com");

        assertEquals(SpfResult.SOFTFAIL, v.result());
        assertEquals("matched ~all", v.explanation());
        assertEquals(0, zone.dns.queryCount("explain.example.com", Type.TXT));
    }

    @Test
    void redirectDropsTheExpOfTheRecordThatRedirected() {
        zone.spf("e1.example.com", "v=spf1 exp=exp1.example.com redirect=e2.example.com");
        zone.spf("e2.example.com", "v=spf1 -all");
        zone.spf("e3.example.com", "v=spf1 exp=exp1.example.com redirect=e4.example.com");
        zone.spf("e4.example.com", "v=spf1 -all exp=exp2.example.com");
        zone.dns.txt("exp1.example.com", "No-see-um").txt("exp2.example.com", "See me.");

        assertEquals(DEFAULT_FAIL, zone.check("1.2.3.4", "foo@e1.example.com").explanation());
        assertEquals("See me.", zone.check("1.2.3.4", "foo@e3.example.com").explanation());
    }

    @Test
    void expOfAnIncludedRecordIsNeverUsed() {
        zone.spf("e7.example.com", "v=spf1 include:e3.example.com -all exp=exp3.example.com");
        zone.spf("e3.example.com", "v=spf1 exp=exp1.example.com redirect=e4.example.com");
        zone.spf("e4.example.com", "v=spf1 -all exp=exp2.example.com");
        zone.dns.txt("exp1.example.com", "No-see-um").txt("exp2.example.com", "See me.")
                .txt("exp3.example.com", "Correct!");

        SpfVerdict v = zone.check("1.2.3.4", "foo@e7.example.com");

        assertEquals(SpfResult.FAIL, v.result());
        assertEquals("Correct!", v.explanation());
        assertEquals(0, zone.dns.queryCount("exp2.example.com", Type.TXT));
    }

    @Test
    void unusableExpFallsBackToOurOwnReason() {
        zone.spf("e11.example.com", "v=spf1 -all exp=e11msg.example.com");
        zone.dns.txt("e11msg.example.com", "Answer a fool according to his folly.")
                .txt("e11msg.example.com", "Do not answer a fool according to his folly.");
        zone.spf("e13.example.com", "v=spf1 exp=e13msg.example.com -all");
        zone.dns.txt("e13msg.example.com", "The %{x}-files.");
        zone.spf("e21.example.com", "v=spf1 exp=e21msg.example.com -all");
        zone.dns.servfail("e21msg.example.com");
        zone.spf("e22.example.com", "v=spf1 exp=mail.example.com -all");
        zone.dns.a("mail.example.com", "1.2.3.4");
        zone.spf("nonascii.example.com", "v=spf1 exp=badexp.example.com -all");
        zone.dns.txt("badexp.example.com", "\uFEFFExplanation");

        for (String domain : new String[] {"e11", "e13", "e21", "e22", "nonascii"}) {
            SpfVerdict v = zone.check("1.2.3.4", "foo@" + domain + ".example.com");
            assertEquals(SpfResult.FAIL, v.result(), domain);
            assertEquals(DEFAULT_FAIL, v.explanation(), domain);
        }
    }

    @Test
    void expDomainThatDoesNotExistIsNoVoidLookup() {
        zone.spf("e23.example.com", "v=spf1 a:erehwon.example.com a:foobar.com exp=nxdomain.com -all");

        assertEquals(SpfResult.FAIL, zone.result("1.2.3.4", "foo@e23.example.com"));
    }

    @Test
    void explanationKeepsItsTrailingDotAndSpaces() {
        zone.spf("exp.example.com", "v=spf1 exp=msg.example.com. -all");
        zone.dns.txt("msg.example.com", "This is a test.");

        assertEquals("This is a test.", zone.check("192.0.2.1", "test@exp.example.com").explanation());
    }

    @Test
    void macroErrorLookalikeInLocalPartIsJustText() {
        zone.spf("e8.example.com", "v=spf1 -all exp=exp4.example.com");
        zone.dns.txt("exp4.example.com", "%{l} in implementation");

        assertEquals("Macro Error in implementation",
                zone.check("1.2.3.4", "Macro Error@e8.example.com").explanation());
    }
}
