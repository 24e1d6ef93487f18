// An RFC 5321 mailbox (local-part@domain) parsed from a MAIL or RCPT path, or the null reverse-path.
package io.caravan.mail;

import java.util.Locale;

/**
 * A forward- or reverse-path from the SMTP envelope. Source routes ({@code <@a,@b:user@c>}) are
 * accepted and discarded as RFC 5321 §4.1.1.3 asks, so they can never steer relaying. The local part
 * is kept byte for byte (it is case-sensitive); the domain is compared case-insensitively.
 */
public record MailAddress(String localPart, String domain) {

    /** The null reverse-path {@code <>}, used by bounces. */
    public static final MailAddress NULL_SENDER = new MailAddress("", "");

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;

    public boolean isNullSender() {
        return localPart.isEmpty() && domain.isEmpty();
    }

    /** The domain in ASCII (IDNA) lower case, for routing, DNS and policy decisions. */
    public String domainKey() {
        return Domains.ascii(domain);
    }

    /** The address as it goes inside {@code <>}: {@code local@domain}, or empty for the null sender. */
    public String address() {
        return isNullSender() ? "" : localPart + "@" + domain;
    }

    @Override
    public String toString() {
        return address();
    }

    /**
     * Parses the inside of a path, with or without the angle brackets.
     *
     * @throws IllegalArgumentException with a human-readable reason when the syntax is invalid
     */
    public static MailAddress parse(String path) {
        String p = stripAsciiSpace(path);
        if (p.startsWith("<") && p.endsWith(">")) {
            p = p.substring(1, p.length() - 1);
        } else if (p.startsWith("<") || p.endsWith(">")) {
            throw new IllegalArgumentException("unbalanced angle brackets");
        }
        if (p.isEmpty()) {
            return NULL_SENDER;
        }
        if (p.startsWith("@")) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("source route without ':'");
            }
            p = p.substring(colon + 1);
        }
        int at = p.lastIndexOf('@');
        if (at <= 0 || at == p.length() - 1) {
            throw new IllegalArgumentException("address must be local-part@domain");
        }
        String local = p.substring(0, at);
        String domain = p.substring(at + 1);
        checkLocalPart(local);
        checkDomain(domain);
        return new MailAddress(local, domain);
    }

    /**
     * Only ASCII white space goes: a non-ASCII space (U+2003, U+3000, ...) may begin or end an
     * SMTPUTF8 local part, and {@link String#strip()} would take it off when the queue reads the
     * address back, changing it.
     */
    private static String stripAsciiSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isAsciiSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isAsciiSpace(char c) {
        return c <= ' ' && Character.isWhitespace(c);
    }

    private static void checkLocalPart(String local) {
        if (local.length() > MAX_LOCAL_PART) {
            throw new IllegalArgumentException("local part longer than 64 octets");
        }
        if (local.startsWith("\"")) {
            if (local.length() < 2 || !local.endsWith("\"")) {
                throw new IllegalArgumentException("unterminated quoted local part");
            }
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c < 32 || c == 127) {
                    throw new IllegalArgumentException("control character in local part");
                }
            }
            return;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new IllegalArgumentException("misplaced '.' in local part");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean atext = Character.isLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0 || c >= 0x80;
            if (!atext) {
                throw new IllegalArgumentException("invalid character '" + printable(c) + "' in local part");
            }
        }
    }

    private static void checkDomain(String domain) {
        if (domain.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("domain longer than 255 octets");
        }
        if (domain.startsWith("[")) {
            if (!domain.endsWith("]")) {
                throw new IllegalArgumentException("unterminated address literal");
            }
            return;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("invalid domain '" + domain + "'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c >= 0x80)) {
                    throw new IllegalArgumentException("invalid character '" + printable(c) + "' in domain");
                }
            }
        }
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
}
