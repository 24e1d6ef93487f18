// The three dispositions a DMARC record can ask for (RFC 7489 §6.3, p= and sp=).
package io.caravan.check.dmarc;

import java.util.Locale;
import java.util.Optional;

public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    /** The next policy down, for a message the pct= sample left out (RFC 7489 §6.6.4). */
    public DmarcPolicy downgraded() {
        return switch (this) {
            case REJECT -> QUARANTINE;
            case QUARANTINE, NONE -> NONE;
        };
    }

    /** "none", "quarantine" or "reject", in any case; anything else is empty. */
    static Optional<DmarcPolicy> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "quarantine" -> Optional.of(QUARANTINE);
            case "reject" -> Optional.of(REJECT);
            default -> Optional.empty();
        };
    }
}
