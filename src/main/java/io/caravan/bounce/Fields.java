// Header-style fields for a report: folded to RFC 5322 line limits, 7-bit, with RFC 5322 dates.
package io.caravan.bounce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Shared by the top-level header and the message/delivery-status part, which have the same syntax. */
final class Fields {

    static final String CRLF = "\r\n";

    /** Folding aims here (RFC 5322 §2.1.1 SHOULD); a single longer word is allowed up to {@link #MAX_WORD}. */
    private static final int TARGET_LINE = 78;
    /** Longer words are cut so that, with the field name, no line can pass the 998-octet MUST. */
    private static final int MAX_WORD = 900;

    private static final DateTimeFormatter RFC_5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private Fields() {
    }

    /**
     * {@code name: value} plus CRLF, folded by putting CRLF before an existing space, so unfolding gives
     * the value back unchanged. Only a word longer than 900 octets gets a space inserted to cut it.
     */
    static String field(String name, String value) {
        StringBuilder out = new StringBuilder(name).append(':');
        int lineStart = 0;
        boolean mayFold = false; // only after a word of the value, so no line is whitespace alone
        for (String word : ascii(value).strip().split(" ", -1)) {
            for (String piece : cut(word)) {
                if (mayFold && out.length() - lineStart + 1 + piece.length() > TARGET_LINE) {
                    out.append(CRLF);
                    lineStart = out.length();
                    mayFold = false;
                }
                out.append(' ').append(piece);
                mayFold |= !piece.isEmpty();
            }
        }
        return out.append(CRLF).toString();
    }

    private static List<String> cut(String word) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < word.length(); start += MAX_WORD) {
            pieces.add(word.substring(start, Math.min(word.length(), start + MAX_WORD)));
        }
        return pieces.isEmpty() ? List.of("") : pieces;
    }

    /** A date-time as RFC 5322 §3.3 writes it, in UTC: {@code Tue, 3 Jun 2025 11:05:30 +0000}. */
    static String date(Instant instant) {
        return RFC_5322_DATE.format(instant);
    }

    /**
     * The text on one line and in US-ASCII: line breaks (multi-line SMTP replies) become spaces, other
     * control characters too, and anything beyond ASCII becomes '?', so the report stays 7-bit.
     */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String joined = text.replace("\r\n", "\n");
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c > 0x7e ? '?' : c);
        }
        return out.toString();
    }

    /**
     * An address as a Final-Recipient value: {@code rfc822; a@b}, or for an internationalized address the
     * 7-bit {@code utf-8; } form of RFC 6533 §3, where '+', '=', '\' and non-ASCII become {@code \x{HEX}}.
     */
    static String addressType(String address) {
        if (address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "rfc822; " + address;
        }
        StringBuilder out = new StringBuilder("utf-8; ");
        address.codePoints().forEach(c -> {
            boolean qchar = c > 0x20 && c < 0x7f && c != '+' && c != '=' && c != '\\';
            out.append(qchar ? Character.toString(c) : "\\x{" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "}");
        });
        return out.toString();
    }
}
