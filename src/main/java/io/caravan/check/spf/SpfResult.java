// The seven results of an SPF check (RFC 7208 §2.6), each with the keyword that headers carry.
package io.caravan.check.spf;

import java.util.Locale;

/**
 * What check_host() concluded. {@link #keyword()} is the lowercase word RFC 7208 §2.6 defines,
 * used as-is in Received-SPF and Authentication-Results ({@code spf=softfail}).
 */
public enum SpfResult {
    /** No SPF record for the domain, or no checkable domain (malformed, domain literal). */
    NONE,
    /** The domain states nothing about this client ({@code ?all}, or no mechanism matched). */
    NEUTRAL,
    /** The client is authorized. */
    PASS,
    /** The client is explicitly not authorized. */
    FAIL,
    /** Probably not authorized; the domain asks that it not be rejected outright. */
    SOFTFAIL,
    /** A transient DNS failure; checking later may succeed (4xx if acted on). */
    TEMPERROR,
    /** The domain's records cannot be interpreted (syntax, limits); needs the publisher's fix. */
    PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SpfResult ofQualifier(char qualifier) {
        return switch (qualifier) {
            case '+' -> PASS;
            case '-' -> FAIL;
            case '~' -> SOFTFAIL;
            case '?' -> NEUTRAL;
            default -> throw new IllegalArgumentException("not an SPF qualifier: " + qualifier);
        };
    }
}
