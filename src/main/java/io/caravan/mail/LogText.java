// Makes text from outside safe to put in a log line: it can neither end the line nor hide in control codes.
package io.caravan.mail;

/**
 * A client chooses its HELO name, its addresses, its AUTH user name and the bytes of its commands;
 * a DNS zone chooses an SPF explanation. Control characters (CR and LF above all, which would start
 * a forged log line; NUL and ESC, which terminals and tools mishandle; the C1 controls and the
 * Unicode line and paragraph separators) become {@code \xNN} or {@code \\uNNNN}. Everything else,
 * non-ASCII included, is kept, so an internationalised address stays readable. Escaping twice gives
 * the same text as escaping once, so a value that passes two log handlers is not mangled.
 */
public final class LogText {

    private LogText() {
    }

    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int first = firstControl(text);
        if (first < 0) {
            return text.toString();
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                sb.append(c > 0xff ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int firstControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }
}
