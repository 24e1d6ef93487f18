// Parses DKIM tag=value lists (RFC 6376 §3.2), the syntax of both DKIM-Signature fields and key records.
package io.caravan.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tag names are case-sensitive; values keep their inner whitespace but lose the whitespace around them. */
public final class TagList {

    private TagList() {
    }

    /**
     * Tags in the order written. An empty segment (a trailing ";") is allowed.
     *
     * @throws IllegalArgumentException for a segment without "=", a bad tag name, or a tag given twice
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String segment : text.split(";", -1)) {
            String spec = strip(segment);
            if (spec.isEmpty()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + spec + "' is not tag=value");
            }
            String name = strip(spec.substring(0, eq));
            if (!validName(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid tag name");
            }
            if (tags.put(name, strip(spec.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("tag " + name + "= appears twice");
            }
        }
        return Collections.unmodifiableMap(tags);
    }

    /** The value with all whitespace removed, as base64 values (b=, bh=, p=) are read. */
    public static String compact(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isFws(s.charAt(start))) {
            start++;
        }
        while (end > start && isFws(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
