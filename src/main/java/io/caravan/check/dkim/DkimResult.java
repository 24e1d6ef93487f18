// The outcome of checking one DKIM-Signature field, in the terms Authentication-Results reports (RFC 8601 §2.7.1).
package io.caravan.check.dkim;

import java.util.Locale;

/**
 * @param domain    d=, or null when the field could not be read that far
 * @param selector  s=, or null
 * @param algorithm a= as written, or null
 * @param identity  i= as written, or null when the signature has none
 * @param result    the verdict
 * @param reason    why, for people: "signature did not verify", "key revoked", ...
 * @param headerB   the first 8 characters of b= (header.b, RFC 6008), or null
 * @param testing   the key record says t=y: the signer is testing, the result must not be acted on
 */
public record DkimResult(String domain, String selector, String algorithm, String identity, Result result,
        String reason, String headerB, boolean testing) {

    /** RFC 8601 §2.7.1 dkim results; NONE is the single result for a message without signatures. */
    public enum Result {
        PASS,
        FAIL,
        NEUTRAL,
        TEMPERROR,
        PERMERROR,
        NONE;

        /** The lower-case word Authentication-Results uses. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The one result for an unsigned message. */
    public static DkimResult none() {
        return new DkimResult(null, null, null, null, Result.NONE, "message has no DKIM-Signature", null, false);
    }

    public boolean passed() {
        return result == Result.PASS;
    }
}
