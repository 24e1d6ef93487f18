// Maps rspamd's score and action onto Exchange's spam confidence level (SCL 0-9).
package io.caravan.filter.content;

import java.util.Locale;

/**
 * rspamd answers with a score, the score at which it would reject ({@code required_score}, 15 by
 * default) and an action. The SCL is the score scaled to 0-9 against {@code required_score},
 * rounded, then kept inside the band of the action rspamd chose, so that Caravan never disagrees
 * with rspamd about which side of its own thresholds a message is on:
 * <pre>
 * rspamd action                     SCL
 * reject                            9
 * add header, rewrite subject       5 to 8   (spam: reaches the default tag threshold, 5)
 * greylist                          3 to 4
 * no action                         0 to 4
 * soft reject, any other action     0 to 8   (the scaled score alone)
 * </pre>
 * Scaled score = round(9 &times; score / required_score), 0 for a score at or below 0. With rspamd's
 * default thresholds (greylist 4, add header 6, reject 15): a score of 1 is SCL 1, 5 is SCL 3, 8 is
 * SCL 5, 12 is SCL 7 (refused under the default reject threshold, 7), 15 and above is SCL 9.
 */
final class RspamdScale {

    /** rspamd's default reject score, used when a reply gives none. */
    static final double DEFAULT_REQUIRED = 15.0;

    private RspamdScale() {
    }

    static int scl(double score, double requiredScore, String action) {
        double required = requiredScore > 0 ? requiredScore : DEFAULT_REQUIRED;
        int scaled = score <= 0 ? 0 : (int) Math.min(9, Math.round(9 * score / required));
        return switch (action.strip().toLowerCase(Locale.ROOT)) {
            case "reject" -> 9;
            case "add header", "rewrite subject" -> clamp(scaled, 5, 8);
            case "greylist" -> clamp(scaled, 3, 4);
            case "no action" -> clamp(scaled, 0, 4);
            default -> clamp(scaled, 0, 8);
        };
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
