package io.caravan.check.dmarc;

import io.caravan.dns.DnsService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.check.dmarc.DmarcInput.DkimOutcome;
import io.caravan.check.dmarc.DmarcInput.SpfOutcome;
import io.caravan.check.dmarc.DmarcVerdict.Result;
import io.caravan.testing.DnsResponder;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy discovery runs against a real DNS server on loopback, through {@link DmarcDns#of}. */
class DmarcEvaluatorTest {

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

    /** A sample that always draws {@code value} from nextInt(100). */
    private static RandomGenerator drawing(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("only nextInt(bound) is expected");
            }

            @Override
            public int nextInt(int bound) {
                assertEquals(100, bound);
                return value;
            }
        };
    }

    private static final RandomGenerator NEVER_DRAWN = () -> {
        throw new AssertionError("no pct sample was expected");
    };

    private DmarcVerdict evaluate(String from, SpfOutcome spf, DkimOutcome... dkim) {
        return new DmarcEvaluator(resolver, NEVER_DRAWN).evaluate(new DmarcInput(from, spf, List.of(dkim)));
    }

    private static SpfOutcome spfPass(String domain) {
        return new SpfOutcome(SpfOutcome.Result.PASS, domain);
    }

    private static SpfOutcome spfFail(String domain) {
        return new SpfOutcome(SpfOutcome.Result.FAIL, domain);
    }

    private static DkimOutcome dkimPass(String domain) {
        return new DkimOutcome(domain, true);
    }

    private static DkimOutcome dkimFail(String domain) {
        return new DkimOutcome(domain, false);
    }

    // ---- pass and fail --------------------------------------------------------------------

    @Test
    void passesViaDkimAloneWhenTheFromDomainSignedAndSpfFailed() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", spfFail("example.com"), dkimPass("example.com"));

        assertEquals(Result.PASS, v.result());
        assertTrue(v.dkimAligned());
        assertFalse(v.spfAligned());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
        assertEquals(DmarcPolicy.REJECT, v.requestedPolicy());
        assertEquals("example.com", v.headerFrom());
        assertEquals("example.com", v.policyDomain());
    }

    @Test
    void passesViaSpfAloneWhenTheMessageIsUnsigned() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", spfPass("example.com"));

        assertEquals(Result.PASS, v.result());
        assertTrue(v.spfAligned());
        assertFalse(v.dkimAligned());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
    }

    @Test
    void failsWithRejectWhenPolicyIsRejectAndNothingAligns() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", spfFail("example.com"), dkimFail("example.com"));

        assertEquals(Result.FAIL, v.result());
        assertEquals(DmarcPolicy.REJECT, v.requestedPolicy());
        assertEquals(DmarcPolicy.REJECT, v.appliedPolicy());
        assertFalse(v.spfAligned());
        assertFalse(v.dkimAligned());
    }

    @Test
    void spfPassForAnUnrelatedDomainDoesNotAlign() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", spfPass("bulk-mailer.example.net"), dkimPass("bulk-mailer.example.net"));

        assertEquals(Result.FAIL, v.result());
        assertEquals(DmarcPolicy.REJECT, v.appliedPolicy());
    }

    @Test
    void spfOtherThanPassForTheFromDomainDoesNotAlign() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine");

        for (SpfOutcome.Result r : List.of(SpfOutcome.Result.SOFTFAIL, SpfOutcome.Result.NEUTRAL,
                SpfOutcome.Result.NONE, SpfOutcome.Result.TEMPERROR)) {
            DmarcVerdict v = evaluate("example.com", new SpfOutcome(r, "example.com"));
            assertEquals(Result.FAIL, v.result(), r.name());
            assertEquals(DmarcPolicy.QUARANTINE, v.appliedPolicy(), r.name());
        }
    }

    @Test
    void oneAlignedPassingSignatureIsEnoughAmongFailingAndForeignOnes() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", SpfOutcome.none(), dkimFail("example.com"),
                dkimPass("esp.example.net"), dkimPass("mail.example.com"));

        assertEquals(Result.PASS, v.result());
        assertTrue(v.dkimAligned());
    }

    // ---- relaxed and strict alignment ---------------------------------------------------------

    @Test
    void relaxedDkimAlignmentAcceptsASignatureOfTheParentDomain() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        assertEquals(Result.PASS, evaluate("sub.example.com", SpfOutcome.none(), dkimPass("example.com")).result());
    }

    @Test
    void strictDkimAlignmentNeedsTheExactFromDomain() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; adkim=s");

        DmarcVerdict v = evaluate("sub.example.com", SpfOutcome.none(), dkimPass("example.com"));

        assertEquals(Result.FAIL, v.result());
        assertEquals(Result.PASS, evaluate("sub.example.com", SpfOutcome.none(), dkimPass("SUB.example.com.")).result());
    }

    @Test
    void relaxedSpfAlignmentAcceptsASubdomainMailFrom() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("example.com", spfPass("bounces.example.com"));

        assertEquals(Result.PASS, v.result());
        assertTrue(v.spfAligned());
    }

    @Test
    void strictSpfAlignmentNeedsTheExactFromDomain() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; aspf=s");

        assertEquals(Result.FAIL, evaluate("example.com", spfPass("bounces.example.com")).result());
        assertEquals(Result.PASS, evaluate("example.com", spfPass("Example.COM")).result());
    }

    @Test
    void strictSpfAlignmentDoesNotLoosenDkimAlignment() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; aspf=s");

        DmarcVerdict v = evaluate("example.com", spfPass("bounces.example.com"), dkimPass("mail.example.com"));

        assertEquals(Result.PASS, v.result());
        assertTrue(v.dkimAligned());
        assertFalse(v.spfAligned());
    }

    @Test
    void relaxedAlignmentDoesNotCrossAPrivatePublicSuffix() {
        dns.txt("_dmarc.victim.blogspot.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("victim.blogspot.com", spfPass("attacker.blogspot.com"), dkimPass("blogspot.com"));

        assertEquals(Result.FAIL, v.result());
    }

    // ---- policy discovery -------------------------------------------------------------------

    @Test
    void noPolicyAnywhereMeansResultNoneAfterAskingFromAndOrganizationalDomain() {
        DmarcVerdict v = evaluate("sub.example.com", spfFail("sub.example.com"));

        assertEquals(Result.NONE, v.result());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
        assertEquals("", v.policyDomain());
        assertEquals(List.of("TXT _dmarc.sub.example.com.", "TXT _dmarc.example.com."), dns.queries());
    }

    @Test
    void aFromDomainThatIsItsOwnOrganizationalDomainIsQueriedOnce() {
        evaluate("example.com", spfFail("example.com"));

        assertEquals(List.of("TXT _dmarc.example.com."), dns.queries());
    }

    @Test
    void subdomainPolicyAppliesWhenThePolicyComesFromTheOrganizationalDomain() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine");

        DmarcVerdict v = evaluate("sub.example.com", spfFail("sub.example.com"));

        assertEquals(Result.FAIL, v.result());
        assertEquals("example.com", v.policyDomain());
        assertEquals("sub.example.com", v.headerFrom());
        assertEquals(DmarcPolicy.QUARANTINE, v.requestedPolicy());
        assertEquals(DmarcPolicy.QUARANTINE, v.appliedPolicy());
    }

    @Test
    void subdomainPolicyDefaultsToTheDomainPolicy() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        assertEquals(DmarcPolicy.REJECT, evaluate("a.b.example.com", SpfOutcome.none()).appliedPolicy());
    }

    @Test
    void theOrganizationalDomainItselfGetsPNotSp() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=none");

        assertEquals(DmarcPolicy.REJECT, evaluate("example.com", SpfOutcome.none()).appliedPolicy());
    }

    @Test
    void aSubdomainsOwnRecordWinsOverTheOrganizationalDomain() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=reject");
        dns.txt("_dmarc.sub.example.com", "v=DMARC1; p=none; sp=reject");

        DmarcVerdict v = evaluate("sub.example.com", SpfOutcome.none());

        assertEquals(Result.FAIL, v.result());
        assertEquals("sub.example.com", v.policyDomain());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
        assertEquals(List.of("TXT _dmarc.sub.example.com."), dns.queries());
    }

    @Test
    void txtRecordsThatAreNotDmarcAreIgnored() {
        dns.txt("_dmarc.example.com", "v=spf1 -all");
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
        dns.txt("_dmarc.example.com", "google-site-verification=abc");

        assertEquals(DmarcPolicy.REJECT, evaluate("example.com", SpfOutcome.none()).appliedPolicy());
    }

    @Test
    void onlyNonDmarcTxtAtTheFromDomainFallsBackToTheOrganizationalDomain() {
        dns.txt("_dmarc.sub.example.com", "v=spf1 -all");
        dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine");

        DmarcVerdict v = evaluate("sub.example.com", SpfOutcome.none());

        assertEquals("example.com", v.policyDomain());
        assertEquals(DmarcPolicy.QUARANTINE, v.appliedPolicy());
    }

    @Test
    void multipleDmarcRecordsMeanDmarcIsNotAppliedAndNoFallback() {
        dns.txt("_dmarc.sub.example.com", "v=DMARC1; p=reject");
        dns.txt("_dmarc.sub.example.com", "v=DMARC1; p=none");
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("sub.example.com", spfFail("sub.example.com"));

        assertEquals(Result.NONE, v.result());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
        assertEquals(List.of("TXT _dmarc.sub.example.com."), dns.queries());
    }

    @Test
    void aRecordWithoutUsablePolicyOrReportingAddressIsNotApplied() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=block");

        DmarcVerdict v = evaluate("example.com", SpfOutcome.none());

        assertEquals(Result.NONE, v.result());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
    }

    @Test
    void anInvalidPolicyWithReportingAddressStillEvaluatesAsPolicyNone() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=block; rua=mailto:dmarc@example.com");

        DmarcVerdict v = evaluate("example.com", SpfOutcome.none());

        assertEquals(Result.FAIL, v.result());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
    }

    @Test
    void aRecordSplitIntoSeveralStringsIsReadAsOne() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=re", "ject; adkim=s");

        DmarcVerdict v = evaluate("example.com", SpfOutcome.none(), dkimPass("mail.example.com"));

        assertEquals(DmarcPolicy.REJECT, v.appliedPolicy());
    }

    @Test
    void internationalizedFromDomainsAreLookedUpInALabels() {
        dns.txt("_dmarc.xn--bcher-kva.example", "v=DMARC1; p=reject");

        DmarcVerdict v = evaluate("Bücher.example", SpfOutcome.none());

        assertEquals(DmarcPolicy.REJECT, v.appliedPolicy());
        assertEquals("xn--bcher-kva.example", v.headerFrom());
    }

    // ---- DNS failures ---------------------------------------------------------------------

    @Test
    void servfailForTheFromDomainIsTemperror() {
        dns.servfail("_dmarc.example.com");

        DmarcVerdict v = evaluate("example.com", spfPass("example.com"));

        assertEquals(Result.TEMPERROR, v.result());
        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
        assertTrue(v.reason().contains("SERVFAIL"), v.reason());
    }

    @Test
    void servfailForTheOrganizationalDomainIsTemperror() {
        dns.servfail("_dmarc.example.com");

        assertEquals(Result.TEMPERROR, evaluate("sub.example.com", SpfOutcome.none()).result());
    }

    @Test
    void anUnansweredQueryIsTemperror() {
        dns.silent("_dmarc.example.com");

        assertEquals(Result.TEMPERROR, evaluate("example.com", SpfOutcome.none()).result());
    }

    @Test
    void aFromDomainThatIsNoDomainNameIsPermerrorWithoutAnyLookup() {
        assertEquals(Result.PERMERROR, evaluate("", SpfOutcome.none()).result());
        assertEquals(Result.PERMERROR, evaluate("[192.0.2.1]", SpfOutcome.none()).result());
        assertEquals(List.of(), dns.queries());
    }

    // ---- pct sampling -----------------------------------------------------------------------

    @Test
    void pctZeroDowngradesRejectToQuarantine() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=0");

        DmarcVerdict v = new DmarcEvaluator(resolver, drawing(0))
                .evaluate(new DmarcInput("example.com", SpfOutcome.none(), List.of()));

        assertEquals(Result.FAIL, v.result());
        assertEquals(DmarcPolicy.REJECT, v.requestedPolicy());
        assertEquals(DmarcPolicy.QUARANTINE, v.appliedPolicy());
    }

    @Test
    void pctZeroDowngradesQuarantineToNone() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine; pct=0");

        DmarcVerdict v = new DmarcEvaluator(resolver, drawing(0))
                .evaluate(new DmarcInput("example.com", SpfOutcome.none(), List.of()));

        assertEquals(DmarcPolicy.NONE, v.appliedPolicy());
    }

    @Test
    void pctSelectsDrawsBelowThePercentage() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=50");
        DmarcInput input = new DmarcInput("example.com", SpfOutcome.none(), List.of());

        assertEquals(DmarcPolicy.REJECT, new DmarcEvaluator(resolver, drawing(49)).evaluate(input).appliedPolicy());
        assertEquals(DmarcPolicy.QUARANTINE, new DmarcEvaluator(resolver, drawing(50)).evaluate(input).appliedPolicy());
    }

    @Test
    void fullPctAndPassingMessagesNeedNoSample() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
        dns.txt("_dmarc.example.org", "v=DMARC1; p=reject; pct=10");

        assertEquals(DmarcPolicy.REJECT, evaluate("example.com", SpfOutcome.none()).appliedPolicy());
        assertEquals(Result.PASS, evaluate("example.org", spfPass("example.org")).result());
    }

    @Test
    void theDefaultConstructorSamplesWithoutAFixedGenerator() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=0");

        DmarcVerdict v = new DmarcEvaluator(resolver).evaluate(new DmarcInput("example.com", SpfOutcome.none(), List.of()));

        assertEquals(DmarcPolicy.QUARANTINE, v.appliedPolicy());
    }

    // ---- reporting --------------------------------------------------------------------------

    @Test
    void verdictReportsItselfAsAnAuthenticationResultsEntry() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=0");

        DmarcVerdict v = new DmarcEvaluator(resolver, drawing(0))
                .evaluate(new DmarcInput("example.com", SpfOutcome.none(), List.of()));

        assertEquals("Authentication-Results: mx.example.net;\r\n\tdmarc=fail (p=reject dis=quarantine) header.from=example.com\r\n",
                io.caravan.check.authresults.AuthenticationResults.field("mx.example.net", List.of(v.authResult())));
    }

    @Test
    void temperrorReportsItsReason() {
        DmarcVerdict v = new DmarcVerdict(Result.TEMPERROR, DmarcPolicy.NONE, DmarcPolicy.NONE, "example.com", "",
                false, false, "DNS lookup of _dmarc.example.com TXT failed: SERVFAIL");

        assertEquals("Authentication-Results: mx.example.net;\r\n\tdmarc=temperror\r\n"
                        + "\treason=\"DNS lookup of _dmarc.example.com TXT failed: SERVFAIL\"\r\n\theader.from=example.com\r\n",
                io.caravan.check.authresults.AuthenticationResults.field("mx.example.net", List.of(v.authResult())));
    }
}
