// The MAIL FROM addresses one SMTP AUTH user may use: exact addresses, whole domains, or anything.
package io.caravan.receive.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parsed from the optional third field of a users-file line, e.g. {@code alice@example.com,@example.org}
 * or {@code *}. Addresses compare case-insensitively, local part included, because admins expect
 * {@code Alice@Example.com} to be Alice. The null sender is not decided here: any authenticated user
 * may use it (see {@link UserStore#maySendAs}).
 */
final class SendAs {

    private static final SendAs NOTHING = new SendAs(List.of(), false);

    private final List<String> patterns;
    private final boolean anything;

    private SendAs(List<String> patterns, boolean anything) {
        this.patterns = patterns;
        this.anything = anything;
    }

    /** The rule when a line has no send-as field: the username itself, if it is an address. */
    static SendAs defaultFor(String username) {
        return isAddress(username) ? new SendAs(List.of(lower(username)), false) : NOTHING;
    }

    /** Parses a comma-separated list; throws IllegalArgumentException naming the bad entry. */
    static SendAs parse(String field) {
        if (field.isBlank()) {
            throw new IllegalArgumentException("send-as field is empty; leave out the second ':' to allow the username itself");
        }
        List<String> patterns = new ArrayList<>();
        boolean anything = false;
        for (String raw : field.split(",", -1)) {
            String entry = raw.trim();
            if (entry.equals("*")) {
                anything = true;
            } else if (entry.startsWith("@") && isDomain(entry.substring(1))) {
                patterns.add(lower(entry));
            } else if (isAddress(entry)) {
                patterns.add(lower(entry));
            } else {
                throw new IllegalArgumentException("send-as entry '" + entry
                        + "' is neither an address (a@example.com), a domain (@example.com) nor *");
            }
        }
        return new SendAs(List.copyOf(patterns), anything);
    }

    /** {@code mailFrom} is a non-empty bare address (no angle brackets). */
    boolean allows(String mailFrom) {
        if (anything) {
            return true;
        }
        String address = lower(mailFrom);
        int at = address.lastIndexOf('@');
        String domainPattern = at < 0 ? null : address.substring(at);
        for (String pattern : patterns) {
            if (pattern.equals(address) || pattern.equals(domainPattern)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAddress(String s) {
        int at = s.lastIndexOf('@');
        return at > 0 && isDomain(s.substring(at + 1)) && s.chars().noneMatch(Character::isWhitespace);
    }

    private static boolean isDomain(String s) {
        return !s.isEmpty() && s.indexOf('@') < 0 && s.chars().noneMatch(Character::isWhitespace);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
