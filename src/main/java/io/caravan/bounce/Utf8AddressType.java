// The "utf-8" address type of RFC 6533 §3: its 7-bit xtext form, its UTF-8 unitext form, and decoding either.
package io.caravan.bounce;

import java.util.Locale;

/**
 * An internationalised address in a delivery report. {@code utf-8-addr-xtext} (7-bit, for
 * message/delivery-status) writes {@code \x{HEX}} for every non-ASCII character and for '+', '=', '\',
 * space and controls; {@code utf-8-addr-unitext} (for message/global-delivery-status) keeps non-ASCII
 * characters as UTF-8 and escapes only those ASCII ones. Both decode to the address itself.
 */
final class Utf8AddressType {

    static final String TYPE = "utf-8";

    private Utf8AddressType() {
    }

    /** {@code jörg@example.de} becomes {@code j\x{F6}rg@example.de}. */
    static String xtext(String address) {
        return encode(address, false);
    }

    /** {@code jörg+x@example.de} becomes {@code jörg\x{2B}x@example.de}. */
    static String unitext(String address) {
        return encode(address, true);
    }

    private static String encode(String address, boolean keepNonAscii) {
        StringBuilder out = new StringBuilder(address.length() + 8);
        address.codePoints().forEach(c -> {
            boolean qchar = c > 0x20 && c < 0x7f && c != '+' && c != '=' && c != '\\';
            if (qchar || (keepNonAscii && c >= 0x80)) {
                out.appendCodePoint(c);
            } else {
                out.append("\\x{").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append('}');
            }
        });
        return out.toString();
    }

    /** The address an xtext or unitext value stands for; a malformed escape is kept as written. */
    static String decode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            int close = value.startsWith("\\x{", i) ? value.indexOf('}', i + 3) : -1;
            int codePoint = close > i + 3 && close - i - 3 <= 6 ? hex(value.substring(i + 3, close)) : -1;
            if (codePoint >= 0 && Character.isValidCodePoint(codePoint)) {
                out.appendCodePoint(codePoint);
                i = close + 1;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    private static int hex(String digits) {
        try {
            return Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * An ORCPT value ("addr-type;xtext", RFC 3461 §4.2) as the Original-Recipient of a
     * message/global-delivery-status: a {@code utf-8} address in its unitext form, any other type as given.
     */
    static String originalRecipientInUtf8(String orcpt) {
        int semi = orcpt.indexOf(';');
        if (semi < 0 || !orcpt.substring(0, semi).strip().equalsIgnoreCase(TYPE)) {
            return orcpt;
        }
        return TYPE + "; " + unitext(decode(DsnGenerator.decodeXtext(orcpt.substring(semi + 1).strip())));
    }

    /** True when an ORCPT of type utf-8 names an address beyond ASCII. */
    static boolean isInternationalOrcpt(String orcpt) {
        return orcpt != null && !Fields.isAscii(originalRecipientInUtf8(orcpt));
    }
}
