// The outcome of one SPF check: result, which identity and domain were checked, and why.
package io.caravan.check.spf;

import java.util.Objects;

/**
 * @param result      what check_host() concluded
 * @param identity    {@link #MAIL_FROM} or {@link #HELO} (RFC 7208 §2.3, §2.4): "helo" also for a
 *                    null reverse-path, which is checked as postmaster@HELO
 * @param domain      the domain whose policy was evaluated (empty when there was none to check)
 * @param explanation for FAIL, the domain's exp= text when it published a usable one; otherwise
 *                    our own reason, e.g. "matched ip4:192.0.2.0/24" or "more than 10 DNS lookups"
 * @param mechanism   the term that decided, as written in the record ("-all",
 *                    "include:_spf.example.com"); empty when none matched or evaluation stopped
 */
public record SpfVerdict(SpfResult result, String identity, String domain, String explanation,
        String mechanism) {

    public static final String MAIL_FROM = "mailfrom";
    public static final String HELO = "helo";

    public SpfVerdict {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(mechanism, "mechanism");
    }
}
