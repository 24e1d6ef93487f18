package io.caravan.check.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.check.dmarc.DmarcRecord.Alignment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmarcRecordTest {

    private static DmarcRecord parsed(String txt) {
        return DmarcRecord.parse(txt).orElseThrow(() -> new AssertionError("not parsed: " + txt));
    }

    @Test
    void aMinimalRecordGetsTheRfcDefaults() {
        DmarcRecord r = parsed("v=DMARC1; p=quarantine");

        assertEquals(DmarcPolicy.QUARANTINE, r.policy());
        assertEquals(DmarcPolicy.QUARANTINE, r.subdomainPolicy(), "sp defaults to p");
        assertEquals(Alignment.RELAXED, r.dkimAlignment());
        assertEquals(Alignment.RELAXED, r.spfAlignment());
        assertEquals(100, r.percent());
        assertEquals(List.of(), r.aggregateReportUris());
        assertEquals(List.of(), r.failureReportUris());
        assertEquals("0", r.failureOptions());
        assertEquals("afrf", r.reportFormat());
        assertEquals(86400, r.reportInterval());
    }

    @Test
    void readsEveryTagTheRfcDefines() {
        DmarcRecord r = parsed("v=DMARC1; p=reject; sp=none; adkim=s; aspf=s; pct=25; "
                + "rua=mailto:agg@example.com!10m, mailto:agg@thirdparty.example; ruf=mailto:f@example.com; "
                + "fo=1:d; rf=afrf; ri=3600");

        assertEquals(DmarcPolicy.REJECT, r.policy());
        assertEquals(DmarcPolicy.NONE, r.subdomainPolicy());
        assertEquals(Alignment.STRICT, r.dkimAlignment());
        assertEquals(Alignment.STRICT, r.spfAlignment());
        assertEquals(25, r.percent());
        assertEquals(List.of("mailto:agg@example.com", "mailto:agg@thirdparty.example"), r.aggregateReportUris());
        assertEquals(List.of("mailto:f@example.com"), r.failureReportUris());
        assertEquals("1:d", r.failureOptions());
        assertEquals(3600, r.reportInterval());
    }

    @Test
    void policyForSubdomainsIsSpAndForTheDomainItselfP() {
        DmarcRecord r = parsed("v=DMARC1; p=reject; sp=quarantine");

        assertEquals(DmarcPolicy.REJECT, r.policyFor(false));
        assertEquals(DmarcPolicy.QUARANTINE, r.policyFor(true));
    }

    @Test
    void versionMustBeTheFirstTag() {
        assertFalse(DmarcRecord.isDmarcRecord("p=reject; v=DMARC1"));
        assertFalse(DmarcRecord.parse("p=reject; v=DMARC1").isPresent());
        assertFalse(DmarcRecord.isDmarcRecord("hello; v=DMARC1; p=reject"));
    }

    @Test
    void versionMustBeExactlyDmarc1() {
        assertFalse(DmarcRecord.isDmarcRecord("v=DMARC2; p=reject"));
        assertFalse(DmarcRecord.isDmarcRecord("v=dmarc1; p=reject"));
        assertFalse(DmarcRecord.isDmarcRecord("v=DMARC10; p=reject"));
        assertFalse(DmarcRecord.isDmarcRecord("v=DMARC1 p=reject"), "a missing separator makes the version wrong");
        assertFalse(DmarcRecord.isDmarcRecord("v=spf1 -all"));
        assertFalse(DmarcRecord.isDmarcRecord(""));
    }

    @Test
    void toleratesWhiteSpaceAroundTagsAndATrailingSeparator() {
        DmarcRecord r = parsed("  v = DMARC1 ;p =  reject ;  ;");

        assertEquals(DmarcPolicy.REJECT, r.policy());
    }

    @Test
    void tagNamesAndPolicyValuesAreCaseInsensitive() {
        DmarcRecord r = parsed("V=DMARC1; P=Reject; SP=QUARANTINE; ADKIM=S");

        assertEquals(DmarcPolicy.REJECT, r.policy());
        assertEquals(DmarcPolicy.QUARANTINE, r.subdomainPolicy());
        assertEquals(Alignment.STRICT, r.dkimAlignment());
    }

    @Test
    void aRecordWithoutPolicyAndWithoutReportingAddressIsNotApplied() {
        assertTrue(DmarcRecord.isDmarcRecord("v=DMARC1; adkim=s"), "it still counts in discovery");
        assertFalse(DmarcRecord.parse("v=DMARC1; adkim=s").isPresent());
        assertFalse(DmarcRecord.parse("v=DMARC1; p=block").isPresent());
    }

    @Test
    void aMissingOrInvalidPolicyWithAValidRuaCountsAsPolicyNone() {
        DmarcRecord missing = parsed("v=DMARC1; rua=mailto:dmarc@example.com");
        DmarcRecord invalid = parsed("v=DMARC1; p=block; sp=reject; rua=mailto:dmarc@example.com");

        assertEquals(DmarcPolicy.NONE, missing.policy());
        assertEquals(DmarcPolicy.NONE, invalid.policy());
        assertEquals(DmarcPolicy.NONE, invalid.subdomainPolicy());
        assertEquals(List.of("mailto:dmarc@example.com"), invalid.aggregateReportUris());
    }

    @Test
    void anInvalidSubdomainPolicyIsTreatedLikeAnInvalidPolicy() {
        assertFalse(DmarcRecord.parse("v=DMARC1; p=reject; sp=maybe").isPresent());
        assertEquals(DmarcPolicy.NONE, parsed("v=DMARC1; p=reject; sp=maybe; rua=mailto:a@example.com").policy());
    }

    @Test
    void aRuaWithoutAnySyntacticallyValidUriDoesNotRescueAnInvalidPolicy() {
        assertFalse(DmarcRecord.parse("v=DMARC1; p=block; rua=not a uri").isPresent());
        assertFalse(DmarcRecord.parse("v=DMARC1; rua=").isPresent());
    }

    @Test
    void percentageIsClampedToZeroToHundredAndGarbageMeansHundred() {
        assertEquals(100, parsed("v=DMARC1; p=reject; pct=150").percent());
        assertEquals(0, parsed("v=DMARC1; p=reject; pct=-5").percent());
        assertEquals(0, parsed("v=DMARC1; p=reject; pct=0").percent());
        assertEquals(7, parsed("v=DMARC1; p=reject; pct=007").percent());
        assertEquals(100, parsed("v=DMARC1; p=reject; pct=99999999999999999999").percent());
        assertEquals(100, parsed("v=DMARC1; p=reject; pct=half").percent());
    }

    @Test
    void invalidValuesOfOptionalTagsFallBackToTheirDefaults() {
        DmarcRecord r = parsed("v=DMARC1; p=none; adkim=x; aspf=; fo=2; ri=soon");

        assertEquals(Alignment.RELAXED, r.dkimAlignment());
        assertEquals(Alignment.RELAXED, r.spfAlignment());
        assertEquals("0", r.failureOptions());
        assertEquals(86400, r.reportInterval());
    }

    @Test
    void unknownTagsAreIgnored() {
        DmarcRecord r = parsed("v=DMARC1; np=reject; p=quarantine; future=yes; t=y");

        assertEquals(DmarcPolicy.QUARANTINE, r.policy());
    }

    @Test
    void theFirstOccurrenceOfARepeatedTagCounts() {
        assertEquals(DmarcPolicy.NONE, parsed("v=DMARC1; p=none; p=reject").policy());
    }

    @Test
    void policiesDowngradeOneStepAtATime() {
        assertEquals(DmarcPolicy.QUARANTINE, DmarcPolicy.REJECT.downgraded());
        assertEquals(DmarcPolicy.NONE, DmarcPolicy.QUARANTINE.downgraded());
        assertEquals(DmarcPolicy.NONE, DmarcPolicy.NONE.downgraded());
    }
}
