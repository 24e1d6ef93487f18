// SPF macro strings (RFC 7208 §7): syntax check at parse time, expansion at evaluation time.
package io.caravan.check.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A macro string is parsed once into {@link Token}s and expanded per use. In a domain-spec the
 * letters {@code s l o d i p h v} are allowed; an explanation string also allows {@code c r t}
 * and spaces. An uppercase letter URL-encodes its value.
 */
final class SpfMacros {

    private static final String DOMAIN_LETTERS = "slodiphv";
    private static final String EXPLANATION_LETTERS = "slodiphvcrt";
    private static final String DELIMITERS = ".-+,/_=";
    // RFC 7208 §7.3 asks for at least 127 parts; more than any name has is as good as "all".
    private static final int MAX_PARTS = 1000;

    private SpfMacros() {
    }

    /** A parsed piece of a macro string. */
    sealed interface Token permits Text, Macro {
    }

    /** Literal text; {@code escape} marks "%%", "%_" or "%-", which the ABNF counts as macros. */
    record Text(String value, boolean escape) implements Token {
    }

    /**
     * {@code %{letter digits r delimiters}}; {@code parts} is 0 for "all parts".
     */
    record Macro(char letter, boolean urlEncode, int parts, boolean reverse, String delimiters)
            implements Token {
    }

    /** Supplies the value of a (lowercase) macro letter for the current evaluation. */
    interface Values {
        String of(char letter);
    }

    /** Parses a macro-string as used in domain-specs and modifiers (no spaces, no c/r/t). */
    static List<Token> parseDomainSpec(String text) throws SpfError {
        return parse(text, false);
    }

    /** Parses an explanation string: spaces and the letters c, r, t are allowed. */
    static List<Token> parseExplanation(String text) throws SpfError {
        return parse(text, true);
    }

    private static List<Token> parse(String text, boolean explanation) throws SpfError {
        List<Token> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                boolean visible = c >= 0x21 && c <= 0x7e;
                if (!visible && !(explanation && c == ' ')) {
                    throw SpfError.perm("invalid character " + describe(c) + " in \"" + text + "\"");
                }
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                tokens.add(new Text(literal.toString(), false));
                literal.setLength(0);
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            switch (next) {
                case '%' -> tokens.add(new Text("%", true));
                case '_' -> tokens.add(new Text(" ", true));
                case '-' -> tokens.add(new Text("%20", true));
                case '{' -> {
                    int close = text.indexOf('}', i + 2);
                    if (close < 0) {
                        throw SpfError.perm("unterminated macro in \"" + text + "\"");
                    }
                    tokens.add(macro(text.substring(i + 2, close), explanation, text));
                    i = close + 1;
                    continue;
                }
                default -> throw SpfError.perm("'%' must be followed by '{', '%', '_' or '-' in \""
                        + text + "\"");
            }
            i += 2;
        }
        if (!literal.isEmpty()) {
            tokens.add(new Text(literal.toString(), false));
        }
        return List.copyOf(tokens);
    }

    private static Macro macro(String body, boolean explanation, String text) throws SpfError {
        if (body.isEmpty()) {
            throw SpfError.perm("empty macro in \"" + text + "\"");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        String allowed = explanation ? EXPLANATION_LETTERS : DOMAIN_LETTERS;
        if (letter > 0x7f || allowed.indexOf(lower) < 0) {
            throw SpfError.perm("macro letter '" + letter + "' not allowed in \"" + text + "\"");
        }
        int i = 1;
        int parts = 0;
        while (i < body.length() && body.charAt(i) >= '0' && body.charAt(i) <= '9') {
            parts = Math.min(MAX_PARTS, parts * 10 + (body.charAt(i) - '0'));
            i++;
        }
        if (i > 1 && parts == 0) {
            throw SpfError.perm("macro part count must not be zero in \"" + text + "\"");
        }
        boolean reverse = i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R');
        if (reverse) {
            i++;
        }
        String delimiters = body.substring(i);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw SpfError.perm("invalid macro delimiter '" + d + "' in \"" + text + "\"");
            }
        }
        return new Macro(lower, Character.isUpperCase(letter), parts, reverse,
                delimiters.isEmpty() ? "." : delimiters);
    }

    /** True when the string ends in a macro-expand, which may stand in for a domain's top label. */
    static boolean endsWithMacro(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last instanceof Macro || (last instanceof Text text && text.escape());
    }

    static String expand(List<Token> tokens, Values values) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            if (token instanceof Text text) {
                out.append(text.value());
            } else if (token instanceof Macro macro) {
                String value = transform(values.of(macro.letter()), macro);
                out.append(macro.urlEncode() ? urlEncode(value) : value);
            }
        }
        return out.toString();
    }

    /** Splits on the delimiters, optionally reverses, keeps the rightmost parts, joins with dots. */
    private static String transform(String value, Macro macro) {
        if (macro.parts() == 0 && !macro.reverse() && macro.delimiters().equals(".")) {
            return value;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (macro.delimiters().indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        if (macro.reverse()) {
            Collections.reverse(parts);
        }
        if (macro.parts() > 0 && macro.parts() < parts.size()) {
            parts = parts.subList(parts.size() - macro.parts(), parts.size());
        }
        return String.join(".", parts);
    }

    /** RFC 3986 percent-encoding of everything outside the unreserved set (§7.3). */
    private static String urlEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
