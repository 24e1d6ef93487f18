// What DMARC evaluates: the RFC5322.From domain and the SPF and DKIM outcomes other checks produced.
package io.caravan.check.dmarc;

import java.util.List;
import java.util.Objects;

/**
 * Deliberately small records of its own, so the SPF and DKIM checks can change freely: a stage maps
 * their results onto these.
 *
 * @param fromDomain the domain of the single From address ({@link DmarcEvaluator#fromDomain})
 * @param spf        the SPF outcome for the envelope
 * @param dkim       one outcome per DKIM-Signature field, in any order; empty when unsigned
 */
public record DmarcInput(String fromDomain, SpfOutcome spf, List<DkimOutcome> dkim) {

    public DmarcInput {
        Objects.requireNonNull(spf, "spf (use SpfOutcome.none())");
        dkim = List.copyOf(dkim);
    }

    /**
     * The SPF result (RFC 7208 §2.6) and the domain it authenticated: the MAIL FROM domain, or the
     * HELO name when MAIL FROM was the null sender. The result names are RFC 7208's, so
     * {@code Result.valueOf(spfResult.name())} maps another enum of the same seven words.
     */
    public record SpfOutcome(Result result, String domain) {

        public enum Result { NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR }

        /** No SPF check ran, or it had nothing to check. */
        public static SpfOutcome none() {
            return new SpfOutcome(Result.NONE, "");
        }

        public boolean passed() {
            return result == Result.PASS;
        }
    }

    /** One DKIM signature: its d= domain (null or empty when unreadable; never aligns) and whether it verified. */
    public record DkimOutcome(String domain, boolean pass) {
    }
}
