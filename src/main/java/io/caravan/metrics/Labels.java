// Bounded metric label values from what a tracking event says: reply class, TLS protocol, SMTP phase, times.
package io.caravan.metrics;

import java.time.Instant;
import java.time.DateTimeException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus series lives as long as the process, so every label value comes from a small known set:
 * anything a remote server, a client or a sender chose is mapped to "other" before it becomes a label.
 */
final class Labels {

    static final String NONE = "none";
    static final String OTHER = "other";

    /** "451 4.4.1 ..." or "451-4.4.1 ...": the enhanced status code's class and subject (RFC 3463). */
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245])\\.(\\d{1,3})\\.\\d{1,3}(?:\\s|$)");
    /** RFC 3463 defines subjects 0 to 7; anything else is a server's invention. */
    private static final int LAST_SUBJECT = 7;
    private static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3");
    private static final Set<String> PHASES = Set.of("connect", "helo", "auth", "mail", "rcpt", "data");

    private Labels() {
    }

    /** "4.4" from "451 4.4.1 No answer"; "none" when the reply carries no enhanced code. */
    static String statusClass(String reply) {
        if (reply == null) {
            return NONE;
        }
        Matcher m = ENHANCED.matcher(reply.strip());
        if (!m.find()) {
            return NONE;
        }
        return Integer.parseInt(m.group(2)) <= LAST_SUBJECT ? m.group(1) + "." + Integer.parseInt(m.group(2)) : OTHER;
    }

    /** "TLSv1.3" from "TLSv1.3 TLS_AES_256_GCM_SHA384"; "none" without TLS. */
    static String tlsProtocol(String tls) {
        if (tls == null || tls.isBlank()) {
            return NONE;
        }
        String protocol = tls.strip().split("\\s+", 2)[0];
        return TLS_PROTOCOLS.contains(protocol) ? protocol : OTHER;
    }

    /** The SMTP phase of a refusal: connect, helo, auth, mail, rcpt or data. */
    static String phase(String phase) {
        if (phase == null || phase.isBlank()) {
            return NONE;
        }
        return PHASES.contains(phase) ? phase : OTHER;
    }

    /** A connector name as configured; "none" when the event names none, "other" when it is not configured. */
    static String connector(String name, Set<String> configured) {
        if (name == null || name.isBlank()) {
            return NONE;
        }
        return configured.contains(name) ? name : OTHER;
    }

    /** An instant written as epoch milliseconds or as ISO-8601 ("2026-12-04T10:15:30Z"). */
    static Optional<Instant> instant(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            return Optional.of(v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v));
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
