// Splits "FROM:<path> PARAM=value ..." (and "TO:") into the path and its ESMTP parameters.
package io.caravan.receive.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** RFC 5321 §4.1.2 paths, tolerating the common space after the colon. */
record PathArgument(String path, Map<String, String> parameters) {

    /** @return null when the argument is not "&lt;prefix&gt;&lt;path&gt; params" (a repeated parameter included) */
    static PathArgument parse(String argument, String prefix) {
        return parse(argument, prefix, new String[1]);
    }

    /**
     * The first parameter keyword given twice (RFC 5321 §4.1.2 / RFC 3461 §4: each at most once), upper-cased,
     * or null when none is; says what is wrong when {@link #parse} refuses the argument.
     */
    static String repeatedParameter(String argument, String prefix) {
        String[] repeated = new String[1];
        parse(argument, prefix, repeated);
        return repeated[0];
    }

    private static PathArgument parse(String argument, String prefix, String[] repeated) {
        if (argument.length() < prefix.length() || !argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String rest = argument.substring(prefix.length()).stripLeading();
        if (!rest.startsWith("<")) {
            return null;
        }
        int close = closingBracket(rest);
        if (close < 0) {
            return null;
        }
        String path = rest.substring(0, close + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String token : rest.substring(close + 1).strip().split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (params.containsKey(key)) {
                repeated[0] = key;
                return null;
            }
            if (key.isEmpty()) {
                return null;
            }
            params.put(key, eq < 0 ? "" : token.substring(eq + 1));
        }
        return new PathArgument(path, params);
    }

    /** The '>' that closes the path, skipping any inside a quoted local part. */
    private static int closingBracket(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
