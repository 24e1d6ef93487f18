// Names chosen by a sender, made safe to quote in an SMTP reply, a header field or a log line.
package io.caravan.filter.attachment;

final class Printable {

    /** Longest name quoted; the rest becomes "...". */
    static final int MAX = 100;

    private Printable() {
    }

    /** Printable ASCII only (others become '?'), at most {@link #MAX} characters. */
    static String of(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX; i++) {
            char c = name.charAt(i);
            out.append(c >= ' ' && c < 127 ? c : '?');
        }
        return name.length() > MAX ? out + "..." : out.toString();
    }
}
