// Domain names in the one form routing, DNS and policy compare: ASCII (IDNA A-labels), lower case.
package io.caravan.mail;

import java.net.IDN;
import java.util.Locale;

public final class Domains {

    private Domains() {
    }

    /** Trimmed, ASCII, lower case, without a trailing dot: the form domains are compared in. "" for null. */
    public static String normalize(String domain) {
        if (domain == null) {
            return "";
        }
        String ascii = ascii(domain.strip());
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    /** "Bücher.Example" becomes "xn--bcher-kva.example"; a name IDNA refuses is only lower-cased. */
    public static String ascii(String domain) {
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain.toLowerCase(Locale.ROOT);
        }
    }
}
