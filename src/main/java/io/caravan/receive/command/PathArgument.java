// Splits "FROM:<path> PARAM=value ..." (and "TO:") into the path and its ESMTP parameters.
package io.caravan.receive.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** RFC 5321 §4.1.2 paths, tolerating the common space after the colon. */
record PathArgument(String path, Map<String, String> parameters) {

    /** @return null when the argument is not "&lt;prefix&gt;&lt;path&gt; params" */
    static PathArgument parse(String argument, String prefix) {
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
            if (key.isEmpty() || params.containsKey(key)) {
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
