// Checks the syntax of the RFC 3461 DSN parameters (RET, ENVID, NOTIFY, ORCPT) before we carry them on.
package io.caravan.receive.command;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

final class DsnSyntax {

    private static final Pattern ADDR_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private static final Set<String> NOTIFY_KEYWORDS = Set.of("SUCCESS", "FAILURE", "DELAY");

    private DsnSyntax() {
    }

    static boolean isRet(String value) {
        return value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS");
    }

    /** RFC 3461 §4.4: at most 100 characters of xtext. */
    static boolean isEnvId(String value) {
        return !value.isEmpty() && value.length() <= 100 && isXtext(value);
    }

    /** "NEVER", or a comma-separated list of SUCCESS, FAILURE, DELAY without repeats. */
    static boolean isNotify(String value) {
        String v = value.toUpperCase(Locale.ROOT);
        if (v.equals("NEVER")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (String k : v.split(",", -1)) {
            if (!NOTIFY_KEYWORDS.contains(k) || !seen.add(k)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3461 §4.2: addr-type ";" xtext, e.g. "rfc822;bob@example.org". */
    static boolean isOrcpt(String value) {
        int semi = value.indexOf(';');
        return semi > 0 && value.length() <= 500 && ADDR_TYPE.matcher(value.substring(0, semi)).matches()
                && isXtext(value.substring(semi + 1)) && semi < value.length() - 1;
    }

    /** xtext: printable ASCII except '+' and '=', which appear only as "+" followed by two upper-case hex digits. */
    static boolean isXtext(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
