// Names of the exchange properties where the inbound checks leave their verdicts for the next check.
package io.caravan.check;

/** Read-only checks add verdicts here; AuthenticationResultsStamp turns them into one header field. */
public final class CheckResults {

    /** SpfVerdict. */
    public static final String SPF = "caravan.check.spf";
    /** List of DkimResult. */
    public static final String DKIM = "caravan.check.dkim";
    /** DmarcVerdict. */
    public static final String DMARC = "caravan.check.dmarc";

    private CheckResults() {
    }
}
