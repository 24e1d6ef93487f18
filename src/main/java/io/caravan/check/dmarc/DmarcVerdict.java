// The outcome of a DMARC evaluation: the result for Authentication-Results and the policy the receiver applies.
package io.caravan.check.dmarc;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;

import java.util.Locale;

/**
 * @param result          the RFC 7489 §11.2 result
 * @param requestedPolicy what the domain owner asked for (p=, or sp= for a subdomain); NONE without a record
 * @param appliedPolicy   what to do with this message: NONE unless the result is FAIL; one step below the
 *                        requested policy when the pct= sample left the message out (§6.6.4)
 * @param headerFrom      the RFC5322.From domain evaluated (lower-case ASCII); may be empty for PERMERROR
 * @param policyDomain    where the record was found (the From domain or its Organizational Domain); empty if none
 * @param spfAligned      SPF passed for a domain aligned with headerFrom
 * @param dkimAligned     a passing DKIM signature's d= is aligned with headerFrom
 * @param reason          one line for logs and troubleshooting
 */
public record DmarcVerdict(Result result, DmarcPolicy requestedPolicy, DmarcPolicy appliedPolicy, String headerFrom,
        String policyDomain, boolean spfAligned, boolean dkimAligned, String reason) {

    public enum Result { PASS, FAIL, NONE, TEMPERROR, PERMERROR }

    /**
     * For a message DMARC cannot evaluate because its From header has no single usable address
     * (§6.6.1: none, several From fields, several addresses).
     */
    public static DmarcVerdict permerror(String headerFrom, String reason) {
        return new DmarcVerdict(Result.PERMERROR, DmarcPolicy.NONE, DmarcPolicy.NONE, headerFrom, "", false, false,
                reason);
    }

    /** "dmarc=fail (p=reject dis=quarantine) header.from=example.com", ready for {@code AuthenticationResults}. */
    public MethodResult authResult() {
        MethodResult r = MethodResult.of("dmarc", result.name().toLowerCase(Locale.ROOT));
        if (result == Result.FAIL || result == Result.PASS) {
            r = r.withComment("p=" + name(requestedPolicy) + " dis=" + name(appliedPolicy));
        } else if (result != Result.NONE) {
            r = r.withReason(reason);
        }
        return headerFrom.isEmpty() ? r : r.with("header", "from", headerFrom);
    }

    private static String name(DmarcPolicy p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
