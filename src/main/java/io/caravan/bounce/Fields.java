// Header-style fields for a report: folded to RFC 5322 line limits, 7-bit or UTF-8, with RFC 5322 dates.
package io.caravan.bounce;

import java.nio.charset.StandardCharsets;
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

    /** A field of a 7-bit part: anything beyond ASCII in the value becomes '?'. */
    static String field(String name, String value) {
        return field(name, value, false);
    }

    /**
     * {@code name: value} plus CRLF, folded by putting CRLF before an existing space, so unfolding gives
     * the value back unchanged. Only a word longer than 900 octets gets a space inserted to cut it.
     * With {@code utf8} (RFC 6532 fields, in message/global-delivery-status) the value keeps its
     * characters beyond ASCII, and lengths are counted in UTF-8 octets.
     */
    static String field(String name, String value, boolean utf8) {
        StringBuilder out = new StringBuilder(name).append(':');
        int lineOctets = out.length();
        boolean mayFold = false; // only after a word of the value, so no line is whitespace alone
        for (String word : text(value, utf8).strip().split(" ", -1)) {
            for (String piece : cut(word, MAX_WORD)) {
                int octets = octets(piece);
                if (mayFold && lineOctets + 1 + octets > TARGET_LINE) {
                    out.append(CRLF);
                    lineOctets = 0;
                    mayFold = false;
                }
                out.append(' ').append(piece);
                lineOctets += 1 + octets;
                mayFold |= !piece.isEmpty();
            }
        }
        return out.append(CRLF).toString();
    }

    /** The word in pieces of at most {@code maxOctets} UTF-8 octets, never splitting a character. */
    static List<String> cut(String word, int maxOctets) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int octets = 0;
        for (int i = 0; i < word.length(); ) {
            int c = word.codePointAt(i);
            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (octets + n > maxOctets) {
                pieces.add(word.substring(start, i));
                start = i;
                octets = 0;
            }
            octets += n;
            i += Character.charCount(c);
        }
        if (start < word.length() || pieces.isEmpty()) {
            pieces.add(word.substring(start));
        }
        return pieces;
    }

    static int octets(String text) {
        return isAscii(text) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A date-time as RFC 5322 §3.3 writes it, in UTC: {@code Tue, 3 Jun 2025 11:05:30 +0000}. */
    static String date(Instant instant) {
        return RFC_5322_DATE.format(instant);
    }

    /** The text on one line: {@link #ascii}, or with {@code utf8} the same keeping characters beyond ASCII. */
    static String text(String text, boolean utf8) {
        return utf8 ? unicode(text) : ascii(text);
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

    /** The text on one line in Unicode: line breaks and other control characters become spaces, a lone surrogate '?'. */
    static String unicode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String joined = text.replace("\r\n", "\n");
        for (int i = 0; i < joined.length(); ) {
            int c = joined.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(' ');
            } else if (Character.getType(c) == Character.SURROGATE) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    /**
     * An address as a Final-Recipient value: {@code rfc822; a@b}, or for an internationalized address the
     * {@code utf-8} type of RFC 6533 §3: its 7-bit xtext form, or with {@code utf8} its unitext form.
     */
    static String addressType(String address, boolean utf8) {
        if (address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "rfc822; " + address;
        }
        return Utf8AddressType.TYPE + "; " + (utf8 ? Utf8AddressType.unitext(address) : Utf8AddressType.xtext(address));
    }
}
