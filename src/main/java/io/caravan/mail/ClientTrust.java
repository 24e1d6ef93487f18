// How far Caravan trusts the SMTP client that handed a message over: the one rule for "our own mail".
package io.caravan.mail;

import java.util.Locale;

/**
 * Decided once per session by the receive connector and carried in header
 * {@code CaravanClientTrust} in its lower-case wire form ({@code ${header.CaravanClientTrust} == 'anonymous'}
 * in YAML). Our own mail is what authenticated users and relay ranges submit: DKIM signing applies
 * to it; mail from the internet is everything else: the inspection agents apply to it by default.
 */
public enum ClientTrust {
    /** The client authenticated with SMTP AUTH. */
    AUTHENTICATED,
    /** The client's address is in the receive connector's relay-ranges. */
    RELAY,
    /** Anyone else: mail from the internet. */
    ANONYMOUS;

    /** Mail we vouch for: signed on the way out, never inspected as if from a stranger. */
    public boolean isOwnMail() {
        return this != ANONYMOUS;
    }

    /** The header value, e.g. "anonymous". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a header value in any case; a missing or unknown value is the least trust, ANONYMOUS. */
    public static ClientTrust of(Object header) {
        if (header != null) {
            for (ClientTrust t : values()) {
                if (t.name().equalsIgnoreCase(header.toString().strip())) {
                    return t;
                }
            }
        }
        return ANONYMOUS;
    }

    /** Parses a configured name. @throws IllegalArgumentException naming the key and the allowed values */
    public static ClientTrust parse(String key, String value) {
        for (ClientTrust t : values()) {
            if (t.name().equalsIgnoreCase(value.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException(key + ": '" + value + "' is not one of authenticated, relay, anonymous");
    }
}
