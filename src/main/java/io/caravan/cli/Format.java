// How values read in caravan's tables: ages as 3h05m, times in local time to the second, and nothing a terminal would obey.
package io.caravan.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Format() {
    }

    /** Control characters (a sender's or subject's escape sequences) are shown as \xNN, never sent to the terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** 45s, 12m, 3h05m, 2d04h. */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
    }

    /** An ISO-8601 instant in this machine's time zone; anything else as it came; "-" for none. */
    static String time(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "-";
        }
        try {
            return TIME.format(Instant.parse(iso).atZone(ZoneId.systemDefault()));
        } catch (DateTimeParseException e) {
            return clean(iso);
        }
    }

    /** 812, 4.2K, 1.5M. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1fK", bytes / 1024.0);
        }
        return String.format("%.1fM", bytes / (1024.0 * 1024));
    }
}
